import { Table, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { enumLabel, useI18n } from '../../i18n.ts';
import { dateTime } from '../../shared/format.ts';
import { useAsync } from '../../shared/hooks.ts';
import { PageState } from '../../shared/PageState.tsx';
import { careApi, type CareSendLog } from './careApi.ts';

type Send = CareSendLog['sends'][number];

/** The care greetings outreach sent or skipped, newest first. */
export function CareSendLogView() {
  const { t } = useI18n();
  const [page, setPage] = useState(1);
  const data = useAsync(() => careApi.sends(page), [page]);
  if (!data.data && !data.loading) return <PageState error={data.error} onRetry={data.reload} />;
  return (
    <div style={{ maxWidth: 1100 }}>
      <Typography.Paragraph type="secondary">{t('care.log.hint')}</Typography.Paragraph>
      <Table<Send>
        rowKey="id"
        size="middle"
        loading={data.loading && !data.data}
        dataSource={data.data?.sends ?? []}
        locale={{ emptyText: t('care.log.empty') }}
        pagination={{ current: page, pageSize: 20, total: data.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        columns={[
          { title: t('care.log.customer'), render: (_, s) => <Link to={`/customers/${s.customerId}`}>{s.customerName}</Link> },
          { title: t('care.log.template'), render: (_, s) => enumLabel(t, 'care.occasion', s.templateKey.replace(/^care\./, '')) },
          { title: t('care.log.title'), dataIndex: 'title', ellipsis: true },
          { title: t('care.log.channel'), render: (_, s) => (s.channel ? enumLabel(t, 'outreach.channel', s.channel) : '—') },
          {
            title: t('care.log.state'),
            render: (_, s) => (
              <span>
                {enumLabel(t, 'outreach.state', s.state)}
                {s.reason && <Typography.Text type="secondary"> · {s.reason}</Typography.Text>}
              </span>
            ),
          },
          { title: t('care.log.sendAt'), render: (_, s) => dateTime(s.sendAt) },
        ]}
      />
    </div>
  );
}
