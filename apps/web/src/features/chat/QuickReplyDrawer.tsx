import { DeleteOutlined } from '@ant-design/icons';
import { App, Button, Drawer, Empty, Form, Input, Popconfirm, Segmented, Tag } from 'antd';
import { useState } from 'react';
import { api } from '../../api.ts';
import { LEAD_ROLES, useAuth } from '../../auth.tsx';
import { errorText } from '../../shared/errors.ts';
import { useI18n } from '../../i18n.ts';
import { chatStore } from './store.ts';
import type { QuickReply } from './types.ts';

/** Personal scripts for every agent; shared ones for supervisors and admins. */
export function QuickReplyDrawer({ open, onClose, replies }: { open: boolean; onClose(): void; replies: QuickReply[] }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { user } = useAuth();
  const lead = LEAD_ROLES.includes(user.role);
  const [scope, setScope] = useState<'personal' | 'shared'>('personal');
  const [form] = Form.useForm<{ title: string; shortcut?: string; body: string }>();
  const [saving, setSaving] = useState(false);
  const shown = replies.filter((r) => r.scope === scope);

  async function create(v: { title: string; shortcut?: string; body: string }) {
    setSaving(true);
    try {
      await api.post('/api/quick-replies', {
        scope,
        title: v.title.trim(),
        body: v.body.trim(),
        shortcut: v.shortcut?.trim().replace(/^\//, '') || null,
      });
      form.resetFields();
      await chatStore().loadScripts();
      message.success(t('common.saved'));
    } catch (err) {
      message.error(errorText(t, err));
    } finally {
      setSaving(false);
    }
  }

  async function remove(r: QuickReply) {
    try {
      await api.delete(`/api/quick-replies/${r.id}`);
      await chatStore().loadScripts();
    } catch (err) {
      message.error(errorText(t, err));
    }
  }

  const canEdit = scope === 'personal' || lead;
  return (
    <Drawer open={open} onClose={onClose} title={t('chat.qr.title')} size={440} destroyOnHidden>
      <Segmented<'personal' | 'shared'>
        block
        value={scope}
        onChange={setScope}
        style={{ marginBottom: 16 }}
        options={[
          { value: 'personal', label: t('chat.qr.personal') },
          { value: 'shared', label: t('chat.qr.shared') },
        ]}
      />
      {canEdit ? (
        <Form form={form} layout="vertical" onFinish={(v) => void create(v)} requiredMark={false} className="kefu-qr-form">
          <div style={{ display: 'flex', gap: 8 }}>
            <Form.Item name="title" label={t('chat.qr.fieldTitle')} rules={[{ required: true, whitespace: true }]} style={{ flex: 2 }}>
              <Input maxLength={40} />
            </Form.Item>
            <Form.Item name="shortcut" label={t('chat.qr.fieldShortcut')} style={{ flex: 1 }}>
              <Input maxLength={20} prefix="/" />
            </Form.Item>
          </div>
          <Form.Item name="body" label={t('chat.qr.fieldBody')} extra={t('chat.qr.variables')} rules={[{ required: true, whitespace: true }]}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={saving} block>
            {t('chat.qr.add')}
          </Button>
        </Form>
      ) : (
        <div className="kefu-muted kefu-small" style={{ marginBottom: 12 }}>
          {t('chat.qr.sharedReadOnly')}
        </div>
      )}
      <div style={{ marginTop: 20 }}>
        {shown.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />}
        {shown.map((r) => (
          <div key={r.id} className="kefu-qr-row">
            <div className="kefu-qr-head">
              <strong>{r.title}</strong>
              {r.shortcut && (
                <Tag variant="filled" className="kefu-mono">
                  /{r.shortcut.replace(/^\//, '')}
                </Tag>
              )}
              <span className="kefu-conv-spacer" />
              {canEdit && (
                <Popconfirm title={t('chat.qr.deleteConfirm')} onConfirm={() => void remove(r)}>
                  <Button type="text" size="small" danger icon={<DeleteOutlined />} aria-label={t('chat.qr.delete')} />
                </Popconfirm>
              )}
            </div>
            <div className="kefu-qr-body">{r.body}</div>
          </div>
        ))}
      </div>
    </Drawer>
  );
}
