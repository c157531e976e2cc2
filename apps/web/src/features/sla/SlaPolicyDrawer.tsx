import { MATCH_DIMENSIONS, MATCH_VALUES } from '@kefu/domain';
import { Alert, App, Button, Checkbox, Col, Divider, Drawer, Flex, Form, Input, InputNumber, Radio, Row, Select, Space, Switch } from 'antd';
import { useEffect, useState } from 'react';
import { ApiError, slaApi, type SlaPolicy } from '../../api.ts';
import { errorText, isRefusal } from '../../shared/errors.ts';
import { LEAD_ROLES } from '../../auth.tsx';
import { useDirectory } from '../../shared/hooks.ts';
import { enumLabel, useI18n } from '../../i18n.ts';
import { placeErrors, toInput, toValues, type PolicyValues } from './policyForm.ts';
import { MATCH_PREFIX } from './slaText.ts';
import { ClockInput, TargetsEditor } from './TargetsEditor.tsx';

/** What the drawer is open for: a policy to edit (or read), or a new one placed after the others. */
export interface PolicyEditing {
  policy: SlaPolicy | null;
  nextPosition: number;
}

/**
 * 新建 / 编辑服务时效策略: name and order, the work it covers (six filters, empty = any), the calendar, the pause
 * and warning, the targets, and what happens on a breach. The server's refusals are shown at the field they name.
 */
