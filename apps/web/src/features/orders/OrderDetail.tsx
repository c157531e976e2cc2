import {
  CheckCircleOutlined,
  CustomerServiceOutlined,
  EnvironmentOutlined,
  ExclamationCircleOutlined,
  StopOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { PROBLEM_ORDER_KINDS } from '@kefu/domain';
import {
  Alert,
  App,
  Badge,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Form,
  Input,
  Modal,
  Row,
  Select,
  Space,
  Tag,
  Timeline,
  Tooltip,
  Typography,
} from 'antd';
import { useState, type ReactNode } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api, type Order, type OrderAnswer, type OrderEvent, type OrderFlag, type Substitution, type TicketAnswer } from '../../api.ts';
import { DESK_ROLES, useAuth } from '../../auth.tsx';
import { applyFieldErrors, errorText, isRefusal } from '../../shared/errors.ts';
import { dateTime, dayjs, fromNow, yuan } from '../../shared/format.ts';
import { useAsync } from '../../shared/hooks.ts';
import { enumLabel, useI18n, type MessageKey, type Translate } from '../../i18n.ts';
import { AfterSaleModal } from '../aftersales/AfterSaleModal.tsx';
import { OrderChecks } from './OrderChecks.tsx';
import { lineTitle, OrderLines, type LineChange } from './OrderLines.tsx';
import { AfterSaleStateTag, DepartmentTag, OrderKindTag, OrderStatusTag, TaskStateTag } from './OrderTags.tsx';
import { PageState } from '../../shared/PageState.tsx';
import { usePrompt } from '../../shared/PromptModal.tsx';

const LEFT_WAREHOUSE = ['shipped', 'delivered', 'completed'];

/**
 * Everything on one order, for the order page and the drawer beside a chat: header and actions, checks,
 * items, receiver and money, after-sales, tasks, substitutions, tracking and history. `ticketId` ties an
 * after-sale request opened here to the ticket the drawer was opened from.
 */
