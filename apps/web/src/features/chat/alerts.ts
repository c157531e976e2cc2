/** Telling the agent something happened while they look elsewhere: a beep and a desktop notification. */
import { storedLang, translator } from '../../i18n.ts';
import { beep, desktopNotify } from './notify.ts';
import type { ChatMessage, Conversation } from './types.ts';

/** A shopper wrote; clicking the notification opens the conversation. */
export function alertMessage(c: Conversation | undefined, m: ChatMessage, open: () => void): void {
  beep();
  const t = translator(storedLang());
  const name = c?.customerName ?? c?.visitorName ?? m.sender.name ?? t('chat.customer');
  const body =
    m.kind === 'image'
      ? t('chat.preview.image')
      : m.kind === 'order'
        ? t('chat.preview.order', { no: m.body })
        : m.kind === 'product'
          ? t('chat.preview.product')
          : m.body;
  desktopNotify(t('chat.notify.title', { name }), body.slice(0, 120), `kefu-conv-${m.conversationId}`, open);
}

/** A conversation was assigned to this agent. */
export function alertAssigned(c: Conversation, open: () => void): void {
  beep();
  const t = translator(storedLang());
  desktopNotify(t('chat.notify.assigned'), c.customerName ?? c.visitorName ?? '', `kefu-conv-${c.id}`, open);
}
