import { Alert, Checkbox, Form, Input, Modal, Switch } from 'antd';
import { useEffect, useState } from 'react';
import { ApiError } from '../../api.ts';
import { enumLabel, useI18n } from '../../i18n.ts';
import { applyFieldErrors, errorText } from '../../shared/errors.ts';
import type { WebhookFields, WebhookSubscription } from './webhooksApi.ts';

const FIELDS = ['url', 'description', 'eventTypes', 'active'] as const;

/** Adds a subscription or edits one: the receiver's URL, a note, the events it gets, on or off. */
export function WebhookFormModal({
  open,
  editing,
  eventTypes,
  onSubmit,
  onClose,
}: {
  open: boolean;
  editing: WebhookSubscription | null;
  eventTypes: string[];
  onSubmit(fields: WebhookFields): Promise<void>;
  onClose(): void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<WebhookFields>();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (!open) return;
    setError(null);
    form.setFieldsValue(
      editing
        ? { url: editing.url, description: editing.description, eventTypes: editing.eventTypes, active: editing.active }
        : { url: '', description: '', eventTypes: [], active: true },
    );
  }, [open, editing, form]);

  async function save() {
    const fields = await form.validateFields();
    setSaving(true);
    setError(null);
    try {
      await onSubmit(fields);
    } catch (err) {
      const rest = applyFieldErrors(form, err, FIELDS);
      const shownAtFields = err instanceof ApiError && err.fields.length > 0 && rest.length === 0;
      setError(shownAtFields ? null : rest.length ? rest.join('; ') : errorText(t, err));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal
      open={open}
      title={editing ? t('webhooks.edit') : t('webhooks.add')}
      onOk={() => void save()}
      onCancel={onClose}
      okText={t('common.save')}
      confirmLoading={saving}
      destroyOnHidden
      width={640}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" data-testid="webhook-form">
        <Form.Item
          name="url"
          label={t('webhooks.url')}
          extra={t('webhooks.urlHint')}
          rules={[{ required: true, message: t('webhooks.urlRequired') }]}
        >
          <Input placeholder="https://erp.example.com/kefu/events" maxLength={2000} data-testid="webhook-url" />
        </Form.Item>
        <Form.Item name="description" label={t('webhooks.description')}>
          <Input placeholder={t('webhooks.descriptionPlaceholder')} maxLength={200} data-testid="webhook-description" />
        </Form.Item>
        <Form.Item name="eventTypes" label={t('webhooks.events')} rules={[{ required: true, message: t('webhooks.eventsRequired') }]}>
          <Checkbox.Group style={{ display: 'grid', gridTemplateColumns: 'repeat(2, minmax(0, 1fr))', gap: 6 }} data-testid="webhook-events">
            {eventTypes.map((type) => (
              <Checkbox key={type} value={type}>
                {enumLabel(t, 'webhooks.event', type)} <span className="kefu-muted kefu-mono">{type}</span>
              </Checkbox>
            ))}
          </Checkbox.Group>
        </Form.Item>
        <Form.Item name="active" label={t('webhooks.active')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}
