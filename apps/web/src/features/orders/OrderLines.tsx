import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, InputNumber, Modal, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import type { Order, OrderLine } from '../../api.ts';
import { errorText } from '../../shared/errors.ts';
import { yuan } from '../../shared/format.ts';
import { enumLabel, useI18n } from '../../i18n.ts';
import type { PromptOptions } from '../../shared/PromptModal.tsx';

const LINE_COLORS: Record<string, string> = { active: 'default', cancelled: 'default', swapped: 'purple', awaiting_payment: 'orange' };

export type LineChange =
  | { action: 'cancel'; lineId: number; reason: string }
  | { action: 'swap'; lineId: number; productId: number; reason: string }
  | { action: 'add'; productId: number; quantity: number }
  | { action: 'paid'; lineId: number };

export function lineTitle(t: ReturnType<typeof useI18n>['t'], line: Pick<OrderLine, 'title' | 'productId' | 'id'>): string {
  return line.title?.trim() || t('line.untitled', { id: line.productId ?? line.id });
}

/**
 * The order's items. Before the order leaves the warehouse the desk may cancel a line, swap it for another
 * product, add one, and record the extra payment a dearer item waits for.
 */
export function OrderLines({
  order,
  editable,
  prompt,
  change,
}: {
  order: Order;
  editable: boolean;
  prompt(options: PromptOptions): void;
  change(c: LineChange): Promise<void>;
}) {
  const { t } = useI18n();
  const [product, setProduct] = useState<{ mode: 'swap' | 'add'; line?: OrderLine } | null>(null);

  const columns = [
    {
      title: t('line.title'),
      key: 'title',
      render: (_: unknown, l: OrderLine) => (
        <div className={l.status === 'cancelled' || l.status === 'swapped' ? 'kefu-line-gone' : undefined}>
          <div className="kefu-line-title">{lineTitle(t, l)}</div>
          {(l.sku || l.substitutedFromId) && (
            <div className="kefu-muted kefu-small">
              {l.sku && <span className="kefu-mono">{l.sku}</span>}
              {l.substitutedFromId && <span style={{ marginLeft: l.sku ? 8 : 0 }}>{t('line.swappedFrom', { id: l.substitutedFromId })}</span>}
            </div>
          )}
        </div>
      ),
    },
    { title: t('line.qty'), dataIndex: 'quantity', width: 56, align: 'right' as const },
    { title: t('line.price'), dataIndex: 'unitPriceFen', width: 96, align: 'right' as const, render: (v: number) => yuan(Number(v)) },
    {
      title: t('line.subtotal'),
      key: 'subtotal',
      width: 100,
      align: 'right' as const,
      render: (_: unknown, l: OrderLine) => <strong>{yuan(Number(l.unitPriceFen) * l.quantity)}</strong>,
    },
    {
      title: t('line.status'),
      dataIndex: 'status',
      width: 84,
      render: (s: string) => (
        <Tag color={LINE_COLORS[s] ?? 'default'} data-line-status={s}>
          {enumLabel(t, 'lineStatus', s)}
        </Tag>
      ),
    },
    ...(editable
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 120,
            render: (_: unknown, l: OrderLine) => (
              <Space size={0}>
                {l.status === 'active' && (
                  <>
                    <Button
                      type="link"
                      size="small"
                      danger
                      data-testid="line-cancel"
                      onClick={() =>
                        prompt({
                          title: t('line.cancelTitle', { title: lineTitle(t, l) }),
                          label: t('order.reason'),
                          required: true,
                          danger: true,
                          extra: order.paidAt ? <Alert type="info" showIcon title={t('line.cancelHint')} style={{ marginBottom: 12 }} /> : undefined,
                          submit: (reason) => change({ action: 'cancel', lineId: l.id, reason }),
                        })
                      }
                    >
                      {t('line.cancel')}
                    </Button>
                    <Button type="link" size="small" onClick={() => setProduct({ mode: 'swap', line: l })}>
                      {t('line.swap')}
                    </Button>
                  </>
                )}
                {l.status === 'awaiting_payment' && (
                  <Button
                    type="link"
                    size="small"
                    data-testid="line-paid"
                    onClick={() =>
                      prompt({
                        title: t('line.paidAsk'),
                        noInput: true,
                        submit: () => change({ action: 'paid', lineId: l.id }),
                      })
                    }
                  >
                    {t('line.paid')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <>
      <Table<OrderLine>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={order.lines}
        columns={columns}
        data-testid="order-lines"
        footer={
          editable
            ? () => (
                <Button size="small" icon={<PlusOutlined />} onClick={() => setProduct({ mode: 'add' })}>
                  {t('line.add')}
                </Button>
              )
            : undefined
        }
      />
      <ProductModal state={product} onClose={() => setProduct(null)} change={change} />
    </>
  );
}

function ProductModal({
  state,
  onClose,
  change,
}: {
  state: { mode: 'swap' | 'add'; line?: OrderLine } | null;
  onClose(): void;
  change(c: LineChange): Promise<void>;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ productId: number; quantity?: number; reason?: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const swap = state?.mode === 'swap';

  async function submit(values: { productId: number; quantity?: number; reason?: string }) {
    if (!state) return;
    setBusy(true);
    setError(null);
    try {
      await change(
        swap
          ? { action: 'swap', lineId: state.line!.id, productId: values.productId, reason: values.reason!.trim() }
          : { action: 'add', productId: values.productId, quantity: values.quantity ?? 1 },
      );
      onClose();
    } catch (err) {
      setError(errorText(t, err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open={state !== null}
      title={swap && state?.line ? t('line.swapTitle', { title: lineTitle(t, state.line) }) : t('line.add')}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={busy}
      destroyOnHidden
      width={460}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" preserve={false} onFinish={(v) => void submit(v)} initialValues={{ quantity: 1 }}>
        <Form.Item
          name="productId"
          label={t('line.productId')}
          extra={t('line.productIdHint')}
          rules={[{ required: true, message: t('line.productIdHint') }]}
        >
          <InputNumber min={1} precision={0} style={{ width: 160 }} />
        </Form.Item>
        {swap ? (
          <Form.Item name="reason" label={t('order.reason')} rules={[{ required: true, whitespace: true, message: t('order.reasonRequired') }]}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={500} />
          </Form.Item>
        ) : (
          <Form.Item name="quantity" label={t('line.qty')} rules={[{ required: true }]}>
            <InputNumber min={1} max={999} precision={0} style={{ width: 120 }} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
