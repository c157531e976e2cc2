import { LinkOutlined, PlusOutlined, StopOutlined } from '@ant-design/icons';
import { App, Button, Empty, Flex, Modal, Segmented, Select, Space, Table, Tooltip, Typography, type TableProps } from 'antd';
import { useState } from 'react';
import { api, type FaqAnswer, type FaqList, type UnknownQuestion, type UnknownQuestionList } from '../../api.ts';
import { errorText } from '../../shared/errors.ts';
import { dateTime, fromNow, shortDateTime } from '../../shared/format.ts';
import { useAsync } from '../../shared/hooks.ts';
import { useI18n } from '../../i18n.ts';
import { PageState } from '../../shared/PageState.tsx';

type Status = 'open' | 'resolved' | 'ignored';

/**
 * 未知问题: what shoppers asked that nothing answered confidently, most asked first. An editor turns one into a
 * new entry (添加为问答), adds it to an existing entry as another phrasing (归入已有问答), or ignores it.
 */
export function UnknownPanel({
  status,
  onStatus,
  canEdit,
  tick,
  onCreate,
  onOpenFaq,
  onChanged,
}: {
  status: Status;
  onStatus(s: Status): void;
  canEdit: boolean;
  tick: number;
  onCreate(q: UnknownQuestion): void;
  onOpenFaq(id: number): void;
  onChanged(): void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const result = useAsync(() => api.get<UnknownQuestionList>('/api/knowledge/unknown', { status }), [status, tick]);
  const [merging, setMerging] = useState<UnknownQuestion | null>(null);

  async function ignore(q: UnknownQuestion) {
    try {
      await api.post(`/api/knowledge/unknown/${q.id}`, { status: 'ignored' });
      message.success(t('unknown.ignored'));
      onChanged();
    } catch (err) {
      message.error(errorText(t, err));
    }
  }

  const rows = result.data?.questions ?? [];
  const columns: TableProps<UnknownQuestion>['columns'] = [
    { title: t('unknown.question'), dataIndex: 'question', render: (v: string) => <span className="kefu-unknown-q">{v}</span> },
    {
      title: t('unknown.asked'),
      dataIndex: 'asked',
      width: 96,
      align: 'right',
      render: (n: number) => <span className={n >= 5 ? 'kefu-asked is-hot' : 'kefu-asked'}>{t('unknown.times', { n })}</span>,
    },
    { title: t('unknown.last'), dataIndex: 'lastAskedAt', width: 120, render: (v: string) => <Tooltip title={dateTime(v)}>{fromNow(v)}</Tooltip> },
    {
      title: t('unknown.first'),
      dataIndex: 'firstAskedAt',
      width: 120,
      render: (v: string) => (
        <Tooltip title={dateTime(v)}>
          <span className="kefu-muted">{shortDateTime(v)}</span>
        </Tooltip>
      ),
    },
    ...(status === 'resolved'
      ? [
          {
            title: t('unknown.faq'),
            dataIndex: 'faqId',
            width: 120,
            render: (id: number | null) =>
              id ? (
                <Button type="link" size="small" icon={<LinkOutlined />} onClick={() => onOpenFaq(id)}>
                  {t('unknown.openFaq')}
                </Button>
              ) : (
                <span className="kefu-muted">—</span>
              ),
          },
        ]
      : []),
    ...(canEdit && status === 'open'
      ? [
          {
            title: '',
            key: 'actions',
            width: 290,
            align: 'right' as const,
            render: (_: unknown, q: UnknownQuestion) => (
              <Space size={4}>
                <Button size="small" type="primary" ghost icon={<PlusOutlined />} onClick={() => onCreate(q)} data-testid="unknown-add">
                  {t('unknown.addAsFaq')}
                </Button>
                <Button size="small" onClick={() => setMerging(q)}>
                  {t('unknown.merge')}
                </Button>
                <Button size="small" type="text" icon={<StopOutlined />} onClick={() => void ignore(q)} data-testid="unknown-ignore">
                  {t('unknown.ignore')}
                </Button>
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <div>
      <Flex justify="space-between" align="center" className="kefu-filters" gap={12}>
        <Segmented<Status>
          value={status}
          onChange={onStatus}
          options={(['open', 'resolved', 'ignored'] as const).map((s) => ({ value: s, label: t(`unknown.status.${s}`) }))}
        />
        <Typography.Text type="secondary" className="kefu-small">
          {t('unknown.hint')}
        </Typography.Text>
      </Flex>
      {result.error && !result.data ? (
        <PageState error={result.error} onRetry={result.reload} />
      ) : (
        <Table<UnknownQuestion>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={rows}
          loading={result.loading}
          locale={{
            emptyText: result.loading ? (
              ' '
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t(status === 'open' ? 'unknown.emptyOpen' : 'unknown.empty')} />
            ),
          }}
          pagination={rows.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
        />
      )}
      <MergeModal
        question={merging}
        onClose={() => setMerging(null)}
        onDone={() => {
          setMerging(null);
          onChanged();
        }}
      />
    </div>
  );
}

/** 归入已有问答: the question becomes one more phrasing of an entry, and is marked resolved with it. */
function MergeModal({ question, onClose, onDone }: { question: UnknownQuestion | null; onClose(): void; onDone(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [search, setSearch] = useState('');
  const [picked, setPicked] = useState<number | undefined>();
  const [busy, setBusy] = useState(false);
  const found = useAsync(
    () => (question ? api.get<FaqList>('/api/knowledge/faqs', { q: search.trim() || undefined, pageSize: 30 }) : Promise.resolve({ faqs: [] })),
    [question?.id, search],
  );

  async function merge() {
    if (!question || !picked) return;
    setBusy(true);
    try {
      const { faq } = await api.get<FaqAnswer>(`/api/knowledge/faqs/${picked}`);
      await api.put(`/api/knowledge/faqs/${faq.id}`, {
        question: faq.question,
        answer: faq.answer,
        category: faq.category,
        productIds: faq.productIds,
        enabled: faq.enabled,
        version: faq.version,
        alternatives: [...new Set([...faq.alternatives, question.question])].slice(0, 50),
      });
      await api.post(`/api/knowledge/unknown/${question.id}`, { status: 'resolved', faqId: faq.id });
      message.success(t('unknown.merged'));
      setPicked(undefined);
      setSearch('');
      onDone();
    } catch (err) {
      message.error(errorText(t, err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open={question !== null}
      title={t('unknown.mergeTitle')}
      onCancel={() => {
        setPicked(undefined);
        setSearch('');
        onClose();
      }}
      destroyOnHidden
      okText={t('unknown.mergeOk')}
      onOk={() => void merge()}
      okButtonProps={{ disabled: !picked, loading: busy }}
    >
      <Typography.Paragraph type="secondary">{t('unknown.mergeHint', { q: question?.question ?? '' })}</Typography.Paragraph>
      <Select
        showSearch={{ filterOption: false, onSearch: setSearch }}
        value={picked}
        onChange={setPicked}
        style={{ width: '100%' }}
        placeholder={t('unknown.mergePlaceholder')}
        loading={found.loading}
        options={(found.data?.faqs ?? []).map((f) => ({ value: f.id, label: f.question }))}
      />
    </Modal>
  );
}
