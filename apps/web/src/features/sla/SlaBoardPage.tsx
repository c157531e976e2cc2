import { Badge, Card, Col, Empty, Flex, Progress, Row, Statistic, Table, Tag, Typography, type TableProps } from 'antd';
import { useEffect } from 'react';
import { Link } from 'react-router-dom';
import { slaApi, type BoardItem, type SlaBoard } from '../../api.ts';
import { PageState } from '../../shared/PageState.tsx';
import { PriorityTag } from '../../shared/Tags.tsx';
import { useAsync } from '../../shared/hooks.ts';
import { enumLabel, useI18n, type MessageKey } from '../../i18n.ts';
import { EscalationList } from './Escalations.tsx';
import { SlaCountdown } from './SlaCountdown.tsx';
import { metricLabel } from './slaText.ts';

const REFRESH_MS = 30_000;

/** Where an item on the board is worked on: its ticket, the order, the chat monitor, the task list. */
function itemLink(item: BoardItem): string {
  if (item.subjectKind === 'ticket') return `/tickets/${item.subjectId}`;
  if (item.subjectKind === 'order') return `/orders/${item.subjectId}`;
  if (item.ticketId) return `/tickets/${item.ticketId}`;
  if (item.subjectKind === 'conversation') return '/chat/monitor';
  return '/tasks';
}

const percent = (rate: number) => `${(rate * 100).toFixed(1).replace(/\.0$/, '')}%`;

/** 时效看板 (supervisors, admins): missed and nearly missed promises on open work, the latest escalations and the escalation rate. */
export function SlaBoardPage() {
  const { t } = useI18n();
  const result = useAsync(() => slaApi.board(), []);
  const { reload } = result;
  useEffect(() => {
    const timer = setInterval(reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);

  const board = result.data;
  if (!board) return <PageState loading={result.loading} error={result.error} onRetry={reload} />;

  return (
    <div>
      <Flex justify="space-between" align="baseline" wrap gap={8} style={{ marginBottom: 16 }}>
        <div>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('sla.board.title')}
          </Typography.Title>
          <Typography.Text type="secondary" className="kefu-small">
            {t('sla.board.hint')}
          </Typography.Text>
        </div>
      </Flex>
      <Row gutter={[16, 16]}>
        <Col xs={24} md={8}>
          <Card size="small" style={{ height: '100%' }}>
            <Statistic
              title={t('sla.board.breached')}
              value={board.breached.length}
              styles={{ content: { color: board.breached.length ? '#cf1322' : undefined } }}
            />
          </Card>
        </Col>
        <Col xs={24} md={8}>
          <Card size="small" style={{ height: '100%' }}>
            <Statistic
              title={t('sla.board.atRisk')}
              value={board.atRisk.length}
              styles={{ content: { color: board.atRisk.length ? '#d46b08' : undefined } }}
            />
          </Card>
        </Col>
        <Col xs={24} md={8}>
          <EscalationRateCard rate={board.escalationRate} />
        </Col>
        <Col xs={24} xl={16}>
          <Flex vertical gap={16}>
            <BoardTable title="sla.board.breached" empty="sla.board.breachedEmpty" items={board.breached} testId="board-breached" />
            <BoardTable title="sla.board.atRisk" empty="sla.board.atRiskEmpty" items={board.atRisk} testId="board-at-risk" />
          </Flex>
        </Col>
        <Col xs={24} xl={8}>
          <Card title={t('sla.board.escalations')} size="small" data-testid="board-escalations">
            <EscalationList escalations={board.escalations} withTicket />
          </Card>
        </Col>
      </Row>
    </div>
  );
}

/** The share of tickets opened in the last 30 days that were escalated, against the 5% target; red above it. */
function EscalationRateCard({ rate }: { rate: SlaBoard['escalationRate'] }) {
  const { t } = useI18n();
  const over = rate.rate > rate.target;
  return (
    <Card size="small" style={{ height: '100%' }} data-testid="board-rate" data-over={over || undefined}>
      <Flex justify="space-between" align="flex-start" gap={8}>
        <Statistic
          title={t('sla.board.rate')}
          value={percent(rate.rate)}
          styles={{ content: { color: over ? '#cf1322' : '#389e0d' } }}
          suffix={over && <Tag color="red">{t('sla.board.overTarget')}</Tag>}
        />
        <span className="kefu-small kefu-muted" style={{ whiteSpace: 'nowrap' }}>
          {t('sla.board.rateTarget', { target: percent(rate.target) })}
        </span>
      </Flex>
      <Progress
        percent={Math.min(100, (rate.rate / (rate.target * 2)) * 100)}
        showInfo={false}
        strokeColor={over ? '#cf1322' : '#52c41a'}
        size="small"
        aria-label={t('sla.board.rate')}
      />
      <div className="kefu-small kefu-muted">
        {t('sla.board.rateDetail', { tickets: rate.tickets, escalated: rate.escalated, external: rate.external })}
      </div>
    </Card>
  );
}

function BoardTable({ title, empty, items, testId }: { title: MessageKey; empty: MessageKey; items: BoardItem[]; testId: string }) {
  const { t } = useI18n();
  const columns: TableProps<BoardItem>['columns'] = [
    { title: t('sla.board.countdown'), key: 'countdown', width: 140, render: (_: unknown, c) => <SlaCountdown dueAt={c.dueAt} clock={c} /> },
    { title: t('sla.board.metric'), dataIndex: 'metric', width: 100, render: (m: string) => metricLabel(t, m) },
    {
      title: t('sla.board.item'),
      key: 'item',
      ellipsis: true,
      render: (_: unknown, c) => (
        <span>
          <Tag variant="filled">{enumLabel(t, 'sla.subject', c.subjectKind)}</Tag>
          <Link to={itemLink(c)} data-testid="board-item-link">
            {c.title || `#${c.subjectId}`}
          </Link>
        </span>
      ),
    },
    {
      title: t('sla.board.assignee'),
      dataIndex: 'assigneeName',
      width: 90,
      render: (name: string | null) => name ?? <span className="kefu-muted">{t('sla.board.unassigned')}</span>,
    },
    {
      title: t('sla.board.priority'),
      dataIndex: 'priority',
      width: 80,
      render: (p: string | null) => (p ? <PriorityTag priority={p} /> : <span className="kefu-muted">—</span>),
    },
  ];
  return (
    <Card
      size="small"
      title={
        <span>
          {t(title)} <Badge count={items.length} showZero color={items.length ? undefined : '#d9d9d9'} overflowCount={199} />
        </span>
      }
      data-testid={testId}
    >
      <Table<BoardItem>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={items}
        pagination={items.length > 10 ? { pageSize: 10, size: 'small', showSizeChanger: false } : false}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t(empty)} /> }}
        scroll={{ x: 620 }}
      />
    </Card>
  );
}
