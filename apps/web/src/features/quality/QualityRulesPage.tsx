import { DeleteOutlined, EditOutlined, EyeOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Flex, InputNumber, Popconfirm, Space, Switch, Table, Tag, Tooltip, Typography, type TableProps } from 'antd';
import { useEffect, useState } from 'react';
import { useAuth } from '../../auth.tsx';
import { PageState } from '../../shared/PageState.tsx';
import { errorText, isRefusal } from '../../shared/errors.ts';
import { useAsync } from '../../shared/hooks.ts';
import { useI18n } from '../../i18n.ts';
import { qualityApi, type QualityRule, type QualityRuleInput, type QualitySettings } from './qualityApi.ts';
import { kindLabel, pointsText, ruleCondition } from './qualityText.ts';
import { RuleDrawer, type RuleEditing } from './RuleDrawer.tsx';
import './quality.css';

/** 质检规则: how every closed chat is scored (admins edit, supervisors read), and which inspections go to review. */
export function QualityRulesPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { user } = useAuth();
  const canEdit = user.role === 'admin';
  const result = useAsync(() => qualityApi.rules().then((r) => r.rules), []);
  const [editing, setEditing] = useState<RuleEditing | null>(null);
  const [toggling, setToggling] = useState<number | null>(null);
  const rules = result.data ?? [];
  const nextPosition = Math.min(10_000, Math.max(0, ...rules.map((r) => r.position)) + 10);

  async function toggle(rule: QualityRule, enabled: boolean) {
    setToggling(rule.id);
    try {
      const { id: _id, version, updatedAt: _u, ...input } = rule;
      await qualityApi.updateRule(rule.id, version, { ...input, enabled } as QualityRuleInput);
      message.success(t('quality.rules.saved', { name: rule.name }));
    } catch (err) {
      message.error(isRefusal(err, 'stale_version') ? t('quality.rules.stale') : errorText(t, err));
    } finally {
      setToggling(null);
      result.reload();
    }
  }

  async function remove(rule: QualityRule) {
    try {
      await qualityApi.deleteRule(rule.id, rule.version);
      message.success(t('quality.rules.deleted'));
    } catch (err) {
      message.error(isRefusal(err, 'stale_version') ? t('quality.rules.stale') : errorText(t, err));
    } finally {
      result.reload();
    }
  }

  const columns: TableProps<QualityRule>['columns'] = [
    { title: t('quality.rules.position'), dataIndex: 'position', width: 70, align: 'right' },
    {
      title: t('quality.rules.name'),
      dataIndex: 'name',
      width: 190,
      render: (name: string, r) => (
        <Typography.Link strong onClick={() => setEditing({ rule: r, nextPosition })} data-testid="quality-rule-name-link">
          {name}
        </Typography.Link>
      ),
    },
    { title: t('quality.rules.kind'), dataIndex: 'kind', width: 130, render: (kind: string) => <Tag variant="filled">{kindLabel(t, kind)}</Tag> },
    {
      title: t('quality.rules.points'),
      key: 'points',
      width: 150,
      render: (_: unknown, r) => (
        <Space size={4} data-testid="quality-rule-points-cell">
          <span className="kefu-quality-minus">{pointsText(t, r)}</span>
          {r.fatal && <Tag color="red">{t('quality.fatal')}</Tag>}
        </Space>
      ),
    },
    { title: t('quality.rules.condition'), key: 'condition', render: (_: unknown, r) => <span className="kefu-small">{ruleCondition(t, r)}</span> },
    {
      title: t('quality.rules.enabled'),
      dataIndex: 'enabled',
      width: 70,
      render: (enabled: boolean, r) => (
        <Switch size="small" checked={enabled} disabled={!canEdit} loading={toggling === r.id} onChange={(v) => void toggle(r, v)} />
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: canEdit ? 100 : 70,
      render: (_: unknown, r) => (
        <Space size={0}>
          <Tooltip title={t(canEdit ? 'quality.rules.edit' : 'quality.rules.view')}>
            <Button
              type="text"
              icon={canEdit ? <EditOutlined /> : <EyeOutlined />}
              onClick={() => setEditing({ rule: r, nextPosition })}
              aria-label={t(canEdit ? 'quality.rules.edit' : 'quality.rules.view')}
              data-testid="quality-rule-edit"
            />
          </Tooltip>
          {canEdit && (
            <Popconfirm
              title={t('quality.rules.deleteConfirm', { name: r.name })}
              okText={t('quality.rules.delete')}
              okButtonProps={{ danger: true }}
              cancelText={t('common.cancel')}
              onConfirm={() => remove(r)}
            >
              <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('quality.rules.delete')} />
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];

  return (
    <div>
      <Flex justify="space-between" align="baseline" wrap gap={8} style={{ marginBottom: 16 }}>
        <div>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('quality.rules.title')}
          </Typography.Title>
          <Typography.Text type="secondary" className="kefu-small">
            {t('quality.rules.hint')}
          </Typography.Text>
        </div>
        {canEdit && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ rule: null, nextPosition })} data-testid="quality-rule-new">
            {t('quality.rules.new')}
          </Button>
        )}
      </Flex>
      {!canEdit && <Alert type="info" showIcon title={t('quality.rules.readOnly')} style={{ marginBottom: 16 }} />}
      <SamplingCard canEdit={canEdit} />
      {result.data ? (
        <Card size="small" title={t('quality.rules.listTitle')} styles={{ body: { padding: 0 } }}>
          <Table rowKey="id" size="middle" columns={columns} dataSource={rules} pagination={false} data-testid="quality-rules" />
        </Card>
      ) : (
        <PageState loading={result.loading} error={result.error} onRetry={result.reload} />
      )}
      <RuleDrawer
        editing={editing}
        canEdit={canEdit}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          result.reload();
        }}
      />
    </div>
  );
}

