import {
  ArrowLeftOutlined,
  CheckCircleFilled,
  ColumnHeightOutlined,
  EditOutlined,
  EnvironmentOutlined,
  ExclamationCircleFilled,
  GiftOutlined,
  SafetyCertificateOutlined,
  TableOutlined,
} from '@ant-design/icons';
import { Button, Card, Col, Descriptions, Flex, Image, Row, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { api, type ProductAnswer, type Promotion, type SizeRow } from '../../api.ts';
import { useAuth } from '../../auth.tsx';
import { PageState } from '../../shared/PageState.tsx';
import { ProductEditDrawer } from './ProductEditDrawer.tsx';
import { SizeCalculator } from './SizeCalculator.tsx';
import { dateTime, fromNow, yuan } from '../../shared/format.ts';
import { useAsync } from '../../shared/hooks.ts';
import { enumLabel, useI18n, type Translate } from '../../i18n.ts';
import { StockTag } from './ProductListPage.tsx';

/** Who keeps product knowledge current. */
export const PRODUCT_EDITORS = ['product', 'supervisor', 'admin'];

/** One point a line; a list marker someone typed ("- ", "• ", "1. ", "2、") is dropped. */
const lines = (text: string) =>
  text
    .split(/\n+/)
    .map((s) => s.replace(/^\s*(?:[-•·*]|\d{1,2}(?:[、)）]|\.(?!\d)))\s*/, '').trim())
    .filter(Boolean);

function promoText(t: Translate, p: Promotion): string {
  const threshold = Number(p.thresholdFen);
  const discount = Number(p.discountFen);
  return threshold > 0
    ? t('promo.fullReduction', { threshold: yuan(threshold), discount: yuan(discount) })
    : t('promo.off', { discount: yuan(discount) });
}

