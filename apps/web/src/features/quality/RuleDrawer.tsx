import { DEFAULT_QUALITY_PARAMS, ORDER_INTENTS, QUALITY_RULE_KINDS, type QualityRuleKind } from '@kefu/domain';
import { Alert, App, Button, Col, Drawer, Flex, Form, Input, InputNumber, Row, Select, Switch, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { ApiError } from '../../api.ts';
import { applyFieldErrors, errorText, isRefusal } from '../../shared/errors.ts';
import { enumLabel, useI18n, type MessageKey } from '../../i18n.ts';
import { qualityApi, type QualityRule, type QualityRuleInput } from './qualityApi.ts';
import { kindLabel } from './qualityText.ts';

/** The intents a shopper's question can be read as (the intent model's classes), for the order-number rule. */
const INTENTS = ['product', 'size', 'price', ...ORDER_INTENTS, 'complaint', 'invoice', 'other'];

/** The settings each kind shows, in order: word lists are tags, the rest numbers. */
const PARAM_FIELDS: Record<QualityRuleKind, { name: string; type: 'words' | 'intents' | 'number'; min?: number; max?: number }[]> = {
  forbidden_phrase: [
    { name: 'severePhrases', type: 'words' },
    { name: 'maxHits', type: 'number', min: 1, max: 20 },
  ],
  greeting: [{ name: 'words', type: 'words' }],
  closing: [
    { name: 'words', type: 'words' },
    { name: 'lastMessages', type: 'number', min: 1, max: 10 },
  ],
  order_number: [
    { name: 'intents', type: 'intents' },
    { name: 'askWords', type: 'words' },
  ],
  first_response: [{ name: 'seconds', type: 'number', min: 1, max: 3600 }],
  slow_response: [
    { name: 'seconds', type: 'number', min: 1, max: 3600 },
    { name: 'maxHits', type: 'number', min: 1, max: 20 },
  ],
  upset_at_end: [{ name: 'lastMessages', type: 'number', min: 1, max: 10 }],
  unanswered_question: [
    { name: 'words', type: 'words' },
    { name: 'maxHits', type: 'number', min: 1, max: 20 },
  ],
};

type Values = Omit<QualityRuleInput, 'params'> & { params: Record<string, unknown> };

/** What the drawer is open for: a rule to edit (or read), or a new one placed after the others. */
export interface RuleEditing {
  rule: QualityRule | null;
  nextPosition: number;
}

/** 新建 / 编辑质检规则: name, points, fatal, order, and the settings of its kind; refusals shown at their field. */
export function RuleDrawer({
  editing,
  canEdit,
  onClose,
  onSaved,
}: {
  editing: RuleEditing | null;
  canEdit: boolean;
  onClose(): void;
  onSaved(): void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const kind = (Form.useWatch('kind', form) ?? 'greeting') as QualityRuleKind;
  const rule = editing?.rule ?? null;

  useEffect(() => {
    if (!editing) return;
    setProblem(null);
    form.resetFields();
    const r = editing.rule;
    form.setFieldsValue(
      r
        ? { kind: r.kind, name: r.name, points: r.points, fatal: r.fatal, enabled: r.enabled, position: r.position, params: r.params }
        : {
            kind: 'greeting',
            name: '',
            points: 5,
            fatal: false,
            enabled: true,
            position: editing.nextPosition,
            params: DEFAULT_QUALITY_PARAMS.greeting,
          },
    );
  }, [editing, form]);

  async function save(values: Values) {
    setSaving(true);
    setProblem(null);
    try {
      const params = Object.fromEntries(PARAM_FIELDS[values.kind].map((f) => [f.name, values.params[f.name]]));
      const input = { ...values, params } as QualityRuleInput;
      const saved = rule ? await qualityApi.updateRule(rule.id, rule.version, input) : await qualityApi.createRule(input);
      message.success(t('quality.rules.saved', { name: saved.name }));
      onSaved();
    } catch (err) {
      if (isRefusal(err, 'stale_version')) setProblem(t('quality.rules.stale'));
      else if (err instanceof ApiError && err.fields.length) {
        const rest = applyFieldErrors(form, err, ['name', 'points', 'position']);
        const params = err.fields.filter((f) => f.field.startsWith('body.params.'));
        form.setFields(params.map((f) => ({ name: ['params', f.field.split('.')[2]!], errors: [f.reason] })));
        const unplaced = rest.filter((r) => !r.startsWith('body.params.'));
        if (unplaced.length) setProblem(unplaced.join('；'));
      } else setProblem(errorText(t, err));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Drawer
      open={!!editing}
      onClose={onClose}
      size={560}
      title={t(rule ? (canEdit ? 'quality.rules.edit' : 'quality.rules.view') : 'quality.rules.new')}
      destroyOnHidden
      footer={
        canEdit && (
          <Flex justify="flex-end" gap={8}>
            <Button onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="primary" loading={saving} onClick={() => form.submit()} data-testid="quality-rule-save">
              {t('common.save')}
            </Button>
          </Flex>
        )
      }
    >
      {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" onFinish={(v) => void save(v)} disabled={!canEdit} data-testid="quality-rule-form">
        <Form.Item name="kind" label={t('quality.rules.kind')} rules={[{ required: true }]}>
          <Select
            disabled={!!rule}
            options={QUALITY_RULE_KINDS.map((k) => ({ value: k, label: kindLabel(t, k) }))}
            onChange={(k: QualityRuleKind) => form.setFieldValue('params', DEFAULT_QUALITY_PARAMS[k])}
          />
        </Form.Item>
        <Row gutter={12}>
          <Col span={16}>
            <Form.Item name="name" label={t('quality.rules.name')} rules={[{ required: true, message: t('quality.rules.nameRequired') }]}>
              <Input maxLength={40} data-testid="quality-rule-name" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="position" label={t('quality.rules.position')} rules={[{ required: true }]}>
              <InputNumber min={1} max={10000} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col span={8}>
            <Form.Item name="points" label={t('quality.rules.points')} rules={[{ required: true }]} extra={t('quality.rules.pointsHint')}>
              <InputNumber min={0} max={100} style={{ width: '100%' }} data-testid="quality-rule-points" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="fatal" label={t('quality.rules.fatal')} valuePropName="checked" extra={t('quality.rules.fatalHint')}>
              <Switch />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="enabled" label={t('quality.rules.enabled')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Title level={5} style={{ marginTop: 4 }}>
          {t('quality.rules.settings')}
        </Typography.Title>
        <Typography.Paragraph type="secondary" className="kefu-small">
          {t(`quality.help.${kind}` as MessageKey)}
        </Typography.Paragraph>
        {PARAM_FIELDS[kind].map((f) => (
          <Form.Item key={`${kind}.${f.name}`} name={['params', f.name]} label={t(`quality.param.${f.name}` as MessageKey)}>
            {f.type === 'number' ? (
              <InputNumber min={f.min} max={f.max} style={{ width: 160 }} />
            ) : f.type === 'intents' ? (
              <Select mode="multiple" options={INTENTS.map((i) => ({ value: i, label: enumLabel(t, 'chat.intent', i) }))} />
            ) : (
              <Select mode="tags" tokenSeparators={[',', '，', '、']} open={false} suffixIcon={null} data-testid={`quality-param-${f.name}`} />
            )}
          </Form.Item>
        ))}
      </Form>
    </Drawer>
  );
}
