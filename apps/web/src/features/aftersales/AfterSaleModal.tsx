import { AFTER_SALE_KINDS, AFTER_SALE_REASONS, COMPENSATION_KINDS, DEFAULT_AFTER_SALE_POLICY } from '@kefu/domain';
import { Alert, App, Checkbox, Col, Form, Input, InputNumber, Modal, Radio, Row, Select, Table } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api, type AfterSale, type AfterSaleAnswer, type Order, type OrderLine, type Settings } from '../../api.ts';
import { applyFieldErrors, errorText } from '../../shared/errors.ts';
import { fenOf, yuan } from '../../shared/format.ts';
import { useAsync } from '../../shared/hooks.ts';
import { enumLabel, useI18n } from '../../i18n.ts';
import { lineTitle } from '../orders/OrderLines.tsx';

/** Kinds whose amount leaves the shop's account: bounded by what is left on the order, above the limit a supervisor approves. */
const PAYS_OUT = ['return', 'refund', 'compensation'];
const NEEDS_LINES = ['return', 'exchange', 'repair', 'refund', 'reissue'];
const INTACT_KINDS = ['return', 'exchange'];
const DEFAULT_REASON: Record<string, string> = {
  return: 'no_reason',
  exchange: 'size',
  repair: 'quality',
  refund: 'other',
  reissue: 'wrong_item',
  compensation: 'late',
};

interface Values {
  kind: string;
  reason: string;
  amount?: number | null;
  compensationKind?: string;
  intact: 'yes' | 'no' | 'unknown';
  complex: boolean;
  description?: string;
}

/**
 * 申请售后 on an order: kind, reason, the items and quantities, the amount in yuan, how the shopper is
 * compensated, the goods' condition, a complex case. Opens the request on `ticketId` or on a new 售后
 * ticket, which the agent is taken to.
 */
