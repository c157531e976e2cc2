import { Card, Space, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { enumLabel, useI18n } from '../../i18n.ts';
import { BriefFigures } from './BriefFigures.tsx';
import { chinaMinute, type MonthlyData } from './briefsApi.ts';

type Suggestion = MonthlyData['suggestions'][number];
type Product = MonthlyData['products'][number];
type Question = MonthlyData['unknownQuestions'][number];

/** 客户需求月报 for product and R&D: unanswered questions, suggestions grouped by product and ask, feedback per product. */
export function MonthlyBrief({ data }: { data: MonthlyData }) {
  const { t } = useI18n();
  return (
    <div>
      <Typography.Title level={5}>{t('briefs.m.overview')}</Typography.Title>
      <BriefFigures
        figures={[
          { label: t('briefs.m.questions'), value: String(data.totals.unknownQuestions) },
          { label: t('briefs.m.suggestions'), value: String(data.totals.suggestions), testId: 'brief-suggestions-total' },
          { label: t('briefs.m.complaints'), value: String(data.totals.complaints) },
          { label: t('briefs.m.afterSales'), value: String(data.totals.afterSales) },
        ]}
      />
      <Card
        size="small"
        title={t('briefs.m.suggestionsTitle')}
        extra={<span className="kefu-small">{t('briefs.m.suggestionsHint')}</span>}
        className="kefu-brief-section"
      >
        <Table<Suggestion>
          size="small"
          rowKey={(s) => `${s.productId ?? ''}|${s.ask}`}
          pagination={false}
          dataSource={data.suggestions}
          locale={{ emptyText: t('briefs.m.noSuggestions') }}
          data-testid="brief-suggestions"
          columns={[
            {
              title: t('briefs.m.product'),
              key: 'product',
              width: 180,
              render: (_, s) =>
                s.productId ? (
                  <Link to={`/products/${s.productId}`}>{s.productName}</Link>
                ) : (
                  <Typography.Text type="secondary">{t('briefs.m.noProduct')}</Typography.Text>
                ),
            },
            { title: t('briefs.m.ask'), dataIndex: 'ask', width: 200 },
            { title: t('briefs.m.count'), dataIndex: 'count', align: 'right', width: 70 },
            {
              title: t('briefs.m.reasons'),
              key: 'reasons',
              render: (_, s) => (
                <ul className="kefu-brief-advice">
                  {s.reasons.map((r) => (
                    <li key={r}>{r}</li>
                  ))}
                </ul>
              ),
            },
            {
              title: t('briefs.m.tickets'),
              key: 'tickets',
              width: 170,
              render: (_, s) => (
                <Space direction="vertical" size={0}>
                  {s.tickets.map((tk) => (
                    <Link key={tk.id} to={`/tickets/${tk.id}`}>
                      {tk.number}
                    </Link>
                  ))}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Card
        size="small"
        title={t('briefs.m.productsTitle')}
        extra={<span className="kefu-small">{t('briefs.m.productsHint')}</span>}
        className="kefu-brief-section"
      >
        <Table<Product>
          size="small"
          rowKey="productId"
          pagination={false}
          dataSource={data.products}
          locale={{ emptyText: t('briefs.m.noProducts') }}
          columns={[
            {
              title: t('briefs.m.product'),
              key: 'product',
              render: (_, p) => (
                <>
                  <Link to={`/products/${p.productId}`}>{p.productName}</Link>
                  <div className="kefu-small">{p.sku}</div>
                </>
              ),
            },
            { title: t('briefs.m.complaints'), dataIndex: 'complaints', align: 'right' },
            { title: t('briefs.m.afterSales'), dataIndex: 'afterSales', align: 'right' },
            { title: t('briefs.m.suggestions'), dataIndex: 'suggestions', align: 'right' },
            {
              title: t('briefs.w.words'),
              key: 'words',
              className: 'kefu-brief-words',
              render: (_, p) =>
                p.words.map((w) => (
                  <Tag key={w.word}>
                    {w.word} ×{w.count}
                  </Tag>
                )),
            },
          ]}
        />
      </Card>
      <Card
        size="small"
        title={t('briefs.m.questionsTitle')}
        extra={<span className="kefu-small">{t('briefs.m.questionsHint')}</span>}
        className="kefu-brief-section"
      >
        <Table<Question>
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={data.unknownQuestions}
          locale={{ emptyText: t('briefs.m.noQuestions') }}
          columns={[
            { title: t('briefs.m.question'), dataIndex: 'question' },
            { title: t('briefs.m.asked'), dataIndex: 'asked', align: 'right', width: 80 },
            { title: t('briefs.m.lastAsked'), key: 'last', width: 150, render: (_, q) => chinaMinute(q.lastAskedAt) },
            { title: t('briefs.m.status'), key: 'status', width: 120, render: (_, q) => enumLabel(t, 'briefs.m.status', q.status) },
          ]}
        />
      </Card>
    </div>
  );
}
