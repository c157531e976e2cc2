import { ReloadOutlined, SaveOutlined, UndoOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Flex, InputNumber, Row, Space, Statistic, Switch, Table, Typography, type TableProps } from 'antd';
import { useEffect, useState } from 'react';
import { ApiError } from '../../api.ts';
import { useAuth } from '../../auth.tsx';
import { enumLabel, useI18n } from '../../i18n.ts';
import { PageState } from '../../shared/PageState.tsx';
import { SegmentTag } from '../../shared/Tags.tsx';
import { errorText, isRefusal } from '../../shared/errors.ts';
import { dateTime, duration } from '../../shared/format.ts';
import { useAsync } from '../../shared/hooks.ts';
import { THRESHOLD_FIELDS, ruleSentence } from './ruleText.ts';
import { segmentsApi, type SegmentRule, type SegmentRules, type SegmentRun } from './segmentsApi.ts';

const SEGMENT_ORDER = ['vip', 'high_value', 'complaint_prone', 'at_risk', 'active', 'new', 'regular'] as const;

/** 客户分群: the admin's rules for the computed segments, how many customers each holds, and a recompute on demand. */
export function SegmentsPage() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const { user } = useAuth();
  const canEdit = user.role === 'admin';
  const result = useAsync(() => segmentsApi.rules(), []);
  const [draft, setDraft] = useState<SegmentRule[]>([]);
  const [saving, setSaving] = useState(false);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const data = result.data;
  useEffect(() => {
    if (data) setDraft(structuredClone(data.rules));
  }, [data]);
  const dirty = !!data && JSON.stringify(draft) !== JSON.stringify(data.rules);

  function change(segment: string, patch: Partial<SegmentRule> | { threshold: string; value: number }) {
    setDraft((rules) =>
      rules.map((r) => {
        if (r.segment !== segment) return r;
        if ('threshold' in patch) return { ...r, thresholds: { ...r.thresholds, [patch.threshold]: patch.value } } as SegmentRule;
        return { ...r, ...patch } as SegmentRule;
      }),
    );
  }

  async function save() {
    setSaving(true);
    setError(null);
    try {
      await segmentsApi.saveRules(draft);
      void message.success(t('segments.rules.saved'));
      result.reload();
    } catch (err) {
      if (isRefusal(err, 'stale_version')) {
        void message.warning(t('segments.rules.stale'));
        result.reload();
      } else if (err instanceof ApiError && err.fields.length) setError(err.fields.map((f) => `${fieldName(f.field)}: ${f.reason}`).join('; '));
      else setError(errorText(t, err));
    } finally {
      setSaving(false);
    }
  }

  /** body.rules.2.thresholds.windowDays → 流失风险 · 统计周期（天） */
  function fieldName(field: string) {
    const m = /rules\.(\d+)(?:\.thresholds\.(\w+))?/.exec(field);
    const rule = m ? draft[Number(m[1])] : undefined;
    if (!rule) return field;
    const segment = enumLabel(t, 'segment', rule.segment);
    return m![2] ? `${segment} · ${enumLabel(t, 'segments.field', m![2])}` : segment;
  }

  async function recompute() {
    setRunning(true);
    try {
      const answer = await segmentsApi.recompute();
      void message.success(t('segments.recomputed', { changed: answer.run.changed }));
      result.reload();
    } catch (err) {
      void message.error(errorText(t, err));
    } finally {
      setRunning(false);
    }
  }

  if (!data) return <PageState loading={result.loading} error={result.error} onRetry={result.reload} />;

  const columns: TableProps<SegmentRule>['columns'] = [
    {
      title: t('segments.rules.precedence'),
      dataIndex: 'precedence',
      width: 90,
      render: (p: number, r) =>
        canEdit ? (
          <InputNumber
            size="small"
            min={0}
            max={99}
            precision={0}
            value={p}
            onChange={(v) => change(r.segment, { precedence: v ?? 0 })}
            style={{ width: 64 }}
          />
        ) : (
          p
        ),
    },
    { title: t('segments.rules.segment'), dataIndex: 'segment', width: 110, render: (s: string) => <SegmentTag segment={s} /> },
    {
      title: t('segments.rules.condition'),
      key: 'condition',
      render: (_: unknown, r) => (
        <Space direction="vertical" size={6} style={{ width: '100%' }}>
          <Typography.Text>{ruleSentence(t, r)}</Typography.Text>
          {canEdit && (
            <Space wrap size={[16, 6]}>
              {THRESHOLD_FIELDS[r.segment].map((name) => (
                <ThresholdInput
                  key={name}
                  rule={r}
                  name={name}
                  label={enumLabel(t, 'segments.field', name)}
                  onChange={(value) => change(r.segment, { threshold: name, value })}
                />
              ))}
            </Space>
          )}
        </Space>
      ),
    },
    {
      title: t('segments.rules.enabled'),
      dataIndex: 'enabled',
      width: 70,
      render: (on: boolean, r) => (
        <Switch
          size="small"
          checked={on}
          disabled={!canEdit}
          onChange={(v) => change(r.segment, { enabled: v })}
          aria-label={`${r.segment}-enabled`}
        />
      ),
    },
    {
      title: '',
      key: 'updated',
      width: 190,
      render: (_: unknown, r) =>
        r.updatedByName ? (
          <Typography.Text type="secondary" className="kefu-small">
            {t('segments.rules.updated', { name: r.updatedByName, at: dateTime(r.updatedAt) })}
          </Typography.Text>
        ) : null,
    },
  ];

  return (
    <div>
      <Flex justify="space-between" align="baseline" wrap gap={8} style={{ marginBottom: 16 }}>
        <div>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('segments.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('segments.hint')}</Typography.Text>
        </div>
        {canEdit && (
          <Button type="primary" icon={<ReloadOutlined />} loading={running} onClick={() => void recompute()} data-testid="segments-recompute">
            {t('segments.recompute')}
          </Button>
        )}
      </Flex>
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={24} lg={16}>
          <Card
            title={t('segments.counts')}
            size="small"
            extra={<Typography.Text type="secondary">{t('segments.overridden', { n: data.overridden })}</Typography.Text>}
          >
            <Flex wrap gap={24} data-testid="segment-counts">
              {SEGMENT_ORDER.map((s) => (
                <Statistic key={s} title={<SegmentTag segment={s} />} value={data.counts[s] ?? 0} data-testid={`segment-count-${s}`} />
              ))}
            </Flex>
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card title={t('segments.lastRun')} size="small" style={{ height: '100%' }}>
            <LastRun run={data.lastRun} lang={lang} />
          </Card>
        </Col>
      </Row>
      <Card
        title={t('segments.rules')}
        size="small"
        extra={
          canEdit ? (
            <Space>
              <Button icon={<UndoOutlined />} disabled={!dirty} onClick={() => setDraft(structuredClone(data.rules))}>
                {t('segments.rules.reset')}
              </Button>
              <Button
                type="primary"
                icon={<SaveOutlined />}
                disabled={!dirty}
                loading={saving}
                onClick={() => void save()}
                data-testid="segments-save"
              >
                {t('segments.rules.save')}
              </Button>
            </Space>
          ) : (
            <Typography.Text type="secondary">{t('segments.rules.readOnly')}</Typography.Text>
          )
        }
      >
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Table<SegmentRule>
          rowKey="segment"
          columns={columns}
          dataSource={[...draft].sort((a, b) => a.precedence - b.precedence)}
          pagination={false}
          size="middle"
        />
      </Card>
    </div>
  );
}

