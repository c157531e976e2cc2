import { ArrowLeftOutlined, ShoppingOutlined, UserOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Descriptions, Flex, Row, Space, Tooltip, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api, ApiError, type OrderAnswer, type TicketAnswer, type Timeline } from '../../api.ts';
import { DESK_ROLES, useAuth } from '../../auth.tsx';
import { AfterSalePanel } from '../aftersales/AfterSalePanel.tsx';
import { ComplaintLoop } from './ComplaintLoop.tsx';
import { CreateTicketModal } from './CreateTicketModal.tsx';
import { CollisionBar } from './CollisionBar.tsx';
import { Composer } from './Composer.tsx';
import { EscalationPanel } from './EscalationPanel.tsx';
import { EscalationTag } from '../sla/Escalations.tsx';
import { SlaClocksCard } from '../sla/SlaClocks.tsx';
import { SlaCountdown } from '../sla/SlaCountdown.tsx';
import { metricLabel } from '../sla/slaText.ts';
import { OrderDrawer } from '../orders/OrderDrawer.tsx';
import { PageState } from '../../shared/PageState.tsx';
import { CallLogButton } from './CallLogButton.tsx';
import { DialButton } from './DialButton.tsx';
import { ChannelTag, PlainTags, PriorityTag, SeverityTag, StatusTag, TypeTag } from '../../shared/Tags.tsx';
import { TicketProperties, type TicketChange } from './TicketProperties.tsx';
import { SurveyResult } from '../surveys/SurveyResult.tsx';
import { TaskPanel } from '../tasks/TaskPanel.tsx';
import { TicketTimeline } from './TicketTimeline.tsx';
import { useCollision } from './useCollision.ts';
import { errorText } from '../../shared/errors.ts';
import { dateTime, fromNow } from '../../shared/format.ts';
import { useAsync, useDirectory } from '../../shared/hooks.ts';
import { enumLabel, useI18n, type Translate } from '../../i18n.ts';

