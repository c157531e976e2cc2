import { DeleteOutlined, EditOutlined } from '@ant-design/icons';
import { App, Badge, Button, Empty, Flex, Input, Popconfirm, Select, Switch, Table, Tag, Tooltip, type TableProps } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { ApiError, api, type Faq, type FaqList, type ProductRow, type Suggestion } from '../../api.ts';
import { MatchTester } from './MatchTester.tsx';
import { PageState } from '../../shared/PageState.tsx';
import { errorText } from '../../shared/errors.ts';
import { dateTime, fromNow } from '../../shared/format.ts';
import { useAsync } from '../../shared/hooks.ts';
import { useI18n } from '../../i18n.ts';

/** 问答: search and category in the URL, the entries newest first, and the match tester beside them. */
export function FaqPanel({
  canEdit,
  desk,
  tick,
  categories,
  products,
  onEdit,
  onOpenSuggestion,
  onCreate,
  onChanged,
}: {
  canEdit: boolean;
  desk: boolean;
  tick: number;
  categories: string[];
  products: ProductRow[];
  onEdit(faq: Faq): void;
  onOpenSuggestion(s: Suggestion): void;
  onCreate(question: string): void;
  onChanged(): void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const category = params.get('category') ?? '';
  const page = Number(params.get('page')) || 1;
  const pageSize = Number(params.get('pageSize')) || 20;
  const result = useAsync(
    () => api.get<FaqList>('/api/knowledge/faqs', { q: q || undefined, category: category || undefined, page, pageSize }),
    [q, category, page, pageSize, tick],
  );
  const [toggling, setToggling] = useState<number | null>(null);

  function update(changes: Record<string, string | number | null>, keepPage = false) {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value === null || value === '') next.delete(key);
      else next.set(key, String(value));
    }
    if (!keepPage) next.delete('page');
    setParams(next);
  }

  async function toggle(faq: Faq, enabled: boolean) {
    setToggling(faq.id);
    try {
      await api.put(`/api/knowledge/faqs/${faq.id}`, {
        question: faq.question,
        alternatives: faq.alternatives,
        answer: faq.answer,
        category: faq.category,
        productIds: faq.productIds,
        enabled,
        version: faq.version,
      });
      onChanged();
    } catch (err) {
      message.error(err instanceof ApiError && err.status === 409 ? t('knowledge.conflict') : errorText(t, err));
      if (err instanceof ApiError && err.status === 409) onChanged();
    } finally {
      setToggling(null);
    }
  }

  async function remove(faq: Faq) {
    try {
      await api.delete(`/api/knowledge/faqs/${faq.id}`);
      message.success(t('faq.deleted'));
      onChanged();
    } catch (err) {
      message.error(errorText(t, err));
    }
  }

  const rows = result.data?.faqs ?? [];
  const total = (page - 1) * pageSize + rows.length + (rows.length === pageSize ? 1 : 0);
  const productName = new Map(products.map((p) => [p.id, p.name]));

  const columns: TableProps<Faq>['columns'] = [
    {
      title: t('faq.question'),
      dataIndex: 'question',
      render: (question: string, f) => (
        <div className={f.enabled ? undefined : 'kefu-faq-off'}>
          <div className="kefu-faq-q">
            <span data-testid="faq-row-question">{question}</span>
            {f.productIds.length > 0 && (
              <Tooltip title={f.productIds.map((id) => productName.get(id) ?? `#${id}`).join(t('common.separator'))}>
                <Tag variant="filled" color="purple" className="kefu-faq-scope">
                  {t('faq.scoped', { n: f.productIds.length })}
                </Tag>
              </Tooltip>
            )}
          </div>
          <div className="kefu-faq-a">{f.answer}</div>
        </div>
      ),
    },
    {
      title: t('faq.alternativesShort'),
      dataIndex: 'alternatives',
      width: 80,
      align: 'center',
      render: (alts: string[]) =>
        alts.length === 0 ? (
          <span className="kefu-muted">0</span>
        ) : (
          <Tooltip
            title={
              <ul className="kefu-tip-list">
                {alts.slice(0, 12).map((a) => (
                  <li key={a}>{a}</li>
                ))}
                {alts.length > 12 && <li>…</li>}
              </ul>
            }
          >
            <span className="kefu-alt-count">{alts.length}</span>
          </Tooltip>
        ),
    },
    {
      title: t('faq.category'),
      dataIndex: 'category',
      width: 100,
      render: (c: string) => (c ? <Tag variant="filled">{c}</Tag> : <span className="kefu-muted">—</span>),
    },
    { title: t('faq.hits'), dataIndex: 'hits', width: 58, align: 'right', render: (n: number) => <span className="kefu-num">{n}</span> },
    {
      title: t('faq.enabled'),
      dataIndex: 'enabled',
      width: canEdit ? 60 : 72,
      align: 'center',
      render: (on: boolean, f) =>
        canEdit ? (
          <span onClick={(e) => e.stopPropagation()}>
            <Switch size="small" checked={on} loading={toggling === f.id} onChange={(v) => void toggle(f, v)} aria-label={t('faq.enabled')} />
          </span>
        ) : (
          <Badge status={on ? 'success' : 'default'} text={on ? t('faq.on') : t('faq.off')} />
        ),
    },
    {
      title: t('faq.updated'),
      dataIndex: 'updatedAt',
      width: 88,
      ellipsis: { showTitle: false },
      render: (v: string) => (
        <Tooltip title={dateTime(v)}>
          <span className="kefu-muted">{fromNow(v)}</span>
        </Tooltip>
      ),
    },
    ...(canEdit
      ? [
          {
            title: '',
            key: 'actions',
            width: 68,
            align: 'right' as const,
            render: (_: unknown, f: Faq) => (
              <span onClick={(e) => e.stopPropagation()} className="kefu-row-actions">
                <Tooltip title={t('faq.edit')}>
                  <Button type="text" size="small" icon={<EditOutlined />} onClick={() => onEdit(f)} aria-label={t('faq.edit')} />
                </Tooltip>
                <Popconfirm title={t('faq.deleteConfirm')} onConfirm={() => void remove(f)} okButtonProps={{ danger: true }}>
                  <Button type="text" size="small" danger icon={<DeleteOutlined />} aria-label={t('faq.delete')} />
                </Popconfirm>
              </span>
            ),
          },
        ]
      : []),
  ];

  const hasFilters = Boolean(q || category);
  return (
    <div className="kefu-faq-layout">
      <div className="kefu-faq-main">
        <Flex wrap gap={8} align="center" className="kefu-filters">
          <Input.Search
            key={q}
            defaultValue={q}
            placeholder={t('faq.searchPlaceholder')}
            allowClear
            enterButton
            onSearch={(value) => update({ q: value.trim() })}
            style={{ width: 300 }}
            data-testid="faq-search"
          />
          <Select
            allowClear
            placeholder={t('faq.allCategories')}
            style={{ width: 160 }}
            value={category || undefined}
            onChange={(v: string | undefined) => update({ category: v ?? null })}
            options={categories.map((c) => ({ value: c, label: c }))}
          />
          {hasFilters && (
            <Button type="link" onClick={() => update({ q: null, category: null })}>
              {t('common.reset')}
            </Button>
          )}
        </Flex>
        {result.error && !result.data ? (
          <PageState error={result.error} onRetry={result.reload} />
        ) : (
          <Table<Faq>
            rowKey="id"
            size="middle"
            tableLayout="fixed"
            columns={columns}
            dataSource={rows}
            loading={result.loading}
            onRow={(f) => ({
              onClick: (e) => {
                if (!(e.target as HTMLElement).closest('a,button,.ant-switch')) onEdit(f);
              },
              style: { cursor: 'pointer' },
            })}
            locale={{
              emptyText: result.loading ? (
                ' '
              ) : (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={hasFilters ? t('faq.noMatch') : t('faq.empty')} />
              ),
            }}
            onChange={(p) =>
              update({ page: p.current === 1 ? null : (p.current ?? null), pageSize: p.pageSize === 20 ? null : (p.pageSize ?? null) }, true)
            }
            pagination={{ current: page, pageSize, total, showSizeChanger: true, pageSizeOptions: [20, 50, 100], size: 'small' }}
          />
        )}
      </div>
      {desk && (
        <aside className="kefu-faq-side">
          <MatchTester products={products} canEdit={canEdit} onOpen={onOpenSuggestion} onCreate={onCreate} />
        </aside>
      )}
    </div>
  );
}
