import { CheckOutlined, CloseOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Flex, Segmented, Space, Table, Tag, Tooltip, Typography, type TableProps } from 'antd';
import { useState, type HTMLAttributes } from 'react';
import { Link } from 'react-router-dom';
import { ApiError } from '../../api.ts';
import { enumLabel, useI18n } from '../../i18n.ts';
import { dateTime, fromNow, yuan } from '../../shared/format.ts';
import { useAsync } from '../../shared/hooks.ts';
import { PageState } from '../../shared/PageState.tsx';
import { usePrompt } from '../../shared/PromptModal.tsx';
import { FailingChecks } from '../aftersales/AfterSaleDetails.tsx';
import { EscalationTag } from '../sla/Escalations.tsx';
import { SlaCountdown } from '../sla/SlaCountdown.tsx';
import { approvalsApi, type ApprovalItem } from './approvalsApi.ts';
import { APPROVALS_CHANGED } from './ApprovalsMenuLabel.tsx';

type Filter = 'all' | 'after_sale' | 'escalation' | 'overdue';
const REASON_COLORS = { over_limit: 'orange', policy: 'red', complex: 'purple' } as const;

/**
 * The supervisors' approvals inbox (审批): every after-sale request sent for approval and every ticket escalated to a
 * supervisor, oldest first, decided right here through the request's own transition (the same rules as the ticket page).
 */
export function ApprovalsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [prompt, promptElement] = usePrompt();
  const [filter, setFilter] = useState<Filter>('all');
  const inbox = useAsync(() => approvalsApi.list(), []);
  const items = inbox.data?.items ?? [];
  const counts = inbox.data?.counts;
  const shown = items.filter((i) => (filter === 'all' ? true : filter === 'overdue' ? i.overdue : i.type === filter));

  function decided() {
    inbox.reload();
    window.dispatchEvent(new Event(APPROVALS_CHANGED));
  }

  async function decide(item: ApprovalItem, to: 'approved' | 'rejected', note: string) {
    const a = item.afterSale!;
    const override = to === 'approved' && a.failedChecks.length > 0;
    try {
      await approvalsApi.decide(a.id, { version: a.version, to, ...(note && { note }), ...(override && { override: true }) });
      message.success(t(to === 'approved' ? 'approvals.approved' : 'approvals.rejected'));
      decided();
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        message.warning(t('approvals.changed'));
        decided();
        return;
      }
      throw err;
    }
  }

  const what = (item: ApprovalItem) =>
    item.afterSale ? `${enumLabel(t, 'afterSaleKind', item.afterSale.kind)} · ${item.orderNo ?? item.ticketNumber}` : item.ticketNumber;

  function approve(item: ApprovalItem) {
    const failing = item.afterSale!.failedChecks;
    prompt({
      title: t('approvals.approveTitle', { what: what(item) }),
      label: failing.length ? t('as.noteTitle', { action: t('as.override') }) : t('approvals.approveNote'),
      required: failing.length > 0,
      requiredMessage: t('as.noteRequired'),
      okText: failing.length ? t('approvals.override') : t('approvals.approve'),
      testId: 'approve-dialog',
      extra: failing.length ? (
        <Alert
          type="warning"
          showIcon
          title={t('as.overrideHint')}
          description={<FailingChecks checks={failing} reason={item.afterSale!.reason} />}
          style={{ marginBottom: 12 }}
        />
      ) : undefined,
      submit: (note) => decide(item, 'approved', note),
    });
  }

  function reject(item: ApprovalItem) {
    prompt({
      title: t('approvals.rejectTitle', { what: what(item) }),
      label: t('approvals.rejectNote'),
      placeholder: t('as.notePlaceholder'),
      required: true,
      requiredMessage: t('as.noteRequired'),
      okText: t('approvals.reject'),
      danger: true,
      testId: 'reject-dialog',
      submit: (note) => decide(item, 'rejected', note),
    });
  }

  const columns: TableProps<ApprovalItem>['columns'] = [
    {
      title: t('approvals.what'),
      key: 'what',
      render: (_, item) => <What item={item} />,
    },
    {
      title: t('approvals.requestedBy'),
      dataIndex: 'requestedBy',
      width: 96,
      render: (name: string | null) => name ?? <span className="kefu-muted">—</span>,
    },
    {
      title: t('approvals.customer'),
      key: 'customer',
      width: 150,
      render: (_, item) => (
        <Space direction="vertical" size={0}>
          <span>{item.customerName ?? <span className="kefu-muted">—</span>}</span>
          {item.orderId && (
            <Link to={`/orders/${item.orderId}`} className="kefu-mono" style={{ fontSize: 12 }}>
              {item.orderNo}
            </Link>
          )}
        </Space>
      ),
    },
    {
      title: t('approvals.amount'),
      key: 'amount',
      width: 150,
      align: 'right',
      render: (_, item) => <Amount item={item} />,
    },
    {
      title: t('approvals.age'),
      dataIndex: 'requestedAt',
      width: 96,
      render: (at: string) => <Tooltip title={dateTime(at)}>{fromNow(at)}</Tooltip>,
    },
    {
      title: t('approvals.due'),
      dataIndex: 'dueAt',
      width: 130,
      render: (due: string | null) => (due ? <SlaCountdown dueAt={due} /> : <span className="kefu-muted">—</span>),
    },
    {
      title: t('approvals.actions'),
      key: 'actions',
      width: 200,
      render: (_, item) => (
        <Space size={4} wrap>
          {item.afterSale && (
            <>
              <Button size="small" type="primary" icon={<CheckOutlined />} onClick={() => approve(item)} data-testid="approve">
                {item.afterSale.failedChecks.length ? t('approvals.override') : t('approvals.approve')}
              </Button>
              <Button size="small" danger icon={<CloseOutlined />} onClick={() => reject(item)} data-testid="reject">
                {t('approvals.reject')}
              </Button>
            </>
          )}
          <Link to={`/tickets/${item.ticketId}`}>{t('approvals.open')}</Link>
        </Space>
      ),
    },
  ];

  const option = (value: Filter, n: number | undefined) => ({ value, label: t(`approvals.filter.${value}`, { n: n ?? 0 }) });
  return (
    <Card>
      <Flex justify="space-between" align="start" gap={16} style={{ marginBottom: 16 }}>
        <div>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('approvals.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('approvals.subtitle')}</Typography.Text>
        </div>
        <Button icon={<ReloadOutlined />} onClick={inbox.reload}>
          {t('approvals.refresh')}
        </Button>
      </Flex>
      <Segmented<Filter>
        value={filter}
        onChange={setFilter}
        options={[
          option('all', counts?.total),
          option('after_sale', counts?.afterSales),
          option('escalation', counts?.escalations),
          option('overdue', counts?.overdue),
        ]}
        style={{ marginBottom: 12 }}
        data-testid="approval-filter"
      />
      {inbox.error && !inbox.data ? (
        <PageState error={inbox.error} onRetry={inbox.reload} />
      ) : (
        <Table<ApprovalItem>
          rowKey="key"
          size="middle"
          columns={columns}
          dataSource={shown}
          loading={inbox.loading}
          pagination={shown.length > 50 ? { pageSize: 50 } : false}
          locale={{ emptyText: inbox.loading ? ' ' : <Empty description={t('approvals.empty')} /> }}
          onRow={(item) => ({ 'data-testid': `approval-${item.key}` }) as HTMLAttributes<HTMLElement>}
          scroll={{ x: 1000 }}
        />
      )}
      {promptElement}
    </Card>
  );
}

