import { SettingOutlined } from '@ant-design/icons';
import type { DefectAlarmState } from '@kefu/domain';
import { Button, Empty, Flex, Segmented, Space, Table, Tag, Typography, type TableProps } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useAuth } from '../../auth.tsx';
import { useI18n } from '../../i18n.ts';
import { useAsync } from '../../shared/hooks.ts';
import { PageState } from '../../shared/PageState.tsx';
import { DefectSettingsModal } from './DefectSettingsModal.tsx';
import { chinaMinute, defectsApi, type DefectAlarm } from './defectsApi.ts';
import { AlarmStateTag, KeyWords, wordsBesideDefect } from './DefectTags.tsx';

type Filter = DefectAlarmState | 'all';

/** 质量预警 (supervisors, admins, the product department): a product's repeated defect, open ones first. */
export function DefectAlarmListPage() {
  const { t } = useI18n();
  const admin = useAuth().user.role === 'admin';
  const [filter, setFilter] = useState<Filter>('open');
  const [editing, setEditing] = useState(false);
  const list = useAsync(() => defectsApi.list(filter === 'all' ? undefined : filter), [filter]);
  const settings = useAsync(() => defectsApi.settings(), []);

  if (!list.data) return <PageState loading={list.loading} error={list.error} onRetry={list.reload} />;
  const { alarms, counts } = list.data;
  const rule = settings.data?.settings;

  const columns: TableProps<DefectAlarm>['columns'] = [
    {
      title: t('defects.col.product'),
      key: 'product',
      render: (_, a) => (
        <div>
          <Link to={`/reports/alarms/${a.id}`} data-testid="alarm-link">
            {a.productName}
          </Link>
          <div className="kefu-small kefu-muted">{a.productSku}</div>
        </div>
      ),
    },
    {
      title: t('defects.col.defect'),
      key: 'defect',
      render: (_, a) => (
        <Tag color="red" variant="filled">
          {a.defect}
        </Tag>
      ),
    },
    {
      title: t('defects.col.keyWords'),
      key: 'keyWords',
      responsive: ['lg'],
      render: (_, a) => <KeyWords words={wordsBesideDefect(a).slice(0, 5)} />,
    },
    {
      title: t('defects.col.cases'),
      dataIndex: 'caseCount',
      align: 'right',
      width: 80,
      render: (n: number) => <Typography.Text strong>{n}</Typography.Text>,
    },
    {
      title: t('defects.col.span'),
      key: 'span',
      width: 250,
      render: (_, a) => (
        <span className="kefu-small">
          {chinaMinute(a.firstAt)} — {chinaMinute(a.lastAt)}
        </span>
      ),
    },
    { title: t('defects.col.state'), dataIndex: 'state', width: 90, render: (state: DefectAlarmState) => <AlarmStateTag state={state} /> },
    {
      title: t('defects.col.handler'),
      key: 'handler',
      width: 110,
      render: (_, a) => a.closedByName ?? a.acknowledgedByName ?? <span className="kefu-muted">—</span>,
    },
    {
      key: 'open',
      width: 70,
      align: 'right',
      render: (_, a) => <Link to={`/reports/alarms/${a.id}`}>{t('defects.open')}</Link>,
    },
  ];

  const option = (value: Filter, n?: number) => ({
    value,
    label: n === undefined ? t(`defects.filter.${value}`) : `${t(`defects.filter.${value}`)} ${n}`,
  });

  return (
    <div>
      <Flex justify="space-between" align="baseline" wrap gap={8} style={{ marginBottom: 16 }}>
        <div style={{ maxWidth: 760 }}>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('defects.title')}
          </Typography.Title>
          {rule && (
            <Typography.Text type="secondary" className="kefu-small">
              {t('defects.hint', { threshold: rule.threshold, windowDays: rule.windowDays })}
            </Typography.Text>
          )}
        </div>
        <Space>
          <Segmented<Filter>
            value={filter}
            onChange={setFilter}
            options={[option('open', counts.open), option('acknowledged', counts.acknowledged), option('closed', counts.closed), option('all')]}
            data-testid="alarm-filter"
          />
          {admin && (
            <Button icon={<SettingOutlined />} onClick={() => setEditing(true)} data-testid="alarm-settings">
              {t('defects.settings')}
            </Button>
          )}
        </Space>
      </Flex>
      <Table<DefectAlarm>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={alarms}
        loading={list.loading}
        pagination={alarms.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t(filter === 'open' ? 'defects.emptyOpen' : 'defects.empty')} />,
        }}
        scroll={{ x: 900 }}
        data-testid="alarm-table"
      />
      {editing && settings.data && (
        <DefectSettingsModal
          current={settings.data}
          onClose={(saved) => {
            setEditing(false);
            if (saved) settings.reload();
          }}
        />
      )}
    </div>
  );
}