/** 抽检设置: every fatal inspection and every score below the line go to review, and a random share of the rest. */
function SamplingCard({ canEdit }: { canEdit: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const result = useAsync(() => qualityApi.settings(), []);
  const [draft, setDraft] = useState<QualitySettings | null>(null);
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    if (result.data) setDraft(result.data);
  }, [result.data]);
  if (!draft) return null;
  const changed = result.data && (draft.samplePercent !== result.data.samplePercent || draft.reviewBelow !== result.data.reviewBelow);

  async function save() {
    setSaving(true);
    try {
      setDraft(await qualityApi.saveSettings(draft!));
      message.success(t('common.saved'));
      result.reload();
    } catch (err) {
      message.error(isRefusal(err, 'stale_version') ? t('quality.rules.stale') : errorText(t, err));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Card size="small" title={t('quality.sampling.title')} style={{ marginBottom: 16 }} data-testid="quality-sampling">
      <Flex align="center" gap={24} wrap>
        <Space>
          <span>{t('quality.sampling.reviewBelow')}</span>
          <InputNumber
            min={0}
            max={100}
            value={draft.reviewBelow}
            disabled={!canEdit}
            onChange={(v) => setDraft({ ...draft, reviewBelow: v ?? 0 })}
            suffix={t('quality.scoreUnit')}
            data-testid="quality-review-below"
          />
        </Space>
        <Space>
          <span>{t('quality.sampling.percent')}</span>
          <InputNumber
            min={0}
            max={100}
            value={draft.samplePercent}
            disabled={!canEdit}
            onChange={(v) => setDraft({ ...draft, samplePercent: v ?? 0 })}
            suffix="%"
            data-testid="quality-sample-percent"
          />
        </Space>
        <Typography.Text type="secondary" className="kefu-small">
          {t('quality.sampling.fatalAlways')}
        </Typography.Text>
        {canEdit && (
          <Button type="primary" ghost disabled={!changed} loading={saving} onClick={() => void save()} data-testid="quality-sampling-save">
            {t('common.save')}
          </Button>
        )}
      </Flex>
    </Card>
  );
}
