import { Alert, App, Badge, Card, Col, Row, Space } from 'antd';
import { useState } from 'react';
import { api, type OrderAnswer, type OrderFlag } from '../../api.ts';
import { DESK_ROLES, useAuth } from '../../auth.tsx';
import { isRefusal } from '../../shared/errors.ts';
import { yuan } from '../../shared/format.ts';
import { useAsync } from '../../shared/hooks.ts';
import { useI18n, type MessageKey } from '../../i18n.ts';
import { AfterSaleModal } from '../aftersales/AfterSaleModal.tsx';
import { OrderChecks } from './OrderChecks.tsx';
import { OrderHeader } from './OrderHeader.tsx';
import { OrderLines, type LineChange } from './OrderLines.tsx';
import { OrderReceiverCard } from './OrderReceiver.tsx';
import { OrderAfterSalesCard, OrderTasksCard } from './OrderRelated.tsx';
import { OrderSubstitutionsCard } from './OrderSubstitutions.tsx';
import { OrderHistoryCard, OrderLogisticsCard } from './OrderTimelines.tsx';
import { ProblemOrderModal } from './ProblemOrderModal.tsx';
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
    <OrderHeader
      order={order}
      desk={desk}
      gone={gone}
      editable={editable}
      onConfirm={confirm}
      onCancel={cancel}
      onAfterSale={() => setAfterSale(true)}
      onProblem={() => setProblem(true)}
    />
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

  const info = <OrderReceiverCard order={order} desk={desk} />;
  const afterSales = <OrderAfterSalesCard order={order} />;
  const tasks = <OrderTasksCard order={order} />;
  const substitutions = (
    <OrderSubstitutionsCard
      order={order}
      canAnswer={desk}
      answer={(s, body) => run(() => api.post(`/api/substitutions/${s.id}/answer`, body), 'sub.answered')}
    />
  );
  const logistics = <OrderLogisticsCard order={order} />;
  const history = <OrderHistoryCard order={order} />;

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