function ThresholdInput({ rule, name, label, onChange }: { rule: SegmentRule; name: string; label: string; onChange(value: number): void }) {
  const value = (rule.thresholds as Record<string, number>)[name] ?? 0;
  const money = name.endsWith('Fen');
  return (
    <Space size={4}>
      <Typography.Text type="secondary" className="kefu-small">
        {label}
      </Typography.Text>
      <InputNumber
        size="small"
        min={0}
        precision={money ? 2 : 0}
        value={money ? value / 100 : value}
        onChange={(v) => onChange(Math.round((v ?? 0) * (money ? 100 : 1)))}
        style={{ width: money ? 120 : 80 }}
        data-testid={`threshold-${rule.segment}-${name}`}
      />
    </Space>
  );
}

function LastRun({ run, lang }: { run: SegmentRun | null; lang: 'zh' | 'en' }) {
  const { t } = useI18n();
  if (!run) return <Typography.Text type="secondary">{t('segments.lastRun.none')}</Typography.Text>;
  const who = run.trigger === 'manual' ? t('segments.lastRun.by', { name: run.startedByName ?? '—' }) : t(`segments.lastRun.${run.trigger}`);
  return (
    <Space direction="vertical" size={2} data-testid="segments-last-run">
      <Typography.Text strong>{dateTime(run.startedAt)}</Typography.Text>
      <Typography.Text type="secondary">{who}</Typography.Text>
      {run.error ? (
        <Typography.Text type="danger">{t('segments.lastRun.failed', { error: run.error })}</Typography.Text>
      ) : (
        <Typography.Text>
          {t('segments.lastRun.detail', {
            customers: run.customers.toLocaleString(),
            changed: run.changed.toLocaleString(),
            duration:
              run.durationMs === null ? '—' : run.durationMs < 60_000 ? `${(run.durationMs / 1000).toFixed(1)}s` : duration(run.durationMs, lang),
          })}
        </Typography.Text>
      )}
    </Space>
  );
}

export type { SegmentRules };
