import { App, Button, Input, Space } from 'antd';
import { useState } from 'react';
import { api, ApiError, type AfterSale } from '../../api.ts';
import { errorText } from '../../shared/errors.ts';
import { dateTime } from '../../shared/format.ts';
import { useI18n } from '../../i18n.ts';

/** The handling plan of a complex request: shown to all, written by the desk. */
export function AfterSalePlan({ a, desk, onChanged }: { a: AfterSale; desk: boolean; onChanged(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [plan, setPlan] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <div className="kefu-as-section">
      <div className="kefu-side-title">
        <span>{t('as.plan')}</span>
        {a.planDueAt && (
          <span className={Date.parse(a.planDueAt) < Date.now() ? 'kefu-danger' : undefined}>{t('as.planDue', { at: dateTime(a.planDueAt) })}</span>
        )}
      </div>
      {desk && plan !== null ? (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Input.TextArea
            value={plan}
            onChange={(e) => setPlan(e.target.value)}
            autoSize={{ minRows: 3, maxRows: 10 }}
            maxLength={5000}
            placeholder={t('as.planPlaceholder')}
            data-testid="aftersale-plan"
          />
          <Space>
            <Button
              size="small"
              type="primary"
              loading={busy}
              disabled={!plan.trim()}
              onClick={async () => {
                setBusy(true);
                try {
                  await api.post(`/api/aftersales/${a.id}/plan`, { plan: plan.trim(), version: a.version });
                  message.success(t('as.planSaved'));
                  setPlan(null);
                  onChanged();
                } catch (err) {
                  if (err instanceof ApiError && err.status === 409) {
                    message.warning(t('ticket.conflict'));
                    onChanged();
                  } else message.error(errorText(t, err));
                } finally {
                  setBusy(false);
                }
              }}
            >
              {t('as.savePlan')}
            </Button>
            <Button size="small" onClick={() => setPlan(null)}>
              {t('common.cancel')}
            </Button>
          </Space>
        </Space>
      ) : (
        <div>
          {a.plan ? <div className="kefu-description kefu-small">{a.plan}</div> : <span className="kefu-muted kefu-small">{t('common.none')}</span>}
          {desk && (
            <Button size="small" type="link" onClick={() => setPlan(a.plan ?? '')} style={{ paddingInline: 0 }}>
              {a.plan ? t('as.plan') : t('as.savePlan')}
            </Button>
          )}
        </div>
      )}
    </div>
  );
}

/** A repair's progress note to the shopper, while the item is in the workshop. */
export function RepairProgress({ a, onChanged }: { a: AfterSale; onChanged(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [progress, setProgress] = useState('');
  const [busy, setBusy] = useState(false);
  return (
    <div className="kefu-as-section">
      <div className="kefu-side-title">
        <span>{t('as.progress')}</span>
      </div>
      <Space.Compact style={{ width: '100%' }}>
        <Input value={progress} onChange={(e) => setProgress(e.target.value)} placeholder={t('as.progressPlaceholder')} maxLength={2000} />
        <Button
          type="primary"
          loading={busy}
          disabled={!progress.trim()}
          onClick={async () => {
            setBusy(true);
            try {
              await api.post(`/api/aftersales/${a.id}/progress`, { note: progress.trim() });
              message.success(t('as.progressSent'));
              setProgress('');
              onChanged();
            } catch (err) {
              message.error(errorText(t, err));
            } finally {
              setBusy(false);
            }
          }}
        >
          {t('as.sendProgress')}
        </Button>
      </Space.Compact>
    </div>
  );
}