export function AfterSaleModal({
  order,
  ticketId,
  open,
  onClose,
  onCreated,
}: {
  order: Order;
  ticketId?: number;
  open: boolean;
  onClose(): void;
  onCreated(a: AfterSale): void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch('kind', form) ?? 'return';
  const amount = Form.useWatch('amount', form);
  const complex = Form.useWatch('complex', form);
  const [picked, setPicked] = useState<Record<number, number>>({});
  const [amountTouched, setAmountTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const settings = useAsync(() => (open ? api.get<Settings>('/api/settings').catch(() => null) : Promise.resolve(null)), [open]);
  const limitFen = settings.data?.settings.afterSalePolicy?.value.approvalLimitFen ?? DEFAULT_AFTER_SALE_POLICY.approvalLimitFen;

  const lines = order.lines.filter((l) => l.status === 'active' || l.status === 'awaiting_payment');
  const linesFen = lines.reduce((sum, l) => sum + (picked[l.id] ?? 0) * Number(l.unitPriceFen), 0);
  const leftFen = useMemo(
    () =>
      Number(order.totalFen) -
      order.afterSales
        .filter((a) => PAYS_OUT.includes(a.kind) && a.state !== 'rejected' && a.state !== 'cancelled')
        .reduce((sum, a) => sum + Number(a.amountFen), 0),
    [order],
  );
  const paysOut = PAYS_OUT.includes(kind);
  const effectiveFen = fenOf(amount) ?? (kind === 'compensation' ? 0 : linesFen);
  const overLimit = paysOut && effectiveFen > limitFen;

  // A fresh dialog: the only item chosen when there is one, the amount following the items until typed over.
  useEffect(() => {
    if (!open) return;
    setPicked(lines.length === 1 ? { [lines[0]!.id]: lines[0]!.quantity } : {});
    setAmountTouched(false);
    setProblems([]);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, order.id]);
  useEffect(() => {
    if (open && !amountTouched && kind !== 'compensation') form.setFieldValue('amount', linesFen ? linesFen / 100 : null);
  }, [open, linesFen, amountTouched, kind, form]);

  async function submit(values: Values) {
    const chosen = Object.entries(picked)
      .filter(([, q]) => q > 0)
      .map(([lineId, quantity]) => ({ lineId: Number(lineId), quantity }));
    if (NEEDS_LINES.includes(values.kind) && chosen.length === 0) {
      setProblems([t('as.pickLines')]);
      return;
    }
    setBusy(true);
    setProblems([]);
    try {
      const amountFen = PAYS_OUT.includes(values.kind) ? fenOf(values.amount) : null;
      const { afterSale } = await api.post<AfterSaleAnswer>('/api/aftersales', {
        orderId: order.id,
        ...(ticketId && { ticketId }),
        kind: values.kind,
        reason: values.reason,
        lines: chosen,
        ...(amountFen !== null && { amountFen }),
        ...(values.kind === 'compensation' && { compensationKind: values.compensationKind }),
        ...(INTACT_KINDS.includes(values.kind) && { goodsIntact: values.intact === 'unknown' ? null : values.intact === 'yes' }),
        complex: values.complex,
        ...(values.description?.trim() && { description: values.description.trim() }),
      });
      message.success(
        <span data-testid="aftersale-created">
          {t('as.created', { number: afterSale.ticketNumber })} <Link to={`/tickets/${afterSale.ticketId}`}>{t('as.openTicket')}</Link>
        </span>,
      );
      onClose();
      onCreated(afterSale);
      if (!ticketId) navigate(`/tickets/${afterSale.ticketId}`);
    } catch (err) {
      const rest = applyFieldErrors(form, err, ['kind', 'reason', 'description', 'compensationKind', 'complex']);
      const amountError = rest.find((r) => r.startsWith('body.amountFen'));
      if (amountError) form.setFields([{ name: 'amount', errors: [amountError.replace(/^body\.amountFen: /, '')] }]);
      const others = rest.filter((r) => r !== amountError);
      setProblems(others.length ? others : amountError || form.getFieldsError().some((f) => f.errors.length) ? [] : [errorText(t, err)]);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open={open}
      title={t('as.title', { no: order.orderNo })}
      okText={t('as.submit')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={busy}
      destroyOnHidden
      width={700}
      okButtonProps={{ 'data-testid': 'aftersale-submit' }}
    >
      <div data-testid="aftersale-modal">
        {problems.length > 0 && <Alert type="error" showIcon title={problems.join('\n')} style={{ marginBottom: 12, whiteSpace: 'pre-line' }} />}
        <Form<Values>
          form={form}
          layout="vertical"
          preserve={false}
          onFinish={(v) => void submit(v)}
          initialValues={{ kind: 'return', reason: 'no_reason', intact: 'unknown', complex: false }}
          onValuesChange={(changed: Partial<Values>) => {
            if (changed.kind) {
              form.setFieldValue('reason', DEFAULT_REASON[changed.kind] ?? 'other');
              if (changed.kind === 'compensation') {
                form.setFieldValue('amount', null);
                setAmountTouched(false);
              }
            }
            if ('amount' in changed) setAmountTouched(true);
          }}
        >
          <Form.Item name="kind" label={t('as.kind')} rules={[{ required: true }]}>
            <Radio.Group
              optionType="button"
              buttonStyle="solid"
              data-testid="aftersale-kind"
              options={AFTER_SALE_KINDS.map((k) => ({ value: k, label: enumLabel(t, 'afterSaleKind', k) }))}
            />
          </Form.Item>
          <Row gutter={16}>
            <Col span={12}>
              <Form.Item name="reason" label={t('as.reason')} rules={[{ required: true }]}>
                <Select
                  data-testid="aftersale-reason"
                  options={AFTER_SALE_REASONS.map((r) => ({ value: r, label: enumLabel(t, 'afterSaleReason', r) }))}
                />
              </Form.Item>
            </Col>
            {INTACT_KINDS.includes(kind) && (
              <Col span={12}>
                <Form.Item name="intact" label={t('as.goodsIntactLabel')}>
                  <Radio.Group
                    data-testid="aftersale-intact"
                    options={[
                      { value: 'yes', label: t('as.intact.yes') },
                      { value: 'no', label: t('as.intact.no') },
                      { value: 'unknown', label: t('as.intact.unknown') },
                    ]}
                  />
                </Form.Item>
              </Col>
            )}
          </Row>
          <Form.Item label={t('as.lines')} required={NEEDS_LINES.includes(kind)}>
            <Table<OrderLine>
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={lines}
              data-testid="aftersale-lines"
              rowSelection={{
                selectedRowKeys: Object.keys(picked).map(Number),
                onChange: (keys) =>
                  setPicked(
                    Object.fromEntries(keys.map((k) => [Number(k), picked[Number(k)] ?? lines.find((l) => l.id === Number(k))?.quantity ?? 1])),
                  ),
              }}
              columns={[
                { title: t('line.title'), key: 'title', ellipsis: true, render: (_: unknown, l: OrderLine) => lineTitle(t, l) },
                { title: t('line.price'), dataIndex: 'unitPriceFen', width: 100, align: 'right', render: (v: number) => yuan(Number(v)) },
                {
                  title: t('as.quantity'),
                  key: 'qty',
                  width: 120,
                  render: (_: unknown, l: OrderLine) => (
                    <InputNumber
                      size="small"
                      min={1}
                      max={l.quantity}
                      precision={0}
                      value={picked[l.id] ?? null}
                      disabled={!(l.id in picked)}
                      onChange={(q) => setPicked({ ...picked, [l.id]: q ?? 1 })}
                      suffix={`/ ${l.quantity}`}
                      style={{ width: 96 }}
                    />
                  ),
                },
              ]}
            />
          </Form.Item>
          {paysOut && (
            <Row gutter={16}>
              <Col span={12}>
                <Form.Item
                  name="amount"
                  label={t('as.amount')}
                  extra={t('as.amountHint', { max: yuan(Math.max(0, leftFen)) })}
                  rules={kind === 'compensation' ? [{ required: true, message: t('as.amountRequired') }] : []}
                >
                  <InputNumber
                    min={0}
                    max={Math.max(0, leftFen) / 100}
                    precision={2}
                    step={1}
                    prefix="¥"
                    style={{ width: '100%' }}
                    data-testid="aftersale-amount"
                  />
                </Form.Item>
              </Col>
              {kind === 'compensation' && (
                <Col span={12}>
                  <Form.Item name="compensationKind" label={t('as.compensationKind')} rules={[{ required: true, message: t('as.compensationKind') }]}>
                    <Select options={COMPENSATION_KINDS.map((c) => ({ value: c, label: enumLabel(t, 'compensation', c) }))} />
                  </Form.Item>
                </Col>
              )}
            </Row>
          )}
          {(overLimit || complex) && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 16 }}
              data-testid="aftersale-supervisor-hint"
              title={overLimit ? t('as.approvalHint', { limit: yuan(limitFen) }) : t('as.needsSupervisor')}
            />
          )}
          <Form.Item name="complex" valuePropName="checked" style={{ marginBottom: 12 }}>
            <Checkbox>{t('as.complex')}</Checkbox>
          </Form.Item>
          <Form.Item name="description" label={t('as.description')}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={5000} placeholder={t('as.descriptionPlaceholder')} />
          </Form.Item>
        </Form>
      </div>
    </Modal>
  );
}
