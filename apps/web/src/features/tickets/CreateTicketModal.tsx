import { Alert, Col, Form, Input, Modal, Row, Select, App } from 'antd';
import { SEVERITIES, TICKET_CATEGORIES, TICKET_PRIORITIES, TICKET_TYPES } from '@kefu/domain';
import { useState } from 'react';
import { api, type TicketAnswer } from '../../api.ts';
import { DESK_ROLES, useAuth } from '../../auth.tsx';
import { applyFieldErrors, errorText } from '../../shared/errors.ts';
import { useDirectory } from '../../shared/hooks.ts';
import { enumLabel, useI18n } from '../../i18n.ts';
import { CustomerPicker } from '../customers/CustomerPicker.tsx';
import { ProductPicker } from './ComplaintLoop.tsx';

const FIELDS = [
  'type',
  'subject',
  'description',
  'priority',
  'category',
  'severity',
  'customerId',
  'assigneeId',
  'groupId',
  'tags',
  'productId',
] as const;

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
  productId?: number | null;
}

export function CreateTicketModal({
  open,
  onClose,
  onCreated,
  initialType = 'consultation',
}: {
  open: boolean;
  onClose(): void;
  onCreated(id: number): void;
  /** The type the form starts with: 'suggestion' when an agent records a 建议/需求 from a ticket. */
  initialType?: string;
}) {
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
  // A 建议/需求 record has a fixed format: what was asked for (the subject), why (the description), the product.
  const suggestion = type === 'suggestion';

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
      <Form<Values> form={form} layout="vertical" onFinish={submit} initialValues={{ type: initialType, priority: 'normal' }} preserve={false}>
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
        {suggestion && <Alert type="info" showIcon title={t('ticket.suggestion.hint')} style={{ marginBottom: 16 }} />}
        <Form.Item
          name="subject"
          label={suggestion ? t('ticket.suggestion.ask') : t('ticket.subject')}
          rules={[
            {
              required: true,
              whitespace: true,
              message: t('login.required', { field: suggestion ? t('ticket.suggestion.ask') : t('ticket.subject') }),
            },
          ]}
        >
          <Input maxLength={200} placeholder={suggestion ? t('ticket.suggestion.askPlaceholder') : undefined} />
        </Form.Item>
        <Form.Item
          name="description"
          label={suggestion ? t('ticket.suggestion.why') : t('ticket.description')}
          rules={suggestion ? [{ required: true, whitespace: true, message: t('ticket.suggestion.whyRequired') }] : []}
        >
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} placeholder={suggestion ? t('ticket.suggestion.whyPlaceholder') : undefined} />
        </Form.Item>
        {suggestion && (
          <Form.Item name="productId" label={t('ticket.suggestion.product')}>
            <SuggestionProduct />
          </Form.Item>
        )}
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

/** The product picker as a form control (the form passes value and onChange). */
function SuggestionProduct({ value, onChange }: { value?: number | null; onChange?: (id: number | null) => void }) {
  return <ProductPicker value={value ?? null} initialLabel={null} onChange={(id) => onChange?.(id)} />;
}
