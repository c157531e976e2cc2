import { EditOutlined, EnvironmentOutlined, MergeCellsOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Descriptions, Empty, Flex, Input, Row, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { lunarMonthDay } from '@kefu/domain';
import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { api, type CustomerAnswer } from '../../api.ts';
import { LEAD_ROLES, useAuth } from '../../auth.tsx';
import { CustomerHistory } from './CustomerHistory.tsx';
import { DialButton } from '../tickets/DialButton.tsx';
import { CustomerFormModal } from './CustomerFormModal.tsx';
import { MergeModal } from './MergeModal.tsx';
import { OrderDrawer } from '../orders/OrderDrawer.tsx';
import { SegmentPanel } from '../segments/SegmentPanel.tsx';
import { OptOutSwitch } from '../outreach/OptOutSwitch.tsx';
import { CouponsPanel } from '../care/CouponsPanel.tsx';
import { OrderStatusTag } from '../orders/OrderTags.tsx';
import { PageState } from '../../shared/PageState.tsx';
import { PlainTags, SegmentTag } from '../../shared/Tags.tsx';
import { errorText } from '../../shared/errors.ts';
import { dateTime, fromNow, yuan } from '../../shared/format.ts';
import { useAsync } from '../../shared/hooks.ts';
import { enumLabel, useI18n } from '../../i18n.ts';

export function CustomerPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { user } = useAuth();
  const navigate = useNavigate();
  const id = Number(useParams().id);
  const result = useAsync(() => api.get<CustomerAnswer>(`/api/customers/${id}`).then((r) => r.customer), [id]);
  const [note, setNote] = useState('');
  const [saving, setSaving] = useState(false);
  const [orderId, setOrderId] = useState<number | null>(null);
  const [editing, setEditing] = useState(false);
  const [merging, setMerging] = useState(false);

  const c = result.data?.id === id ? result.data : undefined;
  const mergedInto = c?.mergedIntoId;
  useEffect(() => {
    if (!mergedInto) return;
    message.info(t('customer.mergedAway'));
    navigate(`/customers/${mergedInto}`, { replace: true });
  }, [mergedInto, message, navigate, t]);
  if (!c || c.mergedIntoId)
    return (
      <PageState
        loading={result.loading || !!c?.mergedIntoId}
        error={result.error}
        notFoundKey="customer.notFound"
        onRetry={result.reload}
        backTo="/customers"
      />
    );

  async function addNote() {
    if (!note.trim()) return;
    setSaving(true);
    try {
      await api.post(`/api/customers/${id}/notes`, { body: note.trim() });
      setNote('');
      message.success(t('customer.noteAdded'));
      result.reload();
    } catch (err) {
      message.error(errorText(t, err));
    } finally {
      setSaving(false);
    }
  }

  const none = <span className="kefu-muted">—</span>;
  const profile = [
    { key: 'segment', label: t('customer.segment'), children: <SegmentTag segment={c.segment} /> },
    { key: 'gender', label: t('customer.gender'), children: c.gender ? enumLabel(t, 'customer.gender', c.gender) : none },
    {
      key: 'birthday',
      label: t('customer.birthday'),
      children: c.birthday ? (
        <span>
          {c.birthday}{' '}
          {c.birthdayLunar && (
            <Tag color="red" variant="outlined" data-testid="customer-lunar">
              {t('customer.lunar')}
              {lunarMonthDay(c.birthday)}
            </Tag>
          )}
        </span>
      ) : (
        none
      ),
    },
    { key: 'agent', label: t('customer.assignedAgent'), children: c.assignedAgentName ?? none },
    { key: 'tags', label: t('customer.tags'), children: c.tags.length ? <PlainTags tags={c.tags} /> : none },
  ];

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={9} xl={8}>
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Card>
            <Flex justify="space-between" align="center">
              <Typography.Text type="secondary">{t('customer.profile')}</Typography.Text>
              <Space size={4}>
                {LEAD_ROLES.includes(user.role) && (
                  <Button size="small" icon={<MergeCellsOutlined />} onClick={() => setMerging(true)} data-testid="customer-merge">
                    {t('customer.merge')}
                  </Button>
                )}
                <Button size="small" type="primary" ghost icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="customer-edit">
                  {t('customer.edit')}
                </Button>
              </Space>
            </Flex>
            <Typography.Title level={3} style={{ marginTop: 4 }} data-testid="customer-name">
              {c.name}
            </Typography.Title>
            <Descriptions size="small" column={1} items={profile} />
          </Card>
          <SegmentPanel customerId={c.id} onChanged={result.reload} />
          <Card title={t('customer.contact')} size="small">
            {c.identities.length ? (
              <Descriptions
                size="small"
                column={1}
                items={c.identities.map((i, n) => ({
                  key: `${i.kind}-${n}`,
                  label: enumLabel(t, 'identity', i.kind),
                  children: (
                    <Space size={8}>
                      <Typography.Text copyable>{i.value}</Typography.Text>
                      {i.kind === 'phone' && <DialButton customerId={c.id} phone={i.value} />}
                    </Space>
                  ),
                }))}
              />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
            )}
          </Card>
          <Card title={t('customer.addresses')} size="small">
            {c.addresses.length ? (
              <Space orientation="vertical" size={12} style={{ width: '100%' }}>
                {c.addresses.map((a) => (
                  <div key={a.id}>
                    <Space size={6}>
                      <EnvironmentOutlined className="kefu-muted" />
                      <Typography.Text strong>{a.recipient}</Typography.Text>
                      <span>{a.phone}</span>
                      {a.isDefault && <Tag color="cyan">{t('customer.defaultAddress')}</Tag>}
                    </Space>
                    <div className="kefu-muted" style={{ paddingLeft: 20 }}>
                      {[a.province, a.city, a.district, a.detail].filter(Boolean).join(' ')}
                    </div>
                  </div>
                ))}
              </Space>
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
            )}
          </Card>
          <Card title={t('customer.notes')} size="small">
            <Space orientation="vertical" size={10} style={{ width: '100%' }}>
              {c.notes.map((n) => (
                <div key={n.id} className="kefu-bubble kefu-bubble-note">
                  <div className="kefu-bubble-meta">
                    <Typography.Text strong>{n.author ?? t('common.system')}</Typography.Text>
                    <Tooltip title={dateTime(n.createdAt)}>
                      <span>{fromNow(n.createdAt)}</span>
                    </Tooltip>
                  </div>
                  {n.body}
                </div>
              ))}
              <Input.TextArea
                value={note}
                onChange={(e) => setNote(e.target.value)}
                placeholder={t('customer.notePlaceholder')}
                autoSize={{ minRows: 2, maxRows: 6 }}
                maxLength={5000}
              />
              <Flex justify="flex-end">
                <Button onClick={() => void addNote()} loading={saving} disabled={!note.trim()}>
                  {t('customer.addNote')}
                </Button>
              </Flex>
            </Space>
          </Card>
          <OptOutSwitch customerId={c.id} />
        </Space>
      </Col>
      <Col xs={24} lg={15} xl={16}>
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <CustomerHistory key={c.version} customerId={c.id} />
          <Card title={t('customer.orders')} size="small">
            <Table
              rowKey="id"
              size="small"
              pagination={c.orders.length > 10 ? { pageSize: 10 } : false}
              dataSource={c.orders}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
              onRow={(row) => ({
                onClick: (e) => {
                  if (!(e.target as HTMLElement).closest('a,button,.ant-typography-copy')) setOrderId(row.id);
                },
                style: { cursor: 'pointer' },
              })}
              columns={[
                { title: t('order.platform'), dataIndex: 'platform', width: 90, render: (v: string) => enumLabel(t, 'platform', v) },
                {
                  title: t('order.number'),
                  dataIndex: 'orderNo',
                  render: (v: string) => (
                    <Typography.Text
                      copyable
                      style={{ fontFamily: 'ui-monospace, monospace' }}
                      className="kefu-link-text"
                      data-testid="customer-order"
                    >
                      {v}
                    </Typography.Text>
                  ),
                },
                { title: t('order.status'), dataIndex: 'status', width: 100, render: (v: string) => <OrderStatusTag status={v} /> },
                { title: t('order.amount'), dataIndex: 'totalFen', width: 110, align: 'right', render: (v: number) => yuan(v) },
                { title: t('order.tracking'), dataIndex: 'trackingNo', render: (v: string | null) => v ?? none },
                { title: t('order.createdAt'), dataIndex: 'createdAt', width: 150, render: (v: string) => dateTime(v) },
              ]}
            />
          </Card>
          <CouponsPanel customerId={c.id} />
        </Space>
      </Col>
      <CustomerFormModal open={editing} customer={c} onClose={() => setEditing(false)} onSaved={result.reload} />
      <MergeModal
        open={merging}
        customer={c}
        onClose={() => setMerging(false)}
        onMerged={(kept) => (kept === c.id ? result.reload() : navigate(`/customers/${kept}`))}
      />
      <OrderDrawer
        orderId={orderId}
        onClose={() => {
          setOrderId(null);
          result.reload();
        }}
      />
    </Row>
  );
}
