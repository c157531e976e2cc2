import { DeleteOutlined, EditOutlined, EyeOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Flex, Popconfirm, Space, Switch, Table, Tag, Tooltip, Typography, type TableProps } from 'antd';
import { useState } from 'react';
import { ApiError, slaApi, type SlaPolicy } from '../../api.ts';
import { useAuth } from '../../auth.tsx';
import { PageState } from '../../shared/PageState.tsx';
import { errorText, isRefusal } from '../../shared/errors.ts';
import { useAsync, useDirectory } from '../../shared/hooks.ts';
import { useI18n, type Translate } from '../../i18n.ts';
import { reasonText, toInput, toValues } from './policyForm.ts';
import { SlaPolicyDrawer, type PolicyEditing } from './SlaPolicyDrawer.tsx';
import { hoursText, matchLabels, targetText } from './slaText.ts';

/** 提升优先级 · 转给技能组「售后组」: what a policy does on a breach, beyond telling the assignee and supervisors. */
function breachText(t: Translate, policy: SlaPolicy, names: { group(id: number): string; user(id: number): string }): string[] {
  const out: string[] = [];
  if (policy.onBreach.raisePriority) out.push(t('sla.form.raisePriority'));
  const r = policy.onBreach.reassign;
  if (r && 'groupId' in r) out.push(`${t('sla.form.reassign.group')}「${names.group(r.groupId)}」`);
  if (r && 'userId' in r) out.push(`${t('sla.form.reassign.user')}「${names.user(r.userId)}」`);
  return out;
}

/** 服务时效: the shop's policies in the order they match; admins create, edit, switch off and delete them. */
export function SlaPoliciesPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { user } = useAuth();
  const { users, groups } = useDirectory();
  const canEdit = user.role === 'admin';
  const result = useAsync(() => slaApi.policies().then((r) => r.policies), []);
  const [editing, setEditing] = useState<PolicyEditing | null>(null);
  const [toggling, setToggling] = useState<number | null>(null);
  const policies = result.data ?? [];
  const nextPosition = Math.min(10_000, Math.max(0, ...policies.map((p) => p.position)) + 10);
  const names = {
    group: (id: number) => groups.find((g) => g.id === id)?.name ?? `#${id}`,
    user: (id: number) => users.find((u) => u.id === id)?.displayName ?? `#${id}`,
  };

  async function toggle(policy: SlaPolicy, enabled: boolean) {
    setToggling(policy.id);
    try {
      await slaApi.updatePolicy(policy.id, policy.version, { ...toInput(toValues(policy, policy.position)), enabled });
      message.success(t('sla.policies.saved', { name: policy.name }));
    } catch (err) {
      const field = err instanceof ApiError ? err.fields[0] : undefined;
      message.error(isRefusal(err, 'stale_version') ? t('sla.policies.stale') : field ? reasonText(t, field.reason) : errorText(t, err));
    } finally {
      setToggling(null);
      result.reload();
    }
  }

  async function remove(policy: SlaPolicy) {
    try {
      await slaApi.deletePolicy(policy.id, policy.version);
      message.success(t('sla.policies.deleted'));
    } catch (err) {
      message.error(isRefusal(err, 'stale_version') ? t('sla.policies.stale') : errorText(t, err));
    } finally {
      result.reload();
    }
  }

  const columns: TableProps<SlaPolicy>['columns'] = [
    { title: t('sla.policies.position'), dataIndex: 'position', width: 70, align: 'right' },
    {
      title: t('sla.policies.name'),
      dataIndex: 'name',
      width: 150,
      render: (name: string, p) => (
        <Typography.Link strong onClick={() => setEditing({ policy: p, nextPosition })} data-testid="sla-policy-name-link">
          {name}
        </Typography.Link>
      ),
    },
    {
      title: t('sla.policies.covers'),
      key: 'covers',
      width: 220,
      render: (_: unknown, p) => {
        const labels = matchLabels(t, p.match);
        return labels.length ? (
          <Space size={[4, 4]} wrap>
            {labels.map((l) => (
              <Tag key={l.key} variant="filled" style={{ marginInlineEnd: 0 }}>
                {l.label}
              </Tag>
            ))}
          </Space>
        ) : (
          <span className="kefu-muted">{t('sla.policies.anyWork')}</span>
        );
      },
    },
    {
      title: t('sla.policies.targets'),
      key: 'targets',
      render: (_: unknown, p) => {
        const breach = breachText(t, p, names);
        return (
          <div data-testid="sla-policy-targets">
            <div>{p.targets.map((x) => targetText(t, x)).join(' · ')}</div>
            <div className="kefu-small kefu-muted">
              {[
                t('sla.policies.warnAt', { n: p.warnAtPercent ?? 80 }),
                ...(p.pauseOnCustomer ? [t('sla.policies.pauses')] : []),
                ...(breach.length ? [`${t('sla.policies.onBreach')}：${breach.join(t('common.separator'))}`] : []),
              ].join(' · ')}
            </div>
          </div>
        );
      },
    },
    { title: t('sla.policies.hours'), key: 'hours', width: 150, render: (_: unknown, p) => hoursText(t, p.hours) },
    {
      title: t('sla.policies.enabled'),
      dataIndex: 'enabled',
      width: 70,
      render: (enabled: boolean, p) => (
        <Switch size="small" checked={enabled} disabled={!canEdit} loading={toggling === p.id} onChange={(v) => void toggle(p, v)} />
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: canEdit ? 100 : 70,
      render: (_: unknown, p) => (
        <Space size={0}>
          <Tooltip title={t(canEdit ? 'sla.policies.edit' : 'sla.policies.view')}>
            <Button
              type="text"
              icon={canEdit ? <EditOutlined /> : <EyeOutlined />}
              onClick={() => setEditing({ policy: p, nextPosition })}
              aria-label={t(canEdit ? 'sla.policies.edit' : 'sla.policies.view')}
              data-testid="sla-policy-edit"
            />
          </Tooltip>
          {canEdit && (
            <Popconfirm
              title={t('sla.policies.deleteConfirm', { name: p.name })}
              okText={t('sla.policies.delete')}
              okButtonProps={{ danger: true }}
              cancelText={t('common.cancel')}
              onConfirm={() => remove(p)}
            >
              <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('sla.policies.delete')} />
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Card>
      <Flex justify="space-between" align="baseline" wrap gap={8} style={{ marginBottom: 16 }}>
        <div>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('sla.policies.title')}
          </Typography.Title>
          <Typography.Text type="secondary" className="kefu-small">
            {t('sla.policies.hint')}
          </Typography.Text>
        </div>
        {canEdit && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ policy: null, nextPosition })} data-testid="sla-policy-new">
            {t('sla.policies.new')}
          </Button>
        )}
      </Flex>
      {!canEdit && <Alert type="info" showIcon title={t('sla.policies.readOnly')} style={{ marginBottom: 16 }} />}
      {result.error && !result.data ? (
        <PageState error={result.error} onRetry={result.reload} />
      ) : (
        <Table<SlaPolicy>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={policies}
          loading={result.loading}
          pagination={false}
          data-testid="sla-policies"
          rowClassName={(p) => (p.enabled ? '' : 'kefu-muted')}
          locale={{ emptyText: result.loading ? ' ' : <Empty description={t('sla.policies.empty')} /> }}
          scroll={{ x: 1000 }}
        />
      )}
      <SlaPolicyDrawer
        editing={editing}
        canEdit={canEdit}
        onClose={() => setEditing(null)}
        onSaved={() => {
          result.reload();
          setEditing(null);
        }}
      />
    </Card>
  );
}