export function TicketPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { user } = useAuth();
  const navigate = useNavigate();
  const [suggesting, setSuggesting] = useState(false);
  const { users, groups } = useDirectory();
  const id = Number(useParams().id);
  const [saving, setSaving] = useState(false);
  const [orderOpen, setOrderOpen] = useState(false);
  const [round, setRound] = useState(0);

  const ticket = useAsync(() => api.get<TicketAnswer>(`/api/tickets/${id}`).then((r) => r.ticket), [id]);
  const orderId = ticket.data?.id === id ? ticket.data.orderId : null;
  const orderNo = useAsync(
    () => (orderId ? api.get<OrderAnswer>(`/api/orders/${orderId}`).then((r) => r.order.orderNo) : Promise.resolve(null)),
    [orderId],
  );
  const timeline = useAsync(() => api.get<Timeline>(`/api/tickets/${id}/timeline`).then((r) => r.events), [id]);
  // Collision: who else has this ticket open, or is typing a reply (the desk's agent socket; others have none).
  const collision = useCollision(id, DESK_ROLES.includes(user.role));
  const otherReply = collision.replied?.eventId;
  const reloadTimeline = timeline.reload;
  useEffect(() => {
    if (otherReply) reloadTimeline();
  }, [otherReply, reloadTimeline]);

  function refresh() {
    ticket.reload();
    timeline.reload();
  }
  /** Something beside the ticket changed (an after-sale request, a task): reload it all. */
  function refreshAll() {
    refresh();
    setRound((n) => n + 1);
  }

  async function change(patch: TicketChange) {
    if (!ticket.data) return;
    setSaving(true);
    try {
      await api.patch(`/api/tickets/${id}`, { version: ticket.data.version, ...patch });
      message.success(t('ticket.updated'));
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) message.warning(t('ticket.conflict'));
      else message.error(complaintRefusal(t, err) ?? errorText(t, err));
    } finally {
      setSaving(false);
      refresh();
    }
  }

  const data = ticket.data?.id === id ? ticket.data : undefined;
  if (!data) return <PageState loading={ticket.loading} error={ticket.error} notFoundKey="ticket.notFound" onRetry={refresh} backTo="/tickets" />;
  const desk = DESK_ROLES.includes(user.role);
  const firstDue = data.clocks.find((c) => c.state === 'running' && c.dueAt === data.slaDueAt);

  return (
    <div>
      <Flex align="center" gap={8} style={{ marginBottom: 12 }}>
        <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)} aria-label={t('common.back')} />
        <Typography.Text copyable className="kefu-muted" style={{ fontFamily: 'ui-monospace, monospace' }} data-testid="ticket-number">
          {data.number}
        </Typography.Text>
        <CollisionBar viewers={collision.viewers} />
        {desk && (
          <Button size="small" style={{ marginLeft: 'auto' }} onClick={() => setSuggesting(true)} data-testid="ticket-record-suggestion">
            {t('ticket.suggestion.record')}
          </Button>
        )}
      </Flex>
      <CreateTicketModal
        open={suggesting}
        initialType="suggestion"
        onClose={() => setSuggesting(false)}
        onCreated={(created) => navigate(`/tickets/${created}`)}
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={16} xl={17}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Card>
              <Typography.Title level={4} style={{ marginTop: 0 }} data-testid="ticket-subject">
                {data.subject}
              </Typography.Title>
              <Space wrap size={[4, 8]} style={{ marginBottom: 16 }} data-testid="ticket-tags">
                <TypeTag type={data.type} />
                <span data-testid="ticket-status">
                  <StatusTag status={data.status} />
                </span>
                <PriorityTag priority={data.priority} />
                <ChannelTag channel={data.channel} />
                {data.severity && <SeverityTag severity={data.severity} />}
                {data.category && <Typography.Text type="secondary">{enumLabel(t, 'category', data.category)}</Typography.Text>}
                <PlainTags tags={data.tags} />
                {data.escalationLevel && <EscalationTag level={data.escalationLevel} />}
                <SlaCountdown dueAt={data.slaDueAt} clock={firstDue} prefix={firstDue && metricLabel(t, firstDue.metric)} />
              </Space>
              <Descriptions
                size="small"
                column={{ xs: 1, md: data.orderId ? 2 : 3 }}
                style={{ marginBottom: data.description ? 16 : 0 }}
                items={[
                  {
                    key: 'customer',
                    label: t('ticket.customer'),
                    children:
                      data.customerId && DESK_ROLES.includes(user.role) ? (
                        <Link to={`/customers/${data.customerId}`} data-testid="customer-link">
                          <UserOutlined /> {data.customerName}
                        </Link>
                      ) : (
                        (data.customerName ?? <span className="kefu-muted">{t('ticket.noCustomer')}</span>)
                      ),
                  },
                  { key: 'assignee', label: t('ticket.assignee'), children: data.assigneeName ?? t('ticket.assignee.none') },
                  ...(data.orderId
                    ? [
                        {
                          key: 'order',
                          label: t('ticket.order'),
                          children: (
                            <Button
                              type="link"
                              size="small"
                              icon={<ShoppingOutlined />}
                              onClick={() => setOrderOpen(true)}
                              style={{ padding: 0, height: 'auto' }}
                              data-testid="ticket-order"
                            >
                              <span className="kefu-mono">{orderNo.data ?? `#${data.orderId}`}</span>
                            </Button>
                          ),
                        },
                      ]
                    : []),
                  {
                    key: 'created',
                    label: t('ticket.createdAt'),
                    children: <Tooltip title={dateTime(data.createdAt)}>{fromNow(data.createdAt)}</Tooltip>,
                  },
                ]}
              />
              {data.description && <div className="kefu-description">{data.description}</div>}
            </Card>
            {data.complaint && (
              <ComplaintLoop
                ticket={data}
                complaint={data.complaint}
                canAct={desk}
                onStatus={(status) => void change({ status })}
                onChanged={refresh}
              />
            )}
            <AfterSalePanel ticketId={id} ticketDescription={data.description} reloadKey={round} onChanged={refreshAll} />
            <Card
              title={t('timeline.title')}
              size="small"
              loading={!timeline.data && timeline.loading}
              extra={
                desk && (
                  <Space size={4}>
                    {data.customerId && <DialButton customerId={data.customerId} ticketId={id} />}
                    <CallLogButton ticketId={id} onLogged={timeline.reload} />
                  </Space>
                )
              }
              data-testid="ticket-timeline"
            >
              {timeline.error && !timeline.data ? (
                <PageState error={timeline.error} onRetry={timeline.reload} />
              ) : (
                <TicketTimeline events={timeline.data ?? []} users={users} groups={groups} />
              )}
            </Card>
            <Composer
              ticketId={id}
              canReply={desk}
              onSent={refresh}
              vars={{ customerName: data.customerName, orderNo: orderNo.data, agentName: user.displayName }}
              question={data.description || data.subject}
              collision={collision}
              onReview={() => {
                timeline.reload();
                document.querySelector('[data-testid="ticket-timeline"]')?.scrollIntoView({ behavior: 'smooth' });
              }}
            />
          </Space>
        </Col>
        <Col xs={24} lg={8} xl={7}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <TicketProperties ticket={data} busy={saving} onChange={(c) => void change(c)} />
            <SlaClocksCard clocks={data.clocks} />
            <EscalationPanel ticketId={id} escalations={data.escalations} canEscalate={desk && data.status !== 'closed'} onEscalated={refresh} />
            <TaskPanel ticketId={id} reloadKey={round} onChanged={refresh} />
            {desk && <SurveyResult ticketId={id} />}
          </Space>
        </Col>
      </Row>
      <OrderDrawer
        orderId={orderOpen && data.orderId ? data.orderId : null}
        ticketId={id}
        onClose={() => {
          setOrderOpen(false);
          refreshAll();
        }}
      />
    </div>
  );
}

/** Solving or closing a complaint without what its loop needs: the server names the missing field (complaint.solution…). */
function complaintRefusal(t: Translate, err: unknown): string | null {
  if (!(err instanceof ApiError)) return null;
  const field = err.fields.find((f) => f.field.startsWith('complaint.'))?.field;
  if (field === 'complaint.solution') return t('complaint.refused.solution');
  if (field === 'complaint.rootCause') return t('complaint.refused.rootCause');
  if (field === 'complaint.confirmedAt') return t('complaint.refused.confirmation');
  return null;
}
