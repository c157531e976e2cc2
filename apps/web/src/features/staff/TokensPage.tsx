import { ApiOutlined, PlusOutlined, StopOutlined } from '@ant-design/icons';
import { App, Badge, Button, Card, Flex, Popconfirm, Space, Switch, Table, Tooltip, Typography, type TableProps } from 'antd';
import { useState } from 'react';
import { useAuth } from '../../auth.tsx';
import { PageState } from '../../shared/PageState.tsx';
import { usePrompt } from '../../shared/PromptModal.tsx';
import { errorText } from '../../shared/errors.ts';
import { dateTime, fromNow } from '../../shared/format.ts';
import { useAsync } from '../../shared/hooks.ts';
import { useI18n } from '../../i18n.ts';
import { SecretNotice, type Secret } from './SecretNotice.tsx';
import { tokenApi, type ApiToken } from './staffApi.ts';

const when = (at: string | null, none: string) =>
  at ? (
    <Tooltip title={dateTime(at)}>
      <span>{fromNow(at)}</span>
    </Tooltip>
  ) : (
    <span className="kefu-muted">{none}</span>
  );

/** API 令牌: an admin sees every token with its owner and last use, creates their own and revokes any. */
export function TokensPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { user } = useAuth();
  const [prompt, promptElement] = usePrompt();
  const [secret, setSecret] = useState<Secret | null>(null);
  const [showRevoked, setShowRevoked] = useState(false);
  const result = useAsync(() => tokenApi.list(user.role === 'admin'), [user.role]);
  const { reload } = result;
  const tokens = (result.data?.tokens ?? []).filter((x) => showRevoked || !x.revokedAt);

  function create() {
    prompt({
      title: t('tokens.add'),
      label: t('tokens.name'),
      placeholder: t('tokens.namePlaceholder'),
      required: true,
      requiredMessage: t('tokens.nameRequired'),
      maxLength: 100,
      testId: 'token-name',
      submit: async (name) => {
        const created = await tokenApi.create(name);
        reload();
        setSecret({
          title: t('tokens.secretTitle', { name: created.name }),
          warning: t('tokens.secretOnce'),
          rows: [{ label: t('tokens.secret'), value: created.token, secret: true }],
        });
      },
    });
  }

  async function revoke(token: ApiToken) {
    try {
      await tokenApi.revoke(token.id);
      void message.success(t('tokens.revokedDone', { name: token.name }));
    } catch (err) {
      void message.error(errorText(t, err));
    } finally {
      reload();
    }
  }

  const columns: TableProps<ApiToken>['columns'] = [
    {
      title: t('tokens.name'),
      dataIndex: 'name',
      render: (name: string) => (
        <Space>
          <ApiOutlined className="kefu-muted" />
          <Typography.Text strong>{name}</Typography.Text>
        </Space>
      ),
    },
    { title: t('tokens.owner'), dataIndex: ['owner', 'displayName'], width: 140 },
    { title: t('tokens.created'), dataIndex: 'createdAt', width: 150, render: (at: string) => dateTime(at) },
    { title: t('tokens.lastUsed'), dataIndex: 'lastUsedAt', width: 130, render: (at: string | null) => when(at, t('tokens.neverUsed')) },
    {
      title: t('tokens.status'),
      dataIndex: 'revokedAt',
      width: 150,
      render: (at: string | null) =>
        at ? (
          <Tooltip title={dateTime(at)}>
            <Badge status="default" text={t('tokens.revoked')} />
          </Tooltip>
        ) : (
          <Badge status="success" text={t('tokens.active')} />
        ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 100,
      render: (_: unknown, token) =>
        !token.revokedAt && (
          <Popconfirm title={t('tokens.revokeConfirm', { name: token.name })} okButtonProps={{ danger: true }} onConfirm={() => revoke(token)}>
            <Button type="link" size="small" danger icon={<StopOutlined />} data-testid="token-revoke">
              {t('tokens.revoke')}
            </Button>
          </Popconfirm>
        ),
    },
  ];

  return (
    <Card>
      <Flex justify="space-between" align="baseline" style={{ marginBottom: 16 }} wrap gap={8}>
        <div>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('tokens.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('tokens.hint')}</Typography.Text>
        </div>
        <Space wrap>
          <Space size={6}>
            <Switch size="small" checked={showRevoked} onChange={setShowRevoked} />
            <span>{t('tokens.showRevoked')}</span>
          </Space>
          <Button type="primary" icon={<PlusOutlined />} onClick={create} data-testid="token-add">
            {t('tokens.add')}
          </Button>
        </Space>
      </Flex>
      {result.error && !result.data ? (
        <PageState error={result.error} onRetry={reload} />
      ) : (
        <Table<ApiToken>
          rowKey="id"
          size="middle"
          loading={result.loading && !result.data}
          columns={columns}
          dataSource={tokens}
          pagination={tokens.length > 50 ? { pageSize: 50 } : false}
          locale={{ emptyText: t('tokens.empty') }}
          data-testid="token-table"
        />
      )}
      {promptElement}
      <SecretNotice secret={secret} onClose={() => setSecret(null)} />
    </Card>
  );
}
