import { AimOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Empty, Input, Progress, Select, Tag, Tooltip } from 'antd';
import { useState } from 'react';
import { api, type ProductRow, type SuggestResult, type Suggestion } from '../../api.ts';
import { errorText } from '../../shared/errors.ts';
import { enumLabel, useI18n } from '../../i18n.ts';

/** The bot answers on its own from this confidence on (the shop's default threshold). */
export const CONFIDENT = 0.6;

export function confidenceColor(c: number): string {
  return c >= CONFIDENT ? '#2f9e44' : c >= 0.3 ? '#e8a317' : '#adb5bd';
}

/**
 * 测试匹配: a shopper's question in, the best three answers out with their confidence and the intent, as the
 * agents' suggestions and the bot would see them.
 */
export function MatchTester({
  products,
  canEdit,
  onOpen,
  onCreate,
}: {
  products: ProductRow[];
  canEdit: boolean;
  onOpen(s: Suggestion): void;
  onCreate(question: string): void;
}) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [productId, setProductId] = useState<number | undefined>();
  const [result, setResult] = useState<{ q: string; data: SuggestResult } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function run(nextProduct = productId) {
    const q = text.trim();
    if (!q) return;
    setBusy(true);
    setError(null);
    try {
      setResult({ q, data: await api.get<SuggestResult>('/api/knowledge/suggest', { q, productId: nextProduct }) });
    } catch (err) {
      setError(errorText(t, err));
    } finally {
      setBusy(false);
    }
  }

  const intent = result?.data.intent;
  const list = result?.data.suggestions ?? [];
  return (
    <div className="kefu-tester" data-testid="match-tester">
      <div className="kefu-tester-head">
        <AimOutlined /> {t('match.title')}
      </div>
      <div className="kefu-muted kefu-small" style={{ marginBottom: 8 }}>
        {t('match.hint')}
      </div>
      <Input.TextArea
        value={text}
        onChange={(e) => setText(e.target.value)}
        autoSize={{ minRows: 2, maxRows: 4 }}
        maxLength={500}
        placeholder={t('match.placeholder')}
        data-testid="match-input"
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault();
            void run();
          }
        }}
      />
      <div className="kefu-tester-bar">
        <Select
          size="small"
          allowClear
          placeholder={t('match.anyProduct')}
          value={productId}
          style={{ flex: 1, minWidth: 0 }}
          onChange={(v: number | undefined) => {
            setProductId(v);
            if (result) void run(v);
          }}
          showSearch={{ optionFilterProp: 'label' }}
          options={products.map((p) => ({ value: p.id, label: p.name }))}
        />
        <Button type="primary" size="small" onClick={() => void run()} loading={busy} disabled={!text.trim()} data-testid="match-run">
          {t('match.run')}
        </Button>
      </div>
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 10 }} />}
      {result && (
        <div className="kefu-tester-result" data-testid="match-result">
          <div className="kefu-tester-intent" data-testid="match-intent">
            <span className="kefu-muted">{t('match.intent')}</span>
            <Tag color={intent?.intent === 'other' ? 'default' : 'cyan'} variant="filled">
              {enumLabel(t, 'chat.intent', intent?.intent)}
            </Tag>
            <span className="kefu-muted kefu-small">{Math.round((intent?.probability ?? 0) * 100)}%</span>
          </div>
          {list.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('match.none')} style={{ margin: '12px 0 4px' }}>
              {canEdit && (
                <Button size="small" icon={<PlusOutlined />} onClick={() => onCreate(result.q)}>
                  {t('match.addAsFaq')}
                </Button>
              )}
            </Empty>
          ) : (
            <>
              {list.map((s, i) => (
                <button
                  type="button"
                  key={s.id}
                  className={`kefu-match${i === 0 ? ' is-top' : ''}`}
                  onClick={() => onOpen(s)}
                  data-testid="match-item"
                >
                  <div className="kefu-match-top">
                    <span className="kefu-match-rank">{i + 1}</span>
                    <span className="kefu-match-q" data-testid="match-question">
                      {s.question}
                    </span>
                    {s.category && (
                      <Tag variant="filled" className="kefu-match-cat">
                        {s.category}
                      </Tag>
                    )}
                  </div>
                  <Tooltip title={t('match.scoreTip', { score: s.score })}>
                    <div className="kefu-match-bar">
                      <Progress percent={Math.round(s.confidence * 100)} size="small" strokeColor={confidenceColor(s.confidence)} showInfo={false} />
                      <span className="kefu-match-pct" style={{ color: confidenceColor(s.confidence) }}>
                        {Math.round(s.confidence * 100)}%
                      </span>
                    </div>
                  </Tooltip>
                  <div className="kefu-match-answer">{s.answer}</div>
                </button>
              ))}
              <div className="kefu-tester-foot">
                <span>{list[0]!.confidence >= CONFIDENT ? t('match.confident') : t('match.notConfident')}</span>
                {canEdit && list[0]!.confidence < CONFIDENT && (
                  <Button type="link" size="small" icon={<PlusOutlined />} onClick={() => onCreate(result.q)} style={{ paddingInline: 0 }}>
                    {t('match.addAsFaq')}
                  </Button>
                )}
              </div>
            </>
          )}
        </div>
      )}
    </div>
  );
}