/** 商品资料: everything an agent answers a shopper from, one page; editors keep it current. */
export function ProductPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const { user } = useAuth();
  const id = Number(useParams().id);
  const result = useAsync(() => api.get<ProductAnswer>(`/api/products/${id}`), [id]);
  const [editing, setEditing] = useState(false);
  const [advised, setAdvised] = useState<string | null>(null);
  const canEdit = PRODUCT_EDITORS.includes(user.role);

  const back = (
    <Flex align="center" gap={8} style={{ marginBottom: 12 }}>
      <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate('/products')} aria-label={t('common.back')} />
      <Typography.Text className="kefu-muted">{t('product.list.title')}</Typography.Text>
    </Flex>
  );
  if (!result.data) {
    return (
      <div>
        {back}
        <PageState loading={result.loading} error={result.error} notFoundKey="product.notFound" backTo="/products" onRetry={result.reload} />
      </div>
    );
  }
  const p = result.data.product;
  const chart = p.sizeChart ?? [];
  const specs = Object.entries(p.specs ?? {});
  const pros = lines(p.pros ?? '');
  const cons = lines(p.cons ?? '');

  return (
    <div className="kefu-product">
      {back}
      <Card size="small" className="kefu-product-head" data-testid="product-header">
        <Flex justify="space-between" align="flex-start" gap={16}>
          <div style={{ minWidth: 0 }}>
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="product-name">
              {p.name}
            </Typography.Title>
            <div className="kefu-product-facts">
              <Typography.Text copyable className="kefu-mono">
                {p.sku}
              </Typography.Text>
              <Tag variant="filled">{p.category}</Tag>
              <span>
                <span className="kefu-muted">{t('product.stock')}</span> <StockTag stock={Number(p.stock)} />
              </span>
              <span>
                <SafetyCertificateOutlined className="kefu-muted" />{' '}
                {p.warrantyDays > 0 ? (
                  t('product.warrantyDays', { n: p.warrantyDays })
                ) : (
                  <span className="kefu-muted">{t('product.noWarranty')}</span>
                )}
              </span>
            </div>
          </div>
          <Flex vertical align="flex-end" gap={8}>
            <div className="kefu-product-price">{yuan(Number(p.priceFen))}</div>
            {canEdit && (
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="product-edit">
                {t('product.edit.button')}
              </Button>
            )}
          </Flex>
        </Flex>
      </Card>

      <Row gutter={12} style={{ marginTop: 12 }}>
        <Col xs={24} xl={15} className="kefu-product-col">
          <Card size="small" title={t('product.specs')}>
            {specs.length === 0 ? (
              <span className="kefu-muted">{t('product.noSpecs')}</span>
            ) : (
              <Descriptions size="small" bordered column={{ xs: 1, md: 2 }} items={specs.map(([k, v]) => ({ key: k, label: k, children: v }))} />
            )}
          </Card>
          {chart.length > 0 && (
            <Card
              size="small"
              title={
                <span>
                  <TableOutlined /> {t('product.sizeChart')}
                </span>
              }
              styles={{ body: { padding: 0 } }}
            >
              <SizeChartTable chart={chart} highlight={advised} />
            </Card>
          )}
          <Card size="small" title={t('product.usage')}>
            {p.usage ? <div className="kefu-pre kefu-product-text">{p.usage}</div> : <span className="kefu-muted">{t('product.noText')}</span>}
          </Card>
          <Card size="small" title={t('product.prosCons')}>
            <Row gutter={24}>
              <Col span={12}>
                <div className="kefu-pc-title is-pro">{t('product.pros')}</div>
                {pros.length === 0 ? (
                  <span className="kefu-muted">{t('product.noText')}</span>
                ) : (
                  <ul className="kefu-pc-list">
                    {pros.map((s, i) => (
                      <li key={i}>
                        <CheckCircleFilled className="is-pro" />
                        {s}
                      </li>
                    ))}
                  </ul>
                )}
              </Col>
              <Col span={12}>
                <div className="kefu-pc-title is-con">{t('product.cons')}</div>
                {cons.length === 0 ? (
                  <span className="kefu-muted">{t('product.noText')}</span>
                ) : (
                  <ul className="kefu-pc-list">
                    {cons.map((s, i) => (
                      <li key={i}>
                        <ExclamationCircleFilled className="is-con" />
                        {s}
                      </li>
                    ))}
                  </ul>
                )}
              </Col>
            </Row>
          </Card>
        </Col>
        <Col xs={24} xl={9} className="kefu-product-col">
          {chart.length > 0 && (
            <Card
              size="small"
              title={
                <span>
                  <ColumnHeightOutlined /> {t('size.title')}
                </span>
              }
              className="kefu-size-card"
            >
              <SizeCalculator productId={p.id} chart={chart} onAdvice={setAdvised} />
            </Card>
          )}
          <Card
            size="small"
            title={
              <span>
                <GiftOutlined /> {t('product.promotions')}
              </span>
            }
          >
            {p.promotions.length === 0 ? (
              <span className="kefu-muted">{t('product.noPromotions')}</span>
            ) : (
              p.promotions.map((promo) => (
                <div key={promo.id} className="kefu-promo" data-testid="promotion">
                  <div className="kefu-promo-top">
                    <Tag color="volcano" variant="filled">
                      {enumLabel(t, 'promoKind', promo.kind)}
                    </Tag>
                    <strong>{promo.title}</strong>
                  </div>
                  <div className="kefu-small">
                    <span className="kefu-promo-rule">{promoText(t, promo)}</span>
                    <Tooltip title={dateTime(promo.endsAt)}>
                      <span className="kefu-muted"> · {t('promo.ends', { at: fromNow(promo.endsAt) })}</span>
                    </Tooltip>
                  </div>
                </div>
              ))
            )}
          </Card>
          <Card
            size="small"
            title={
              <span>
                <EnvironmentOutlined /> {t('product.shipping')}
              </span>
            }
          >
            {p.restrictedProvinces.length === 0 ? (
              <span className="kefu-ok">{t('product.shipsEverywhere')}</span>
            ) : (
              <div data-testid="restricted">
                <div className="kefu-small kefu-muted" style={{ marginBottom: 6 }}>
                  {t('product.cannotShip')}
                </div>
                <div className="kefu-tags">
                  {p.restrictedProvinces.map((r) => (
                    <Tag key={r} color="red">
                      {r}
                    </Tag>
                  ))}
                </div>
              </div>
            )}
          </Card>
          {p.images.length > 0 && (
            <Card size="small" title={t('product.images')}>
              <Image.PreviewGroup>
                <Flex wrap gap={8}>
                  {p.images.map((src) => (
                    <Image key={src} src={src} width={84} height={84} style={{ objectFit: 'cover', borderRadius: 6 }} />
                  ))}
                </Flex>
              </Image.PreviewGroup>
            </Card>
          )}
        </Col>
      </Row>
      {canEdit && (
        <ProductEditDrawer
          product={p}
          open={editing}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            result.reload();
          }}
          onReload={async () => {
            const fresh = (await api.get<ProductAnswer>(`/api/products/${id}`)).product;
            result.reload();
            return fresh;
          }}
        />
      )}
    </div>
  );
}

/** The size chart: the body each size is cut for, then the garment's own measurements; the advised row stands out. */
function SizeChartTable({ chart, highlight }: { chart: SizeRow[]; highlight: string | null }) {
  const { t } = useI18n();
  const keys = [...new Set(chart.flatMap((r) => Object.keys(r.measurements ?? {})))];
  return (
    <div data-testid="size-chart">
      <Table<SizeRow>
        rowKey="size"
        size="small"
        pagination={false}
        dataSource={chart}
        rowClassName={(r) => (r.size === highlight ? 'kefu-size-hit' : '')}
        columns={[
          { title: t('product.size'), dataIndex: 'size', width: 80, render: (v: string) => <strong>{v}</strong> },
          { title: t('product.heightCm'), key: 'height', render: (_: unknown, r) => `${r.heightMin}–${r.heightMax}` },
          { title: t('product.weightKg'), key: 'weight', render: (_: unknown, r) => `${r.weightMin}–${r.weightMax}` },
          ...keys.map((k) => ({ title: k, key: k, render: (_: unknown, r: SizeRow) => r.measurements?.[k] ?? '—' })),
        ]}
      />
    </div>
  );
}
