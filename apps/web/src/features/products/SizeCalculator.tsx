import { Alert, Button, Form, InputNumber } from 'antd';
import { useState } from 'react';
import { api, type SizeAdvice, type SizeAdviceAnswer, type SizeRow } from '../../api.ts';
import { errorText } from '../../shared/errors.ts';
import { useI18n, type Translate } from '../../i18n.ts';

/** Why this size, in the words an agent would tell the shopper. */
export function sizeReason(t: Translate, advice: SizeAdvice): string {
  if (advice.fit === 'exact') return t('size.reason.both', { size: advice.size });
  if (advice.fit === 'between') return t(advice.reason === 'weight' ? 'size.reason.weight' : 'size.reason.height', { size: advice.size });
  return t('size.reason.closest', { size: advice.size });
}

/**
 * 尺码推荐: the shopper's height and weight → the size the chart gives, with the reason (both in range, the
 * larger of two when they disagree, or the nearest when outside the chart).
 */
export function SizeCalculator({ productId, chart, onAdvice }: { productId: number; chart: SizeRow[]; onAdvice(size: string | null): void }) {
  const { t } = useI18n();
  const [height, setHeight] = useState<number | null>(null);
  const [weight, setWeight] = useState<number | null>(null);
  const [advice, setAdvice] = useState<SizeAdvice | null | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function run() {
    if (height === null || weight === null) return;
    setBusy(true);
    setError(null);
    try {
      const { advice: a } = await api.get<SizeAdviceAnswer>(`/api/products/${productId}/size`, { height, weight });
      setAdvice(a);
      onAdvice(a?.size ?? null);
    } catch (err) {
      setAdvice(undefined);
      onAdvice(null);
      setError(errorText(t, err));
    } finally {
      setBusy(false);
    }
  }

  const row = advice ? chart.find((r) => r.size === advice.size) : undefined;
  return (
    <div data-testid="size-calculator">
      <Form layout="inline" className="kefu-size-form" onFinish={() => void run()}>
        <Form.Item label={t('size.height')}>
          <InputNumber
            min={40}
            max={250}
            value={height}
            onChange={(v) => setHeight(v)}
            suffix="cm"
            style={{ width: 104 }}
            data-testid="size-height"
          />
        </Form.Item>
        <Form.Item label={t('size.weight')}>
          <InputNumber min={2} max={300} value={weight} onChange={(v) => setWeight(v)} suffix="kg" style={{ width: 104 }} data-testid="size-weight" />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} disabled={height === null || weight === null} data-testid="size-run">
            {t('size.run')}
          </Button>
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 10 }} />}
      {advice === null && <Alert type="warning" showIcon title={t('size.noChart')} style={{ marginTop: 10 }} />}
      {advice && (
        <div className={`kefu-size-result is-${advice.fit}`} data-testid="size-result">
          <div className="kefu-size-badge" data-testid="size-advice">
            {advice.size}
          </div>
          <div className="kefu-size-why">
            <div className="kefu-size-reason" data-testid="size-reason">
              {sizeReason(t, advice)}
            </div>
            {row && (
              <div className="kefu-muted kefu-small">
                {t('size.rowRange', { size: row.size, h1: row.heightMin, h2: row.heightMax, w1: row.weightMin, w2: row.weightMax })}
              </div>
            )}
          </div>
        </div>
      )}
    </div>
  );
}
