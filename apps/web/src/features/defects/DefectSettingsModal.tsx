import { DEFECT_THRESHOLD_RANGE, DEFECT_WINDOW_DAYS_RANGE } from '@kefu/domain';
import { Alert, App, Form, InputNumber, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../i18n.ts';
import { applyFieldErrors, errorText, isRefusal } from '../../shared/errors.ts';
import { defectsApi, type DefectSettings } from './defectsApi.ts';

/** An admin sets how many cases of one defect within how many days raise an alarm (default 3 in 7 days). */
export function DefectSettingsModal({ current, onClose }: { current: DefectSettings; onClose(saved: boolean): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ threshold: number; windowDays: number }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function save() {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    setBusy(true);
    setError(null);
    try {
      await defectsApi.saveSettings({ ...values, version: current.version });
      void message.success(t('defects.settings.saved'));
      onClose(true);
    } catch (err) {
      // Field errors go next to their field; anything else (a stale version, the network) above the form.
      const rest = applyFieldErrors(form, err, ['threshold', 'windowDays']);
      if (!isRefusal(err, 'invalid_input') || rest.length) setError(rest.join('; ') || errorText(t, err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal open title={t('defects.settings.title')} onOk={() => void save()} confirmLoading={busy} onCancel={() => onClose(false)} destroyOnHidden>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" initialValues={current.settings}>
        <Form.Item name="threshold" label={t('defects.settings.threshold')} rules={[{ required: true }]}>
          <InputNumber min={DEFECT_THRESHOLD_RANGE.min} max={DEFECT_THRESHOLD_RANGE.max} precision={0} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="windowDays" label={t('defects.settings.window')} rules={[{ required: true }]}>
          <InputNumber min={DEFECT_WINDOW_DAYS_RANGE.min} max={DEFECT_WINDOW_DAYS_RANGE.max} precision={0} style={{ width: 160 }} />
        </Form.Item>
      </Form>
      <Typography.Text type="secondary" className="kefu-small">
        {t('defects.settings.help')}
      </Typography.Text>
    </Modal>
  );
}
