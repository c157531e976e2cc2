import { Alert, App, Button, Card, Form, Input, InputNumber, Space, TimePicker, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useI18n } from '../../i18n.ts';
import { applyFieldErrors, errorText, isRefusal } from '../../shared/errors.ts';
import { PageState } from '../../shared/PageState.tsx';
import { useAsync } from '../../shared/hooks.ts';
import { outreachApi } from './outreachApi.ts';

type Values = { quietStart: Dayjs; quietEnd: Dayjs; capCount: number; capDays: number; linkBase?: string };
const FIELDS = ['quietStart', 'quietEnd', 'capCount', 'capDays', 'linkBase'];
const clock = (text: string) => dayjs(`2000-01-01T${text}`);

/** Quiet hours, the marketing frequency cap and the link prefix: admins change them, supervisors read them. */
export function OutreachSettingsForm({ editable }: { editable: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const current = useAsync(() => outreachApi.settings(), []);
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const count = Form.useWatch('capCount', form);
  const days = Form.useWatch('capDays', form);

  if (!current.data) return <PageState loading={current.loading} error={current.error} onRetry={current.reload} />;
  const s = current.data.settings;

  async function save() {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    setBusy(true);
    setError(null);
    try {
      await outreachApi.saveSettings({
        version: s.version,
        quietStart: values.quietStart.format('HH:mm'),
        quietEnd: values.quietEnd.format('HH:mm'),
        capCount: values.capCount,
        capDays: values.capDays,
        linkBase: values.linkBase ?? '',
      });
      void message.success(t('outreach.settings.saved'));
      current.reload();
    } catch (err) {
      const rest = applyFieldErrors(form, err, FIELDS);
      if (!isRefusal(err, 'invalid_input') || rest.length) setError(rest.join('; ') || errorText(t, err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card style={{ maxWidth: 720 }} data-testid="outreach-settings">
      {!editable && <Alert type="info" showIcon title={t('outreach.settings.adminOnly')} style={{ marginBottom: 16 }} />}
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form
        form={form}
        layout="vertical"
        disabled={!editable}
        key={s.version}
        initialValues={{
          quietStart: clock(s.quietStart),
          quietEnd: clock(s.quietEnd),
          capCount: s.capCount,
          capDays: s.capDays,
          linkBase: s.linkBase,
        }}
      >
        <Typography.Title level={5} style={{ marginTop: 0 }}>
          {t('outreach.settings.quiet')}
        </Typography.Title>
        <Space size="large" wrap>
          <Form.Item name="quietStart" label={t('outreach.settings.quietStart')} rules={[{ required: true }]}>
            <TimePicker format="HH:mm" minuteStep={5} allowClear={false} data-testid="outreach-quiet-start" />
          </Form.Item>
          <Form.Item name="quietEnd" label={t('outreach.settings.quietEnd')} rules={[{ required: true }]}>
            <TimePicker format="HH:mm" minuteStep={5} allowClear={false} />
          </Form.Item>
        </Space>
        <Typography.Paragraph type="secondary" className="kefu-small">
          {t('outreach.settings.quietHelp')}
        </Typography.Paragraph>
        <Typography.Title level={5}>{t('outreach.settings.cap')}</Typography.Title>
        <Space size="large" wrap>
          <Form.Item name="capCount" label={t('outreach.settings.capCount')} rules={[{ required: true }]}>
            <InputNumber min={0} max={100} precision={0} style={{ width: 120 }} data-testid="outreach-cap-count" />
          </Form.Item>
          <Form.Item name="capDays" label={t('outreach.settings.capDays')} rules={[{ required: true }]}>
            <InputNumber min={1} max={365} precision={0} style={{ width: 120 }} />
          </Form.Item>
        </Space>
        <Typography.Paragraph type="secondary" className="kefu-small">
          {t('outreach.settings.capHelp', { count: String(count ?? s.capCount), days: String(days ?? s.capDays) })}
        </Typography.Paragraph>
        <Form.Item name="linkBase" label={t('outreach.settings.linkBase')} extra={t('outreach.settings.linkBaseHelp')}>
          <Input placeholder="https://kefu.example.cn" maxLength={200} />
        </Form.Item>
        {editable && (
          <Button type="primary" loading={busy} onClick={() => void save()} data-testid="outreach-settings-save">
            {t('outreach.settings.save')}
          </Button>
        )}
      </Form>
    </Card>
  );
}
