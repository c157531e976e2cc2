import type { Translate } from '../../i18n.ts';
import type { ChatMessage, Conversation, PendingMessage } from './types.ts';

/** One line for the conversation list and notifications. */
export function previewText(t: Translate, m: ChatMessage | PendingMessage | undefined): string {
  if (!m) return '';
  const line = m.body.replace(/\s+/g, ' ');
  if (m.kind === 'image') return t('chat.preview.image');
  if (m.kind === 'order') return t('chat.preview.order', { no: m.body });
  if (m.kind === 'product') return t('chat.preview.product');
  if (m.kind === 'note') return `${t('chat.preview.note')} ${line}`;
  return line;
}

export function displayName(t: Translate, c: Pick<Conversation, 'customerName' | 'visitorName' | 'id'>): string {
  return c.customerName || c.visitorName || t('chat.visitor', { id: c.id });
}

const PALETTE = ['#0f7b8a', '#5b8c5a', '#8a6d3b', '#6b5b95', '#b5651d', '#3b7ea1', '#a14a76', '#4d7358'];
export function avatarColor(id: number): string {
  return PALETTE[Math.abs(id) % PALETTE.length]!;
}
