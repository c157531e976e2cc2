import { App, Form, Input, InputNumber, Modal, Radio, Select } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../i18n.ts';
import { errorText } from '../../shared/errors.ts';
import { reviewsApi, type Review } from './reviewsApi.ts';

const AFTER_SALE_KINDS = ['reissue', 'exchange', 'return', 'refund'] as const;

/** 从评价发起售后: the kind, a note and, for a refund, its amount; the after-sale rules check the rest. */
export function ReviewAfterSaleModal({ review, onClose }: { review: Review; onClose(saved?: Review): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ kind: (typeof AFTER_SALE_KINDS)[number]; description: string; amount?: number }>();
  const [saving, setSaving] = useState(false);
  const kind = Form.useWatch('kind', form);
  async function save() {
    const v = await form.validateFields();
    setSaving(true);
    try {
      const amountFen = v.amount ? Math.round(v.amount * 100) : undefined;
      const answer = await reviewsApi.afterSale(review.id, { kind: v.kind, description: v.description ?? '', amountFen, version: review.version });
      message.success(t('reviews.afterSale.done'));
      onClose(answer.review);
    } catch (err) {
      message.error(errorText(t, err));
    } finally {
      setSaving(false);
    }
  }
  return (
    <Modal open title={t('reviews.afterSale.title')} onCancel={() => onClose()} onOk={() => void save()} confirmLoading={saving}>
      <Form form={form} layout="vertical" initialValues={{ kind: 'reissue', description: `评价：${review.content}`.slice(0, 200) }}>
        <Form.Item name="kind" label={t('reviews.afterSale.kind')}>
          <Select options={AFTER_SALE_KINDS.map((k) => ({ value: k, label: t(`reviews.afterSale.kind.${k}`) }))} />
        </Form.Item>
        {(kind === 'refund' || kind === 'return') && (
          <Form.Item name="amount" label={t('reviews.afterSale.amount')} rules={[{ required: kind === 'refund' }]}>
            <InputNumber min={0.01} precision={2} style={{ width: 200 }} />
          </Form.Item>
        )}
        <Form.Item name="description" label={t('reviews.afterSale.description')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 升级公关/法务: the team and why; the leads are e-mailed. */
export function ReviewEscalateModal({ review, onClose }: { review: Review; onClose(saved?: Review): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ to: 'pr' | 'legal'; reason: string }>();
  const [saving, setSaving] = useState(false);
  async function save() {
    const v = await form.validateFields();
    setSaving(true);
    try {
      const answer = await reviewsApi.escalate(review.id, { ...v, version: review.version });
      message.success(t('reviews.escalate.done'));
      onClose(answer.review);
    } catch (err) {
      message.error(errorText(t, err));
    } finally {
      setSaving(false);
    }
  }
  return (
    <Modal open title={t('reviews.escalate.title')} onCancel={() => onClose()} onOk={() => void save()} confirmLoading={saving}>
      <Form form={form} layout="vertical" initialValues={{ to: 'pr' }}>
        <Form.Item name="to" label={t('reviews.escalate.to')}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'pr', label: t('reviews.escalate.pr') },
              { value: 'legal', label: t('reviews.escalate.legal') },
            ]}
          />
        </Form.Item>
        <Form.Item name="reason" label={t('reviews.escalate.reason')} rules={[{ required: true, min: 2, max: 500 }]}>
          <Input.TextArea placeholder={t('reviews.escalate.reasonHint')} autoSize={{ minRows: 2, maxRows: 5 }} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