export function SlaPolicyDrawer({
  editing,
  canEdit,
  onClose,
  onSaved,
}: {
  editing: PolicyEditing | null;
  canEdit: boolean;
  onClose(): void;
  onSaved(): void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { users, groups } = useDirectory();
  const [form] = Form.useForm<PolicyValues>();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<{ text: string; stale: boolean } | null>(null);
  const hoursKind = Form.useWatch('hoursKind', form);
  const reassignKind = Form.useWatch('reassignKind', form);

  const [policy, setPolicy] = useState<SlaPolicy | null>(null);

  useEffect(() => {
    if (!editing) return;
    setProblem(null);
    setPolicy(editing.policy);
    form.resetFields();
    form.setFieldsValue(toValues(editing.policy, editing.nextPosition));
  }, [editing, form]);

  async function save(values: PolicyValues) {
    setSaving(true);
    setProblem(null);
    try {
      const input = toInput(values);
      const saved = policy ? await slaApi.updatePolicy(policy.id, policy.version, input) : await slaApi.createPolicy(input);
      message.success(t('sla.policies.saved', { name: saved.name }));
      onSaved();
    } catch (err) {
      if (isRefusal(err, 'stale_version')) setProblem({ text: t('sla.policies.stale'), stale: true });
      else if (err instanceof ApiError && err.fields.length) {
        const { placed, rest } = placeErrors(t, err.fields);
        form.setFields(placed as Parameters<typeof form.setFields>[0]);
        if (rest.length) setProblem({ text: rest.join('；'), stale: false });
      } else setProblem({ text: errorText(t, err), stale: false });
    } finally {
      setSaving(false);
    }
  }

  /** After someone else's change: the latest version in the form, the admin's edits dropped. */
  async function reload() {
    if (!policy) return;
    try {
      const latest = (await slaApi.policies()).policies.find((p) => p.id === policy.id);
      if (!latest) return onClose();
      setPolicy(latest);
      form.resetFields();
      form.setFieldsValue(toValues(latest, latest.position));
      setProblem(null);
    } catch (err) {
      setProblem({ text: errorText(t, err), stale: false });
    }
  }

  const title = !policy ? t('sla.form.create') : canEdit ? t('sla.form.edit') : t('sla.form.view');
  const leads = users.filter((u) => u.active && LEAD_ROLES.includes(u.role));

  return (
    <Drawer
      open={editing !== null}
      onClose={onClose}
      title={title}
      size={720}
      destroyOnHidden
      footer={
        canEdit && (
          <Flex justify="flex-end" gap={8}>
            <Button onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="primary" loading={saving} onClick={() => form.submit()} data-testid="sla-policy-save">
              {t('common.save')}
            </Button>
          </Flex>
        )
      }
    >
      {problem && (
        <Alert
          type={problem.stale ? 'warning' : 'error'}
          showIcon
          title={problem.stale ? problem.text : t('sla.form.problem')}
          description={problem.stale ? undefined : problem.text}
          action={
            problem.stale && (
              <Button size="small" onClick={() => void reload()}>
                {t('sla.policies.reload')}
              </Button>
            )
          }
          style={{ marginBottom: 16 }}
          data-testid="sla-policy-problem"
        />
      )}
      <Form form={form} layout="vertical" disabled={!canEdit} onFinish={(v) => void save(v)} requiredMark={canEdit} data-testid="sla-policy-form">
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="name" label={t('sla.form.name')} rules={[{ required: true, whitespace: true, message: t('sla.form.nameRequired') }]}>
              <Input maxLength={60} data-testid="sla-policy-name" />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="position" label={t('sla.form.position')} tooltip={t('sla.form.positionHelp')} rules={[{ required: true }]}>
              <InputNumber min={1} max={10_000} precision={0} style={{ width: '100%' }} data-testid="sla-policy-position" />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="enabled" label={t('sla.form.enabled')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
        </Row>

        <Divider titlePlacement="start" plain style={{ marginTop: 0 }}>
          {t('sla.form.match')} <span className="kefu-muted kefu-small">（{t('sla.form.matchHelp')}）</span>
        </Divider>
        <Row gutter={16}>
          {MATCH_DIMENSIONS.map((d) => (
            <Col span={12} key={d}>
              <Form.Item name={['match', d]} label={t(`sla.form.${d}`)} style={{ marginBottom: 12 }}>
                <Select
                  mode="multiple"
                  allowClear
                  maxTagCount="responsive"
                  placeholder={t('sla.form.any')}
                  options={(MATCH_VALUES[d] as readonly string[]).map((v) => ({ value: v, label: enumLabel(t, MATCH_PREFIX[d], v) }))}
                  data-testid={`sla-match-${d}`}
                />
              </Form.Item>
            </Col>
          ))}
        </Row>

        <Divider titlePlacement="start" plain>
          {t('sla.form.calendar')}
        </Divider>
        <Form.Item name="hoursKind" style={{ marginBottom: 12 }}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'always', label: t('sla.form.always') },
              { value: 'business', label: t('sla.form.business') },
            ]}
          />
        </Form.Item>
        {hoursKind === 'business' && (
          <Space size={16} wrap align="start">
            <Space size={8} align="start">
              <Form.Item name="from" label={t('sla.form.from')} rules={[{ required: true }]} style={{ marginBottom: 12 }}>
                <ClockInput disabled={!canEdit} />
              </Form.Item>
              <Form.Item
                name="to"
                label={t('sla.form.to')}
                dependencies={['from']}
                rules={[
                  { required: true },
                  ({ getFieldValue }) => ({
                    validator: async (_, to?: string) => {
                      if (to && to <= getFieldValue('from')) throw new Error(t('sla.reason.toAfterFrom'));
                    },
                  }),
                ]}
                style={{ marginBottom: 12 }}
              >
                <ClockInput disabled={!canEdit} />
              </Form.Item>
            </Space>
            <Form.Item name="days" label=" " style={{ marginBottom: 12 }}>
              <Radio.Group
                options={[
                  { value: 'working', label: t('sla.form.workingDays') },
                  { value: 'every', label: t('sla.form.everyDay') },
                ]}
              />
            </Form.Item>
          </Space>
        )}
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="pauseOnCustomer" valuePropName="checked" style={{ marginBottom: 12 }}>
              <Checkbox>{t('sla.form.pauseOnCustomer')}</Checkbox>
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="warnAtPercent"
              label={t('sla.form.warnAtPercent')}
              tooltip={t('sla.form.warnAtHelp')}
              layout="horizontal"
              colon={false}
              required={false}
            >
              <InputNumber min={50} max={99} precision={0} suffix="%" style={{ width: 110 }} />
            </Form.Item>
          </Col>
        </Row>

        <Divider titlePlacement="start" plain>
          {t('sla.form.targets')}
        </Divider>
        <TargetsEditor disabled={!canEdit} />

        <Divider titlePlacement="start" plain>
          {t('sla.form.onBreach')} <span className="kefu-muted kefu-small">（{t('sla.form.onBreachHelp')}）</span>
        </Divider>
        <Form.Item name="raisePriority" valuePropName="checked" style={{ marginBottom: 12 }}>
          <Checkbox>{t('sla.form.raisePriority')}</Checkbox>
        </Form.Item>
        <Space size={12} wrap align="start">
          <Form.Item name="reassignKind" style={{ marginBottom: 12 }}>
            <Radio.Group
              options={[
                { value: 'none', label: t('sla.form.reassign.none') },
                { value: 'group', label: t('sla.form.reassign.group') },
                { value: 'user', label: t('sla.form.reassign.user') },
              ]}
            />
          </Form.Item>
          {reassignKind === 'group' && (
            <Form.Item name="reassignGroupId" rules={[{ required: true, message: t('sla.form.reassignRequired') }]} style={{ marginBottom: 12 }}>
              <Select
                style={{ width: 200 }}
                options={groups.map((g) => ({ value: g.id, label: g.name }))}
                placeholder={t('sla.form.reassign.group')}
              />
            </Form.Item>
          )}
          {reassignKind === 'user' && (
            <Form.Item name="reassignUserId" rules={[{ required: true, message: t('sla.form.reassignRequired') }]} style={{ marginBottom: 12 }}>
              <Select
                style={{ width: 200 }}
                options={leads.map((u) => ({ value: u.id, label: `${u.displayName} · ${enumLabel(t, 'role', u.role)}` }))}
                placeholder={t('sla.form.reassign.user')}
              />
            </Form.Item>
          )}
        </Space>
      </Form>
    </Drawer>
  );
}
