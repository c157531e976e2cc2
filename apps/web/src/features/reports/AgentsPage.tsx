import { KPI_DEFINITIONS } from '@kefu/domain';
import { Button, Card, Table, Tag, type TableProps } from 'antd';
import { useState } from 'react';
import { PageState } from '../../shared/PageState.tsx';
import { useAsync } from '../../shared/hooks.ts';
import { useI18n } from '../../i18n.ts';
import { CasesDrawer, type CasesQuery } from './CasesDrawer.tsx';
import { integer, percent, seconds } from './reportFormat.ts';
import { ReportToolbar } from './ReportToolbar.tsx';
import { excelUrl, rangeQuery, reportsApi, type AgentRow, type CaseFilter } from './reportsApi.ts';
import { useReportRange } from './useReportRange.ts';
import './reports.css';

const CSAT_TARGET = KPI_DEFINITIONS.csat.target!;
const FCR_TARGET = KPI_DEFINITIONS.fcr.target!;
const RESPONSE_TARGET_MS = KPI_DEFINITIONS.firstResponse.target!;

/** 客服绩效 (supervisors, admins): each agent's figures for the range; every number opens the cases behind it. */
export function AgentsPage() {
  const { t, lang } = useI18n();
  const state = useReportRange();
  const { range } = state;
  const result = useAsync(() => reportsApi.agents(range), [range.from, range.to, range.agentId, range.groupId, range.channel]);
  const [drill, setDrill] = useState<CasesQuery | null>(null);
  const report = result.data;

  const nameOf = (row: AgentRow) => (row.agentId === null ? t('reports.unassigned') : row.name);
  /**
   * A figure that opens its cases (the cases nobody took cannot be asked for by agent); against a target it is green
   * when met and red when missed, links included.
   */
  const link = (kpi: CaseFilter, text: string, row: AgentRow, options: { testId?: string; good?: boolean | null } = {}) => {
    const color = options.good === undefined || options.good === null ? undefined : options.good ? '#389e0d' : '#cf1322';
    if (row.agentId === null || text === '—' || text === '0') return <span style={{ color }}>{text}</span>;
    return (
      <Button
        type="link"
        className="kefu-report-number"
        style={{ color }}
        data-testid={options.testId}
        onClick={() => setDrill({ kpi, range: { ...range, agentId: row.agentId! }, about: row.name })}
      >
        {text}
      </Button>
    );
  };

  const columns: TableProps<AgentRow>['columns'] = [
    { title: t('reports.col.agent'), key: 'name', fixed: 'left', width: 110, render: (_, row) => nameOf(row) },
    {
      title: t('reports.col.chats'),
      dataIndex: 'chats',
      align: 'right',
      render: (n: number, row) => link('conversations', integer(n, lang), row, { testId: 'agent-chats' }),
    },
    { title: t('reports.col.tickets'), dataIndex: 'tickets', align: 'right', render: (n: number, row) => link('tickets', integer(n, lang), row) },
    {
      title: t('reports.kpi.firstResponse'),
      dataIndex: 'firstResponseMs',
      align: 'right',
      render: (ms: number | null, row) => link('slowFirstResponse', seconds(ms, lang), row, { good: ms === null ? null : ms <= RESPONSE_TARGET_MS }),
    },
    { title: t('reports.kpi.avgResponse'), dataIndex: 'avgResponseMs', align: 'right', render: (ms: number | null) => seconds(ms, lang) },
    {
      title: t('reports.kpi.within30s'),
      dataIndex: 'within30s',
      align: 'right',
      render: (v: number | null) => percent(v),
    },
    { title: t('reports.col.handling'), dataIndex: 'handlingMs', align: 'right', render: (ms: number | null) => seconds(ms, lang) },
    {
      title: t('reports.kpi.csat'),
      dataIndex: 'csat',
      align: 'right',
      render: (v: number | null, row) => link('rated', percent(v), row, { testId: 'agent-csat', good: v === null ? null : v >= CSAT_TARGET }),
    },
    { title: t('reports.col.rated'), dataIndex: 'rated', align: 'right', render: (n: number) => integer(n, lang) },
    {
      title: t('reports.kpi.fcr'),
      dataIndex: 'fcr',
      align: 'right',
      render: (v: number | null, row) => link('notFirstContactResolved', percent(v), row, { good: v === null ? null : v >= FCR_TARGET }),
    },
    {
      title: t('reports.col.breaches'),
      dataIndex: 'slaBreaches',
      align: 'right',
      render: (n: number, row) => (n > 0 ? <Tag color="red">{link('slaBreached', integer(n, lang), row, { good: false })}</Tag> : integer(n, lang)),
    },
    {
      title: t('reports.col.quality'),
      dataIndex: 'qualityScore',
      align: 'right',
      render: (v: number | null, row) => (v === null ? '—' : t('reports.qualityScore', { score: v.toFixed(1), n: row.inspected })),
    },
  ];
  const total = report?.total;

  return (
    <div data-testid="reports-agents">
      <ReportToolbar
        title="reports.agents.title"
        hint="reports.agents.hint"
        state={state}
        excel={excelUrl('/api/reports/agents', rangeQuery(range))}
      />
      {!report ? (
        <PageState loading={result.loading} error={result.error} onRetry={result.reload} />
      ) : (
        <Card size="small">
          <Table<AgentRow>
            size="middle"
            className="kefu-report-table"
            rowKey={(row) => row.agentId ?? 'none'}
            columns={columns}
            dataSource={report.agents}
            loading={result.loading}
            pagination={false}
            scroll={{ x: 1100 }}
            data-testid="agents-table"
            summary={() =>
              total && (
                <Table.Summary fixed>
                  <Table.Summary.Row style={{ fontWeight: 600, background: '#fafafa' }}>
                    {[
                      t('reports.total'),
                      integer(total.chats, lang),
                      integer(total.tickets, lang),
                      seconds(total.firstResponseMs, lang),
                      seconds(total.avgResponseMs, lang),
                      percent(total.within30s),
                      seconds(total.handlingMs, lang),
                      percent(total.csat),
                      integer(total.rated, lang),
                      percent(total.fcr),
                      integer(total.slaBreaches, lang),
                      total.qualityScore === null ? '—' : total.qualityScore.toFixed(1),
                    ].map((text, i) => (
                      <Table.Summary.Cell key={i} index={i} align={i ? 'right' : 'left'}>
                        {text}
                      </Table.Summary.Cell>
                    ))}
                  </Table.Summary.Row>
                </Table.Summary>
              )
            }
          />
          <div className="kefu-small kefu-muted" style={{ marginTop: 8 }}>
            {t('reports.agents.targets', { csat: percent(CSAT_TARGET, 0), fcr: percent(FCR_TARGET, 0), response: seconds(RESPONSE_TARGET_MS, lang) })}
          </div>
        </Card>
      )}
      <CasesDrawer query={drill} onClose={() => setDrill(null)} />
    </div>
  );
}
