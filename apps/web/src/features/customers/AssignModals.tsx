import { App, Form, Modal, Select, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../api.ts';
import { useI18n, type MessageKey } from '../../i18n.ts';
import { errorText } from '../../shared/errors.ts';
import { useDirectory } from '../../shared/hooks.ts';

/** Desk users who can own customers; `all` also lists inactive ones (to move customers off someone who left). */
function useAgentOptions(all = false) {
  const { t } = useI18n();
  const { users } = useDirectory();
  return users
    .filter((u) => ['agent', 'supervisor', 'admin'].includes(u.role) && (all || u.active))
    .map((u) => ({ value: u.id, label: u.active ? u.displayName : `${u.displayName}（${t('customer.inactive')}）` }));
}

/** Sends an assignment, says how many customers changed hands, and reports a refusal. */
function useAssignment(done: MessageKey, onDone: () => void): [boolean, (path: string, body: object) => Promise<void>] {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  async function send(path: string, body: object) {
    setBusy(true);
    try {
      const { updated } = await api.post<{ updated: number }>(path, body);
      message.success(t(done, { n: updated }));
      onDone();
    } catch (err) {
      message.error(errorText(t, err));
    } finally {
      setBusy(false);
    }
  }
  return [busy, send];
}

/** 分配专属客服: the selected customers go to one agent. */
export function AssignModal({ customerIds, onClose, onDone }: { customerIds: number[] | null; onClose(): void; onDone(): void }) {
  const { t } = useI18n();
  const agents = useAgentOptions();
  const [agentId, setAgentId] = useState<number | null>(null);
  const [busy, send] = useAssignment('customer.assign.done', () => {
    setAgentId(null);
    onDone();
  });
  const assign = () => (customerIds && agentId ? send('/api/customers/assign', { customerIds, agentId }) : Promise.resolve());

  return (
    <Modal
      open={!!customerIds}
      title={t('customer.assign')}
      onCancel={onClose}
      onOk={() => void assign()}
      okButtonProps={{ disabled: !agentId, 'data-testid': 'assign-confirm' }}
      confirmLoading={busy}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('customer.assign.selected', { n: customerIds?.length ?? 0 })}</Typography.Paragraph>
      <Form layout="vertical">
        <Form.Item label={t('customer.assign.to')} required>
          <Select showSearch={{ optionFilterProp: 'label' }} options={agents} value={agentId} onChange={setAgentId} data-testid="assign-agent" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 转移客户: every customer of one agent goes to another. */
export function ReassignModal({ open, onClose, onDone }: { open: boolean; onClose(): void; onDone(): void }) {
  const { t } = useI18n();
  const everyone = useAgentOptions(true);
  const active = useAgentOptions();
  const [from, setFrom] = useState<number | null>(null);
  const [to, setTo] = useState<number | null>(null);
  const [busy, send] = useAssignment('customer.reassign.done', () => {
    setFrom(null);
    setTo(null);
    onDone();
  });
  const reassign = () => (from && to ? send('/api/customers/reassign', { fromAgentId: from, toAgentId: to }) : Promise.resolve());

  return (
    <Modal
      open={open}
      title={t('customer.reassign.title')}
      onCancel={onClose}
      onOk={() => void reassign()}
      okButtonProps={{ disabled: !from || !to || from === to }}
      confirmLoading={busy}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('customer.reassign.hint')}</Typography.Paragraph>
      <Form layout="vertical">
        <Form.Item label={t('customer.reassign.from')} required>
          <Select showSearch={{ optionFilterProp: 'label' }} options={everyone} value={from} onChange={setFrom} />
        </Form.Item>
        <Form.Item label={t('customer.reassign.to')} required>
          <Select showSearch={{ optionFilterProp: 'label' }} options={active.filter((a) => a.value !== from)} value={to} onChange={setTo} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
