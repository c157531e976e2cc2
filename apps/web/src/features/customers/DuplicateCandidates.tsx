import { Alert, Button, List, Space, Tag, Typography } from 'antd';
import type { Duplicate as DuplicateSchema, Duplicates } from '@kefu/protocol/api/customers';
import type { Wire } from '@kefu/protocol/api/common';
import { useEffect, useState } from 'react';
import { api } from '../../api.ts';
import { useI18n, type Translate } from '../../i18n.ts';

export type Duplicate = Wire<typeof DuplicateSchema>;

/** What the agent is typing that could identify an existing customer. */
export interface Probe {
  name?: string;
  phones?: string[];
  emails?: string[];
}

/** Existing customers matching the phones, e-mails or name being typed (debounced), other than `except`. */
export function useDuplicateCandidates(probe: Probe, except?: number): Duplicate[] {
  const [found, setFound] = useState<Duplicate[]>([]);
  const key = JSON.stringify(probe);
  useEffect(() => {
    const asks = [
      ...(probe.phones ?? []).map((phone) => ({ phone })),
      ...(probe.emails ?? []).map((email) => ({ email })),
      ...(probe.name?.trim() ? [{ name: probe.name.trim() }] : []),
    ];
    if (asks.length === 0) {
      setFound([]);
      return;
    }
    let alive = true;
    const timer = setTimeout(() => {
      Promise.all(asks.map((q) => api.get<Wire<typeof Duplicates>>('/api/customers/duplicates', q).catch(() => ({ duplicates: [] }))))
        .then((answers) => {
          const byId = new Map<number, Duplicate>();
          for (const d of answers.flatMap((a) => a.duplicates)) {
            // A contact match says more than a namesake: keep it.
            if (d.id !== except && (!byId.has(d.id) || byId.get(d.id)!.kind === 'name')) byId.set(d.id, d);
          }
          if (alive) setFound([...byId.values()]);
        })
        .catch(() => {});
    }, 350);
    return () => {
      alive = false;
      clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` is the probe's content
  }, [key, except]);
  return found;
}

function reasonOf(t: Translate, d: Duplicate): string {
  if (d.kind === 'phone' || d.kind === 'email' || d.kind === 'name') return t(`customer.dupes.by.${d.kind}`);
  return t('customer.dupes.by.other');
}

/** The candidates as a warning above the form, each with "open this one instead". */
export function DuplicateCandidates({ duplicates, onOpen }: { duplicates: readonly Duplicate[]; onOpen(id: number): void }) {
  const { t } = useI18n();
  if (duplicates.length === 0) return null;
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="customer-duplicates"
      style={{ marginBottom: 16 }}
      title={t('customer.dupes.title')}
      description={
        <>
          <Typography.Text type="secondary">{t('customer.dupes.hint')}</Typography.Text>
          <List
            size="small"
            dataSource={[...duplicates]}
            renderItem={(d) => (
              <List.Item
                key={d.id}
                data-testid="customer-duplicate"
                actions={[
                  <Button key="open" type="link" size="small" onClick={() => onOpen(d.id)} data-testid="customer-duplicate-open">
                    {t('customer.dupes.open')}
                  </Button>,
                ]}
              >
                <Space size={8} wrap>
                  <Typography.Text strong>{d.name}</Typography.Text>
                  <span className="kefu-muted">#{d.id}</span>
                  {d.phone && <span>{d.phone}</span>}
                  <Tag color={d.kind === 'name' ? 'default' : 'orange'}>
                    {reasonOf(t, d)}
                    {d.kind !== 'name' && d.value !== d.phone ? `：${d.value}` : ''}
                  </Tag>
                </Space>
              </List.Item>
            )}
          />
        </>
      }
    />
  );
}
