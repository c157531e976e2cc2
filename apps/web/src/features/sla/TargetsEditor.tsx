import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { DURATION_UNITS, SLA_METRICS } from '@kefu/domain';
import { Button, Form, InputNumber, Segmented, Select, TimePicker, Tooltip } from 'antd';
import { dayjs } from '../../shared/format.ts';
import { useI18n } from '../../i18n.ts';
import type { TargetRow } from './policyForm.ts';
import { metricLabel } from './slaText.ts';

/** A time of day as "HH:MM", edited with a time picker. */
export function ClockInput({
  value,
  onChange,
  disabled,
  testId,
}: {
  value?: string;
  onChange?: (value: string | undefined) => void;
  disabled?: boolean;
  testId?: string;
}) {
  const [h, m] = (value ?? '').split(':').map(Number);
  const parsed = value ? dayjs().hour(h!).minute(m!).second(0) : null;
  return (
    <TimePicker
      format="HH:mm"
      minuteStep={5}
      value={parsed}
      disabled={disabled}
      needConfirm={false}
      allowClear={false}
      onChange={(d) => onChange?.(d ? d.format('HH:mm') : undefined)}
      style={{ width: 100 }}
      data-testid={testId}
    />
  );
}

/** The policy's targets: one row per metric, a span of service time (30 分钟) or a daily deadline (每天 16:00 前). */
export function TargetsEditor({ disabled }: { disabled: boolean }) {
  const { t } = useI18n();
  const form = Form.useFormInstance();
  const rows: TargetRow[] = Form.useWatch('targets', form) ?? [];
  const used = new Set(rows.map((r) => r?.metric).filter(Boolean));

  return (
    <Form.List
      name="targets"
      rules={[
        {
          validator: async (_, list: TargetRow[] | undefined) => {
            if (!list?.length) throw new Error(t('sla.reason.noTargets'));
          },
        },
      ]}
    >
      {(fields, { add, remove }, { errors }) => (
        <div data-testid="sla-targets">
          {fields.map(({ key, name }) => {
            const kind = rows[name]?.kind ?? 'span';
            return (
              <div key={key} style={{ display: 'flex', gap: 8, alignItems: 'flex-start', flexWrap: 'wrap' }} data-testid={`target-${name}`}>
                <Form.Item name={[name, 'metric']} rules={[{ required: true, message: t('sla.form.metricRequired') }]} style={{ marginBottom: 12 }}>
                  <Select
                    style={{ width: 150 }}
                    placeholder={t('sla.form.metric')}
                    options={SLA_METRICS.map((m) => ({ value: m, label: metricLabel(t, m), disabled: used.has(m) && rows[name]?.metric !== m }))}
                    data-testid={`target-${name}-metric`}
                  />
                </Form.Item>
                <Form.Item name={[name, 'kind']} style={{ marginBottom: 12 }}>
                  <Segmented
                    disabled={disabled}
                    options={[
                      { value: 'span', label: t('sla.form.kind.span') },
                      { value: 'daily', label: t('sla.form.kind.daily') },
                    ]}
                  />
                </Form.Item>
                {kind === 'span' ? (
                  <>
                    <Form.Item
                      name={[name, 'within']}
                      rules={[{ required: true, type: 'integer', min: 1, message: t('sla.form.withinRequired') }]}
                      style={{ marginBottom: 12 }}
                    >
                      <InputNumber min={1} precision={0} style={{ width: 90 }} data-testid={`target-${name}-within`} />
                    </Form.Item>
                    <Form.Item name={[name, 'unit']} style={{ marginBottom: 12 }}>
                      <Select style={{ width: 110 }} options={DURATION_UNITS.map((u) => ({ value: u, label: t(`sla.unit.${u}`) }))} />
                    </Form.Item>
                  </>
                ) : (
                  <Form.Item
                    name={[name, 'dailyBefore']}
                    rules={[{ required: true, message: t('sla.form.dailyRequired') }]}
                    style={{ marginBottom: 12 }}
                  >
                    <ClockInput disabled={disabled} />
                  </Form.Item>
                )}
                {!disabled && (
                  <Tooltip title={t('sla.form.removeTarget')}>
                    <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(name)} aria-label={t('sla.form.removeTarget')} />
                  </Tooltip>
                )}
              </div>
            );
          })}
          <Form.ErrorList errors={errors} />
          {!disabled && (
            <Button
              type="dashed"
              icon={<PlusOutlined />}
              disabled={used.size >= SLA_METRICS.length}
              onClick={() => add({ metric: SLA_METRICS.find((m) => !used.has(m)), kind: 'span', within: 30, unit: 'minutes' } satisfies TargetRow)}
              data-testid="target-add"
            >
              {t('sla.form.addTarget')}
            </Button>
          )}
        </div>
      )}
    </Form.List>
  );
}
