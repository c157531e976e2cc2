import { ROLES } from '@kefu/domain';
import { Alert, Form, Input, Modal, Radio, Select } from 'antd';
import { useEffect, useState } from 'react';
import { ApiError, type Group } from '../../api.ts';
import { applyFieldErrors, errorText } from '../../shared/errors.ts';
import { enumLabel, useI18n } from '../../i18n.ts';
import { staffApi, type StaffMember } from './staffApi.ts';

interface Values {
  username: string;
  displayName: string;
  email?: string;
  role: string;
  groupIds: number[];
  phoneExtension?: string;
  passwordMode: 'generate' | 'set';
  password?: string;
}

const FIELDS = ['username', 'displayName', 'email', 'role', 'groupIds', 'phoneExtension', 'password'];

/**
 * Adds a staff member (`editing` null) or edits one. A new member's password is generated unless the admin sets one;
 * `onDone` gets the generated password, to be shown once.
 */
export function StaffFormModal({
  open,
  editing,
  groups,
  onClose,
  onDone,
}: {
  open: boolean;
  editing: StaffMember | null;
  groups: Group[];
  onClose(): void;
  onDone(result: { name: string; username: string; generatedPassword: string | null; created: boolean }): void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const mode = Form.useWatch('passwordMode', form);

  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
    if (editing) {
      form.setFieldsValue({
        displayName: editing.displayName,
        email: editing.email ?? '',
        role: editing.role,
        groupIds: editing.groupIds,
        phoneExtension: editing.phoneExtension ?? '',
      });
    }
  }, [open, editing, form]);

  async function submit() {
    let values: Values;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const email = values.email?.trim() ? values.email.trim() : null;
      const phoneExtension = values.phoneExtension?.trim() ? values.phoneExtension.trim() : null;
      if (editing) {
        await staffApi.update(editing.id, { displayName: values.displayName, email, role: values.role, groupIds: values.groupIds, phoneExtension });
        onDone({ name: values.displayName, username: editing.username, generatedPassword: null, created: false });
      } else {
        const created = await staffApi.create({
          username: values.username,
          displayName: values.displayName,
          email,
          role: values.role,
          groupIds: values.groupIds,
          phoneExtension,
          ...(values.passwordMode === 'set' && { password: values.password }),
        });
        onDone({ name: created.user.displayName, username: created.user.username, generatedPassword: created.generatedPassword, created: true });
      }
    } catch (err) {
      const rest = applyFieldErrors(form, err, FIELDS);
      if (!(err instanceof ApiError) || err.fields.length === 0) setError(errorText(t, err));
      else if (rest.length) setError(rest.join('；'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open={open}
      title={editing ? t('staff.form.editTitle', { name: editing.displayName }) : t('staff.form.createTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'staff-form-ok' }}
      destroyOnHidden
      width={560}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" initialValues={{ role: 'agent', groupIds: [], passwordMode: 'generate' }} data-testid="staff-form">
        {!editing && (
          <Form.Item
            name="username"
            label={t('staff.form.username')}
            extra={t('staff.form.usernameHint')}
            rules={[{ required: true, whitespace: true, message: t('staff.form.usernameRequired') }]}
          >
            <Input id="staff-username" autoComplete="off" maxLength={32} />
          </Form.Item>
        )}
        <Form.Item
          name="displayName"
          label={t('staff.form.displayName')}
          rules={[{ required: true, whitespace: true, message: t('staff.form.displayNameRequired') }]}
        >
          <Input id="staff-display-name" maxLength={64} />
        </Form.Item>
        <Form.Item name="email" label={t('staff.form.email')} rules={[{ type: 'email', message: t('staff.form.emailInvalid') }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="role" label={t('staff.form.role')} rules={[{ required: true }]}>
          <Select data-testid="staff-role" options={ROLES.map((r) => ({ value: r, label: enumLabel(t, 'role', r) }))} />
        </Form.Item>
        <Form.Item name="groupIds" label={t('staff.form.groups')}>
          <Select mode="multiple" allowClear options={groups.map((g) => ({ value: g.id, label: g.name }))} />
        </Form.Item>
        <Form.Item
          name="phoneExtension"
          label={t('staff.form.phoneExtension')}
          extra={t('staff.form.phoneExtensionHint')}
          rules={[{ pattern: /^\s*[0-9]{2,8}\s*$/, message: t('staff.form.phoneExtensionInvalid') }]}
        >
          <Input id="staff-phone-extension" maxLength={8} style={{ width: 160 }} />
        </Form.Item>
        {!editing && (
          <Form.Item label={t('staff.form.password')} required>
            <Form.Item name="passwordMode" noStyle>
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
                style={{ marginTop: 8, marginBottom: 0 }}
                rules={[{ required: true, min: 8, message: t('staff.form.passwordShort') }]}
                extra={t('staff.form.passwordHint')}
              >
                <Input.Password autoComplete="new-password" maxLength={200} />
              </Form.Item>
            )}
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
