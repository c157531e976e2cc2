import { Card, Empty, Space, Typography } from 'antd';
import type { SlaClock } from '../../api.ts';
import { shortDateTime } from '../../shared/format.ts';
import { useI18n } from '../../i18n.ts';
import { SlaCountdown } from './SlaCountdown.tsx';
import { metricLabel } from './slaText.ts';

const ORDER = { running: 0, paused: 1, met: 2, cancelled: 3 } as const;

/** Running and paused first, soonest due first; kept and cancelled promises after them. */
function sorted(clocks: readonly SlaClock[]): SlaClock[] {
  return [...clocks].sort((a, b) => ORDER[a.state] - ORDER[b.state] || Date.parse(a.dueAt) - Date.parse(b.dueAt));
}

/** A piece of work's promises: the metric, its countdown (or 已达成) and the due time. */
export function SlaClockList({ clocks }: { clocks: readonly SlaClock[] }) {
  const { t } = useI18n();
  if (clocks.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('sla.clocks.empty')} />;
  return (
    <div data-testid="sla-clocks">
      {sorted(clocks).map((c) => (
        <div key={c.id} data-metric={c.metric} data-state={c.state} style={{ display: 'flex', alignItems: 'center', gap: 8, padding: '6px 0' }}>
          <Typography.Text style={{ flex: 1, minWidth: 0 }} type={c.state === 'cancelled' ? 'secondary' : undefined}>
            {metricLabel(t, c.metric)}
          </Typography.Text>
          <span className="kefu-small kefu-muted" style={{ whiteSpace: 'nowrap' }}>
            {shortDateTime(c.state === 'met' && c.stoppedAt ? c.stoppedAt : c.dueAt)}
          </span>
          <SlaCountdown dueAt={c.dueAt} clock={c} />
        </div>
      ))}
    </div>
  );
}

/** The side panel of a ticket: every promise made on it (and on its after-sales and tasks). */
export function SlaClocksCard({ clocks }: { clocks: readonly SlaClock[] }) {
  const { t } = useI18n();
  return (
    <Card title={t('sla.clocks')} size="small" data-testid="sla-clocks-card">
      <SlaClockList clocks={clocks} />
    </Card>
  );
}

/** The open promises of one piece of work as a row of countdowns ("售后审核 · 剩 3 小时"), for a card's header. */
export function SlaClockTags({ clocks }: { clocks: readonly SlaClock[] }) {
  const { t } = useI18n();
  const open = sorted(clocks).filter((c) => c.state === 'running' || c.state === 'paused');
  if (open.length === 0) return null;
  return (
    <Space size={[4, 4]} wrap data-testid="sla-clock-tags">
      {open.map((c) => (
        <SlaCountdown key={c.id} dueAt={c.dueAt} clock={c} prefix={metricLabel(t, c.metric)} />
      ))}
    </Space>
  );
}
