import { ArrowDownOutlined, ArrowUpOutlined, InfoCircleOutlined, MinusOutlined } from '@ant-design/icons';
import type { KpiKey } from '@kefu/domain';
import { Card, Flex, Tag, Tooltip, Typography } from 'antd';
import { useI18n } from '../../i18n.ts';
import { changeText } from './reportFormat.ts';
import type { Kpi } from './reportsApi.ts';
import { kpiHelp, kpiName, kpiValue, targetText } from './kpiText.ts';

/** The cards in their order; the average response time rides on the first-response card. */
export const CARD_KPIS: readonly KpiKey[] = [
  'csat',
  'fcr',
  'secondContactRate',
  'secondContactResolution',
  'firstResponse',
  'within30s',
  'complaintFirstFeedback',
  'escalationRate',
  'botDeflection',
  'collabSatisfaction',
];

const GOOD = '#389e0d';
const BAD = '#cf1322';

/** A row of KPI cards: the figure, its target (达标 / 未达标) and the change since the previous period (green is good news). */
export function KpiCards({ kpis, selected, onSelect }: { kpis: Kpi[]; selected: KpiKey; onSelect(key: KpiKey): void }) {
  const byKey = new Map(kpis.map((k) => [k.key, k]));
  return (
    <div className="kefu-kpi-grid" data-testid="kpi-cards">
      {CARD_KPIS.map((key) => {
        const kpi = byKey.get(key);
        return kpi ? (
          <KpiCard
            key={key}
            kpi={kpi}
            extra={key === 'firstResponse' ? byKey.get('avgResponse') : undefined}
            selected={selected === key}
            onSelect={onSelect}
          />
        ) : null;
      })}
    </div>
  );
}

function KpiCard({ kpi, extra, selected, onSelect }: { kpi: Kpi; extra?: Kpi; selected: boolean; onSelect(key: KpiKey): void }) {
  const { t, lang } = useI18n();
  const target = targetText(t, kpi, lang);
  const color = kpi.met === null ? undefined : kpi.met ? GOOD : BAD;
  return (
    <Card
      size="small"
      hoverable
      onClick={() => onSelect(kpi.key)}
      className={selected ? 'kefu-kpi-card is-selected' : 'kefu-kpi-card'}
      data-testid={`kpi-${kpi.key}`}
      data-met={kpi.met === null ? undefined : String(kpi.met)}
    >
      <Flex justify="space-between" align="center" gap={4}>
        <Typography.Text type="secondary" className="kefu-small">
          {kpiName(t, kpi.key)}
        </Typography.Text>
        <Tooltip title={kpiHelp(t, kpi.key)}>
          <InfoCircleOutlined className="kefu-muted" aria-label={kpiHelp(t, kpi.key)} />
        </Tooltip>
      </Flex>
      <div className="kefu-kpi-value" style={{ color }} data-testid="kpi-value">
        {kpiValue(kpi.value, kpi.unit, lang)}
      </div>
      <Flex justify="space-between" align="center" gap={4} wrap className="kefu-small">
        {target ? (
          <span>
            <span className="kefu-muted">{target}</span>{' '}
            {kpi.met !== null && (
              <Tag color={kpi.met ? 'success' : 'error'} variant="filled" style={{ marginInlineEnd: 0 }}>
                {t(kpi.met ? 'reports.met' : 'reports.missed')}
              </Tag>
            )}
          </span>
        ) : (
          <span className="kefu-muted">{t('reports.noTarget')}</span>
        )}
      </Flex>
      <div className="kefu-small kefu-kpi-change" data-testid="kpi-change" data-trend={kpi.trend ?? undefined}>
        <Change kpi={kpi} />
      </div>
      <div className="kefu-small kefu-muted">
        {extra ? `${kpiName(t, extra.key)} ${kpiValue(extra.value, extra.unit, lang)} · ` : ''}
        {t('reports.sample', { n: kpi.count })}
      </div>
    </Card>
  );
}

function Change({ kpi }: { kpi: Kpi }) {
  const { t, lang } = useI18n();
  if (kpi.change === null || kpi.trend === null) return <span className="kefu-muted">{t('reports.noPrevious')}</span>;
  const color = kpi.trend === 'better' ? GOOD : kpi.trend === 'worse' ? BAD : undefined;
  const Icon = kpi.trend === 'same' ? MinusOutlined : kpi.change > 0 ? ArrowUpOutlined : ArrowDownOutlined;
  return (
    <span style={{ color }}>
      <Icon /> {t('reports.vsPrevious', { change: changeText(kpi.change, kpi.unit, lang) })}
    </span>
  );
}
