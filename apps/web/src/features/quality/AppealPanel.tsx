import { Alert, App, Button, Card, Descriptions, Flex, Input, InputNumber, Space, Typography } from 'antd';
import { useState } from 'react';
import { dateTime } from '../../shared/format.ts';
import { errorText, isRefusal } from '../../shared/errors.ts';
import { useI18n } from '../../i18n.ts';
import { qualityApi, type Inspection } from './qualityApi.ts';

/**
 * 申诉: the agent appeals their own result once, with a reason; a supervisor accepts it with a new final score or
 * rejects it with a note. Everyone sees how it ended.
 */
export function AppealPanel({
  inspection,
  mine,
  lead,
  onSaved,
}: {
  inspection: Inspection;
  mine: boolean;
  lead: boolean;
  onSaved(i: Inspection): void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [finalScore, setFinalScore] = useState<number | null>(Math.min(100, inspection.finalScore + 10));
  const [busy, setBusy] = useState(false);

  async function run(action: () => Promise<Inspection>, done: string) {
    setBusy(true);
    try {
      onSaved(await action());
      message.success(done);
    } catch (err) {
      message.error(
        isRefusal(err, 'already_appealed') ? t('quality.appeal.once') : isRefusal(err, 'stale_version') ? t('quality.stale') : errorText(t, err),
      );
    } finally {
      setBusy(false);
    }
  }

  const id = inspection.conversationId;
  if (inspection.appeal === 'none') {
    if (!mine) return null;
    return (
      <Card size="small" title={t('quality.appeal.title')} data-testid="appeal-panel">
        <Typography.Paragraph type="secondary" className="kefu-small">
          {t('quality.appeal.hint')}
        </Typography.Paragraph>
        <Input.TextArea
          rows={3}
          maxLength={1000}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder={t('quality.appeal.placeholder')}
          data-testid="appeal-reason"
        />
        <Flex justify="flex-end" style={{ marginTop: 12 }}>
          <Button
            type="primary"
            disabled={!reason.trim()}
            loading={busy}
            onClick={() => void run(() => qualityApi.appeal(id, inspection.version, reason.trim()), t('quality.appeal.sent'))}
            data-testid="appeal-submit"
          >
            {t('quality.appeal.submit')}
          </Button>
        </Flex>
      </Card>
    );
  }

  const decided = inspection.appeal !== 'pending';
  return (
    <Card size="small" title={t('quality.appeal.title')} data-testid="appeal-panel">
      <Descriptions size="small" column={1} styles={{ label: { width: 88 } }}>
        <Descriptions.Item label={t('quality.appeal.reason')}>{inspection.appealReason}</Descriptions.Item>
        <Descriptions.Item label={t('quality.appeal.at')}>{inspection.appealedAt && dateTime(inspection.appealedAt)}</Descriptions.Item>
      </Descriptions>
      {decided ? (
        <Alert
          type={inspection.appeal === 'accepted' ? 'success' : 'warning'}
          showIcon
          data-testid="appeal-result"
          title={t(inspection.appeal === 'accepted' ? 'quality.appeal.acceptedText' : 'quality.appeal.rejectedText', {
            score: inspection.finalScore,
            who: inspection.appealDecidedBy?.name ?? '—',
          })}
          description={inspection.appealNote}
        />
      ) : lead ? (
        <div data-testid="appeal-decide">
          <Input.TextArea
            rows={2}
            maxLength={1000}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            placeholder={t('quality.appeal.notePlaceholder')}
            data-testid="appeal-note"
          />
          <Flex justify="space-between" align="center" wrap gap={8} style={{ marginTop: 12 }}>
            <Space>
              <span>{t('quality.appeal.newScore')}</span>
              <InputNumber min={0} max={100} value={finalScore} onChange={setFinalScore} data-testid="appeal-score" />
            </Space>
            <Space>
              <Button
                danger
                disabled={!note.trim()}
                loading={busy}
                onClick={() =>
                  void run(() => qualityApi.decide(id, inspection.version, { accept: false, note: note.trim() }), t('quality.appeal.rejected'))
                }
                data-testid="appeal-reject"
              >
                {t('quality.appeal.reject')}
              </Button>
              <Button
                type="primary"
                disabled={finalScore === null}
                loading={busy}
                onClick={() =>
                  void run(
                    () => qualityApi.decide(id, inspection.version, { accept: true, finalScore: finalScore!, note: note.trim() }),
                    t('quality.appeal.accepted'),
                  )
                }
                data-testid="appeal-accept"
              >
                {t('quality.appeal.accept')}
              </Button>
            </Space>
          </Flex>
        </div>
      ) : (
        <Alert type="info" showIcon title={t('quality.appeal.pending')} />
      )}
    </Card>
  );
}
