import { Alert, Form, Input, Modal, Radio, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { errorText } from '../../shared/errors.ts';
import { useI18n } from '../../i18n.ts';
import { staffApi, type StaffMember } from './staffApi.ts';

/** Resets a password: generated (shown once by the caller) or set by the admin. The user's sessions end. */
export function PasswordModal({
  member,
  onClose,
  onDone,
}: {
  member: StaffMember | null;
  onClose(): void;
  onDone(member: StaffMember, generated: string | null, sessionsEnded: number): void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ mode: 'generate' | 'set'; password?: string }>();
  const mode = Form.useWatch('mode', form);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setError(null);
    form.resetFields();
  }, [member, form]);

  async function submit() {
    if (!member) return;
    let values: { mode: 'generate' | 'set'; password?: string };
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const done = await staffApi.resetPassword(member.id, values.mode === 'set' ? values.password : undefined);
      onDone(member, done.generatedPassword, done.sessionsEnded);
    } catch (err) {
      setError(errorText(t, err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open={member !== null}
      title={member && t('staff.password.title', { name: member.displayName })}
      okText={t('staff.password.ok')}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'password-ok' }}
      destroyOnHidden
      width={480}
    >
      <Typography.Paragraph type="secondary">{t('staff.password.hint')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" initialValues={{ mode: 'generate' }}>
        <Form.Item name="mode" style={{ marginBottom: 8 }}>
          <Radio.Group
            options={[
              { value: 'generate', label: t('staff.form.passwordMode.generate') },
              { value: 'set', label: t('staff.form.passwordMode.set') },
            ]}
          />
        </Form.Item>
        {mode === 'set' && (
          <Form.Item
            name="password"
            rules={[{ required: true, min: 8, message: t('staff.form.passwordShort') }]}
            extra={t('staff.form.passwordHint')}
          >
            <Input.Password autoComplete="new-password" maxLength={200} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
