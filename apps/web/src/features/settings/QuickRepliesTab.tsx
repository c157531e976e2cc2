import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Empty, Flex, Form, Input, Modal, Popconfirm, Space, Table, Typography, type TableProps } from 'antd';
import { useEffect, useState } from 'react';
import { ApiError } from '../../api.ts';
import { LEAD_ROLES, useAuth } from '../../auth.tsx';
import { PageState } from '../../shared/PageState.tsx';
import { applyFieldErrors, errorText, isRefusal } from '../../shared/errors.ts';
import { useAsync } from '../../shared/hooks.ts';
import { useI18n } from '../../i18n.ts';
import { settingsApi, type QuickReply, type QuickReplyInput } from './settingsApi.ts';

/** 快捷回复: the shared library every agent uses; supervisors and admins add, edit and delete. */
export function QuickRepliesTab() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { user } = useAuth();
  const canEdit = LEAD_ROLES.includes(user.role);
  const replies = useAsync(() => settingsApi.quickReplies(), []);
  const [editing, setEditing] = useState<QuickReply | 'new' | null>(null);
  const [search, setSearch] = useState('');
  const shown = (replies.data ?? []).filter((q) => !search || q.title.includes(search) || q.body.includes(search));

  async function remove(q: QuickReply) {
    try {
      await settingsApi.deleteQuickReply(q.id);
      message.success(t('settings.qr.deleted'));
    } catch (err) {
      message.error(errorText(t, err));
    } finally {
      replies.reload();
    }
  }

  const columns: TableProps<QuickReply>['columns'] = [
    { title: t('settings.qr.titleLabel'), dataIndex: 'title', width: 180, render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
    { title: t('settings.qr.body'), dataIndex: 'body', render: (v: string) => <span style={{ whiteSpace: 'pre-wrap' }}>{v}</span> },
    {
      title: t('settings.qr.shortcut'),
      dataIndex: 'shortcut',
      width: 110,
      render: (v: string | null) => (v ? <Typography.Text code>{v}</Typography.Text> : null),
    },
    ...(canEdit
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 100,
            render: (_: unknown, q: QuickReply) => (
              <Space size={0}>
                <Button type="text" icon={<EditOutlined />} aria-label={t('settings.qr.edit')} onClick={() => setEditing(q)} data-testid="qr-edit" />
                <Popconfirm
                  title={t('settings.qr.deleteConfirm', { title: q.title })}
                  okButtonProps={{ danger: true }}
                  cancelText={t('common.cancel')}
                  onConfirm={() => remove(q)}
                >
                  <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('settings.qr.deleted')} data-testid="qr-delete" />
                </Popconfirm>
              </Space>
            ),
          },
        ]
      : []),
  ];

  if (!replies.data) return <PageState loading={replies.loading} error={replies.error} onRetry={replies.reload} />;
  return (
    <>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary" className="kefu-small">
          {t('settings.qr.hint')}
        </Typography.Text>
        <Space>
          <Input.Search allowClear placeholder={t('settings.qr.search')} onSearch={setSearch} style={{ width: 220 }} />
          {canEdit && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="qr-new">
              {t('settings.qr.new')}
            </Button>
          )}
        </Space>
      </Flex>
      <Table<QuickReply>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={shown}
        loading={replies.loading}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: <Empty description={t('settings.qr.empty')} /> }}
        data-testid="qr-table"
      />
      <QuickReplyModal
        editing={editing}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          replies.reload();
        }}
        onStale={replies.reload}
      />
    </>
  );
}

const FIELDS = ['title', 'body', 'shortcut'] as const;

function QuickReplyModal({
  editing,
  onClose,
  onSaved,
  onStale,
}: {
  editing: QuickReply | 'new' | null;
  onClose(): void;
  onSaved(): void;
  onStale(): void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<QuickReplyInput>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    if (!editing) return;
    setProblem(null);
    form.resetFields();
    form.setFieldsValue(editing === 'new' ? { title: '', body: '', shortcut: null } : editing);
  }, [editing, form]);

  async function save(values: QuickReplyInput) {
    if (!editing) return;
    setBusy(true);
    setProblem(null);
    const input = { title: values.title, body: values.body, shortcut: values.shortcut?.trim() || null };
    try {
      if (editing === 'new') await settingsApi.createQuickReply(input);
      else await settingsApi.updateQuickReply(editing.id, editing.version, input);
      message.success(t('settings.saved'));
      onSaved();
    } catch (err) {
      if (isRefusal(err, 'stale_version')) {
        message.warning(t('settings.qr.stale'));
        onStale();
        onClose();
        return;
      }
      const rest = applyFieldErrors(form, err, FIELDS);
      if (!(err instanceof ApiError) || err.fields.length === 0) setProblem(errorText(t, err));
      else if (rest.length) setProblem(rest.join('；'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open={editing !== null}
      title={t(editing === 'new' ? 'settings.qr.new' : 'settings.qr.edit')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      forceRender
    >
      <Form form={form} layout="vertical" onFinish={save} data-testid="qr-form">
        <Form.Item name="title" label={t('settings.qr.titleLabel')} rules={[{ required: true, whitespace: true, max: 40 }]}>
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item name="body" label={t('settings.qr.body')} rules={[{ required: true, whitespace: true, max: 1000 }]}>
          <Input.TextArea rows={4} maxLength={1000} showCount />
        </Form.Item>
        <Form.Item name="shortcut" label={t('settings.qr.shortcut')} extra={t('settings.qr.shortcutHint')} rules={[{ max: 20 }]}>
          <Input maxLength={20} style={{ width: 200 }} />
        </Form.Item>
        {problem && <Alert type="error" showIcon title={problem} />}
      </Form>
    </Modal>
  );
}
