import { Card, Empty, Flex, Input, Segmented, Table, Tag, Typography, type TableProps } from 'antd';
import { useMemo } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { api, type ProductList, type ProductRow } from '../../api.ts';
import { PageState } from '../../shared/PageState.tsx';
import { yuan } from '../../shared/format.ts';
import { useAsync } from '../../shared/hooks.ts';
import { useI18n } from '../../i18n.ts';

/** Stock at or under this is shown as running low. */
export const LOW_STOCK = 10;

export function StockTag({ stock }: { stock: number }) {
  const { t } = useI18n();
  if (stock <= 0)
    return (
      <Tag color="red" variant="filled" data-testid="stock">
        {t('product.outOfStock')}
      </Tag>
    );
  if (stock <= LOW_STOCK)
    return (
      <Tag color="orange" variant="filled" data-testid="stock">
        {t('product.lowStock', { n: stock })}
      </Tag>
    );
  return (
    <span className="kefu-num" data-testid="stock">
      {stock}
    </span>
  );
}

/** 商品资料: every product by name or SKU, with its price and stock; a click opens what agents answer from. */
export function ProductListPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const category = params.get('category') ?? '';
  const result = useAsync(() => api.get<ProductList>('/api/products', { q: q || undefined }), [q]);

  function update(key: string, value: string) {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  }

  const products = result.data?.products;
  const all = useMemo(() => products ?? [], [products]);
  const categories = useMemo(() => [...new Set(all.map((p) => p.category))], [all]);
  const rows = category ? all.filter((p) => p.category === category) : all;

  const columns: TableProps<ProductRow>['columns'] = [
    {
      title: t('product.name'),
      dataIndex: 'name',
      render: (name: string, p) => (
        <Link to={`/products/${p.id}`} data-testid="product-link">
          {name}
        </Link>
      ),
    },
    { title: 'SKU', dataIndex: 'sku', width: 130, render: (v: string) => <span className="kefu-mono">{v}</span> },
    { title: t('product.category'), dataIndex: 'category', width: 120, render: (v: string) => <Tag variant="filled">{v}</Tag> },
    {
      title: t('product.price'),
      dataIndex: 'priceFen',
      width: 120,
      align: 'right',
      render: (v: number) => <strong className="kefu-num">{yuan(Number(v))}</strong>,
    },
    { title: t('product.stock'), dataIndex: 'stock', width: 120, align: 'right', render: (v: number) => <StockTag stock={Number(v)} /> },
  ];

  return (
    <Card>
      <Typography.Title level={4} style={{ margin: '0 0 16px' }}>
        {t('product.list.title')}
      </Typography.Title>
      <Flex wrap gap={12} align="center" className="kefu-filters">
        <Input.Search
          key={q}
          defaultValue={q}
          placeholder={t('product.searchPlaceholder')}
          allowClear
          enterButton
          onSearch={(value) => update('q', value.trim())}
          style={{ width: 320 }}
          data-testid="product-search"
        />
        {categories.length > 1 && (
          <Segmented<string>
            value={category}
            onChange={(v) => update('category', v)}
            options={[{ value: '', label: t('common.all') }, ...categories.map((c) => ({ value: c, label: c }))]}
          />
        )}
      </Flex>
      {result.error && !result.data ? (
        <PageState error={result.error} onRetry={result.reload} />
      ) : (
        <Table<ProductRow>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={rows}
          loading={result.loading}
          onRow={(p) => ({
            onClick: (e) => {
              if (!(e.target as HTMLElement).closest('a,button')) navigate(`/products/${p.id}`);
            },
            style: { cursor: 'pointer' },
          })}
          locale={{
            emptyText: result.loading ? (
              ' '
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={q ? t('product.noMatch') : t('product.empty')} />
            ),
          }}
          pagination={rows.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
        />
      )}
      {q && (
        <div className="kefu-muted kefu-small" style={{ marginTop: 8 }}>
          {t('product.searchHint')}
        </div>
      )}
    </Card>
  );
}
