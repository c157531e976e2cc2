import { CheckCircleFilled, ExclamationCircleFilled } from '@ant-design/icons';
import { Button, Collapse, Empty } from 'antd';
import type { Order, OrderFlag } from '../../api.ts';
import { dateTime } from '../../shared/format.ts';
import { enumLabel, useI18n } from '../../i18n.ts';
import { flagHint } from './orderText.ts';
import type { PromptOptions } from '../../shared/PromptModal.tsx';

/** Time rules come first: they are the ones with a clock running. */
const URGENT = ['unconfirmed', 'unshipped', 'restricted_region', 'duplicate'];

/**
 * The order's checks, each with why it was raised and what to do; the desk marks one handled by saying
 * what was done. "Not confirmed in 30 minutes" is settled by confirming the order itself.
 */
export function OrderChecks({
  order,
  canAct,
  prompt,
  resolve,
  confirm,
}: {
  order: Order;
  canAct: boolean;
  prompt(options: PromptOptions): void;
  resolve(flag: OrderFlag, resolution: string): Promise<void>;
  confirm(): void;
}) {
  const { t } = useI18n();
  const open = order.flags.filter((f) => !f.resolvedAt).sort((a, b) => Number(URGENT.includes(b.kind)) - Number(URGENT.includes(a.kind)));
  const done = order.flags.filter((f) => f.resolvedAt);

  return (
    <div data-testid="order-checks">
      {open.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('order.noChecks')} style={{ margin: '8px 0' }} />}
      {open.map((f) => (
        <div key={f.id} className={`kefu-check ${URGENT.includes(f.kind) ? 'is-urgent' : ''}`} data-testid="order-check" data-kind={f.kind}>
          <ExclamationCircleFilled className="kefu-check-icon" />
          <div className="kefu-check-main">
            <div className="kefu-check-title">
              {enumLabel(t, 'flag', f.kind)}
              <span className="kefu-event-time">{t('flag.raisedAt', { at: dateTime(f.raisedAt) })}</span>
            </div>
            <div className="kefu-check-hint">{flagHint(t, f)}</div>
          </div>
          {canAct &&
            (f.kind === 'unconfirmed' && !order.confirmedAt && !['shipped', 'delivered', 'completed', 'cancelled'].includes(order.status) ? (
              <Button size="small" type="primary" onClick={confirm}>
                {t('order.confirm')}
              </Button>
            ) : (
              <Button
                size="small"
                data-testid="check-resolve"
                onClick={() =>
                  prompt({
                    title: t('flag.resolveTitle', { kind: enumLabel(t, 'flag', f.kind) }),
                    label: t('flag.resolveLabel'),
                    placeholder: t('flag.resolvePlaceholder'),
                    required: true,
                    requiredMessage: t('flag.resolveLabel'),
                    extra: (
                      <div className="kefu-check-hint" style={{ marginBottom: 12 }}>
                        {flagHint(t, f)}
                      </div>
                    ),
                    submit: (text) => resolve(f, text),
                  })
                }
              >
                {t('flag.resolve')}
              </Button>
            ))}
        </div>
      ))}
      {done.length > 0 && (
        <Collapse
          ghost
          size="small"
          style={{ marginTop: 4 }}
          items={[
            {
              key: 'done',
              label: <span className="kefu-muted kefu-small">{t('order.resolvedChecks', { n: done.length })}</span>,
              children: done.map((f) => (
                <div key={f.id} className="kefu-check is-done">
                  <CheckCircleFilled className="kefu-check-icon" />
                  <div className="kefu-check-main">
                    <div className="kefu-check-title">{enumLabel(t, 'flag', f.kind)}</div>
                    <div className="kefu-check-hint">
                      {t('flag.resolvedBy', {
                        name: f.resolvedByName ?? t('common.system'),
                        at: dateTime(f.resolvedAt!),
                        resolution: f.resolution === 'confirmed' ? t('order.confirmedTag') : (f.resolution ?? ''),
                      })}
                    </div>
                  </div>
                </div>
              )),
            },
          ]}
        />
      )}
    </div>
  );
}