export function OrderDetail({ orderId, layout, ticketId }: { orderId: number; layout: 'page' | 'drawer'; ticketId?: number }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { user } = useAuth();
  const [prompt, promptElement] = usePrompt();
  const [afterSale, setAfterSale] = useState(false);
  const [problem, setProblem] = useState(false);
  const result = useAsync(() => api.get<OrderAnswer>(`/api/orders/${orderId}`).then((r) => r.order), [orderId]);
  const order = result.data?.id === orderId ? result.data : undefined;
  if (!order)
    return <PageState loading={result.loading} error={result.error} notFoundKey="order.notFound" onRetry={result.reload} backTo="/orders" />;

  const desk = DESK_ROLES.includes(user.role);
  const gone = LEFT_WAREHOUSE.includes(order.status);
  const editable = desk && !gone && order.status !== 'cancelled';

  /** Runs a change; a stale version reloads instead of failing; other errors go back to the caller's dialog. */
  async function run(action: () => Promise<unknown>, done: MessageKey) {
    try {
      await action();
      message.success(t(done));
      result.reload();
    } catch (err) {
      if (isRefusal(err, 'stale_version')) {
        message.warning(t('order.conflict'));
        result.reload();
        return;
      }
      throw err;
    }
  }
  const o = order;
  const confirm = () =>
    prompt({
      title: t('order.confirm'),
      noInput: true,
      okText: t('order.confirm'),
      extra: <Alert type="info" showIcon title={t('order.confirmAsk')} description={o.remark ? `${t('order.remark')}：${o.remark}` : undefined} />,
      submit: () => run(() => api.post(`/api/orders/${o.id}/confirm`, { version: o.version }), 'order.confirmedMsg'),
    });
  const resolve = (flag: OrderFlag, resolution: string) =>
    run(() => api.post(`/api/orders/${o.id}/flags/${flag.id}/resolve`, { resolution }), 'flag.resolvedMsg');
  const changeLine = (c: LineChange) => run(() => api.post(`/api/orders/${o.id}/lines`, { version: o.version, ...c }), 'line.changed');
  const cancel = () =>
    prompt({
      title: t('order.cancelTitle', { no: o.orderNo }),
      label: t('order.reason'),
      required: true,
      danger: true,
      okText: t('order.cancel'),
      extra: o.paidAt ? <Alert type="warning" showIcon title={t('order.cancelHint')} style={{ marginBottom: 12 }} /> : undefined,
      testId: 'order-cancel-dialog',
      submit: (reason) => run(() => api.post(`/api/orders/${o.id}/cancel`, { version: o.version, reason }), 'order.cancelledMsg'),
    });

  const openFlags = order.flags.filter((f) => !f.resolvedAt).length;
  const header = (
    <Card size="small" className="kefu-order-card" data-testid="order-header">
      <div className="kefu-order-head">
        <div className="kefu-order-title">
          <Typography.Text copyable className="kefu-mono kefu-order-no" data-testid="order-no">
            {order.orderNo}
          </Typography.Text>
          <Tag variant="filled">{enumLabel(t, 'platform', order.platform)}</Tag>
          <span data-testid="order-status">
            <OrderStatusTag status={order.status} />
          </span>
          <OrderKindTag kind={order.kind} />
          {!order.collectPayment && <Tag color="default">{t('order.notCollect')}</Tag>}
        </div>
        <div className="kefu-order-total" data-testid="order-total">
          {yuan(Number(order.totalFen))}
        </div>
      </div>
      <div className="kefu-order-times">
        <span>
          {t('order.createdAt')} {dateTime(order.createdAt)}
        </span>
        {order.paidAt && (
          <span>
            {t('order.paidAt')} {dateTime(order.paidAt)}
          </span>
        )}
        {order.shippedAt && (
          <span>
            {t('order.shippedAt')} {dateTime(order.shippedAt)}
          </span>
        )}
        {order.deliveredAt && (
          <span>
            {t('order.deliveredAt')} {dateTime(order.deliveredAt)}
          </span>
        )}
      </div>
      {order.originalOrderId && (
        <div className="kefu-small" style={{ marginTop: 6 }}>
          {t('order.original')}：<Link to={`/orders/${order.originalOrderId}`}>#{order.originalOrderId}</Link>
        </div>
      )}
      {order.replacements.length > 0 && (
        <div className="kefu-small" style={{ marginTop: 6 }}>
          {t('order.replacements')}：
          {order.replacements.map((r) => (
            <Link key={r.id} to={`/orders/${r.id}`} className="kefu-mono" style={{ marginRight: 8 }}>
              {r.orderNo}
            </Link>
          ))}
        </div>
      )}
      {order.status === 'cancelled' && order.cancelReason && (
        <Alert type="warning" showIcon icon={<StopOutlined />} style={{ marginTop: 8 }} title={`${t('order.cancelReason')}：${order.cancelReason}`} />
      )}
      <div className="kefu-order-actions">
        {order.confirmedAt ? (
          <Tooltip title={dateTime(order.confirmedAt)}>
            <Tag color="green" icon={<CheckCircleOutlined />}>
              {t('order.confirmedTag')}
            </Tag>
          </Tooltip>
        ) : desk && !gone && order.status !== 'cancelled' ? (
          <Button size="small" type="primary" ghost icon={<CheckCircleOutlined />} onClick={confirm} data-testid="order-confirm">
            {t('order.confirm')}
          </Button>
        ) : null}
        <span style={{ flex: 1 }} />
        {desk && order.status !== 'unpaid' && order.status !== 'cancelled' && (
          <Button size="small" type="primary" icon={<CustomerServiceOutlined />} onClick={() => setAfterSale(true)} data-testid="order-aftersale">
            {t('order.afterSale')}
          </Button>
        )}
        {desk && (
          <Button size="small" icon={<ExclamationCircleOutlined />} onClick={() => setProblem(true)} data-testid="order-problem">
            {t('order.problem')}
          </Button>
        )}
        {editable && (
          <Button size="small" danger onClick={cancel} data-testid="order-cancel">
            {t('order.cancel')}
          </Button>
        )}
      </div>
      {desk && gone && (
        <div className="kefu-muted kefu-small" style={{ marginTop: 6 }}>
          {t('order.leftWarehouse')}
        </div>
      )}
    </Card>
  );

  const checks = (
    <Card
      size="small"
      title={
        <Space>
          {t('order.checks')}
          {openFlags > 0 && <Badge count={openFlags} color="#fa8c16" />}
        </Space>
      }
    >
      <OrderChecks order={order} canAct={desk} prompt={prompt} resolve={resolve} confirm={confirm} />
    </Card>
  );

  const lines = (
    <Card size="small" title={t('order.lines')} styles={{ body: { padding: 0 } }}>
      <OrderLines order={order} editable={editable} prompt={prompt} change={changeLine} />
      <div className="kefu-order-sum">
        <span>
          {t('order.goods')} {yuan(Number(order.goodsFen))}
        </span>
        {Number(order.discountFen) > 0 && (
          <span>
            {t('order.discount')} -{yuan(Number(order.discountFen))}
          </span>
        )}
        <span>
          {t('order.shipping')} {yuan(Number(order.shippingFen))}
        </span>
        <strong>
          {t('order.total')} {yuan(Number(order.totalFen))}
        </strong>
      </div>
    </Card>
  );

  const address = [order.province, order.city, order.district, order.address].filter(Boolean).join(' ');
  const none = <span className="kefu-muted">—</span>;
  const info = (
    <Card size="small" title={t('order.receiver')}>
      <Descriptions
        size="small"
        column={1}
        items={[
          {
            key: 'customer',
            label: t('order.customer'),
            children: order.customerId ? (
              desk ? (
                <Link to={`/customers/${order.customerId}`}>
                  <UserOutlined /> {order.customerName}
                </Link>
              ) : (
                order.customerName
              )
            ) : (
              none
            ),
          },
          ...(order.buyerNick
            ? [{ key: 'buyer', label: t('order.buyer'), children: <Typography.Text copyable>{order.buyerNick}</Typography.Text> }]
            : []),
          {
            key: 'receiver',
            label: t('order.receiverShort'),
            children:
              order.receiverName || order.receiverPhone ? (
                <span>
                  {order.receiverName}{' '}
                  {order.receiverPhone && (
                    <Typography.Text copyable className="kefu-mono">
                      {order.receiverPhone}
                    </Typography.Text>
                  )}
                </span>
              ) : (
                none
              ),
          },
          {
            key: 'address',
            label: t('order.address'),
            children: address ? (
              <span>
                <EnvironmentOutlined className="kefu-muted" /> {address}
              </span>
            ) : (
              none
            ),
          },
          ...(order.trackingNo
            ? [
                {
                  key: 'tracking',
                  label: t('order.tracking'),
                  children: (
                    <span>
                      {order.courier && `${order.courier} `}
                      <Typography.Text copyable className="kefu-mono">
                        {order.trackingNo}
                      </Typography.Text>
                    </span>
                  ),
                },
              ]
            : []),
          ...(order.remark ? [{ key: 'remark', label: t('order.remark'), children: <span className="kefu-remark">{order.remark}</span> }] : []),
          ...(order.invoice
            ? [
                {
                  key: 'invoice',
                  label: t('order.invoice'),
                  children: `${order.invoice.title ?? ''}${order.invoice.taxId ? ` · ${order.invoice.taxId}` : ''}${order.invoice.amountFen !== undefined ? ` · ${yuan(order.invoice.amountFen)}` : ''}`,
                },
              ]
            : []),
          ...(order.coupon ? [{ key: 'coupon', label: t('order.coupon'), children: order.coupon }] : []),
        ]}
      />
    </Card>
  );

  const afterSales = (
    <Card size="small" title={t('order.afterSales')} data-testid="order-aftersales">
      {order.afterSales.length === 0 ? (
        <div className="kefu-muted kefu-small">{t('order.noAfterSales')}</div>
      ) : (
        order.afterSales.map((a) => (
          <div key={a.id} className="kefu-related-row">
            <span>{enumLabel(t, 'afterSaleKind', a.kind)}</span>
            <AfterSaleStateTag state={a.state} />
            {Number(a.amountFen) > 0 && <span>{yuan(Number(a.amountFen))}</span>}
            <span style={{ flex: 1 }} />
            <Link to={`/tickets/${a.ticketId}`} className="kefu-mono">
              {a.ticketNumber}
            </Link>
          </div>
        ))
      )}
    </Card>
  );

  const tasks = (
    <Card size="small" title={t('order.tasks')}>
      {order.tasks.length === 0 ? (
        <div className="kefu-muted kefu-small">{t('order.noTasks')}</div>
      ) : (
        order.tasks.map((task) => {
          const late = task.state !== 'done' && Date.parse(task.dueAt) < Date.now();
          return (
            <div key={task.id} className="kefu-related-block">
              <div className="kefu-related-row">
                <DepartmentTag department={task.department} />
                <span className="kefu-ellipsis" style={{ flex: 1 }}>
                  {task.title}
                </span>
                <TaskStateTag state={task.state} />
              </div>
              <div className={`kefu-small ${late ? 'kefu-danger' : 'kefu-muted'}`}>
                {t('task.due')} {dateTime(task.dueAt)}
                {late && ` · ${t('task.late')}`}
              </div>
              {task.answer && <div className="kefu-small kefu-answer">{task.answer}</div>}
            </div>
          );
        })
      )}
    </Card>
  );

  const substitutions = order.substitutions.length > 0 && (
    <Card size="small" title={t('order.substitutions')}>
      {order.substitutions.map((s) => (
        <SubstitutionRow
          key={s.id}
          s={s}
          order={order}
          canAnswer={desk}
          answer={(body) => run(() => api.post(`/api/substitutions/${s.id}/answer`, body), 'sub.answered')}
        />
      ))}
    </Card>
  );

  const logistics = (
    <Card size="small" title={t('order.logistics')}>
      {order.logistics.length === 0 ? (
        <div className="kefu-muted kefu-small">{t('order.noLogistics')}</div>
      ) : (
        <Timeline
          items={order.logistics.map((e, i) => ({
            key: `${e.at}-${i}`,
            color: i === 0 ? 'green' : 'gray',
            content: (
              <div className={i === 0 ? undefined : 'kefu-muted'}>
                <div>{e.description}</div>
                <div className="kefu-small kefu-muted">
                  {dateTime(e.at)}
                  {e.location && ` · ${e.location}`}
                </div>
              </div>
            ),
          }))}
        />
      )}
    </Card>
  );

  const history = (
    <Card size="small" title={t('order.history')}>
      {order.events.length === 0 ? (
        <div className="kefu-muted kefu-small">{t('order.noHistory')}</div>
      ) : (
        <Timeline
          items={[...order.events].reverse().map((e) => ({
            key: e.id,
            color: e.kind === 'cancelled' ? 'red' : e.kind === 'confirmed' ? 'green' : 'gray',
            content: (
              <div className="kefu-event">
                {orderEventText(t, e)}
                <Tooltip title={dateTime(e.at)}>
                  <span className="kefu-event-time">{fromNow(e.at)}</span>
                </Tooltip>
              </div>
            ),
          }))}
        />
      )}
    </Card>
  );

  const dialogs = (
    <>
      {promptElement}
      <AfterSaleModal order={order} ticketId={ticketId} open={afterSale} onClose={() => setAfterSale(false)} onCreated={result.reload} />
      <ProblemOrderModal order={order} open={problem} onClose={() => setProblem(false)} />
    </>
  );

  if (layout === 'drawer') {
    return (
      <div className="kefu-order-stack" data-testid="order-detail">
        {header}
        {(openFlags > 0 || order.flags.length > 0) && checks}
        {lines}
        {info}
        {afterSales}
        {tasks}
        {substitutions}
        {logistics}
        {history}
        {dialogs}
      </div>
    );
  }
  return (
    <Row gutter={[16, 16]} data-testid="order-detail">
      <Col xs={24} xl={15}>
        <div className="kefu-order-stack">
          {header}
          {checks}
          {lines}
          {logistics}
        </div>
      </Col>
      <Col xs={24} xl={9}>
        <div className="kefu-order-stack">
          {info}
          {afterSales}
          {tasks}
          {substitutions}
          {history}
        </div>
      </Col>
      {dialogs}
    </Row>
  );
}

