import { KeyOutlined, PlusOutlined, ReloadOutlined, StopOutlined, UndoOutlined, EditOutlined } from '@ant-design/icons';
import { App, Badge, Button, Card, Flex, Input, Space, Switch, Table, Tag, Tooltip, Typography, type TableProps } from 'antd';
import { useMemo, useState } from 'react';
import { api, type GroupList } from '../../api.ts';
import { useAuth } from '../../auth.tsx';
import { PageState } from '../../shared/PageState.tsx';
import { errorText } from '../../shared/errors.ts';
import { dateTime, fromNow } from '../../shared/format.ts';
import { forgetDirectory, useAsync } from '../../shared/hooks.ts';
import { enumLabel, useI18n } from '../../i18n.ts';
import { DeactivateModal } from './DeactivateModal.tsx';
import { MaxChatsCell } from './MaxChatsCell.tsx';
import { PasswordModal } from './PasswordModal.tsx';
import { SecretNotice, type Secret } from './SecretNotice.tsx';
import { StaffFormModal } from './StaffFormModal.tsx';
import { staffApi, type StaffMember } from './staffApi.ts';

const PRESENCE_COLOR = { online: 'success', busy: 'warning', away: 'default', offline: 'default' } as const;
const ROLE_COLOR: Record<string, string> = { admin: 'gold', supervisor: 'geekblue', agent: 'cyan' };

