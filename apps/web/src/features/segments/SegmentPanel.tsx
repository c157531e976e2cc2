import { EditOutlined, UndoOutlined } from '@ant-design/icons';
import { SEGMENTS } from '@kefu/domain';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { ApiError } from '../../api.ts';
import { LEAD_ROLES, useAuth } from '../../auth.tsx';
import { enumLabel, useI18n } from '../../i18n.ts';
import { PageState } from '../../shared/PageState.tsx';
import { SegmentTag } from '../../shared/Tags.tsx';
import { errorText, isRefusal } from '../../shared/errors.ts';
import { dateTime, dayjs } from '../../shared/format.ts';
import { useAsync } from '../../shared/hooks.ts';
import { segmentsApi, type CustomerSegment } from './segmentsApi.ts';

/**
 * A customer's segment on the customer page: what the rules give, a person's override with its reason (supervisors
 * and admins set and clear it), and every change. `onChanged` lets the page reload its own copy of the customer.
 */
export function SegmentPanel({ customerId, onChanged }: { customerId: number; onChanged?: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { user } = useAuth();
  const canOverride = LEAD_ROLES.includes(user.role);
  const result = useAsync(() => segmentsApi.ofCustomer(customerId), [customerId]);
  const [editing, setEditing] = useState(false);
  const data = result.data;
  if (!data) return <PageState loading={result.loading} error={result.error} onRetry={result.reload} />;
  const { state, history } = data;

  async function clear() {
    try {
      await segmentsApi.clearOverride(customerId, state.version);
      void message.success(t('segments.panel.cleared'));
      onChanged?.();
    } catch (err) {
      void message.error(isRefusal(err, 'stale_version') ? t('segments.panel.stale') : errorText(t, err));
    } finally {
      result.reload();
    }
  }

  return (
    <Card
      size="small"
      title={t('segments.panel.title')}
      data-testid="segment-panel"
      extra={
        canOverride && (
          <Space size={4}>
            <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(true)}>
              {t('segments.panel.set')}
            </Button>
            {state.override && (
              <Popconfirm
                title={t('segments.panel.clearConfirm', { segment: enumLabel(t, 'segment', state.computed ?? 'regular') })}
                onConfirm={() => clear()}
                okText={t('segments.panel.clear')}
                cancelText={t('common.cancel')}
              >
                <Button size="small" icon={<UndoOutlined />}>
                  {t('segments.panel.clear')}
                </Button>
              </Popconfirm>
            )}
          </Space>
        )
      }
    >
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={t('segments.panel.segment')}>
          <Space size={4}>
            <SegmentTag segment={state.segment} />
            <Tag variant="outlined" color={state.override ? 'orange' : 'default'}>
              {t(state.override ? 'segments.panel.overridden' : 'segments.panel.computed')}
            </Tag>
          </Space>
        </Descriptions.Item>
        {state.override && (
          <>
            <Descriptions.Item label={t('segments.panel.computed')}>
              {state.computed ? <SegmentTag segment={state.computed} /> : t('segments.panel.computedNone')}
            </Descriptions.Item>
            <Descriptions.Item label={t('segments.panel.reason')}>
              <Space direction="vertical" size={0}>
                <Typography.Text>{state.override.reason}</Typography.Text>
                <Typography.Text type="secondary" className="kefu-small">
                  {t('segments.panel.overrideBy', { name: state.override.byName ?? '—', at: dateTime(state.override.at) })}
                  {state.override.until && ` · ${t('segments.panel.until', { at: dateTime(state.override.until) })}`}
                </Typography.Text>
              </Space>
            </Descriptions.Item>
          </>
        )}
      </Descriptions>
      <Typography.Text strong style={{ display: 'block', margin: '8px 0' }}>
        {t('segments.panel.history')}
      </Typography.Text>
      {history.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('segments.panel.noHistory')} />
      ) : (
        <Timeline items={history.map((h) => ({ key: h.id, content: <HistoryLine entry={h} /> }))} data-testid="segment-history" />
      )}
      {editing && (
        <OverrideModal
          state={state}
          customerId={customerId}
          onClose={(saved) => {
            setEditing(false);
            if (saved) {
              result.reload();
              onChanged?.();
            }
          }}
        />
      )}
    </Card>
  );
}

function HistoryLine({ entry }: { entry: CustomerSegment['history'][number] }) {
  const { t } = useI18n();
  return (
    <Space direction="vertical" size={0}>
      <Space size={4} wrap>
        {entry.from && <SegmentTag segment={entry.from} />}
        {entry.from && '→'}
        <SegmentTag segment={entry.to} />
        <Typography.Text type="secondary" className="kefu-small">
          {enumLabel(t, 'segments.source', entry.source)}
          {entry.byName && ` · ${entry.byName}`}
        </Typography.Text>
      </Space>
      {entry.reason && <Typography.Text className="kefu-small">{entry.reason}</Typography.Text>}
      <Typography.Text type="secondary" className="kefu-small">
        {dateTime(entry.at)}
        {entry.rule && ` · ${t('segments.history.rule', { rule: enumLabel(t, 'segment', entry.rule) })}`}
      </Typography.Text>
    </Space>
  );
}

function OverrideModal({ state, customerId, onClose }: { state: CustomerSegment['state']; customerId: number; onClose(saved: boolean): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ segment: string; reason: string; until: Dayjs | null }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function save() {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    setBusy(true);
    setError(null);
    try {
      await segmentsApi.setOverride(customerId, {
        segment: values.segment,
        reason: values.reason,
        until: values.until ? values.until.toISOString() : null,
        version: state.version,
      });
      void message.success(t('segments.panel.saved'));
      onClose(true);
    } catch (err) {
      if (isRefusal(err, 'stale_version')) setError(t('segments.panel.stale'));
      else if (err instanceof ApiError && err.fields.length) setError(err.fields.map((f) => `${f.field}: ${f.reason}`).join('; '));
      else setError(errorText(t, err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal open title={t('segments.panel.set')} onOk={() => void save()} confirmLoading={busy} onCancel={() => onClose(false)} destroyOnHidden>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ segment: state.override?.segment ?? state.segment, reason: state.override?.reason ?? '', until: null }}
      >
        <Form.Item name="segment" label={t('segments.panel.segment')} rules={[{ required: true }]}>
          <Select options={SEGMENTS.map((s) => ({ value: s, label: enumLabel(t, 'segment', s) }))} data-testid="override-segment" />
        </Form.Item>
        <Form.Item name="reason" label={t('segments.panel.reason')} rules={[{ required: true, min: 2, max: 200 }]}>
          <Input.TextArea rows={2} maxLength={200} placeholder={t('segments.panel.reasonPlaceholder')} data-testid="override-reason" />
        </Form.Item>
        <Form.Item name="until" label={t('segments.panel.untilLabel')}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
