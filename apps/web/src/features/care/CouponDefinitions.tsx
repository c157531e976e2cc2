import { Alert, App, Button, DatePicker, Flex, Form, Input, InputNumber, Modal, Radio, Switch, Table, Tag } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../i18n.ts';
import { applyFieldErrors, errorText, isRefusal } from '../../shared/errors.ts';
import { dayjs, fenOf, yuan } from '../../shared/format.ts';
import { useAsync } from '../../shared/hooks.ts';
import { PageState } from '../../shared/PageState.tsx';
import { careApi, type CouponDefinition } from './careApi.ts';

/** Coupon definitions with how many codes were granted, redeemed and let expire. */
export function CouponDefinitions() {
  const { t } = useI18n();
  const data = useAsync(() => careApi.coupons(), []);
  const [editing, setEditing] = useState<CouponDefinition | 'new' | null>(null);
  if (!data.data) return <PageState loading={data.loading} error={data.error} onRetry={data.reload} />;
  return (
    <div style={{ maxWidth: 1100 }}>
      <Flex justify="end" style={{ marginBottom: 12 }}>
        <Button type="primary" onClick={() => setEditing('new')}>
          {t('coupons.new')}
        </Button>
      </Flex>
      <Table<CouponDefinition>
        rowKey="id"
        size="middle"
        pagination={false}
        dataSource={data.data.coupons}
        data-testid="coupon-definitions"
        columns={[
          { title: t('coupons.col.name'), render: (_, c) => <span>{c.name}</span> },
          { title: t('coupons.col.amount'), render: (_, c) => <strong>{yuan(c.amountFen)}</strong> },
          {
            title: t('coupons.col.threshold'),
            render: (_, c) => (c.thresholdFen ? t('coupons.threshold.from', { amount: yuan(c.thresholdFen) }) : t('coupons.threshold.none')),
          },
          {
            title: t('coupons.col.validity'),
            render: (_, c) =>
              c.validDays
                ? t('coupons.validity.days', { days: c.validDays })
                : t('coupons.validity.fixed', { from: c.validFrom ?? '', until: c.validUntil ?? '' }),
          },
          { title: t('coupons.col.limit'), dataIndex: 'perCustomerLimit', align: 'right' },
          { title: t('coupons.col.granted'), align: 'right', render: (_, c) => c.granted.toLocaleString() },
          { title: t('coupons.col.redeemed'), align: 'right', render: (_, c) => c.redeemed.toLocaleString() },
          { title: t('coupons.col.expired'), align: 'right', render: (_, c) => c.expired.toLocaleString() },
          { title: t('coupons.col.enabled'), render: (_, c) => <Tag color={c.enabled ? 'green' : 'default'}>{c.enabled ? '✓' : '—'}</Tag> },
          {
            width: 80,
            render: (_, c) => (
              <Button type="link" onClick={() => setEditing(c)}>
                {t('care.edit')}
              </Button>
            ),
          },
        ]}
      />
      {editing && (
        <CouponModal
          coupon={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            data.reload();
          }}
        />
      )}
    </div>
  );
}

type Values = {
  name: string;
  amount: number;
  threshold: number;
  kind: 'days' | 'fixed';
  validDays: number | null;
  range: [dayjs.Dayjs, dayjs.Dayjs] | null;
  perCustomerLimit: number;
  enabled: boolean;
};

function CouponModal({ coupon, onClose, onSaved }: { coupon: CouponDefinition | null; onClose(): void; onSaved(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch('kind', form);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const initial: Values = coupon
    ? {
        name: coupon.name,
        amount: coupon.amountFen / 100,
        threshold: coupon.thresholdFen / 100,
        kind: coupon.validDays ? 'days' : 'fixed',
        validDays: coupon.validDays,
        range: coupon.validFrom && coupon.validUntil ? [dayjs(coupon.validFrom), dayjs(coupon.validUntil)] : null,
        perCustomerLimit: coupon.perCustomerLimit,
        enabled: coupon.enabled,
      }
    : { name: '', amount: 10, threshold: 0, kind: 'days', validDays: 30, range: null, perCustomerLimit: 1, enabled: true };

  async function save() {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const body = {
      name: v.name,
      amountFen: fenOf(v.amount) ?? 0,
      thresholdFen: fenOf(v.threshold) ?? 0,
      validDays: v.kind === 'days' ? v.validDays : null,
      validFrom: v.kind === 'fixed' && v.range ? v.range[0].format('YYYY-MM-DD') : null,
      validUntil: v.kind === 'fixed' && v.range ? v.range[1].format('YYYY-MM-DD') : null,
      perCustomerLimit: v.perCustomerLimit,
      enabled: v.enabled,
    };
    setBusy(true);
    setError(null);
    try {
      if (coupon) await careApi.changeCoupon(coupon.id, { ...body, version: coupon.version });
      else await careApi.createCoupon(body);
      void message.success(t('care.saved'));
      onSaved();
    } catch (err) {
      const rest = applyFieldErrors(form, err, ['name', 'perCustomerLimit', 'enabled', 'validDays']);
      if (!isRefusal(err, 'invalid_input') || rest.length) setError(rest.join('; ') || errorText(t, err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open
      title={t(coupon ? 'coupons.modal.edit' : 'coupons.modal.new')}
      okText={t('care.save')}
      cancelText={t('care.cancel')}
      confirmLoading={busy}
      onOk={() => void save()}
      onCancel={onClose}
    >
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" initialValues={initial} requiredMark={false}>
        <Form.Item name="name" label={t('coupons.field.name')} rules={[{ required: true, max: 40 }]}>
          <Input />
        </Form.Item>
        <Flex gap={12}>
          <Form.Item name="amount" label={t('coupons.field.amount')} rules={[{ required: true }]} style={{ flex: 1 }}>
            <InputNumber min={0.01} step={1} precision={2} prefix="¥" style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="threshold" label={t('coupons.field.threshold')} style={{ flex: 1 }}>
            <InputNumber min={0} step={10} precision={2} prefix="¥" style={{ width: '100%' }} />
          </Form.Item>
        </Flex>
        <Form.Item name="kind" label={t('coupons.field.validityKind')}>
          <Radio.Group
            options={[
              { value: 'days', label: t('coupons.field.validityKind.days') },
              { value: 'fixed', label: t('coupons.field.validityKind.fixed') },
            ]}
          />
        </Form.Item>
        {kind === 'fixed' ? (
          <Form.Item name="range" label={t('coupons.field.validRange')} rules={[{ required: true }]}>
            <DatePicker.RangePicker style={{ width: '100%' }} />
          </Form.Item>
        ) : (
          <Form.Item name="validDays" label={t('coupons.field.validDays')} rules={[{ required: true }]}>
            <InputNumber min={1} max={366} style={{ width: '100%' }} />
          </Form.Item>
        )}
        <Flex gap={12}>
          <Form.Item name="perCustomerLimit" label={t('coupons.field.limit')} style={{ flex: 1 }}>
            <InputNumber min={1} max={100} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="enabled" label={t('coupons.field.enabled')} valuePropName="checked" style={{ flex: 1 }}>
            <Switch />
          </Form.Item>
        </Flex>
      </Form>
    </Modal>
  );
}
