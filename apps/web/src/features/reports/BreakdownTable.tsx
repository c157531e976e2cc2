import { Button, Card, Table, Tabs, type TableProps } from 'antd';
import { useState } from 'react';
import { enumLabel, useI18n } from '../../i18n.ts';
import type { CasesQuery } from './CasesDrawer.tsx';
import { integer, percent, seconds } from './reportFormat.ts';
import type { Breakdown, KpiReport, ReportRange } from './reportsApi.ts';

type Dimension = 'byAgent' | 'byGroup' | 'byChannel';

/** The dashboard's figures per agent, skill group or channel; each count opens the cases behind it. */
export function BreakdownTable({ report, range, onDrill }: { report: KpiReport; range: ReportRange; onDrill(q: CasesQuery): void }) {
  const { t, lang } = useI18n();
  const [dimension, setDimension] = useState<Dimension>('byAgent');
  const nameOf = (row: Breakdown) =>
    dimension === 'byChannel' ? enumLabel(t, 'channel', row.name) : row.id === null ? t('reports.unassigned') : row.name;
  const narrowed = (row: Breakdown): ReportRange => {
    if (dimension === 'byChannel') return { ...range, channel: row.name };
    if (row.id === null) return range;
    return dimension === 'byAgent' ? { ...range, agentId: row.id } : { ...range, groupId: row.id };
  };
  // Cases nobody took cannot be asked for by agent or group: their counts are not links.
  const drillable = (row: Breakdown) => dimension === 'byChannel' || row.id !== null;
  const count = (kpi: 'conversations' | 'tickets') => (n: number, row: Breakdown) =>
    n > 0 && drillable(row) ? (
      <Button type="link" className="kefu-report-number" onClick={() => onDrill({ kpi, range: narrowed(row), about: nameOf(row) })}>
        {integer(n, lang)}
      </Button>
    ) : (
      integer(n, lang)
    );
  const columns: TableProps<Breakdown>['columns'] = [
    { title: t(`reports.dimension.${dimension}`), key: 'name', render: (_, row) => nameOf(row) },
    { title: t('reports.col.conversations'), dataIndex: 'conversations', align: 'right', render: count('conversations') },
    { title: t('reports.col.tickets'), dataIndex: 'tickets', align: 'right', render: count('tickets') },
    { title: t('reports.kpi.csat'), dataIndex: 'csat', align: 'right', render: (v: number | null) => percent(v) },
    { title: t('reports.kpi.fcr'), dataIndex: 'fcr', align: 'right', render: (v: number | null) => percent(v) },
    { title: t('reports.kpi.firstResponse'), dataIndex: 'firstResponseMs', align: 'right', render: (v: number | null) => seconds(v, lang) },
    { title: t('reports.kpi.within30s'), dataIndex: 'within30s', align: 'right', render: (v: number | null) => percent(v) },
    { title: t('reports.kpi.escalationRate'), dataIndex: 'escalationRate', align: 'right', render: (v: number | null) => percent(v) },
  ];
  return (
    <Card size="small" title={t('reports.breakdown')} data-testid="breakdown">
      <Tabs
        activeKey={dimension}
        onChange={(key) => setDimension(key as Dimension)}
        items={(['byAgent', 'byGroup', 'byChannel'] as const).map((key) => ({ key, label: t(`reports.dimension.${key}`) }))}
        size="small"
      />
      <Table<Breakdown>
        size="small"
        className="kefu-report-table"
        rowKey={(row) => `${row.id ?? ''}:${row.name}`}
        columns={columns}
        dataSource={report[dimension]}
        pagination={false}
      />
    </Card>
  );
}
