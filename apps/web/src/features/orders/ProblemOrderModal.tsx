import { PROBLEM_ORDER_KINDS } from '@kefu/domain';
import { Alert, App, Form, Input, Modal, Select } from 'antd';
import { useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { api, type Order, type TicketAnswer } from '../../api.ts';
import { applyFieldErrors, errorText } from '../../shared/errors.ts';
import { enumLabel, useI18n } from '../../i18n.ts';

/** 问题订单: a ticket on the order, to be answered within 30 minutes; the agent lands on it. */
export function ProblemOrderModal({ order, open, onClose }: { order: Order; open: boolean; onClose(): void }) {
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
