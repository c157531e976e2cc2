import { Image, Space, Table, Tag, type TableProps } from 'antd';
import { Link } from 'react-router-dom';
import { enumLabel, useI18n } from '../../i18n.ts';
import { yuan } from '../../shared/format.ts';
import { chinaDate, chinaMinute, photoUrl, type DefectCase } from './defectsApi.ts';

/** The cases behind an alarm, oldest first: each links to its ticket and order, with the shopper's photos. */
export function DefectCaseTable({ cases }: { cases: DefectCase[] }) {
  const { t } = useI18n();
  const columns: TableProps<DefectCase>['columns'] = [
    {
      title: t('defects.case.ticket'),
      key: 'ticket',
      width: 170,
      render: (_, c) => (
        <div>
          <Link to={`/tickets/${c.ticketId}`} className="kefu-mono" data-testid="case-ticket">
            {c.ticketNumber}
          </Link>
          <div className="kefu-small kefu-muted">{chinaMinute(c.at)}</div>
        </div>
      ),
    },
    {
      title: t('defects.case.kind'),
      key: 'kind',
      width: 150,
      render: (_, c) => (
        <div>
          <Tag color={c.kind === 'ticket' ? 'volcano' : 'cyan'}>
            {c.afterSaleKind ? enumLabel(t, 'afterSaleKind', c.afterSaleKind) : t('defects.case.complaint')}
          </Tag>
          <div className="kefu-small kefu-muted">
            {[c.reason && enumLabel(t, 'afterSaleReason', c.reason), enumLabel(t, c.kind === 'ticket' ? 'status' : 'afterSaleState', c.state)]
              .filter(Boolean)
              .join(' · ')}
          </div>
        </div>
      ),
    },
    { title: t('defects.case.description'), dataIndex: 'description', render: (text: string) => <span data-testid="case-description">{text}</span> },
    {
      title: t('defects.case.order'),
      key: 'order',
      width: 150,
      render: (_, c) =>
        c.orderId ? (
          <div>
            <Link to={`/orders/${c.orderId}`} className="kefu-mono">
              {c.orderNo}
            </Link>
            {c.orderPlacedAt && <div className="kefu-small kefu-muted">{chinaDate(c.orderPlacedAt)}</div>}
          </div>
        ) : (
          <span className="kefu-muted">—</span>
        ),
    },
    {
      title: t('defects.case.money'),
      key: 'money',
      width: 120,
      align: 'right',
      render: (_, c) =>
        c.amountFen ? (
          <div>
            <div>{yuan(c.refundedFen)}</div>
            <div className="kefu-small kefu-muted">{yuan(c.amountFen)}</div>
          </div>
        ) : (
          <span className="kefu-muted">—</span>
        ),
    },
    {
      title: t('defects.case.rootCause'),
      key: 'rootCause',
      width: 100,
      render: (_, c) =>
        c.rootCause ? enumLabel(t, 'rootCause', c.rootCause) : <span className="kefu-muted">{t('defects.report.rootCause.unknown')}</span>,
    },
    {
      title: t('defects.case.photos'),
      key: 'photos',
      width: 130,
      render: (_, c) =>
        c.photos.length ? (
          <Image.PreviewGroup>
            <Space size={4} wrap>
              {c.photos.map((p) => (
                <Image key={p.id} src={photoUrl(p.id)} alt={p.filename} width={40} height={40} style={{ objectFit: 'cover', borderRadius: 4 }} />
              ))}
            </Space>
          </Image.PreviewGroup>
        ) : (
          <span className="kefu-muted">{t('defects.case.noPhotos')}</span>
        ),
    },
  ];
  return (
    <Table<DefectCase>
      rowKey={(c) => `${c.kind}:${c.id}`}
      size="small"
      columns={columns}
      dataSource={cases}
      pagination={cases.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
      scroll={{ x: 960 }}
      data-testid="case-table"
    />
  );
}