/** "小美 取消了「T恤」：顾客不要了" and the other lines of an order's history. */
export function orderEventText(t: Translate, e: OrderEvent): string {
  const d = e.data ?? {};
  const str = (v: unknown) => (v === null || v === undefined ? '' : String(v));
  const vars: Record<string, string> = {
    actor: e.actorName ?? t('common.system'),
    reason: str(d.reason),
    resolution: str(d.resolution),
    product: str(d.product),
    quantity: str(d.quantity),
    line: str(d.line) || '—',
    title: str(d.title) || t('line.untitled', { id: str(d.lineId) }),
    kind:
      e.kind === 'check_resolved' ? enumLabel(t, 'flag', str(d.kind)) : e.kind === 'after_sale' ? enumLabel(t, 'afterSaleKind', str(d.kind)) : e.kind,
    outcome: enumLabel(t, 'subOutcome', str(d.outcome)),
  };
  if (e.kind === 'check_resolved' && d.resolution === 'confirmed') vars.resolution = t('order.confirmedTag');
  const key = `orderEvent.${e.kind}` as MessageKey;
  return t(key) === key ? t('orderEvent.other', vars) : t(key, vars);
}

function SubstitutionRow({
  s,
  order,
  canAnswer,
  answer,
}: {
  s: Substitution;
  order: Order;
  canAnswer: boolean;
  answer(body: { version: number; outcome: string; note?: string; followUpAt?: string }): Promise<void>;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ outcome: string; note?: string; followUpAt?: dayjs.Dayjs }>();
  const outcome = Form.useWatch('outcome', form);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const line = order.lines.find((l) => l.id === s.orderLineId);
  const late = !s.outcome && Date.parse(s.answerDueAt) < Date.now();
  const open = !s.outcome || s.outcome === 'unreachable';

  async function submit(v: { outcome: string; note?: string; followUpAt?: dayjs.Dayjs }) {
    setBusy(true);
    setError(null);
    try {
      await answer({ version: s.version, outcome: v.outcome, note: v.note?.trim() || undefined, followUpAt: v.followUpAt?.toISOString() });
    } catch (err) {
      setError(errorText(t, err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="kefu-related-block">
      <div>{t('sub.proposal', { line: line ? lineTitle(t, line) : `#${s.orderLineId}`, product: s.productName })}</div>
      {s.note && <div className="kefu-small kefu-muted">{s.note}</div>}
      {s.outcome ? (
        <div className="kefu-small">
          <Tag color={s.outcome === 'accepted' ? 'green' : s.outcome === 'declined' ? 'red' : 'gold'}>{enumLabel(t, 'subOutcome', s.outcome)}</Tag>
          {s.followUpAt && t('sub.followUpAt', { at: dateTime(s.followUpAt) })}
          {s.answerNote && <span className="kefu-muted"> · {s.answerNote}</span>}
        </div>
      ) : (
        <div className={`kefu-small ${late ? 'kefu-danger' : 'kefu-muted'}`}>{t('sub.due', { at: dateTime(s.answerDueAt) })}</div>
      )}
      {canAnswer && open && (
        <Form form={form} layout="inline" size="small" onFinish={(v) => void submit(v)} style={{ marginTop: 6, rowGap: 6 }}>
          <Form.Item name="outcome" rules={[{ required: true, message: t('sub.outcome') }]}>
            <Select
              placeholder={t('sub.outcome')}
              style={{ width: 110 }}
              options={['accepted', 'declined', 'unreachable'].map((v) => ({ value: v, label: enumLabel(t, 'subOutcome', v) }))}
            />
          </Form.Item>
          {outcome === 'unreachable' && (
            <Form.Item name="followUpAt" rules={[{ required: true, message: t('sub.followUpRequired') }]}>
              <DatePicker showTime={{ format: 'HH:mm' }} format="MM-DD HH:mm" placeholder={t('sub.followUp')} />
            </Form.Item>
          )}
          <Form.Item name="note">
            <Input placeholder={t('sub.note')} style={{ width: 140 }} maxLength={500} />
          </Form.Item>
          <Button htmlType="submit" size="small" loading={busy}>
            {t('sub.answer')}
          </Button>
        </Form>
      )}
      {error && <div className="kefu-small kefu-danger">{error}</div>}
    </div>
  );
}

/** 问题订单: a ticket on the order, to be answered within 30 minutes; the agent lands on it. */
function ProblemOrderModal({ order, open, onClose }: { order: Order; open: boolean; onClose(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<{ kind: string; description: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ReactNode>(null);

  async function submit(values: { kind: string; description: string }) {
    setBusy(true);
    setError(null);
    try {
      const { ticket } = await api.post<TicketAnswer>(`/api/orders/${order.id}/problem`, {
        kind: values.kind,
        description: values.description.trim(),
      });
      message.success(t('order.problemCreated', { number: ticket.number }));
      onClose();
      navigate(`/tickets/${ticket.id}`);
    } catch (err) {
      const rest = applyFieldErrors(form, err, ['kind', 'description']);
      setError(rest.length ? rest.join('\n') : form.getFieldsError().some((f) => f.errors.length) ? null : errorText(t, err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open={open}
      title={`${t('order.problemTitle')} · ${order.orderNo}`}
      okText={t('common.submit')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={busy}
      destroyOnHidden
      width={520}
    >
      <Alert type="info" showIcon title={t('order.problemHint')} style={{ marginBottom: 16 }} />
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" preserve={false} onFinish={(v) => void submit(v)}>
        <Form.Item name="kind" label={t('order.problemKind')} rules={[{ required: true, message: t('order.problemKind') }]}>
          <Select options={PROBLEM_ORDER_KINDS.map((k) => ({ value: k, label: enumLabel(t, 'problemKind', k) }))} />
        </Form.Item>
        <Form.Item name="description" label={t('order.problemDesc')} rules={[{ required: true, whitespace: true, message: t('order.problemDesc') }]}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={5000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
