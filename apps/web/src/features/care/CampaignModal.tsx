import { CARE_VARIABLES, HOLIDAY_KEYS, HOLIDAYS, OCCASIONS, SEGMENTS } from '@kefu/domain';
import { Alert, App, Card, Col, Form, Input, InputNumber, Modal, Row, Select, Switch, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { enumLabel, useI18n } from '../../i18n.ts';
import { applyFieldErrors, errorText, isRefusal } from '../../shared/errors.ts';
import { yuan } from '../../shared/format.ts';
import { careApi, type CampaignInput, type CareCampaign, type CarePreview, type CouponDefinition } from './careApi.ts';

type Values = Required<Pick<CampaignInput, 'name' | 'occasion' | 'title' | 'body'>> & {
  holiday: string | null;
  eventMonthDay: string | null;
  daysAhead: number;
  segments: string[];
  couponDefinitionId: number | null;
  enabled: boolean;
};
const FIELDS = ['name', 'occasion', 'holiday', 'eventMonthDay', 'daysAhead', 'segments', 'title', 'body', 'couponDefinitionId', 'enabled'];

/** A campaign's occasion, timing, audience, coupon and template, with the greeting previewed for a sample customer. */
export function CampaignModal({
  campaign,
  coupons,
  onClose,
  onSaved,
}: {
  campaign: CareCampaign | null;
  coupons: CouponDefinition[];
  onClose(): void;
  onSaved(): void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [preview, setPreview] = useState<CarePreview | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const occasion = Form.useWatch('occasion', form);
  const title = Form.useWatch('title', form);
  const body = Form.useWatch('body', form);
  const couponDefinitionId = Form.useWatch('couponDefinitionId', form);

  useEffect(() => {
    if (!title || !body) return;
    const timer = setTimeout(() => {
      careApi
        .preview({ title, body, couponDefinitionId: couponDefinitionId ?? null })
        .then((p) => {
          setPreview(p);
          setPreviewError(null);
        })
        .catch((err: unknown) => setPreviewError(errorText(t, err)));
    }, 300);
    return () => clearTimeout(timer);
  }, [title, body, couponDefinitionId, t]);

  async function save() {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    setBusy(true);
    setError(null);
    try {
      if (campaign) {
        const { occasion: _fixed, ...change } = values;
        await careApi.changeCampaign(campaign.id, { ...change, version: campaign.version } as Parameters<typeof careApi.changeCampaign>[1]);
      } else await careApi.createCampaign(values as CampaignInput);
      void message.success(t('care.saved'));
      onSaved();
    } catch (err) {
      const rest = applyFieldErrors(form, err, FIELDS);
      if (!isRefusal(err, 'invalid_input') || rest.length) setError(rest.join('; ') || errorText(t, err));
    } finally {
      setBusy(false);
    }
  }

  const initial: Values = campaign
    ? { ...campaign, holiday: campaign.holiday, eventMonthDay: campaign.eventMonthDay }
    : {
        name: '',
        occasion: 'birthday',
        holiday: null,
        eventMonthDay: null,
        daysAhead: 0,
        segments: [],
        title: '',
        body: '',
        couponDefinitionId: null,
        enabled: false,
      };

  return (
    <Modal
      open
      width={980}
      title={t(campaign ? 'care.modal.edit' : 'care.modal.new')}
      okText={t('care.save')}
      cancelText={t('care.cancel')}
      confirmLoading={busy}
      onOk={() => void save()}
      onCancel={onClose}
    >
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Row gutter={24}>
        <Col span={14}>
          <Form form={form} layout="vertical" initialValues={initial} requiredMark={false}>
            <Row gutter={12}>
              <Col span={12}>
                <Form.Item name="name" label={t('care.field.name')} rules={[{ required: true, max: 40 }]}>
                  <Input />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name="occasion" label={t('care.field.occasion')}>
                  <Select disabled={!!campaign} options={OCCASIONS.map((o) => ({ value: o, label: enumLabel(t, 'care.occasion', o) }))} />
                </Form.Item>
              </Col>
            </Row>
            <Row gutter={12}>
              {occasion === 'holiday' && (
                <Col span={12}>
                  <Form.Item name="holiday" label={t('care.field.holiday')} rules={[{ required: true }]}>
                    <Select options={HOLIDAY_KEYS.map((k) => ({ value: k, label: HOLIDAYS[k].name }))} />
                  </Form.Item>
                </Col>
              )}
              {occasion === 'presale' && (
                <Col span={12}>
                  <Form.Item
                    name="eventMonthDay"
                    label={t('care.field.eventMonthDay')}
                    extra={t('care.field.eventMonthDay.hint')}
                    rules={[{ required: true }]}
                  >
                    <Input placeholder="11-11" maxLength={5} />
                  </Form.Item>
                </Col>
              )}
              <Col span={12}>
                <Form.Item name="daysAhead" label={t('care.field.daysAhead')}>
                  <InputNumber min={0} max={60} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item name="segments" label={t('care.field.segments')}>
              <Select mode="multiple" allowClear options={SEGMENTS.map((s) => ({ value: s, label: enumLabel(t, 'segment', s) }))} />
            </Form.Item>
            <Form.Item name="couponDefinitionId" label={t('care.field.coupon')}>
              <Select
                allowClear
                placeholder={t('care.coupon.none')}
                options={coupons.map((c) => ({ value: c.id, label: `${c.name} · ${yuan(c.amountFen)}`, disabled: !c.enabled }))}
              />
            </Form.Item>
            <Form.Item name="title" label={t('care.field.title')} rules={[{ required: true, max: 100 }]}>
              <Input />
            </Form.Item>
            <Form.Item
              name="body"
              label={t('care.field.body')}
              rules={[{ required: true, max: 1000 }]}
              extra={
                <span>
                  {t('care.variables')}
                  {CARE_VARIABLES.map((v) => (
                    <Tag key={v} style={{ marginTop: 4 }}>{`{{${v}}}`}</Tag>
                  ))}
                </span>
              }
            >
              <Input.TextArea rows={4} />
            </Form.Item>
            <Form.Item name="enabled" label={t('care.field.enabled')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Form>
        </Col>
        <Col span={10}>
          <Card size="small" title={t('care.preview')} style={{ background: '#fffaf3' }} data-testid="care-preview">
            {previewError ? (
              <Alert type="warning" showIcon message={previewError} />
            ) : preview ? (
              <>
                <Typography.Text type="secondary" className="kefu-small">
                  {t('care.preview.for', { name: preview.customerName })}
                </Typography.Text>
                <Typography.Title level={5} style={{ marginTop: 8 }}>
                  {preview.title}
                </Typography.Title>
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{preview.body}</Typography.Paragraph>
              </>
            ) : null}
          </Card>
        </Col>
      </Row>
    </Modal>
  );
}
