import { WarningFilled } from '@ant-design/icons';
import { useI18n } from '../../i18n.ts';
import type { ForbiddenHit, Range } from './logic.ts';

/** Forbidden phrases and unfilled placeholders in the text; `confirming` once the agent pressed send over them. */
export function ComposerWarning({ text, hits, holes, confirming }: { text: string; hits: ForbiddenHit[]; holes: Range[]; confirming: boolean }) {
  const { t } = useI18n();
  return (
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
        {holes.length > 0 && <div>{t('chat.placeholderLeft', { names: [...new Set(holes.map((h) => text.slice(h.start, h.end)))].join(' ') })}</div>}
        {confirming && <div className="kefu-forbidden-confirm">{t('chat.forbidden.confirm')}</div>}
      </div>
    </div>
  );
}
