import {
  BulbOutlined,
  LockOutlined,
  PictureOutlined,
  RobotOutlined,
  SendOutlined,
  ShoppingOutlined,
  ThunderboltOutlined,
  WarningFilled,
} from '@ant-design/icons';
import { App, Button, Segmented, Tooltip } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { api, type Draft, type Features } from '../../api.ts';
import { errorText } from '../../shared/errors.ts';
import { useI18n } from '../../i18n.ts';
import { onFocusRequest } from './focus.ts';
import { HighlightTextarea, type Mark } from './HighlightTextarea.tsx';
import { fillVariables, findForbidden, matchQuickReplies, placeholderRanges, type Variables } from './logic.ts';
import { QuickReplyPopup } from './QuickReplyPopup.tsx';
import { chatStore, type ChatState } from './store.ts';
import type { QuickReply } from './types.ts';

const MAX_TEXT = 2000;
/** Whether the server drafts replies with a language model (LLM_URL); asked once per page load. */
let llmFeature: Promise<boolean> | undefined;
function useLlm(): boolean {
  const [on, setOn] = useState(false);
  useEffect(() => {
    llmFeature ??= api.get<Features>('/api/knowledge/features').then(
      (r) => r.llm,
      () => false,
    );
    let alive = true;
    void llmFeature.then((v) => {
      if (alive) setOn(v);
    });
    return () => {
      alive = false;
    };
  }, []);
  return on;
}

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
  const file = useRef<HTMLInputElement>(null);

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

  const llmOn = useLlm();
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
        <div className="kefu-suggestions" data-testid="suggestions">
          <span className="kefu-suggestions-title">
            <BulbOutlined /> {t('chat.suggestions')}
            {suggested.intent !== 'other' ? ` · ${t(`chat.intent.${suggested.intent}` as 'chat.suggestions')}` : ''}
          </span>
          {suggested.items.slice(0, 3).map((item, i) => (
            <Tooltip key={item.id} title={item.answer} placement="top">
              <button
                type="button"
                className={`kefu-suggestion${item.confidence >= 0.6 ? ' is-sure' : ''}`}
                data-testid="suggestion"
                onClick={() => takeSuggestion(item.answer)}
                aria-keyshortcuts={`Alt+${i + 1}`}
              >
                <span className="kefu-ellipsis">{item.question}</span>
                <span className="kefu-suggestion-score">{Math.round(item.confidence * 100)}%</span>
              </button>
            </Tooltip>
          ))}
          {suggested.products.map((p) => (
            <button
              key={`p${p.id}`}
              type="button"
              className="kefu-suggestion is-product"
              data-testid="suggested-product"
              disabled={disabled}
              onClick={() => store.send(conversationId, 'product', String(p.id))}
              title={t('chat.sendProductCard')}
            >
              <ShoppingOutlined /> <span className="kefu-ellipsis">{p.name}</span>
            </button>
          ))}
        </div>
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
      {warn && (
        <div className={`kefu-forbidden${confirming ? ' is-armed' : ''}`} data-testid="forbidden-warning">
          <WarningFilled />
          <div>
            {hits.map((h) => (
              <div key={h.start}>
                {t('chat.forbidden.hit', { phrase: h.phrase })}
                {h.suggestion && (
                  <>
                    {t('chat.forbidden.suggest')}
                    <strong>{h.suggestion}</strong>
                  </>
                )}
              </div>
            ))}
            {holes.length > 0 && (
              <div>{t('chat.placeholderLeft', { names: [...new Set(holes.map((h) => text.slice(h.start, h.end)))].join(' ') })}</div>
            )}
            {confirming && <div className="kefu-forbidden-confirm">{t('chat.forbidden.confirm')}</div>}
          </div>
        </div>
      )}
      <div className="kefu-composer-bar">
        <Segmented<'text' | 'note'>
          size="small"
          value={mode}
          onChange={setMode}
          options={[
            { value: 'text', label: t('chat.mode.reply') },
            {
              value: 'note',
              label: (
                <span data-testid="mode-note">
                  <LockOutlined /> {t('chat.mode.note')}
                </span>
              ),
            },
          ]}
        />
        <Tooltip title={t('chat.qr.open')}>
          <Button
            type="text"
            size="small"
            icon={<ThunderboltOutlined />}
            onClick={() => {
              setManual('');
              setQrIndex(0);
            }}
            aria-label={t('chat.qr.open')}
          />
        </Tooltip>
        <Tooltip title={t('chat.image')}>
          <Button
            type="text"
            size="small"
            icon={<PictureOutlined />}
            loading={uploading}
            disabled={disabled || mode === 'note'}
            onClick={() => file.current?.click()}
            aria-label={t('chat.image')}
          />
        </Tooltip>
        {llmOn && (
          <Tooltip title={t('chat.draft.tip')}>
            <Button
              type="text"
              size="small"
              icon={<RobotOutlined />}
              loading={drafting}
              disabled={disabled || mode === 'note'}
              onClick={() => void draftReply()}
              data-testid="draft-reply"
            >
              {t('chat.draft')}
            </Button>
          </Tooltip>
        )}
        <input
          ref={file}
          type="file"
          accept="image/*"
          hidden
          data-testid="image-input"
          onChange={(e) => {
            void upload(e.target.files?.[0]);
            e.target.value = '';
          }}
        />
        <span className="kefu-conv-spacer" />
        <span className="kefu-composer-hint">{t('chat.composerHint')}</span>
      </div>
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
