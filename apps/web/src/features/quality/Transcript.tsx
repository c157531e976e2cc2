import { Tag, Tooltip } from 'antd';
import { Fragment, type ReactNode } from 'react';
import { dateTime } from '../../shared/format.ts';
import { useI18n } from '../../i18n.ts';
import type { Inspection } from './qualityApi.ts';

/** Every phrase occurrence in `text` marked, the rest as it is. */
function marked(text: string, phrases: readonly string[]): ReactNode {
  if (!phrases.length) return text;
  const parts: ReactNode[] = [];
  let at = 0;
  while (at < text.length) {
    const next = phrases
      .map((p) => ({ p, i: text.indexOf(p, at) }))
      .filter((x) => x.i >= 0)
      .sort((a, b) => a.i - b.i || b.p.length - a.p.length)[0];
    if (!next) break;
    parts.push(text.slice(at, next.i), <mark key={parts.length}>{next.p}</mark>);
    at = next.i + next.p.length;
  }
  parts.push(text.slice(at));
  return parts.map((p, i) => <Fragment key={i}>{p}</Fragment>);
}

/**
 * The conversation as it happened, shopper on the left, the service side on the right; every message a hit points to
 * is outlined in red with the rules it broke, and forbidden phrases are marked in the text.
 */
export function Transcript({ inspection }: { inspection: Inspection }) {
  const { t } = useI18n();
  const byMessage = new Map<string, { names: string[]; phrases: string[]; waits: string[] }>();
  for (const hit of inspection.hits) {
    for (const e of hit.evidence) {
      const entry = byMessage.get(e.messageId) ?? { names: [], phrases: [], waits: [] };
      if (!entry.names.includes(hit.name)) entry.names.push(hit.name);
      if (hit.kind === 'forbidden_phrase' && e.detail) entry.phrases.push(e.detail);
      if ((hit.kind === 'first_response' || hit.kind === 'slow_response') && e.detail) entry.waits.push(e.detail);
      byMessage.set(e.messageId, entry);
    }
  }

  return (
    <div className="kefu-quality-transcript" data-testid="quality-transcript">
      {inspection.messages.map((m) => {
        const hit = byMessage.get(m.id);
        if (m.from === 'system')
          return (
            <div key={m.id} className="kefu-quality-system">
              {m.body}
            </div>
          );
        const side = m.from === 'shopper' ? 'is-shopper' : 'is-staff';
        return (
          <div key={m.id} className={`kefu-quality-line ${side}`} data-testid={hit ? 'transcript-hit' : undefined}>
            <div className="kefu-quality-meta">
              {m.senderName} · {dateTime(m.at)}
              {m.from === 'bot' && <Tag style={{ marginInlineStart: 6 }}>{t('quality.bot')}</Tag>}
            </div>
            <div className={`kefu-quality-bubble${hit ? ' has-hit' : ''}${m.from === 'bot' ? ' is-bot' : ''}`}>
              {m.kind === 'text' ? (
                marked(m.body, hit?.phrases ?? [])
              ) : (
                <span className="kefu-muted">
                  [{m.kind}] {m.body}
                </span>
              )}
            </div>
            {hit && (
              <div className="kefu-quality-flags">
                {hit.names.map((n) => (
                  <Tag key={n} color="red" variant="outlined">
                    {n}
                  </Tag>
                ))}
                {hit.waits.map((s) => (
                  <Tooltip key={s} title={t('quality.waitHint')}>
                    <Tag color="orange">{t('quality.wait', { s })}</Tag>
                  </Tooltip>
                ))}
              </div>
            )}
          </div>
        );
      })}
    </div>
  );
}
