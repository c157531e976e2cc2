import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Badge, Button, Card, Flex, Tabs, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { ApiError, api, type Faq, type FaqAnswer, type FaqList, type ProductList, type UnknownQuestionList } from '../../api.ts';
import { DESK_ROLES, useAuth } from '../../auth.tsx';
import { FaqFormDrawer, type FaqEditing } from './FaqFormDrawer.tsx';
import { FaqImportModal } from './FaqImportModal.tsx';
import { FaqPanel } from './FaqPanel.tsx';
import { SynonymsPanel } from './SynonymsPanel.tsx';
import { UnknownPanel } from './UnknownPanel.tsx';
import { errorText } from '../../shared/errors.ts';
import { useAsync } from '../../shared/hooks.ts';
import { useI18n } from '../../i18n.ts';

/** Who keeps the knowledge: supervisors, the shop owner and product managers; everyone else reads. */
export const KNOWLEDGE_EDITORS = ['supervisor', 'admin', 'product'];

type Tab = 'faq' | 'unknown' | 'synonyms';
type Status = 'open' | 'resolved' | 'ignored';

/**
 * 知识库: the FAQ the agents' suggestions and the bot answer from (with a box to test how a shopper's question
 * matches), the questions nothing answered, and the shop's synonyms.
 */
export function KnowledgePage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { user } = useAuth();
  const canEdit = KNOWLEDGE_EDITORS.includes(user.role);
  const [params, setParams] = useSearchParams();
  const tab: Tab = params.get('tab') === 'unknown' ? 'unknown' : params.get('tab') === 'synonyms' ? 'synonyms' : 'faq';
  const status = (['resolved', 'ignored'].includes(params.get('status') ?? '') ? params.get('status') : 'open') as Status;

  const [tick, setTick] = useState(0);
  const reload = () => setTick((n) => n + 1);
  const [editing, setEditing] = useState<(FaqEditing & { unknownId?: number }) | null>(null);
  const [importing, setImporting] = useState(false);

  const products = useAsync(() => api.get<ProductList>('/api/products'), []);
  const all = useAsync(() => api.get<FaqList>('/api/knowledge/faqs', { pageSize: 200 }), [tick]);
  const open = useAsync(() => api.get<UnknownQuestionList>('/api/knowledge/unknown'), [tick]);
  const categories = useMemo(() => {
    const counts = new Map<string, number>();
    for (const f of all.data?.faqs ?? []) if (f.category) counts.set(f.category, (counts.get(f.category) ?? 0) + 1);
    return [...counts].sort((a, b) => b[1] - a[1]).map(([c]) => c);
  }, [all.data]);

  function setTab(next: string) {
    setParams(next === 'faq' ? new URLSearchParams() : new URLSearchParams({ tab: next }));
  }

  async function openFaq(id: number) {
    try {
      setEditing({ faq: (await api.get<FaqAnswer>(`/api/knowledge/faqs/${id}`)).faq });
    } catch (err) {
      message.error(err instanceof ApiError && err.status === 404 ? t('faq.gone') : errorText(t, err));
    }
  }

  async function saved(faq: Faq, created: boolean) {
    const unknownId = editing?.unknownId;
    if (unknownId && created) {
      await api
        .post(`/api/knowledge/unknown/${unknownId}`, { status: 'resolved', faqId: faq.id })
        .catch((err: unknown) => message.error(errorText(t, err)));
    }
    setEditing(null);
    reload();
  }

  const openCount = open.data?.questions.length ?? 0;
  return (
    <Card className="kefu-knowledge">
      <Flex justify="space-between" align="center" style={{ marginBottom: 4 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('knowledge.title')}
        </Typography.Title>
        {tab === 'faq' && (
          <Flex gap={8}>
            {canEdit && (
              <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="faq-import">
                {t('faq.import')}
              </Button>
            )}
            <Button icon={<DownloadOutlined />} href="/api/knowledge/faqs/export" download data-testid="faq-export">
              {t('faq.export')}
            </Button>
            {canEdit && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({})} data-testid="faq-new">
                {t('faq.new')}
              </Button>
            )}
          </Flex>
        )}
      </Flex>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          { key: 'faq', label: t('knowledge.tab.faq') },
          {
            key: 'unknown',
            label: (
              <span data-testid="tab-unknown">
                {t('knowledge.tab.unknown')} {openCount > 0 && <Badge count={openCount} size="small" color="#fa8c16" overflowCount={99} />}
              </span>
            ),
          },
          { key: 'synonyms', label: t('knowledge.tab.synonyms') },
        ]}
      />
      {tab === 'faq' && (
        <FaqPanel
          canEdit={canEdit}
          desk={DESK_ROLES.includes(user.role)}
          tick={tick}
          categories={categories}
          products={products.data?.products ?? []}
          onEdit={(faq) => setEditing({ faq })}
          onOpenSuggestion={(s) => void openFaq(s.id)}
          onCreate={(question) => setEditing({ initial: { question } })}
          onChanged={reload}
        />
      )}
      {tab === 'unknown' && (
        <UnknownPanel
          status={status}
          canEdit={canEdit}
          tick={tick}
          onStatus={(s) => setParams(s === 'open' ? { tab: 'unknown' } : { tab: 'unknown', status: s })}
          onCreate={(q) => setEditing({ initial: { question: q.question }, unknownId: q.id })}
          onOpenFaq={(id) => void openFaq(id)}
          onChanged={reload}
        />
      )}
      {tab === 'synonyms' && <SynonymsPanel canEdit={canEdit} />}
      <FaqFormDrawer
        editing={editing}
        canEdit={canEdit}
        categories={categories}
        products={products.data?.products ?? []}
        onClose={() => setEditing(null)}
        onSaved={saved}
        onDeleted={() => {
          setEditing(null);
          reload();
        }}
      />
      <FaqImportModal open={importing} onClose={() => setImporting(false)} onImported={reload} />
    </Card>
  );
}
