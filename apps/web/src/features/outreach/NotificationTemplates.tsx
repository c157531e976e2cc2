import { Alert, App, Button, Card, Flex, Form, Input, Space, Switch, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useI18n, type MessageKey } from '../../i18n.ts';
import { applyFieldErrors, errorText, isRefusal } from '../../shared/errors.ts';
import { PageState } from '../../shared/PageState.tsx';
import { useAsync } from '../../shared/hooks.ts';
import { outreachApi, type NotificationTemplate } from './outreachApi.ts';

/** The shopper notification templates, one card per event: on/off, title and text with the event's variables. */
export function NotificationTemplates({ editable }: { editable: boolean }) {
  const { t } = useI18n();
  const list = useAsync(() => outreachApi.templates(), []);
  if (!list.data) return <PageState loading={list.loading} error={list.error} onRetry={list.reload} />;
  return (
    <div style={{ maxWidth: 860 }}>
      <Typography.Paragraph type="secondary">{t('outreach.templates.hint')}</Typography.Paragraph>
      <Flex vertical gap={16}>
        {list.data.templates.map((template) => (
          <TemplateCard key={`${template.key}-${template.version}`} template={template} editable={editable} onSaved={list.reload} />
        ))}
      </Flex>
    </div>
  );
}

type Values = { enabled: boolean; title: string; body: string };

function TemplateCard({ template, editable, onSaved }: { template: NotificationTemplate; editable: boolean; onSaved(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function save() {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    setBusy(true);
    setError(null);
    try {
      await outreachApi.saveTemplate(template.key, { ...values, version: template.version });
      void message.success(t('outreach.templates.saved'));
      onSaved();
    } catch (err) {
      const rest = applyFieldErrors(form, err, ['enabled', 'title', 'body']);
      if (!isRefusal(err, 'invalid_input') || rest.length) setError(rest.join('; ') || errorText(t, err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card size="small" title={t(`outreach.templates.key.${template.key}` as MessageKey)} data-testid={`template-${template.key}`}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" initialValues={template} disabled={!editable}>
        <Form.Item name="enabled" label={t('outreach.templates.enabled')} valuePropName="checked" layout="horizontal" style={{ marginBottom: 8 }}>
          <Switch size="small" />
        </Form.Item>
        <Form.Item name="title" label={t('outreach.templates.title')} rules={[{ required: true, max: 100 }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="body" label={t('outreach.templates.body')} rules={[{ required: true, max: 1000 }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={1000} />
        </Form.Item>
        <Flex justify="space-between" align="center" wrap gap={8}>
          <Space size={4} wrap>
            <Typography.Text type="secondary" className="kefu-small">
              {t('outreach.templates.variables')}
            </Typography.Text>
            {template.variables.map((v) => (
              <Tag key={v} style={{ fontFamily: 'monospace' }}>{`{{${v}}}`}</Tag>
            ))}
          </Space>
          {editable && (
            <Button type="primary" size="small" loading={busy} onClick={() => void save()}>
              {t('outreach.templates.save')}
            </Button>
          )}
        </Flex>
      </Form>
    </Card>
  );
}
