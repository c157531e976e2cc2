import { SURVEY_DELAY_MINUTES_RANGE, SURVEY_EXPIRY_DAYS_RANGE } from '@kefu/domain';
import { Alert, App, Form, Input, InputNumber, Modal, Switch } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../i18n.ts';
import { applyFieldErrors, errorText, isRefusal } from '../../shared/errors.ts';
import { surveysApi, type SurveySettings } from './surveysApi.ts';

type Values = SurveySettings['settings'];
const FIELDS = ['ticket', 'afterSale', 'expiryDays', 'delayMinutes', 'linkBase'];

/** An admin turns surveys on or off per case kind, and sets the link's expiry and the delay after solving. */
export function SurveySettingsModal({ current, onClose }: { current: SurveySettings; onClose(saved: boolean): void }) {
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
      await surveysApi.saveSettings({ ...values, linkBase: values.linkBase ?? '', version: current.version });
      void message.success(t('surveys.settings.saved'));
      onClose(true);
    } catch (err) {
      const rest = applyFieldErrors(form, err, FIELDS);
      if (!isRefusal(err, 'invalid_input') || rest.length) setError(rest.join('; ') || errorText(t, err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal open title={t('surveys.settings.title')} onOk={() => void save()} confirmLoading={busy} onCancel={() => onClose(false)} destroyOnHidden>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" initialValues={current.settings}>
        <Form.Item name="ticket" label={t('surveys.settings.ticket')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="afterSale" label={t('surveys.settings.afterSale')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="expiryDays" label={t('surveys.settings.expiryDays')} rules={[{ required: true }]}>
          <InputNumber min={SURVEY_EXPIRY_DAYS_RANGE.min} max={SURVEY_EXPIRY_DAYS_RANGE.max} precision={0} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="delayMinutes" label={t('surveys.settings.delayMinutes')} rules={[{ required: true }]}>
          <InputNumber min={SURVEY_DELAY_MINUTES_RANGE.min} max={SURVEY_DELAY_MINUTES_RANGE.max} precision={0} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="linkBase" label={t('surveys.settings.linkBase')} extra={t('surveys.settings.linkBaseHelp')}>
          <Input placeholder="https://kefu.example.cn" maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
