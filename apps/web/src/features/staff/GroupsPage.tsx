import { DeleteOutlined, EditOutlined, LockOutlined, PlusOutlined, TeamOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Empty, Flex, Popconfirm, Row, Select, Space, Tag, Tooltip, Typography } from 'antd';
import { api, type Group, type GroupList, type User, type UserList } from '../../api.ts';
import { PageState } from '../../shared/PageState.tsx';
import { usePrompt } from '../../shared/PromptModal.tsx';
import { errorText } from '../../shared/errors.ts';
import { forgetDirectory, useAsync } from '../../shared/hooks.ts';
import { enumLabel, useI18n } from '../../i18n.ts';
import { AFTER_SALES_GROUP, groupApi } from './staffApi.ts';

/** 技能组: the groups chats queue by, and who is in each (admins). */
export function GroupsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [prompt, promptElement] = usePrompt();
  const result = useAsync(() => Promise.all([api.get<GroupList>('/api/groups'), api.get<UserList>('/api/users')]), []);
  const { reload } = result;
  const [groups, users] = result.data ?? [undefined, undefined];

  async function act(run: () => Promise<unknown>, done?: string) {
    try {
      await run();
      if (done) void message.success(done);
    } catch (err) {
      void message.error(errorText(t, err));
    } finally {
      forgetDirectory();
      reload();
    }
  }

  function nameDialog(group: Group | null) {
    prompt({
      title: group ? t('groups.renameTitle') : t('groups.createTitle'),
      label: t('groups.name'),
      required: true,
      requiredMessage: t('groups.nameRequired'),
      maxLength: 64,
      initial: group?.name,
      testId: 'group-name',
      submit: async (name) => {
        if (group) await groupApi.rename(group.id, name);
        else await groupApi.create(name);
        forgetDirectory();
        reload();
      },
    });
  }

  if (!result.data) return <PageState loading={result.loading} error={result.error} onRetry={reload} />;
  const active = (users?.users ?? []).filter((u) => u.active);

  return (
    <Card>
      <Flex justify="space-between" align="baseline" style={{ marginBottom: 16 }} wrap gap={8}>
        <div>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('groups.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('groups.hint')}</Typography.Text>
        </div>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => nameDialog(null)} data-testid="group-add">
          {t('groups.add')}
        </Button>
      </Flex>
      {groups?.groups.length === 0 && <Empty description={t('groups.empty')} />}
      <Row gutter={[16, 16]}>
        {(groups?.groups ?? []).map((group) => {
          const members = active.filter((u) => u.groupIds.includes(group.id));
          const reserved = group.name === AFTER_SALES_GROUP;
          return (
            <Col key={group.id} xs={24} md={12} xl={8}>
              <Card
                size="small"
                data-testid={`group-${group.id}`}
                title={
                  <Space>
                    <TeamOutlined />
                    <span>{group.name}</span>
                    <Tag variant="filled">{t('groups.memberCount', { n: members.length })}</Tag>
                    {reserved && (
                      <Tooltip title={t('groups.reservedHint')}>
                        <Tag icon={<LockOutlined />} color="orange">
                          {t('groups.reserved')}
                        </Tag>
                      </Tooltip>
                    )}
                  </Space>
                }
                extra={
                  !reserved && (
                    <Space size={0}>
                      <Button type="text" size="small" icon={<EditOutlined />} onClick={() => nameDialog(group)} aria-label={t('groups.rename')} />
                      <Popconfirm
                        title={t('groups.deleteConfirm', { name: group.name })}
                        description={t('groups.deleteHint')}
                        okButtonProps={{ danger: true }}
                        onConfirm={() => act(() => groupApi.remove(group.id), t('groups.deleted', { name: group.name }))}
                      >
                        <Button type="text" size="small" danger icon={<DeleteOutlined />} aria-label={t('groups.delete')} />
                      </Popconfirm>
                    </Space>
                  )
                }
              >
                <GroupMembers
                  members={members}
                  candidates={active.filter((u) => !u.groupIds.includes(group.id))}
                  onAdd={(userId) => act(() => groupApi.addMember(group.id, userId))}
                  onRemove={(userId) => act(() => groupApi.removeMember(group.id, userId))}
                />
              </Card>
            </Col>
          );
        })}
      </Row>
      {promptElement}
    </Card>
  );
}

function GroupMembers({
  members,
  candidates,
  onAdd,
  onRemove,
}: {
  members: User[];
  candidates: User[];
  onAdd(userId: number): void;
  onRemove(userId: number): void;
}) {
  const { t } = useI18n();
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={12}>
      {members.length === 0 ? (
        <Typography.Text type="warning">{t('groups.noMembers')}</Typography.Text>
      ) : (
        <Space size={[6, 6]} wrap>
          {members.map((m) => (
            <Tag
              key={m.id}
              closable
              onClose={(e) => {
                e.preventDefault();
                onRemove(m.id);
              }}
              closeIcon={<Tooltip title={t('groups.removeMember')}>×</Tooltip>}
            >
              {m.displayName}
              <span className="kefu-muted"> · {enumLabel(t, 'role', m.role)}</span>
            </Tag>
          ))}
        </Space>
      )}
      <Select
        size="small"
        style={{ width: '100%' }}
        value={null}
        placeholder={t('groups.addMemberPlaceholder')}
        showSearch={{ optionFilterProp: 'label' }}
        options={candidates.map((u) => ({ value: u.id, label: `${u.displayName}（${enumLabel(t, 'role', u.role)}）` }))}
        onChange={(id: number | null) => id && onAdd(id)}
        data-testid="group-add-member"
      />
    </Space>
  );
}
