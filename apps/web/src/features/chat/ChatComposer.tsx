import { LockOutlined, SendOutlined } from '@ant-design/icons';
import { App, Button } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { api, type Draft } from '../../api.ts';
import { errorText } from '../../shared/errors.ts';
import { useI18n } from '../../i18n.ts';
import { ComposerSuggestions } from './ComposerSuggestions.tsx';
import { ComposerToolbar } from './ComposerToolbar.tsx';
import { ComposerWarning } from './ComposerWarning.tsx';
import { onFocusRequest } from './focus.ts';
import { HighlightTextarea, type Mark } from './HighlightTextarea.tsx';
import { fillVariables, findForbidden, matchQuickReplies, placeholderRanges, type Variables } from './logic.ts';
import { QuickReplyPopup } from './QuickReplyPopup.tsx';
import { chatStore, type ChatState } from './store.ts';
import type { QuickReply } from './types.ts';

const MAX_TEXT = 2000;

/** Unsent text per conversation, kept while the agent switches between them. */
const drafts = new Map<number, { text: string; mode: 'text' | 'note' }>();

export function ChatComposer({
  s,
  conversationId,
  vars,
  disabled,
  onManageScripts,
}: {
  s: ChatState;
  conversationId: number;
  vars: Variables;
  disabled: boolean;
  onManageScripts(): void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const store = chatStore();
  const draft = drafts.get(conversationId);
  const [text, setTextState] = useState(draft?.text ?? '');
  const [mode, setModeState] = useState<'text' | 'note'>(draft?.mode ?? 'text');
  const [armed, setArmed] = useState<string | null>(null);
  const [qrIndex, setQrIndex] = useState(0);
  const [qrDismissed, setQrDismissed] = useState(false);
  const [manual, setManual] = useState<string | null>(null);
  const [uploading, setUploading] = useState(false);
  const input = useRef<HTMLTextAreaElement>(null);

  useEffect(() => onFocusRequest('composer', () => input.current?.focus()), []);

  const setText = (v: string) => {
    setTextState(v);
    drafts.set(conversationId, { text: v, mode });
    setQrDismissed(false);
    setQrIndex(0);
  };
  const setMode = (m: 'text' | 'note') => {
    setModeState(m);
    drafts.set(conversationId, { text, mode: m });
    input.current?.focus();
  };

  const slash = /^\/(\S*)$/.exec(text);
  const qrQuery = manual ?? (slash && !qrDismissed ? slash[1]! : null);
  const matches = useMemo(() => (qrQuery === null ? [] : matchQuickReplies(s.quickReplies, qrQuery).slice(0, 30)), [qrQuery, s.quickReplies]);
  const hits = useMemo(() => (mode === 'text' ? findForbidden(text, s.forbidden) : []), [mode, text, s.forbidden]);
  const holes = useMemo(() => placeholderRanges(text), [text]);
  const marks: Mark[] = [...hits.map((h) => ({ ...h, tone: 'bad' as const })), ...holes.map((h) => ({ ...h, tone: 'var' as const }))];
  const warn = hits.length > 0 || holes.length > 0;
  const confirming = warn && armed === text;

  function pick(r: QuickReply) {
    const { text: filled } = fillVariables(r.body, vars);
    const el = input.current;
    let next = filled;
    let caret = filled.length;
    if (manual !== null && el) {
      // Opened from the button: insert at the caret.
      const at = el.selectionStart ?? text.length;
      next = text.slice(0, at) + filled + text.slice(el.selectionEnd ?? at);
      caret = at + filled.length;
    }
    setManual(null);
    setText(next);
    setQrDismissed(true);
    setTimeout(() => {
      if (!el) return;
      el.focus();
      const hole = placeholderRanges(next)[0];
      if (hole) el.setSelectionRange(hole.start, hole.end);
      else el.setSelectionRange(caret, caret);
    }, 0);
  }

  function popupKeys(e: React.KeyboardEvent): boolean {
    if (qrQuery === null) return false;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (e.altKey || e.ctrlKey) return false;
      e.preventDefault();
      const n = matches.length || 1;
      setQrIndex((i) => (i + (e.key === 'ArrowDown' ? 1 : n - 1)) % n);
      return true;
    }
    if ((e.key === 'Enter' || e.key === 'Tab') && matches[qrIndex]) {
      e.preventDefault();
      pick(matches[qrIndex]);
      return true;
    }
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      setQrDismissed(true);
      setManual(null);
      input.current?.focus();
      return true;
    }
    return false;
  }

  function send() {
    const body = text.trim();
    if (!body || disabled) return;
    if (body.length > MAX_TEXT) {
      message.warning(t('chat.tooLong', { n: MAX_TEXT }));
      return;
    }
    // The server refuses a forbidden phrase (and logs it for quality inspection): it is rewritten, not sent anyway.
    if (hits.length > 0) {
      message.warning(t('chat.forbidden.blocked'));
      return;
    }
    if (warn && armed !== text) {
      setArmed(text);
      return;
    }
    store.send(conversationId, mode, body);
    setArmed(null);
    setText('');
    drafts.delete(conversationId);
  }

  async function upload(f: File | undefined | null) {
    if (!f) return;
    if (!f.type.startsWith('image/')) {
      message.warning(t('chat.imageOnly'));
      return;
    }
    if (f.size > 5 * 1024 * 1024) {
      message.warning(t('chat.imageTooLarge'));
      return;
    }
    setUploading(true);
    try {
      await store.sendImage(conversationId, f);
    } catch (err) {
      message.error(errorText(t, err));
    } finally {
      setUploading(false);
    }
  }

  const suggested = s.suggestions[conversationId];
  const lastShopperSeq = (s.messages[conversationId] ?? []).reduce((max, m) => (m.sender.kind === 'shopper' && m.seq > max ? m.seq : max), 0);
  const showSuggestions =
    suggested && suggested.seq === lastShopperSeq && (suggested.items.length > 0 || suggested.products.length > 0) && mode === 'text' && !text;

  const [drafting, setDrafting] = useState(false);
  /** A reply drafted by the language model, put in the composer for the agent to check before sending. */
  async function draftReply() {
    setDrafting(true);
    try {
      const r = await api.post<Draft>(`/api/conversations/${conversationId}/draft`);
      setText(r.draft);
      setTimeout(() => input.current?.focus(), 0);
    } catch (err) {
      message.error(errorText(t, err));
    } finally {
      setDrafting(false);
    }
  }

  /** One click puts a knowledge answer in the composer, to send as it is or edit first. */
  function takeSuggestion(answer: string) {
    const { text: filled } = fillVariables(answer, vars);
    setText(filled);
    setTimeout(() => input.current?.focus(), 0);
  }

  return (
    <div className={`kefu-composer${mode === 'note' ? ' is-note' : ''}`}>
      {showSuggestions && (
        <ComposerSuggestions
          suggested={suggested}
          disabled={disabled}
          onTake={takeSuggestion}
          onSendProduct={(productId) => store.send(conversationId, 'product', String(productId))}
        />
      )}
      {qrQuery !== null && (
        <QuickReplyPopup
          matches={matches}
          index={qrIndex}
          vars={vars}
          onPick={pick}
          onHover={setQrIndex}
          onManage={() => {
            setManual(null);
            setQrDismissed(true);
            onManageScripts();
          }}
          search={
            manual !== null
              ? {
                  value: manual,
                  onChange: (v) => {
                    setManual(v);
                    setQrIndex(0);
                  },
                  onKeyDown: (e) => {
                    popupKeys(e);
                  },
                }
              : undefined
          }
        />
      )}
      {warn && <ComposerWarning text={text} hits={hits} holes={holes} confirming={confirming} />}
      <ComposerToolbar
        mode={mode}
        onMode={setMode}
        onQuickReplies={() => {
          setManual('');
          setQrIndex(0);
        }}
        uploading={uploading}
        onImage={(f) => void upload(f)}
        drafting={drafting}
        onDraft={() => void draftReply()}
        disabled={disabled}
      />
      <HighlightTextarea
        ref={input}
        value={text}
        marks={marks}
        data-testid="chat-input"
        disabled={disabled}
        placeholder={disabled ? t('chat.closedComposer') : t(mode === 'note' ? 'chat.notePlaceholder' : 'chat.placeholder')}
        onChange={(e) => {
          setText(e.target.value);
          if (mode === 'text' && e.target.value) store.typing(conversationId);
        }}
        onPaste={(e) => {
          const f = [...e.clipboardData.files].find((x) => x.type.startsWith('image/'));
          if (f && mode === 'text') {
            e.preventDefault();
            void upload(f);
          }
        }}
        onKeyDown={(e) => {
          if (e.nativeEvent.isComposing || e.keyCode === 229) return; // Chinese IME is still composing
          if (popupKeys(e)) return;
          if (e.altKey && showSuggestions && /^[1-3]$/.test(e.key)) {
            const pick = suggested.items[Number(e.key) - 1];
            if (pick) {
              e.preventDefault();
              takeSuggestion(pick.answer);
              return;
            }
          }
          if (e.key === 'Enter' && !e.shiftKey && !e.altKey && !e.ctrlKey && !e.metaKey) {
            e.preventDefault();
            send();
          }
        }}
      />
      <div className="kefu-composer-foot">
        <span className={`kefu-small ${text.length > MAX_TEXT ? 'kefu-danger' : 'kefu-muted'}`}>
          {text.length > MAX_TEXT * 0.8 ? `${text.length}/${MAX_TEXT}` : ''}
        </span>
        <Button
          type="primary"
          size="small"
          icon={mode === 'note' ? <LockOutlined /> : <SendOutlined />}
          onClick={send}
          disabled={disabled || !text.trim()}
          danger={confirming}
          className={mode === 'note' ? 'kefu-note-btn' : undefined}
          data-testid="chat-send"
        >
          {confirming ? t('chat.sendAnyway') : t(mode === 'note' ? 'chat.saveNote' : 'chat.send')}
        </Button>
      </div>
    </div>
  );
}