/** 员工与角色: the staff list for supervisors (who set agents' maximum chats) and admins (who manage accounts). */
export function StaffPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { user } = useAuth();
  const isAdmin = user.role === 'admin';
  const result = useAsync(() => Promise.all([staffApi.list(), api.get<GroupList>('/api/groups')]), []);
  const [query, setQuery] = useState('');
  const [showInactive, setShowInactive] = useState(false);
  const [form, setForm] = useState<{ editing: StaffMember | null } | null>(null);
  const [leaver, setLeaver] = useState<StaffMember | null>(null);
  const [resetting, setResetting] = useState<StaffMember | null>(null);
  const [secret, setSecret] = useState<Secret | null>(null);
  const { reload } = result;
  const [staff, groups] = result.data ?? [undefined, undefined];

  const changed = () => {
    forgetDirectory();
    reload();
  };

  const rows = useMemo(() => {
    const q = query.trim().toLowerCase();
    return (staff?.staff ?? []).filter(
      (s) => (showInactive || s.active) && (!q || s.displayName.toLowerCase().includes(q) || s.username.toLowerCase().includes(q)),
    );
  }, [staff, query, showInactive]);
  const groupName = (id: number) => groups?.groups.find((g) => g.id === id)?.name ?? `#${id}`;

  async function reactivate(member: StaffMember) {
    try {
      await staffApi.reactivate(member.id);
      void message.success(t('staff.reactivated', { name: member.displayName }));
      changed();
    } catch (err) {
      void message.error(errorText(t, err));
    }
  }

  const columns: TableProps<StaffMember>['columns'] = [
    {
      title: t('staff.name'),
      key: 'name',
      render: (_: unknown, s) => (
        <div>
          <Typography.Text strong>
            {s.displayName}
            {s.id === user.id && <span className="kefu-muted">{t('staff.you')}</span>}
          </Typography.Text>
          <div className="kefu-mono kefu-muted">{s.username}</div>
        </div>
      ),
    },
    {
      title: t('staff.role'),
      dataIndex: 'role',
      width: 110,
      render: (role: string) => <Tag color={ROLE_COLOR[role]}>{enumLabel(t, 'role', role)}</Tag>,
    },
    {
      title: t('staff.groups'),
      dataIndex: 'groupIds',
      render: (ids: number[]) =>
        ids.length ? (
          <Space size={[4, 4]} wrap>
            {ids.map((id) => (
              <Tag key={id} variant="filled">
                {groupName(id)}
              </Tag>
            ))}
          </Space>
        ) : (
          <span className="kefu-muted">—</span>
        ),
    },
    {
      title: t('staff.status'),
      key: 'status',
      width: 100,
      render: (_: unknown, s) =>
        s.active ? (
          <Badge status={PRESENCE_COLOR[s.presence]} text={enumLabel(t, 'chat.status', s.presence)} />
        ) : (
          <Tag color="red">{t('staff.inactive')}</Tag>
        ),
    },
    {
      title: (
        <Tooltip title={t('staff.maxChatsHint')}>
          <span>{t('staff.maxChats')}</span>
        </Tooltip>
      ),
      key: 'maxChats',
      width: 130,
      render: (_: unknown, s) => <MaxChatsCell member={s} editable={s.active && (isAdmin || s.role === 'agent')} onSaved={reload} />,
    },
    {
      title: t('staff.lastLogin'),
      dataIndex: 'lastLoginAt',
      width: 120,
      render: (at: string | null) =>
        at ? (
          <Tooltip title={dateTime(at)}>
            <span>{fromNow(at)}</span>
          </Tooltip>
        ) : (
          <span className="kefu-muted">{t('staff.neverLogged')}</span>
        ),
    },
    {
      title: t('staff.openWork'),
      dataIndex: 'openWork',
      width: 150,
      render: (w: StaffMember['openWork']) =>
        w.conversations + w.tickets + w.tasks + w.customers === 0 ? (
          <span className="kefu-muted">{t('staff.noOpenWork')}</span>
        ) : (
          <span className="kefu-muted" style={{ fontSize: 12 }}>
            {t('staff.openWorkText', w)}
          </span>
        ),
    },
    ...(isAdmin
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 270,
            render: (_: unknown, s: StaffMember) => (
              <Space size={0} wrap>
                <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setForm({ editing: s })}>
                  {t('staff.edit')}
                </Button>
                {s.active ? (
                  <>
                    <Button type="link" size="small" icon={<KeyOutlined />} onClick={() => setResetting(s)} data-testid="staff-reset-password">
                      {t('staff.resetPassword')}
                    </Button>
                    <Button
                      type="link"
                      size="small"
                      danger
                      icon={<StopOutlined />}
                      disabled={s.id === user.id}
                      onClick={() => setLeaver(s)}
                      data-testid="staff-deactivate"
                    >
                      {t('staff.deactivate')}
                    </Button>
                  </>
                ) : (
                  <Button type="link" size="small" icon={<UndoOutlined />} onClick={() => void reactivate(s)}>
                    {t('staff.reactivate')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <Card>
      <Flex justify="space-between" align="baseline" style={{ marginBottom: 16 }} wrap gap={8}>
        <div>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('staff.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{isAdmin ? t('staff.hint') : t('staff.hintSupervisor')}</Typography.Text>
        </div>
        <Space wrap>
          <Input.Search allowClear placeholder={t('staff.search')} onChange={(e) => setQuery(e.target.value)} style={{ width: 200 }} />
          <Space size={6}>
            <Switch size="small" checked={showInactive} onChange={setShowInactive} />
            <span>{t('staff.showInactive')}</span>
          </Space>
          <Button icon={<ReloadOutlined />} onClick={reload} aria-label={t('common.retry')} />
          {isAdmin && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setForm({ editing: null })} data-testid="staff-add">
              {t('staff.add')}
            </Button>
          )}
        </Space>
      </Flex>
      {result.error && !result.data ? (
        <PageState error={result.error} onRetry={reload} />
      ) : (
        <Table<StaffMember>
          rowKey="id"
          size="middle"
          loading={result.loading && !result.data}
          columns={columns}
          dataSource={rows}
          pagination={rows.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
          rowClassName={(s) => (s.active ? '' : 'kefu-row-muted')}
          data-testid="staff-table"
        />
      )}
      <StaffFormModal
        open={form !== null}
        editing={form?.editing ?? null}
        groups={groups?.groups ?? []}
        onClose={() => setForm(null)}
        onDone={(done) => {
          setForm(null);
          changed();
          if (done.generatedPassword) {
            setSecret({
              title: t('staff.secret.userTitle', { name: done.name }),
              warning: t('staff.secret.once'),
              rows: [
                { label: t('staff.secret.username'), value: done.username },
                { label: t('staff.secret.password'), value: done.generatedPassword, secret: true },
              ],
            });
          } else void message.success(t(done.created ? 'staff.created' : 'staff.saved', { name: done.name }));
        }}
      />
      <DeactivateModal
        leaver={leaver}
        staff={staff?.staff ?? []}
        onClose={() => setLeaver(null)}
        onDone={(text) => {
          setLeaver(null);
          void message.success(text);
          changed();
        }}
      />
      <PasswordModal
        member={resetting}
        onClose={() => setResetting(null)}
        onDone={(member, generated, sessionsEnded) => {
          setResetting(null);
          if (generated) {
            setSecret({
              title: t('staff.secret.passwordTitle', { name: member.displayName }),
              warning: t('staff.secret.once'),
              rows: [
                { label: t('staff.secret.username'), value: member.username },
                { label: t('staff.secret.password'), value: generated, secret: true },
              ],
            });
          } else void message.success(t('staff.password.doneSet', { name: member.displayName, n: sessionsEnded }));
          reload();
        }}
      />
      <SecretNotice secret={secret} onClose={() => setSecret(null)} />
    </Card>
  );
}
