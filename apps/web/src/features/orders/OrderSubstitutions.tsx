import { Button, Card, DatePicker, Form, Input, Select, Tag } from 'antd';
import { useState } from 'react';
import type { Order, Substitution } from '../../api.ts';
import { errorText } from '../../shared/errors.ts';
import { dateTime, dayjs } from '../../shared/format.ts';
import { enumLabel, useI18n } from '../../i18n.ts';
import { lineTitle } from './OrderLines.tsx';

type SubstitutionAnswer = { version: number; outcome: string; note?: string; followUpAt?: string };

/** The order's proposed substitutions; nothing when there are none. */
export function OrderSubstitutionsCard({
  order,
  canAnswer,
  answer,
}: {
  order: Order;
  canAnswer: boolean;
  answer(s: Substitution, body: SubstitutionAnswer): Promise<void>;
}) {
  const { t } = useI18n();
  if (order.substitutions.length === 0) return null;
  return (
    <Card size="small" title={t('order.substitutions')}>
      {order.substitutions.map((s) => (
        <SubstitutionRow key={s.id} s={s} order={order} canAnswer={canAnswer} answer={(body) => answer(s, body)} />
      ))}
    </Card>
  );
}

/** One proposed substitution on an order line: the shopper's answer, or the form that records it. */
function SubstitutionRow({
  s,
  order,
  canAnswer,
  answer,
}: {
  s: Substitution;
  order: Order;
  canAnswer: boolean;
  answer(body: SubstitutionAnswer): Promise<void>;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ outcome: string; note?: string; followUpAt?: dayjs.Dayjs }>();
  const outcome = Form.useWatch('outcome', form);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const line = order.lines.find((l) => l.id === s.orderLineId);
  const late = !s.outcome && Date.parse(s.answerDueAt) < Date.now();
  const open = !s.outcome || s.outcome === 'unreachable';

  async function submit(v: { outcome: string; note?: string; followUpAt?: dayjs.Dayjs }) {
    setBusy(true);
    setError(null);
    try {
      await answer({ version: s.version, outcome: v.outcome, note: v.note?.trim() || undefined, followUpAt: v.followUpAt?.toISOString() });
    } catch (err) {
      setError(errorText(t, err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="kefu-related-block">
      <div>{t('sub.proposal', { line: line ? lineTitle(t, line) : `#${s.orderLineId}`, product: s.productName })}</div>
      {s.note && <div className="kefu-small kefu-muted">{s.note}</div>}
      {s.outcome ? (
        <div className="kefu-small">
          <Tag color={s.outcome === 'accepted' ? 'green' : s.outcome === 'declined' ? 'red' : 'gold'}>{enumLabel(t, 'subOutcome', s.outcome)}</Tag>
          {s.followUpAt && t('sub.followUpAt', { at: dateTime(s.followUpAt) })}
          {s.answerNote && <span className="kefu-muted"> · {s.answerNote}</span>}
        </div>
      ) : (
        <div className={`kefu-small ${late ? 'kefu-danger' : 'kefu-muted'}`}>{t('sub.due', { at: dateTime(s.answerDueAt) })}</div>
      )}
      {canAnswer && open && (
        <Form form={form} layout="inline" size="small" onFinish={(v) => void submit(v)} style={{ marginTop: 6, rowGap: 6 }}>
          <Form.Item name="outcome" rules={[{ required: true, message: t('sub.outcome') }]}>
            <Select
              placeholder={t('sub.outcome')}
              style={{ width: 110 }}
              options={['accepted', 'declined', 'unreachable'].map((v) => ({ value: v, label: enumLabel(t, 'subOutcome', v) }))}
            />
          </Form.Item>
          {outcome === 'unreachable' && (
            <Form.Item name="followUpAt" rules={[{ required: true, message: t('sub.followUpRequired') }]}>
              <DatePicker showTime={{ format: 'HH:mm' }} format="MM-DD HH:mm" placeholder={t('sub.followUp')} />
            </Form.Item>
          )}
          <Form.Item name="note">
            <Input placeholder={t('sub.note')} style={{ width: 140 }} maxLength={500} />
          </Form.Item>
          <Button htmlType="submit" size="small" loading={busy}>
            {t('sub.answer')}
          </Button>
        </Form>
      )}
      {error && <div className="kefu-small kefu-danger">{error}</div>}
    </div>
  );
}
