import { ArrowLeftOutlined, FileExcelOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Empty, Flex, Input, Select, Space, Table, Tag, Tooltip, Typography, type TableProps } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { PageState } from '../../shared/PageState.tsx';
import { dateTime } from '../../shared/format.ts';
import { useAsync, useDirectory } from '../../shared/hooks.ts';
import { auditZh } from '../../i18n/audit.ts';
import { enumLabel, useI18n, type Translate } from '../../i18n.ts';
import { auditApi, entityPath, type AuditEntry, type AuditFilter } from './auditApi.ts';

const PAGE_SIZE = 20;
const ACTIONS = Object.keys(auditZh)
  .filter((k) => k.startsWith('audit.action.'))
  .map((k) => k.slice('audit.action.'.length));
const ENTITIES = Object.keys(auditZh)
  .filter((k) => k.startsWith('audit.entity.'))
  .map((k) => k.slice('audit.entity.'.length));

/** "原因：可能泄露 · 提示：…abcd": what an entry recorded, short; the full text in a tooltip. */
function detailText(detail: Record<string, unknown>): string {
  return Object.entries(detail)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' · ');
}

/** Actions are named `<prefix>.<verb>`; the prefix names a record type, four of them differently. */
const PREFIX_ENTITY: Record<string, string> = { aftersale: 'after_sale', brief: 'report_brief', group: 'skill_group', quality: 'quality_inspection' };

/** The actions grouped by record type; a type with several offers "all of them" (the server's prefix filter). */
function actionOptions(t: Translate) {
  const byPrefix = new Map<string, string[]>();
  for (const action of ACTIONS) {
    const prefix = action.split('.')[0]!;
    byPrefix.set(prefix, [...(byPrefix.get(prefix) ?? []), action]);
  }
  return [...byPrefix].map(([prefix, actions]) => {
    const entity = enumLabel(t, 'audit.entity', PREFIX_ENTITY[prefix] ?? prefix);
    return {
      label: entity,
      title: entity,
      options: [
        ...(actions.length > 1 ? [{ value: `${prefix}.`, label: t('audit.filter.allOf', { entity }) }] : []),
        ...actions.map((a) => ({ value: a, label: enumLabel(t, 'audit.action', a) })),
      ],
    };
  });
}

/** 审计日志: every recorded change, newest first, filtered and paged on the server; the same filters export to Excel. */
export function AuditPage() {
  const { t } = useI18n();
  const { users } = useDirectory();
  const [filter, setFilter] = useState<AuditFilter>({});
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [page, setPage] = useState(1);
  const result = useAsync(() => auditApi.page(filter, page, PAGE_SIZE), [JSON.stringify(filter), page]);
  const actions = useMemo(() => actionOptions(t), [t]);

  function change(next: Partial<AuditFilter>) {
    setFilter((f) => ({ ...f, ...next }));
    setPage(1);
  }

  const columns: TableProps<AuditEntry>['columns'] = [
    { title: t('audit.col.at'), dataIndex: 'at', width: 150, render: (at: string) => dateTime(at) },
    {
      title: t('audit.col.actor'),
      dataIndex: 'actor',
      width: 110,
      render: (actor: string | null) => actor ?? <span className="kefu-muted">{t('audit.system')}</span>,
    },
    {
      title: t('audit.col.action'),
      dataIndex: 'action',
      width: 170,
      render: (action: string) => (
        <Tooltip title={action}>
          <span data-testid="audit-action">{enumLabel(t, 'audit.action', action)}</span>
        </Tooltip>
      ),
    },
    {
      title: t('audit.col.entity'),
      key: 'entity',
      width: 190,
      render: (_: unknown, e) => {
        const label = `${enumLabel(t, 'audit.entity', e.entity)} ${/^\d+$/.test(e.entityId) ? `#${e.entityId}` : e.entityId}`;
        const to = entityPath(e.entity, e.entityId);
        return to ? <Link to={to}>{label}</Link> : label;
      },
    },
    {
      title: t('audit.col.detail'),
      dataIndex: 'detail',
      render: (detail: Record<string, unknown>) => {
        const text = detailText(detail);
        return (
          <Typography.Text ellipsis={{ tooltip: text }} className="kefu-small" style={{ maxWidth: 460 }}>
            {text}
          </Typography.Text>
        );
      },
    },
  ];

  return (
    <Card>
      <Flex justify="space-between" align="baseline" wrap gap={8} style={{ marginBottom: 16 }}>
        <div>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('audit.title')}
          </Typography.Title>
          <Typography.Text type="secondary" className="kefu-small">
            {t('audit.hint')}
          </Typography.Text>
        </div>
        <Space>
          <Link to="/settings">
            <Button icon={<ArrowLeftOutlined />}>{t('audit.back')}</Button>
          </Link>
          <Button type="primary" icon={<FileExcelOutlined />} href={auditApi.exportUrl(filter)} data-testid="audit-export">
            {t('audit.export')}
          </Button>
        </Space>
      </Flex>
      <Space wrap style={{ marginBottom: 16 }} data-testid="audit-filters">
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder={t('audit.filter.actor')}
          style={{ width: 150 }}
          value={filter.actorId}
          onChange={(actorId?: number) => change({ actorId })}
          options={users.map((u) => ({ value: u.id, label: u.displayName }))}
          data-testid="audit-actor"
        />
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder={t('audit.filter.action')}
          style={{ width: 210 }}
          value={filter.action}
          onChange={(action?: string) => change({ action })}
          options={actions}
          data-testid="audit-action-filter"
        />
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder={t('audit.filter.entity')}
          style={{ width: 150 }}
          value={filter.entity}
          onChange={(entity?: string) => change({ entity, entityId: entity ? filter.entityId : undefined })}
          options={ENTITIES.map((e) => ({ value: e, label: enumLabel(t, 'audit.entity', e) }))}
          data-testid="audit-entity"
        />
        <Input.Search
          allowClear
          placeholder={t('audit.filter.entityId')}
          style={{ width: 140 }}
          onSearch={(v) => change({ entityId: v.trim() || undefined })}
          disabled={!filter.entity}
        />
        <DatePicker.RangePicker
          value={range}
          onChange={(v) => {
            setRange(v);
            change({ from: v?.[0]?.startOf('day').toISOString(), to: v?.[1]?.add(1, 'day').startOf('day').toISOString() });
          }}
          aria-label={t('audit.filter.range')}
        />
        {result.data && <Tag variant="filled">{t('audit.total', { n: result.data.total })}</Tag>}
      </Space>
      {result.error && !result.data ? (
        <PageState error={result.error} onRetry={result.reload} />
      ) : (
        <Table<AuditEntry>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={result.data?.entries ?? []}
          loading={result.loading}
          pagination={{ current: page, pageSize: PAGE_SIZE, total: result.data?.total ?? 0, showSizeChanger: false, onChange: setPage }}
          locale={{ emptyText: result.loading ? ' ' : <Empty description={t('audit.empty')} /> }}
          scroll={{ x: 960 }}
          data-testid="audit-table"
        />
      )}
    </Card>
  );
}
