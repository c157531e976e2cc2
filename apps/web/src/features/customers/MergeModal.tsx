import { ArrowRightOutlined, SwapOutlined } from '@ant-design/icons';
import type { Wire } from '@kefu/protocol/api/common';
import type { MergePreview } from '@kefu/protocol/api/customers';
import { Alert, App, Button, Card, Col, Descriptions, Empty, Flex, Modal, Row, Space, Statistic, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api, type Customer, type CustomerAnswer } from '../../api.ts';
import { enumLabel, useI18n } from '../../i18n.ts';
import { errorText, isRefusal } from '../../shared/errors.ts';
import { PlainTags, SegmentTag } from '../../shared/Tags.tsx';
import { CustomerPicker } from './CustomerPicker.tsx';
import { useDuplicateCandidates } from './DuplicateCandidates.tsx';

type Preview = Wire<typeof MergePreview>;
type Side = Preview['target'];

/**
 * 合并客户: pick the duplicate (likely ones are offered from the customer's phones and e-mails), see what moves
 * from the merged-away file to the kept one, then confirm. Either file can be the kept one.
 */
export function MergeModal({
  open,
  customer,
  onClose,
  onMerged,
}: {
  open: boolean;
  customer: Customer;
  onClose(): void;
  onMerged(keptId: number): void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [otherId, setOtherId] = useState<number | null>(null);
  const [keepOther, setKeepOther] = useState(false);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const contacts = (kind: string) => customer.identities.filter((i) => i.kind === kind).map((i) => i.value);
  const suggested = useDuplicateCandidates(open ? { name: customer.name, phones: contacts('phone'), emails: contacts('email') } : {}, customer.id);
  const [targetId, sourceId] = keepOther && otherId ? [otherId, customer.id] : [customer.id, otherId];

  useEffect(() => {
    setPreview(null);
    setError(null);
    if (!otherId || !sourceId) return;
    let alive = true;
    api
      .get<Preview>(`/api/customers/${targetId}/merge-preview`, { sourceId })
      .then((p) => alive && setPreview(p))
      .catch((err: unknown) => alive && setError(errorText(t, err)));
    return () => {
      alive = false;
    };
  }, [otherId, targetId, sourceId, t]);

  function close() {
    setOtherId(null);
    setKeepOther(false);
    onClose();
  }

  async function merge() {
    if (!preview) return;
    setBusy(true);
    try {
      await api.post<CustomerAnswer>(`/api/customers/${preview.target.id}/merge`, { sourceId: preview.source.id, version: preview.target.version });
      message.success(t('customer.merge.done'));
      const kept = preview.target.id;
      close();
      onMerged(kept);
    } catch (err) {
      setError(isRefusal(err, 'stale_version') ? t('customer.stale') : errorText(t, err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open={open}
      title={t('customer.merge.title')}
      onCancel={close}
      width={780}
      destroyOnHidden
      footer={[
        <Button key="cancel" onClick={close}>
          {t('common.cancel')}
        </Button>,
        <Button key="merge" type="primary" danger disabled={!preview} loading={busy} onClick={() => void merge()} data-testid="merge-confirm">
          {t('customer.merge.confirm')}
        </Button>,
      ]}
    >
      <Typography.Paragraph strong style={{ marginTop: 0 }}>
        {t('customer.merge.pick')}
      </Typography.Paragraph>
      <div data-testid="merge-pick">
        <CustomerPicker value={suggested.some((d) => d.id === otherId) ? undefined : otherId} onChange={setOtherId} exclude={customer.id} />
      </div>
      {suggested.length > 0 && (
        <Flex gap={6} wrap align="center" style={{ marginTop: 8 }}>
          <span className="kefu-muted">{t('customer.merge.suggested')}：</span>
          {suggested.map((d) => (
            <Tag.CheckableTag key={d.id} checked={otherId === d.id} onChange={() => setOtherId(d.id)} data-testid="merge-suggestion">
              {d.name} #{d.id}
              {d.phone ? ` · ${d.phone}` : ''}
            </Tag.CheckableTag>
          ))}
        </Flex>
      )}
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 16 }} />}
      {preview && (
        <div data-testid="merge-preview" style={{ marginTop: 16 }}>
          <Row gutter={12} align="middle">
            <Col span={11}>
              <SideCard side={preview.source} label={t('customer.merge.away')} color="default" />
            </Col>
            <Col span={2} style={{ textAlign: 'center' }}>
              <ArrowRightOutlined style={{ fontSize: 20, color: '#1677ff' }} />
            </Col>
            <Col span={11}>
              <SideCard side={preview.target} label={t('customer.merge.keep')} color="blue" />
            </Col>
          </Row>
          <Flex justify="center" style={{ margin: '8px 0' }}>
            <Button size="small" icon={<SwapOutlined />} onClick={() => setKeepOther((k) => !k)} data-testid="merge-swap">
              {t('customer.merge.swap')}
            </Button>
          </Flex>
          <Card size="small" title={t('customer.merge.moves')}>
            {preview.moves.length ? (
              <Row gutter={[16, 12]}>
                {preview.moves.map((m) => (
                  <Col span={6} key={m.table}>
                    <Statistic title={enumLabel(t, 'customer.merge.table', m.table)} value={m.count} />
                  </Col>
                ))}
              </Row>
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('customer.merge.nothing')} />
            )}
          </Card>
          <Alert type="info" showIcon style={{ marginTop: 12 }} title={t('customer.merge.note')} />
        </div>
      )}
    </Modal>
  );
}

function SideCard({ side, label, color }: { side: Side; label: string; color: string }) {
  const { t } = useI18n();
  return (
    <Card
      size="small"
      title={
        <Space>
          {side.name}
          <span className="kefu-muted">#{side.id}</span>
        </Space>
      }
      extra={<Tag color={color}>{label}</Tag>}
    >
      <Descriptions
        size="small"
        column={1}
        items={[
          { key: 'segment', label: t('customer.segment'), children: <SegmentTag segment={side.segment} /> },
          { key: 'agent', label: t('customer.assignedAgent'), children: side.assignedAgentName ?? '—' },
          {
            key: 'contacts',
            label: t('customer.contact'),
            children: side.identities.length ? side.identities.map((i) => `${enumLabel(t, 'identity', i.kind)} ${i.value}`).join('；') : '—',
          },
          { key: 'tags', label: t('customer.tags'), children: side.tags.length ? <PlainTags tags={side.tags} /> : '—' },
        ]}
      />
    </Card>
  );
}
