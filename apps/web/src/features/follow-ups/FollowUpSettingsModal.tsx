import { App, Button, Input, InputNumber, Modal, Space, Switch, Table, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { ApiError } from '../../api.ts';
import { useAuth } from '../../auth.tsx';
import { useI18n, type MessageKey } from '../../i18n.ts';
import { useAsync } from '../../shared/hooks.ts';
import { PageState } from '../../shared/PageState.tsx';
import { followUpsApi, type FollowUpRule, type FollowUpScript } from './followUpsApi.ts';

/** The admin's rules (on/off, delay, threshold) and the supervisors' scripts (回访话术). */
export function FollowUpSettingsModal({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  return (
    <Modal open width={760} title={t('followUps.settings')} onCancel={onClose} footer={null}>
      <Tabs
        items={[
          { key: 'rules', label: t('followUps.rules.title'), children: <RulesTable /> },
          { key: 'scripts', label: t('followUps.scripts.title'), children: <ScriptsList /> },
        ]}
      />
    </Modal>
  );
}

function useSave() {
  const { message } = App.useApp();
  return async (work: () => Promise<unknown>, done: string, after: () => void) => {
    try {
      await work();
      message.success(done);
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : String(err));
    }
    after();
  };
}

function RulesTable() {
  const { t } = useI18n();
  const admin = useAuth().user.role === 'admin';
  const rules = useAsync(() => followUpsApi.rules(), []);
  const [edits, setEdits] = useState<Record<string, Partial<FollowUpRule>>>({});
  const save = useSave();
  if (!rules.data) return <PageState loading={rules.loading} error={rules.error} onRetry={rules.reload} />;
  const value = (r: FollowUpRule) => ({ ...r, ...edits[r.rule] });
  const edit = (rule: string, change: Partial<FollowUpRule>) => setEdits((e) => ({ ...e, [rule]: { ...e[rule], ...change } }));
  return (
    <>
      {!admin && <Typography.Text type="secondary">{t('followUps.rules.adminOnly')}</Typography.Text>}
      <Table<FollowUpRule>
        rowKey="rule"
        size="small"
        pagination={false}
        dataSource={rules.data.rules}
        columns={[
          { title: t('followUps.col.reason'), key: 'rule', render: (_, r) => t(`followUps.reason.${r.rule}` as MessageKey) },
          {
            title: t('followUps.rules.enabled'),
            key: 'enabled',
            width: 70,
            render: (_, r) => <Switch size="small" disabled={!admin} checked={value(r).enabled} onChange={(enabled) => edit(r.rule, { enabled })} />,
          },
          {
            title: t('followUps.rules.delay'),
            key: 'delay',
            width: 120,
            render: (_, r) => (
              <InputNumber
                size="small"
                min={0}
                max={720}
                disabled={!admin}
                value={value(r).delayMinutes / 60}
                onChange={(h) => edit(r.rule, { delayMinutes: Math.round((h ?? 0) * 60) })}
              />
            ),
          },
          {
            title: t('followUps.rules.threshold'),
            key: 'threshold',
            width: 200,
            render: (_, r) =>
              r.rule === 'large_order' ? (
                <InputNumber
                  size="small"
                  min={1}
                  disabled={!admin}
                  addonBefore="¥ ≥"
                  value={(value(r).threshold ?? 0) / 100}
                  onChange={(y) => edit(r.rule, { threshold: Math.round((y ?? 0) * 100) })}
                />
              ) : r.rule === 'low_score' ? (
                <InputNumber
                  size="small"
                  min={1}
                  max={4}
                  disabled={!admin}
                  addonBefore="≤"
                  value={value(r).threshold ?? 3}
                  onChange={(s) => edit(r.rule, { threshold: s ?? 3 })}
                />
              ) : (
                '—'
              ),
          },
          {
            key: 'save',
            width: 70,
            render: (_, r) =>
              admin && edits[r.rule] ? (
                <Button
                  size="small"
                  type="primary"
                  onClick={() => {
                    const v = value(r);
                    return save(
                      () =>
                        followUpsApi.saveRule(r.rule, {
                          version: r.version,
                          enabled: v.enabled,
                          delayMinutes: v.delayMinutes,
                          threshold: v.threshold,
                        }),
                      t('followUps.rules.saved'),
                      () => {
                        setEdits((e) => ({ ...e, [r.rule]: undefined as never }));
                        rules.reload();
                      },
                    );
                  }}
                >
                  {t('followUps.save')}
                </Button>
              ) : null,
          },
        ]}
      />
    </>
  );
}

function ScriptsList() {
  const { t } = useI18n();
  const scripts = useAsync(() => followUpsApi.scripts(), []);
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const save = useSave();
  if (!scripts.data) return <PageState loading={scripts.loading} error={scripts.error} onRetry={scripts.reload} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={12}>
      <Typography.Text type="secondary">{t('followUps.scripts.hint')}</Typography.Text>
      {scripts.data.scripts.map((s: FollowUpScript) => (
        <div key={s.reason}>
          <Typography.Text strong>{t(`followUps.reason.${s.reason}` as MessageKey)}</Typography.Text>
          <Input.TextArea
            rows={2}
            maxLength={2000}
            value={drafts[s.reason] ?? s.body}
            onChange={(e) => setDrafts((d) => ({ ...d, [s.reason]: e.target.value }))}
          />
          {drafts[s.reason] !== undefined && drafts[s.reason] !== s.body && (
            <Button
              size="small"
              type="primary"
              style={{ marginTop: 4 }}
              onClick={() =>
                save(
                  () => followUpsApi.saveScript(s.reason, { version: s.version, body: drafts[s.reason]! }),
                  t('followUps.scripts.saved'),
                  () => {
                    setDrafts((d) => Object.fromEntries(Object.entries(d).filter(([k]) => k !== s.reason)));
                    scripts.reload();
                  },
                )
              }
            >
              {t('followUps.save')}
            </Button>
          )}
        </div>
      ))}
    </Space>
  );
}
