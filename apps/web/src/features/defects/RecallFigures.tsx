import { Card, Col, Row, Space, Statistic, Tag, Typography } from 'antd';
import { enumLabel, useI18n } from '../../i18n.ts';
import { yuan } from '../../shared/format.ts';
import type { RecallReport } from './defectsApi.ts';

/** The recall-report draft's figures: cases, orders, refunds, and the cases by root cause and after-sale kind. */
export function RecallFigures({ report }: { report: RecallReport }) {
  const { t } = useI18n();
  const { counts, refunds } = report;
  const figure = (title: string, value: string | number, note?: string, color?: string) => (
    <Col xs={12} md={6}>
      <Card size="small" variant="borderless" style={{ background: '#f5f6f7', height: '100%' }}>
        <Statistic title={title} value={value} styles={{ content: { color, fontSize: 22 } }} />
        {note && <div className="kefu-small kefu-muted">{note}</div>}
      </Card>
    </Col>
  );
  const rootCause = (key: string) => (key === 'unknown' ? t('defects.report.rootCause.unknown') : enumLabel(t, 'rootCause', key));
  return (
    <div data-testid="recall-figures">
      <Row gutter={[12, 12]}>
        {figure(
          t('defects.report.cases'),
          counts.cases,
          t('defects.report.casesNote', { afterSales: counts.afterSales, complaints: counts.complaints }),
          '#cf1322',
        )}
        {figure(t('defects.report.orders'), counts.orders, t('defects.report.photos', { n: counts.photos }))}
        {figure(t('defects.report.asked'), yuan(refunds.askedFen))}
        {figure(t('defects.report.refunded'), yuan(refunds.refundedFen), undefined, refunds.refundedFen ? '#d4380d' : undefined)}
      </Row>
      <Space size={24} wrap style={{ marginTop: 12 }}>
        <span>
          <Typography.Text type="secondary">{t('defects.report.rootCauses')}：</Typography.Text>
          {counts.byRootCause.map((c) => (
            <Tag key={c.key} color={c.key === 'product_defect' ? 'red' : undefined}>
              {rootCause(c.key)} {c.count}
            </Tag>
          ))}
        </span>
        {counts.byAfterSaleKind.length > 0 && (
          <span>
            <Typography.Text type="secondary">{t('defects.report.kinds')}：</Typography.Text>
            {counts.byAfterSaleKind.map((c) => (
              <Tag key={c.key}>
                {enumLabel(t, 'afterSaleKind', c.key)} {c.count}
              </Tag>
            ))}
          </span>
        )}
      </Space>
    </div>
  );
}
