import { AFTER_SALE_REASONS } from '@kefu/domain';
import { Alert, App, Button, Card, Checkbox, Col, Form, InputNumber, Row, Select, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { ApiError, type Settings } from '../../api.ts';
import { PageState } from '../../shared/PageState.tsx';
import { errorText, isRefusal } from '../../shared/errors.ts';
import { useAsync } from '../../shared/hooks.ts';
import { enumLabel, useI18n, type MessageKey } from '../../i18n.ts';
import { settingsApi, type AfterSalePolicy, type OrderChecks } from './settingsApi.ts';

type Key = keyof Settings['settings'];

/** The yuan a form shows for the fen the server keeps, and back. */
const FEN_FIELDS = ['smallOrderFen', 'largeOrderFen', 'approvalLimitFen', 'goodsApprovalLimitFen'] as const;
const toForm = <V extends object>(value: V) =>
  Object.fromEntries(Object.entries(value).map(([k, v]) => [k, (FEN_FIELDS as readonly string[]).includes(k) ? (v as number) / 100 : v]));
const fromForm = (values: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(values).map(([k, v]) => [k, (FEN_FIELDS as readonly string[]).includes(k) ? Math.round((v as number) * 100) : v]),
  );

/** 订单检查与售后: the two settings forms, each saved with the version it was loaded at. */
export function PolicyTab({ canEdit }: { canEdit: boolean }) {
  const settings = useAsync(() => settingsApi.settings(), []);
  if (!settings.data) return <PageState loading={settings.loading} error={settings.error} onRetry={settings.reload} />;
  return (
    <Row gutter={[24, 24]}>
      <Col xs={24} xl={12}>
        <SettingForm settingKey="orderChecks" saved={settings.data.orderChecks} canEdit={canEdit} onSaved={settings.reload}>
          <OrderCheckFields />
        </SettingForm>
      </Col>
      <Col xs={24} xl={12}>
        <SettingForm settingKey="afterSalePolicy" saved={settings.data.afterSalePolicy} canEdit={canEdit} onSaved={settings.reload}>
          <PolicyFields />
        </SettingForm>
      </Col>
    </Row>
  );
}

const TITLES: Record<Key, { title: MessageKey; hint: MessageKey }> = {
  orderChecks: { title: 'settings.orderChecks.title', hint: 'settings.orderChecks.hint' },
  afterSalePolicy: { title: 'settings.policy.title', hint: 'settings.policy.hint' },
};

function SettingForm({
  settingKey,
  saved,
  canEdit,
  onSaved,
  children,
}: {
  settingKey: Key;
  saved: { value: OrderChecks | AfterSalePolicy; version: number };
  canEdit: boolean;
  onSaved(): void;
  children: React.ReactNode;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => form.setFieldsValue(toForm(saved.value)), [form, saved]);

  async function save(values: Record<string, unknown>) {
    setBusy(true);
    setProblem(null);
    try {
      await settingsApi.putSetting(settingKey, fromForm(values) as never, saved.version);
      message.success(t('settings.saved'));
      onSaved();
    } catch (err) {
      if (isRefusal(err, 'stale_version')) {
        message.warning(t('settings.stale'));
        onSaved();
      } else if (err instanceof ApiError && err.fields.length) {
        // "body.value.smallOrderFen" → the form's smallOrderFen
        form.setFields(err.fields.map((f) => ({ name: f.field.replace(/^body\.value\./, '').split('.')[0]!, errors: [f.reason] })));
      } else setProblem(errorText(t, err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card
      size="small"
      title={t(TITLES[settingKey].title)}
      extra={
        <span className="kefu-small kefu-muted" data-testid={`${settingKey}-version`}>
          {saved.version ? t('settings.version', { n: saved.version }) : t('settings.defaults')}
        </span>
      }
    >
      <Typography.Paragraph type="secondary" className="kefu-small">
        {t(TITLES[settingKey].hint)}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" disabled={!canEdit} onFinish={save} className="kefu-settings-form" data-testid={`${settingKey}-form`}>
        {children}
        {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 16 }} />}
        {canEdit && (
          <Space>
            <Button type="primary" htmlType="submit" loading={busy} data-testid={`${settingKey}-save`}>
              {t('common.save')}
            </Button>
            <Button onClick={() => form.setFieldsValue(toForm(saved.value))}>{t('common.reset')}</Button>
          </Space>
        )}
      </Form>
    </Card>
  );
}

function Yuan({ name, label, hint }: { name: string; label: MessageKey; hint: MessageKey }) {
  const { t } = useI18n();
  return (
    <Form.Item name={name} label={t(label)} extra={t(hint)} rules={[{ required: true }]}>
      <InputNumber min={0} max={1_000_000} precision={2} step={10} addonAfter={t('settings.unit.yuan')} style={{ width: '100%', maxWidth: 220 }} />
    </Form.Item>
  );
}

function Days({ name, label, hint }: { name: string; label: MessageKey; hint: MessageKey }) {
  const { t } = useI18n();
  return (
    <Form.Item name={name} label={t(label)} extra={t(hint)} rules={[{ required: true }]}>
      <InputNumber min={0} max={365} precision={0} addonAfter={t('settings.unit.days')} style={{ width: 180 }} />
    </Form.Item>
  );
}

function OrderCheckFields() {
  const { t } = useI18n();
  return (
    <>
      <Yuan name="smallOrderFen" label="settings.orderChecks.small" hint="settings.orderChecks.smallHint" />
      <Yuan name="largeOrderFen" label="settings.orderChecks.large" hint="settings.orderChecks.largeHint" />
      <Form.Item name="remoteProvinces" label={t('settings.orderChecks.remote')} extra={t('settings.orderChecks.remoteHint')}>
        <Select mode="tags" tokenSeparators={[',', '，', ' ']} open={false} suffixIcon={null} data-testid="remote-provinces" />
      </Form.Item>
    </>
  );
}

function PolicyFields() {
  const { t } = useI18n();
  return (
    <>
      <Row gutter={16}>
        <Col span={12}>
          <Days name="noReasonDays" label="settings.policy.noReasonDays" hint="settings.policy.noReasonDaysHint" />
        </Col>
        <Col span={12}>
          <Days name="qualityReturnDays" label="settings.policy.qualityDays" hint="settings.policy.qualityDaysHint" />
        </Col>
      </Row>
      <Form.Item name="evidenceRequiredFor" label={t('settings.policy.evidence')} extra={t('settings.policy.evidenceHint')}>
        <Checkbox.Group options={AFTER_SALE_REASONS.map((r) => ({ value: r, label: enumLabel(t, 'afterSaleReason', r) }))} />
      </Form.Item>
      <Row gutter={16}>
        <Col span={12}>
          <Yuan name="approvalLimitFen" label="settings.policy.approvalLimit" hint="settings.policy.approvalLimitHint" />
        </Col>
        <Col span={12}>
          <Yuan name="goodsApprovalLimitFen" label="settings.policy.goodsLimit" hint="settings.policy.goodsLimitHint" />
        </Col>
      </Row>
    </>
  );
}
