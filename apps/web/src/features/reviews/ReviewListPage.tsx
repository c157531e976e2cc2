import { UploadOutlined } from '@ant-design/icons';
import { REVIEW_PLATFORMS, REVIEW_SENTIMENTS } from '@kefu/domain';
import { Button, Checkbox, Empty, Flex, Input, Select, Space, Table, Tag, Typography, type TableProps } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useAuth } from '../../auth.tsx';
import { LEAD_ROLES } from '@kefu/domain';
import { enumLabel, useI18n } from '../../i18n.ts';
import { shortDateTime } from '../../shared/format.ts';
import { useAsync } from '../../shared/hooks.ts';
import { api, type ProductList } from '../../api.ts';
import { PageState } from '../../shared/PageState.tsx';
import { ReviewImportModal } from './ReviewImportModal.tsx';
import { ReviewReplyModal } from './ReviewReplyModal.tsx';
import { reviewsApi, type ReviewFilters, type ReviewRow } from './reviewsApi.ts';
import { ReplyClock, Stars, Verdict } from './ReviewTags.tsx';

const PAGE = 20;

/** 评价管理: every marketplace review, the unanswered 中差评 first with what is left of their reply clock. */
export function ReviewListPage() {
  const { t } = useI18n();
  const lead = LEAD_ROLES.includes(useAuth().user.role);
  const [filters, setFilters] = useState<ReviewFilters>({ middling: 'true', answered: 'false' });
  const [page, setPage] = useState(1);
  const [replying, setReplying] = useState<ReviewRow | null>(null);
  const [importing, setImporting] = useState(false);
  const list = useAsync(() => reviewsApi.list({ ...filters, limit: PAGE, offset: (page - 1) * PAGE }), [filters, page]);
  const products = useAsync(() => api.get<ProductList>('/api/products'), []);
  const set = (change: Partial<ReviewFilters>) => {
    setPage(1);
    setFilters((f) => ({ ...f, ...change }));
  };

  if (!list.data) return <PageState loading={list.loading} error={list.error} onRetry={list.reload} />;

  const columns: TableProps<ReviewRow>['columns'] = [
    {
      title: t('reviews.col.review'),
      key: 'review',
      render: (_, r) => (
        <div style={{ maxWidth: 460 }}>
          <Space size={8}>
            <Tag bordered={false}>{enumLabel(t, 'platform', r.platform)}</Tag>
            <Stars n={r.stars} />
            <Typography.Text type="secondary" className="kefu-small">
              {r.buyerNick}
            </Typography.Text>
          </Space>
          <Link to={`/reviews/${r.id}`} style={{ display: 'block', marginTop: 4, color: 'inherit' }} data-testid="review-link">
            {r.content}
          </Link>
        </div>
      ),
    },
    {
      title: t('reviews.col.product'),
      key: 'product',
      responsive: ['lg'],
      width: 200,
      render: (_, r) => (
        <div>
          <div className="kefu-small">{r.productTitle || '—'}</div>
          {r.orderNo && <div className="kefu-small kefu-muted">{r.orderNo}</div>}
        </div>
      ),
    },
    { title: t('reviews.col.sentiment'), key: 'verdict', width: 190, render: (_, r) => <Verdict review={r} /> },
    { title: t('reviews.col.clock'), key: 'clock', width: 130, render: (_, r) => <ReplyClock review={r} /> },
    { title: t('reviews.col.time'), key: 'time', width: 110, render: (_, r) => <span className="kefu-small">{shortDateTime(r.reviewedAt)}</span> },
    {
      key: 'actions',
      width: 120,
      align: 'right',
      render: (_, r) => (
        <Space size={4}>
          {r.middling && !r.repliedAt && (
            <Button size="small" type="primary" onClick={() => setReplying(r)} data-testid="review-reply">
              {t('reviews.reply')}
            </Button>
          )}
          <Link to={`/reviews/${r.id}`}>{t('reviews.open')}</Link>
        </Space>
      ),
    },
  ];

  return (
    <div>
      <Flex justify="space-between" align="baseline" wrap gap={8} style={{ marginBottom: 12 }}>
        <div style={{ maxWidth: 760 }}>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('reviews.title')}
          </Typography.Title>
          <Typography.Text type="secondary" className="kefu-small">
            {t('reviews.hint')}
          </Typography.Text>
        </div>
        {lead && (
          <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="review-import">
            {t('reviews.import')}
          </Button>
        )}
      </Flex>
      <Flex wrap gap={8} style={{ marginBottom: 12 }} data-testid="review-filters">
        <Select
          allowClear
          placeholder={t('reviews.filter.platform')}
          style={{ width: 120 }}
          value={filters.platform}
          onChange={(platform?: string) => set({ platform })}
          options={REVIEW_PLATFORMS.map((p) => ({ value: p, label: enumLabel(t, 'platform', p) }))}
        />
        <Select
          allowClear
          placeholder={t('reviews.filter.sentiment')}
          style={{ width: 110 }}
          value={filters.sentiment}
          onChange={(sentiment?: string) => set({ sentiment })}
          options={REVIEW_SENTIMENTS.map((s) => ({ value: s, label: t(`reviews.sentiment.${s}`) }))}
        />
        <Select
          allowClear
          placeholder={t('reviews.filter.stars')}
          style={{ width: 100 }}
          value={filters.stars}
          onChange={(stars?: number) => set({ stars })}
          options={[1, 2, 3, 4, 5].map((n) => ({ value: n, label: t('reviews.stars', { n }) }))}
        />
        <Select
          allowClear
          placeholder={t('reviews.filter.answered')}
          style={{ width: 130 }}
          value={filters.answered}
          onChange={(answered?: 'true' | 'false') => set({ answered })}
          options={(['false', 'true'] as const).map((v) => ({ value: v, label: t(`reviews.filter.answered.${v}`) }))}
        />
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder={t('reviews.filter.product')}
          style={{ width: 200 }}
          value={filters.productId}
          onChange={(productId?: number) => set({ productId })}
          options={(products.data?.products ?? []).map((p) => ({ value: p.id, label: p.name }))}
        />
        <Checkbox checked={filters.middling === 'true'} onChange={(e) => set({ middling: e.target.checked ? 'true' : undefined })}>
          {t('reviews.filter.middling')}
        </Checkbox>
        <Checkbox checked={filters.overdue === 'true'} onChange={(e) => set({ overdue: e.target.checked ? 'true' : undefined })}>
          {t('reviews.filter.overdue')}
        </Checkbox>
        <Input.Search allowClear placeholder={t('reviews.filter.q')} style={{ width: 260 }} onSearch={(q) => set({ q: q.trim() || undefined })} />
      </Flex>
      <Table<ReviewRow>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={list.data.items}
        loading={list.loading}
        pagination={{ current: page, pageSize: PAGE, total: list.data.total, onChange: setPage, showSizeChanger: false }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('reviews.empty')} /> }}
        scroll={{ x: 900 }}
        data-testid="review-table"
      />
      {replying && (
        <ReviewReplyModal
          review={replying}
          onClose={(saved) => {
            setReplying(null);
            if (saved) list.reload();
          }}
        />
      )}
      <ReviewImportModal open={importing} onClose={() => setImporting(false)} onImported={list.reload} />
    </div>
  );
}
