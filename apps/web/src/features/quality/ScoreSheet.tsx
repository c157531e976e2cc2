import { App, Button, Card, Checkbox, Flex, Input, InputNumber, Table, Typography, type TableProps } from 'antd';
import { useMemo, useState } from 'react';
import { errorText, isRefusal } from '../../shared/errors.ts';
import { useI18n } from '../../i18n.ts';
import { qualityApi, type Inspection, type QualityRule } from './qualityApi.ts';
import { Score } from './InspectionTable.tsx';
import { scoreColor } from './qualityText.ts';

interface Line {
  ruleId: number;
  name: string;
  auto: number;
  autoFatal: boolean;
  points: number;
  fatal: boolean;
  comment: string;
}

/** The same arithmetic as the server's (@kefu/domain sheetScore): 0 with a fatal line, else 100 less the points. */
const sheetScore = (lines: Line[]) => (lines.some((l) => l.fatal) ? 0 : Math.max(0, 100 - lines.reduce((s, l) => s + (l.points || 0), 0)));

/**
 * 复核评分表: one line per rule — what the automatic check took off, and the reviewer's points (confirmed or changed),
 * whether it is fatal, a comment; the score follows as they type. A sheet saved before is shown to be changed.
 */
export function ScoreSheet({ inspection, rules, onSaved }: { inspection: Inspection; rules: QualityRule[]; onSaved(i: Inspection): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const initial = useMemo(() => {
    const saved = new Map((inspection.reviewSheet ?? []).map((l) => [l.ruleId, l]));
    const hits = new Map(inspection.hits.map((h) => [h.ruleId, h]));
    const ids = [...new Set([...inspection.hits.map((h) => h.ruleId), ...rules.filter((r) => r.enabled).map((r) => r.id)])];
    return ids.map((ruleId): Line => {
      const hit = hits.get(ruleId);
      const before = saved.get(ruleId);
      return {
        ruleId,
        name: hit?.name ?? rules.find((r) => r.id === ruleId)?.name ?? `#${ruleId}`,
        auto: hit?.points ?? 0,
        autoFatal: hit?.fatal ?? false,
        points: before ? before.points : (hit?.points ?? 0),
        fatal: before ? before.fatal : (hit?.fatal ?? false),
        comment: before?.comment ?? '',
      };
    });
  }, [inspection, rules]);
  const [lines, setLines] = useState(initial);
  const [comment, setComment] = useState(inspection.reviewComment ?? '');
  const [saving, setSaving] = useState(false);
  const score = sheetScore(lines);
  const set = (ruleId: number, change: Partial<Line>) => setLines((all) => all.map((l) => (l.ruleId === ruleId ? { ...l, ...change } : l)));

  async function submit() {
    setSaving(true);
    try {
      const sheet = lines.filter((l) => l.points > 0 || l.fatal || l.comment.trim() || l.auto > 0);
      const saved = await qualityApi.review(
        inspection.conversationId,
        inspection.version,
        sheet.map((l) => ({ ruleId: l.ruleId, points: l.points || 0, fatal: l.fatal, comment: l.comment.trim() || null })),
        comment.trim(),
      );
      message.success(t('quality.sheet.saved', { score: saved.reviewScore ?? score }));
      onSaved(saved);
    } catch (err) {
      message.error(isRefusal(err, 'stale_version') ? t('quality.stale') : errorText(t, err));
    } finally {
      setSaving(false);
    }
  }

  const columns: TableProps<Line>['columns'] = [
    {
      title: t('quality.sheet.rule'),
      dataIndex: 'name',
      render: (name: string, l) => (
        <span className={l.auto || l.autoFatal ? 'kefu-quality-minus' : undefined} style={{ fontWeight: l.auto ? 600 : 400 }}>
          {name}
        </span>
      ),
    },
    {
      title: t('quality.sheet.auto'),
      dataIndex: 'auto',
      width: 64,
      align: 'right',
      render: (auto: number, l) => (l.autoFatal ? t('quality.fatal') : auto ? `-${auto}` : <span className="kefu-muted">0</span>),
    },
    {
      title: t('quality.sheet.points'),
      key: 'points',
      width: 96,
      render: (_: unknown, l) => (
        <InputNumber
          size="small"
          min={0}
          max={100}
          value={l.points}
          onChange={(v) => set(l.ruleId, { points: v ?? 0 })}
          style={{ width: 76 }}
          aria-label={`${l.name} ${t('quality.sheet.points')}`}
          data-testid={`sheet-points-${l.ruleId}`}
        />
      ),
    },
    {
      title: t('quality.sheet.fatal'),
      key: 'fatal',
      width: 56,
      align: 'center',
      render: (_: unknown, l) => (
        <Checkbox checked={l.fatal} onChange={(e) => set(l.ruleId, { fatal: e.target.checked })} aria-label={t('quality.sheet.fatal')} />
      ),
    },
    {
      title: t('quality.sheet.comment'),
      key: 'comment',
      width: 150,
      render: (_: unknown, l) => (
        <Input size="small" value={l.comment} maxLength={500} onChange={(e) => set(l.ruleId, { comment: e.target.value })} />
      ),
    },
  ];

  return (
    <Card
      size="small"
      title={t(inspection.reviewed ? 'quality.sheet.titleAgain' : 'quality.sheet.title')}
      extra={
        <span>
          {t('quality.sheet.score')}{' '}
          <span className="kefu-quality-score" style={{ color: scoreColor(score), fontWeight: 600, fontSize: 18 }} data-testid="sheet-score">
            {score}
          </span>
        </span>
      }
      data-testid="score-sheet"
    >
      <Table rowKey="ruleId" size="small" columns={columns} dataSource={lines} pagination={false} />
      <Input.TextArea
        style={{ marginTop: 12 }}
        rows={2}
        maxLength={1000}
        placeholder={t('quality.sheet.commentPlaceholder')}
        value={comment}
        onChange={(e) => setComment(e.target.value)}
        data-testid="sheet-comment"
      />
      <Flex justify="space-between" align="center" style={{ marginTop: 12 }}>
        <Typography.Text type="secondary" className="kefu-small">
          {t('quality.sheet.from', { auto: inspection.autoScore })} → <Score value={score} />
        </Typography.Text>
        <Button type="primary" loading={saving} onClick={() => void submit()} data-testid="sheet-submit">
          {t('quality.sheet.submit')}
        </Button>
      </Flex>
    </Card>
  );
}
