import { ApartmentOutlined, UserSwitchOutlined } from '@ant-design/icons';
import { SEGMENTS } from '@kefu/domain';
import { Button, Card, Col, Flex, Row, Space, Statistic, Table, Tag, Typography, type TableProps } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useI18n } from '../../i18n.ts';
import { useAsync, useDirectory } from '../../shared/hooks.ts';
import { PageState } from '../../shared/PageState.tsx';
import { SegmentTag } from '../../shared/Tags.tsx';
import { BalanceModal } from './BalanceModal.tsx';
import { ownersApi, type OwnerLoad } from './ownersApi.ts';

/** 客户分配 (supervisors): each agent's customers by segment, the unassigned ones, balanced assignment and 离职转移. */
export function OwnersPage() {
  const { t } = useI18n();
  const { groups } = useDirectory();
  const result = useAsync(() => ownersApi.overview(), []);
  const [mode, setMode] = useState<'balance' | 'spread' | null>(null);
  const data = result.data;
  if (!data) return <PageState loading={result.loading} error={result.error} onRetry={result.reload} />;

  const rows = [...data.agents, data.unassigned];
  const customers = rows.reduce((sum, r) => sum + r.total, 0);
  const most = Math.max(1, ...data.agents.map((a) => a.total));
  const columns: TableProps<OwnerLoad>['columns'] = [
    {
      title: t('owners.col.agent'),
      key: 'agent',
      render: (_, r) =>
        r.agentId === null ? (
          <Typography.Text strong type="warning">
            {t('owners.unassigned')}
          </Typography.Text>
        ) : (
          <Space size={6}>
            <span>{r.name}</span>
            {!r.active && <Tag>{t('owners.inactive')}</Tag>}
          </Space>
        ),
    },
    {
      title: t('owners.col.groups'),
      dataIndex: 'groupIds',
      render: (ids: number[]) => ids.map((id) => <Tag key={id}>{groups.find((g) => g.id === id)?.name ?? id}</Tag>),
    },
    ...SEGMENTS.map((s) => ({
      title: <SegmentTag segment={s} />,
      key: s,
      align: 'right' as const,
      width: 90,
      render: (_: unknown, r: OwnerLoad) => r.bySegment[s] || <span className="kefu-muted">0</span>,
    })),
    {
      title: t('owners.col.total'),
      dataIndex: 'total',
      align: 'right',
      width: 200,
      render: (n: number, r) => (
        <Flex align="center" gap={8} justify="flex-end">
          {r.agentId !== null && (
            <div style={{ flex: 1, height: 6, background: '#e6f4f1', borderRadius: 3 }}>
              <div style={{ width: `${(n / most) * 100}%`, height: 6, background: '#0d8a8a', borderRadius: 3 }} />
            </div>
          )}
          <strong data-testid={`owners-total-${r.agentId ?? 'none'}`}>{n}</strong>
        </Flex>
      ),
    },
    {
      key: 'open',
      width: 100,
      render: (_, r) => (r.agentId !== null ? <Link to={`/customers?agent=${r.agentId}`}>{t('owners.viewCustomers')}</Link> : null),
    },
  ];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('owners.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('owners.hint')}</Typography.Text>
        </div>
        <Space>
          <Button icon={<UserSwitchOutlined />} onClick={() => setMode('spread')} data-testid="owners-spread">
            {t('owners.spread')}
          </Button>
          <Button type="primary" icon={<ApartmentOutlined />} onClick={() => setMode('balance')} data-testid="owners-balance">
            {t('owners.balance')}
          </Button>
        </Space>
      </Flex>
      <Row gutter={16}>
        <Col xs={8}>
          <Card size="small">
            <Statistic title={t('owners.stat.customers')} value={customers} />
          </Card>
        </Col>
        <Col xs={8}>
          <Card size="small">
            <Statistic
              title={t('owners.stat.unassigned')}
              value={data.unassigned.total}
              valueStyle={data.unassigned.total ? { color: '#d46b08' } : undefined}
            />
          </Card>
        </Col>
        <Col xs={8}>
          <Card size="small">
            <Statistic title={t('owners.stat.agents')} value={data.agents.filter((a) => a.active).length} />
          </Card>
        </Col>
      </Row>
      <Card size="small">
        <Table rowKey={(r) => r.agentId ?? 0} size="middle" pagination={false} dataSource={rows} columns={columns} data-testid="owners-table" />
      </Card>
      <BalanceModal mode={mode ?? 'balance'} open={mode !== null} onClose={() => setMode(null)} onDone={result.reload} />
    </Space>
  );
}
