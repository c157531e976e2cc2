import { Alert, Form, Modal, Select, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { errorText } from '../../shared/errors.ts';
import { enumLabel, useI18n, type MessageKey } from '../../i18n.ts';
import { staffApi, type HandOverInput, type StaffMember } from './staffApi.ts';

type Kind = 'conversations' | 'tickets' | 'tasks' | 'customers';
const KINDS: { kind: Kind; field: keyof HandOverInput; label: MessageKey; none: MessageKey }[] = [
  { kind: 'conversations', field: 'conversationsTo', label: 'staff.deactivate.conversations', none: 'staff.deactivate.toQueue' },
  { kind: 'tickets', field: 'ticketsTo', label: 'staff.deactivate.tickets', none: 'staff.deactivate.unassigned' },
  { kind: 'tasks', field: 'tasksTo', label: 'staff.deactivate.tasks', none: 'staff.deactivate.unassigned' },
  { kind: 'customers', field: 'customersTo', label: 'staff.deactivate.customers', none: 'staff.deactivate.unassigned' },
];
const DESK = ['agent', 'supervisor', 'admin'];
const LEAD = ['supervisor', 'admin'];

/** Who may take each kind of work: the desk takes chats, tickets and customers; a task its department or a lead. */
function takes(kind: Kind, leaver: StaffMember, colleague: StaffMember): boolean {
  if (!colleague.active || colleague.id === leaver.id) return false;
  if (kind === 'tasks') return LEAD.includes(colleague.role) || colleague.role === leaver.role;
  return DESK.includes(colleague.role);
}

/** Deactivates a staff member: the admin says where each kind of open work goes (default: the queue, unassigned). */
export function DeactivateModal({
  leaver,
  staff,
  onClose,
  onDone,
}: {
  leaver: StaffMember | null;
  staff: StaffMember[];
  onClose(): void;
  onDone(text: string): void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<HandOverInput>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setError(null);
    form.resetFields();
  }, [leaver, form]);

  async function submit() {
    if (!leaver) return;
    const values = form.getFieldsValue();
    setBusy(true);
    setError(null);
    try {
      const done = await staffApi.deactivate(leaver.id, {
        conversationsTo: values.conversationsTo ?? null,
        ticketsTo: values.ticketsTo ?? null,
        tasksTo: values.tasksTo ?? null,
        customersTo: values.customersTo ?? null,
      });
      onDone(t('staff.deactivate.done', { name: leaver.displayName, ...done.moved }));
    } catch (err) {
      setError(errorText(t, err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open={leaver !== null}
      title={leaver && t('staff.deactivate.title', { name: leaver.displayName })}
      okText={t('staff.deactivate.ok')}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger: true, 'data-testid': 'deactivate-ok' }}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={busy}
      destroyOnHidden
      width={560}
    >
      {leaver && (
        <div data-testid="deactivate-modal">
          <Typography.Paragraph type="secondary">{t('staff.deactivate.hint')}</Typography.Paragraph>
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
          <Form form={form} layout="vertical">
            {KINDS.map(({ kind, field, label, none }) => (
              <Form.Item key={kind} name={field} label={t(label, { n: leaver.openWork[kind] })} style={{ marginBottom: 12 }}>
                <Select
                  allowClear
                  placeholder={t(none)}
                  disabled={leaver.openWork[kind] === 0}
                  showSearch={{ optionFilterProp: 'label' }}
                  options={staff
                    .filter((s) => takes(kind, leaver, s))
                    .map((s) => ({ value: s.id, label: `${s.displayName}（${enumLabel(t, 'role', s.role)}）` }))}
                />
              </Form.Item>
            ))}
          </Form>
        </div>
      )}
    </Modal>
  );
}