function What({ item }: { item: ApprovalItem }) {
  const { t } = useI18n();
  const a = item.afterSale;
  return (
    <Space direction="vertical" size={2} style={{ maxWidth: 420 }}>
      <Space size={4} wrap>
        {a ? <Tag color="blue">{enumLabel(t, 'afterSaleKind', a.kind)}</Tag> : item.escalation && <EscalationTag level={item.escalation.level} />}
        {item.reasons.map((r) => (
          <Tag key={r} color={REASON_COLORS[r]}>
            {t(`approvals.reason.${r}`)}
          </Tag>
        ))}
        {a && <Typography.Text type="secondary">{enumLabel(t, 'afterSaleReason', a.reason)}</Typography.Text>}
      </Space>
      <Link to={`/tickets/${item.ticketId}`} style={{ color: 'inherit' }}>
        <span className="kefu-mono" style={{ marginRight: 6, color: '#0f7b8a' }}>
          {item.ticketNumber}
        </span>
        {item.subject}
      </Link>
      {item.escalation && (
        <Typography.Text type="secondary" ellipsis={{ tooltip: item.escalation.reason }}>
          {item.escalation.reason}
        </Typography.Text>
      )}
      {a?.failedChecks.length ? <FailingChecks checks={a.failedChecks} reason={a.reason} /> : null}
      {item.reasons.includes('complex') && (
        <Typography.Text type="secondary" ellipsis={{ tooltip: a?.plan }}>
          {a?.plan ? t('approvals.plan', { plan: a.plan }) : t('approvals.noPlan')}
        </Typography.Text>
      )}
    </Space>
  );
}

function Amount({ item }: { item: ApprovalItem }) {
  const { t } = useI18n();
  const a = item.afterSale;
  if (item.amountFen === null || !a) return <span className="kefu-muted">—</span>;
  return (
    <Space direction="vertical" size={0} style={{ alignItems: 'flex-end' }}>
      <Typography.Text strong>
        {a.measure === 'goods' && `${t('approvals.goods')} `}
        {yuan(item.amountFen)}
      </Typography.Text>
      {a.measure && (
        <Typography.Text type={a.totalFen > a.limitFen ? 'warning' : 'secondary'} style={{ fontSize: 12 }}>
          {t('approvals.totalOfLimit', { total: yuan(a.totalFen), limit: yuan(a.limitFen) })}
        </Typography.Text>
      )}
    </Space>
  );
}
