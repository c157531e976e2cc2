import { Alert, Col, Form, Input, Modal, Row, Select, App } from 'antd';
import { SEVERITIES, TICKET_CATEGORIES, TICKET_PRIORITIES, TICKET_TYPES } from '@kefu/domain';
import { useState } from 'react';
import { api, type TicketAnswer } from '../../api.ts';
import { DESK_ROLES, useAuth } from '../../auth.tsx';
import { applyFieldErrors, errorText } from '../../shared/errors.ts';
import { useDirectory } from '../../shared/hooks.ts';
import { enumLabel, useI18n } from '../../i18n.ts';
import { CustomerPicker } from '../customers/CustomerPicker.tsx';

const FIELDS = ['type', 'subject', 'description', 'priority', 'category', 'severity', 'customerId', 'assigneeId', 'groupId', 'tags'] as const;

interface Values {
  type: string;
  subject: string;
  description?: string;
  priority: string;
  category?: string;
  severity?: string;
  customerId?: number | null;
  assigneeId?: number;
  groupId?: number;
  tags?: string[];
}

export function CreateTicketModal({ open, onClose, onCreated }: { open: boolean; onClose(): void; onCreated(id: number): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { users, groups } = useDirectory();
  const desk = DESK_ROLES.includes(useAuth().user.role);
  const [form] = Form.useForm<Values>();
  const type = Form.useWatch('type', form);
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const options = (prefix: string, values: readonly string[]) => values.map((value) => ({ value, label: enumLabel(t, prefix, value) }));
  const complaint = type === 'complaint';

  async function submit(values: Values) {
    setBusy(true);
    setProblems([]);
    try {
      const body = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined && v !== null && v !== ''));
      const { ticket } = await api.post<TicketAnswer>('/api/tickets', body);
      message.success(t('ticket.create.done', { number: ticket.number }));
      form.resetFields();
      onClose();
      onCreated(ticket.id);
    } catch (err) {
      const rest = applyFieldErrors(form, err, FIELDS);
      setProblems(rest.length ? rest : form.getFieldsError().some((f) => f.errors.length) ? [] : [errorText(t, err)]);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open={open}
      title={t('ticket.create.title')}
      okText={t('ticket.create.submit')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={busy}
      width={640}
      destroyOnHidden
    >
      {problems.length > 0 && <Alert type="error" showIcon title={problems.join('\n')} style={{ marginBottom: 16, whiteSpace: 'pre-line' }} />}
      <Form<Values> form={form} layout="vertical" onFinish={submit} initialValues={{ type: 'consultation', priority: 'normal' }} preserve={false}>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="type" label={t('ticket.type')} rules={[{ required: true }]}>
              <Select options={options('type', TICKET_TYPES)} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="priority" label={t('ticket.priority')}>
              <Select options={options('priority', TICKET_PRIORITIES)} />
            </Form.Item>
          </Col>
        </Row>
        {complaint && (
          <Row gutter={16}>
            <Col span={12}>
              <Form.Item name="category" label={t('ticket.category')} rules={[{ required: true, message: t('ticket.create.complaintHint') }]}>
                <Select options={options('category', TICKET_CATEGORIES)} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="severity" label={t('ticket.severity')} rules={[{ required: true, message: t('ticket.create.complaintHint') }]}>
                <Select options={options('severity', SEVERITIES)} />
              </Form.Item>
            </Col>
          </Row>
        )}
        <Form.Item
          name="subject"
          label={t('ticket.subject')}
          rules={[{ required: true, whitespace: true, message: t('login.required', { field: t('ticket.subject') }) }]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="description" label={t('ticket.description')}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} />
        </Form.Item>
        {desk && (
          <Form.Item name="customerId" label={t('ticket.customer')}>
            <CustomerPicker />
          </Form.Item>
        )}
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="assigneeId" label={t('ticket.assignee')}>
              <Select allowClear options={users.filter((u) => u.active).map((u) => ({ value: u.id, label: u.displayName }))} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="groupId" label={t('ticket.group')}>
              <Select allowClear options={groups.map((g) => ({ value: g.id, label: g.name }))} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="tags" label={t('ticket.tags')}>
          <Select mode="tags" placeholder={t('ticket.tagsPlaceholder')} open={false} suffixIcon={null} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
