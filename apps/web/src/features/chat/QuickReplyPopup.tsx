import { Input, Tag } from 'antd';
import { useEffect, useRef } from 'react';
import { useI18n } from '../../i18n.ts';
import { fillVariables, type Variables } from './logic.ts';
import type { QuickReply } from './types.ts';

/** The scripts that match what follows "/": ↑/↓ move, Enter picks, Esc closes. */
export function QuickReplyPopup({
  matches,
  index,
  vars,
  onPick,
  onHover,
  onManage,
  search,
}: {
  matches: QuickReply[];
  index: number;
  vars: Variables;
  onPick(r: QuickReply): void;
  onHover(i: number): void;
  onManage(): void;
  /** Its own search box, when opened from the button rather than by typing "/". */
  search?: { value: string; onChange(v: string): void; onKeyDown(e: React.KeyboardEvent): void };
}) {
  const { t } = useI18n();
  const listRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    listRef.current?.querySelector('.is-active')?.scrollIntoView({ block: 'nearest' });
  }, [index]);

  return (
    <div
      className="kefu-qr"
      data-testid="quick-replies"
      onMouseDown={(e) => {
        if (!(e.target instanceof HTMLInputElement)) e.preventDefault();
      }}
    >
      {search && (
        <Input
          size="small"
          autoFocus
          value={search.value}
          placeholder={t('chat.qr.search')}
          onChange={(e) => search.onChange(e.target.value)}
          onKeyDown={search.onKeyDown}
          style={{ marginBottom: 6 }}
        />
      )}
      <div className="kefu-qr-list" ref={listRef} role="listbox">
        {matches.length === 0 && (
          <div className="kefu-muted" style={{ padding: '10px 12px' }}>
            {t('chat.qr.none')}
          </div>
        )}
        {matches.map((r, i) => (
          <div
            key={r.id}
            role="option"
            aria-selected={i === index}
            className={`kefu-qr-item${i === index ? ' is-active' : ''}`}
            onMouseEnter={() => onHover(i)}
            onClick={() => onPick(r)}
            data-testid="quick-reply"
          >
            <div className="kefu-qr-head">
              <strong>{r.title}</strong>
              {r.shortcut && <span className="kefu-mono kefu-muted">/{r.shortcut.replace(/^\//, '')}</span>}
              <span className="kefu-conv-spacer" />
              <Tag variant="filled" color={r.scope === 'personal' ? 'cyan' : 'default'}>
                {t(r.scope === 'personal' ? 'chat.qr.personal' : 'chat.qr.shared')}
              </Tag>
            </div>
            <div className="kefu-qr-body">{fillVariables(r.body, vars).text}</div>
          </div>
        ))}
      </div>
      <div className="kefu-qr-foot">
        <span>{t('chat.qr.keys')}</span>
        <a onClick={onManage}>{t('chat.qr.manage')}</a>
      </div>
    </div>
  );
}
