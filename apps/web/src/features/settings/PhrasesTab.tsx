import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Empty, Form, Input, Popconfirm, Table, Typography, type TableProps } from 'antd';
import { useState } from 'react';
import { LEAD_ROLES, useAuth } from '../../auth.tsx';
import { PageState } from '../../shared/PageState.tsx';
import { applyFieldErrors, errorText } from '../../shared/errors.ts';
import { useAsync } from '../../shared/hooks.ts';
import { useI18n } from '../../i18n.ts';
import { settingsApi, type ForbiddenPhrase } from './settingsApi.ts';

/** 服务忌语: the phrases agents are warned about, each with the wording to use instead. */
export function PhrasesTab() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { user } = useAuth();
  const canEdit = LEAD_ROLES.includes(user.role);
  const phrases = useAsync(() => settingsApi.phrases(), []);
  const [form] = Form.useForm<{ phrase: string; suggestion: string }>();
  const [busy, setBusy] = useState(false);

  async function add(values: { phrase: string; suggestion?: string }) {
    if (phrases.data?.some((p) => p.phrase === values.phrase.trim())) {
      form.setFields([{ name: 'phrase', errors: [t('settings.phrases.exists')] }]);
      return;
    }
    setBusy(true);
    try {
      await settingsApi.addPhrase(values.phrase.trim(), values.suggestion?.trim() ?? '');
      message.success(t('settings.phrases.added', { phrase: values.phrase.trim() }));
      form.resetFields();
      phrases.reload();
    } catch (err) {
      if (applyFieldErrors(form, err, ['phrase', 'suggestion']).length === 0) message.error(errorText(t, err));
    } finally {
      setBusy(false);
    }
  }

  async function remove(p: ForbiddenPhrase) {
    try {
      await settingsApi.deletePhrase(p.id);
      message.success(t('settings.phrases.deleted'));
    } catch (err) {
      message.error(errorText(t, err));
    } finally {
      phrases.reload();
    }
  }

  const columns: TableProps<ForbiddenPhrase>['columns'] = [
    {
      title: t('settings.phrases.phrase'),
      dataIndex: 'phrase',
      width: 220,
      render: (v: string) => <Typography.Text type="danger">{v}</Typography.Text>,
    },
    {
      title: t('settings.phrases.suggestion'),
      dataIndex: 'suggestion',
      render: (v: string) =>
        v ? <Typography.Text type="success">{v}</Typography.Text> : <span className="kefu-muted">{t('settings.phrases.noSuggestion')}</span>,
    },
    ...(canEdit
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 70,
            render: (_: unknown, p: ForbiddenPhrase) => (
              <Popconfirm
                title={t('settings.phrases.deleteConfirm', { phrase: p.phrase })}
                okButtonProps={{ danger: true }}
                cancelText={t('common.cancel')}
                onConfirm={() => remove(p)}
              >
                <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('settings.phrases.deleted')} data-testid="phrase-delete" />
              </Popconfirm>
            ),
          },
        ]
      : []),
  ];

  if (!phrases.data) return <PageState loading={phrases.loading} error={phrases.error} onRetry={phrases.reload} />;
  return (
    <>
      <Typography.Paragraph type="secondary" className="kefu-small">
        {t('settings.phrases.hint')}
      </Typography.Paragraph>
      {canEdit && (
        <Form form={form} layout="inline" onFinish={add} style={{ marginBottom: 16, rowGap: 8 }} data-testid="phrase-form">
          <Form.Item name="phrase" rules={[{ required: true, whitespace: true, max: 40 }]}>
            <Input
              placeholder={t('settings.phrases.phrasePlaceholder')}
              maxLength={40}
              style={{ width: 200 }}
              aria-label={t('settings.phrases.phrase')}
            />
          </Form.Item>
          <Form.Item name="suggestion" rules={[{ max: 200 }]}>
            <Input
              placeholder={t('settings.phrases.suggestionPlaceholder')}
              maxLength={200}
              style={{ width: 320 }}
              aria-label={t('settings.phrases.suggestion')}
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" icon={<PlusOutlined />} loading={busy} data-testid="phrase-add">
            {t('settings.phrases.add')}
          </Button>
        </Form>
      )}
      <Table<ForbiddenPhrase>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={phrases.data}
        loading={phrases.loading}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: <Empty description={t('settings.phrases.empty')} /> }}
        data-testid="phrase-table"
      />
    </>
  );
}
