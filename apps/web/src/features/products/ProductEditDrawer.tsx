import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Divider, Drawer, Flex, Form, Input, InputNumber, Tag, Tooltip } from 'antd';
import { useEffect, useState } from 'react';
import { ApiError, api, type Product, type SizeRow } from '../../api.ts';
import { errorText } from '../../shared/errors.ts';
import { useI18n } from '../../i18n.ts';

interface ChartRow {
  size: string;
  heightMin: number | null;
  heightMax: number | null;
  weightMin: number | null;
  weightMax: number | null;
  m?: Record<string, string>;
}
interface Values {
  stock: number | null;
  warrantyDays: number | null;
  specs: { key: string; value: string }[];
  sizeChart: ChartRow[];
  usage: string;
  pros: string;
  cons: string;
}

const measureKeysOf = (chart: SizeRow[]) => [...new Set(chart.flatMap((r) => Object.keys(r.measurements ?? {})))];

function toValues(p: Product): Values {
  return {
    stock: p.stock,
    warrantyDays: p.warrantyDays,
    usage: p.usage,
    pros: p.pros,
    cons: p.cons,
    specs: Object.entries(p.specs ?? {}).map(([key, value]) => ({ key, value: String(value) })),
    sizeChart: (p.sizeChart ?? []).map((r) => ({
      size: r.size,
      heightMin: r.heightMin,
      heightMax: r.heightMax,
      weightMin: r.weightMin,
      weightMax: r.weightMax,
      m: { ...(r.measurements ?? {}) },
    })),
  };
}

/**
 * 编辑商品资料 (product managers, supervisors, the owner): specs as key/value rows, the size chart row by row
 * (smallest size first, with its own measurement columns), usage, pros and cons, warranty and stock. The save
 * carries the version the editor started from; someone else's save in between is a 409, shown as such.
 */
export function ProductEditDrawer({
  product,
  open,
  onClose,
  onSaved,
  onReload,
}: {
  product: Product;
  open: boolean;
  onClose(): void;
  onSaved(): void;
  onReload(): Promise<Product | undefined>;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [keys, setKeys] = useState<string[]>([]);
  const [newKey, setNewKey] = useState('');
  const [base, setBase] = useState<Product>(product);
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<{ text: string; conflict: boolean } | null>(null);

  function load(p: Product) {
    setBase(p);
    setKeys(measureKeysOf(p.sizeChart ?? []));
    form.setFieldsValue(toValues(p));
  }
  useEffect(() => {
    if (open) {
      load(product);
      setProblem(null);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);

  async function refresh() {
    const p = await onReload();
    if (p) {
      load(p);
      setProblem(null);
    }
  }

  async function save(v: Values) {
    const specs: Record<string, string> = {};
    for (const s of v.specs ?? []) if (s?.key?.trim()) specs[s.key.trim()] = (s.value ?? '').trim();
    const sizeChart: SizeRow[] = (v.sizeChart ?? []).map((r) => {
      const measurements = Object.fromEntries(keys.map((k) => [k, (r.m?.[k] ?? '').trim()]).filter(([, value]) => value));
      return {
        size: r.size.trim(),
        heightMin: r.heightMin!,
        heightMax: r.heightMax!,
        weightMin: r.weightMin!,
        weightMax: r.weightMax!,
        ...(Object.keys(measurements).length > 0 && { measurements }),
      };
    });
    setSaving(true);
    setProblem(null);
    try {
      await api.patch(`/api/products/${base.id}`, {
        version: base.version,
        specs,
        sizeChart,
        usage: v.usage ?? '',
        pros: v.pros ?? '',
        cons: v.cons ?? '',
        warrantyDays: v.warrantyDays ?? 0,
        stock: v.stock ?? 0,
      });
      message.success(t('common.saved'));
      onSaved();
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) setProblem({ text: t('knowledge.conflict'), conflict: true });
      else
        setProblem({
          text: err instanceof ApiError && err.fields.length ? err.fields.map((f) => `${f.field}: ${f.reason}`).join('; ') : errorText(t, err),
          conflict: false,
        });
    } finally {
      setSaving(false);
    }
  }

  function addKey() {
    const k = newKey.trim();
    if (!k || keys.includes(k) || k.length > 20) return;
    setKeys([...keys, k]);
    setNewKey('');
  }

  const num = (min: number, max: number, what: string) => [
    { required: true, message: t('product.edit.required', { what }) },
    { type: 'number' as const, min, max, message: t('product.edit.range', { min, max }) },
  ];
  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t('product.edit.title', { name: product.name })}
      size={860}
      destroyOnHidden
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()} data-testid="product-save">
            {t('common.save')}
          </Button>
        </Flex>
      }
    >
      {problem && (
        <Alert
          type={problem.conflict ? 'warning' : 'error'}
          showIcon
          title={problem.text}
          style={{ marginBottom: 16 }}
          data-testid="product-conflict"
          action={
            problem.conflict && (
              <Button size="small" onClick={() => void refresh()}>
                {t('knowledge.refresh')}
              </Button>
            )
          }
        />
      )}
      <Form form={form} layout="vertical" requiredMark={false} onFinish={(v) => void save(v)} className="kefu-product-form">
        <Flex gap={16}>
          <Form.Item
            name="stock"
            label={t('product.stock')}
            rules={[{ required: true, message: t('product.edit.required', { what: t('product.stock') }) }]}
          >
            <InputNumber min={0} max={10_000_000} precision={0} style={{ width: 160 }} data-testid="product-stock" />
          </Form.Item>
          <Form.Item
            name="warrantyDays"
            label={t('product.warranty')}
            rules={[{ required: true, message: t('product.edit.required', { what: t('product.warranty') }) }]}
            extra={t('product.edit.warrantyHint')}
          >
            <InputNumber min={0} max={3650} precision={0} suffix={t('product.days')} style={{ width: 160 }} />
          </Form.Item>
        </Flex>

        <Divider titlePlacement="start" plain>
          {t('product.specs')}
        </Divider>
        <Form.List name="specs">
          {(fields, { add, remove }) => (
            <div className="kefu-spec-edit">
              {fields.map((field) => (
                <Flex key={field.key} gap={8} align="start">
                  <Form.Item
                    name={[field.name, 'key']}
                    rules={[{ required: true, whitespace: true, message: t('product.edit.specKey') }, { max: 30 }]}
                    style={{ width: 180, marginBottom: 8 }}
                  >
                    <Input placeholder={t('product.edit.specKeyPlaceholder')} maxLength={30} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'value']} style={{ flex: 1, marginBottom: 8 }}>
                    <Input placeholder={t('product.edit.specValuePlaceholder')} maxLength={200} />
                  </Form.Item>
                  <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={t('product.edit.remove')} />
                </Flex>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ key: '', value: '' })}>
                {t('product.edit.addSpec')}
              </Button>
            </div>
          )}
        </Form.List>

        <Divider titlePlacement="start" plain>
          {t('product.sizeChart')}
        </Divider>
        <div className="kefu-muted kefu-small" style={{ marginBottom: 8 }}>
          {t('product.edit.chartHint')}
        </div>
        <Form.List name="sizeChart">
          {(fields, { add, remove, move }) => (
            <div className="kefu-chart-edit">
              <div
                className="kefu-chart-grid kefu-chart-head"
                style={{ gridTemplateColumns: `72px 150px 150px ${keys.map(() => 'minmax(80px, 1fr)').join(' ')} 92px` }}
              >
                <span>{t('product.size')}</span>
                <span>{t('product.heightCm')}</span>
                <span>{t('product.weightKg')}</span>
                {keys.map((k) => (
                  <span key={k}>
                    <Tag
                      closable
                      onClose={(e) => {
                        e.preventDefault();
                        setKeys(keys.filter((x) => x !== k));
                      }}
                      style={{ margin: 0 }}
                    >
                      {k}
                    </Tag>
                  </span>
                ))}
                <span />
              </div>
              {fields.map((field, i) => (
                <div
                  key={field.key}
                  className="kefu-chart-grid"
                  style={{ gridTemplateColumns: `72px 150px 150px ${keys.map(() => 'minmax(80px, 1fr)').join(' ')} 92px` }}
                  data-testid="chart-row"
                >
                  <Form.Item name={[field.name, 'size']} rules={[{ required: true, whitespace: true, message: t('product.edit.sizeRequired') }]}>
                    <Input maxLength={10} placeholder="M" />
                  </Form.Item>
                  <Flex gap={4} align="start">
                    <Form.Item name={[field.name, 'heightMin']} rules={num(40, 250, t('product.height'))}>
                      <InputNumber min={40} max={250} controls={false} style={{ width: 64 }} />
                    </Form.Item>
                    <span className="kefu-range-dash">–</span>
                    <Form.Item
                      name={[field.name, 'heightMax']}
                      dependencies={[['sizeChart', field.name, 'heightMin']]}
                      rules={[
                        ...num(40, 250, t('product.height')),
                        ({ getFieldValue }) => ({
                          validator: (_, v: number | null) =>
                            v === null || v === undefined || v >= (getFieldValue(['sizeChart', field.name, 'heightMin']) ?? 0)
                              ? Promise.resolve()
                              : Promise.reject(new Error(t('product.edit.order'))),
                        }),
                      ]}
                    >
                      <InputNumber min={40} max={250} controls={false} style={{ width: 64 }} />
                    </Form.Item>
                  </Flex>
                  <Flex gap={4} align="start">
                    <Form.Item name={[field.name, 'weightMin']} rules={num(2, 300, t('product.weight'))}>
                      <InputNumber min={2} max={300} controls={false} style={{ width: 64 }} />
                    </Form.Item>
                    <span className="kefu-range-dash">–</span>
                    <Form.Item
                      name={[field.name, 'weightMax']}
                      dependencies={[['sizeChart', field.name, 'weightMin']]}
                      rules={[
                        ...num(2, 300, t('product.weight')),
                        ({ getFieldValue }) => ({
                          validator: (_, v: number | null) =>
                            v === null || v === undefined || v >= (getFieldValue(['sizeChart', field.name, 'weightMin']) ?? 0)
                              ? Promise.resolve()
                              : Promise.reject(new Error(t('product.edit.order'))),
                        }),
                      ]}
                    >
                      <InputNumber min={2} max={300} controls={false} style={{ width: 64 }} />
                    </Form.Item>
                  </Flex>
                  {keys.map((k) => (
                    <Form.Item key={k} name={[field.name, 'm', k]}>
                      <Input maxLength={40} placeholder="100cm" />
                    </Form.Item>
                  ))}
                  <Flex gap={0}>
                    <Tooltip title={t('product.edit.up')}>
                      <Button
                        type="text"
                        size="small"
                        icon={<ArrowUpOutlined />}
                        disabled={i === 0}
                        onClick={() => move(i, i - 1)}
                        aria-label={t('product.edit.up')}
                      />
                    </Tooltip>
                    <Tooltip title={t('product.edit.down')}>
                      <Button
                        type="text"
                        size="small"
                        icon={<ArrowDownOutlined />}
                        disabled={i === fields.length - 1}
                        onClick={() => move(i, i + 1)}
                        aria-label={t('product.edit.down')}
                      />
                    </Tooltip>
                    <Button
                      type="text"
                      size="small"
                      icon={<DeleteOutlined />}
                      onClick={() => remove(field.name)}
                      aria-label={t('product.edit.remove')}
                    />
                  </Flex>
                </div>
              ))}
              <Flex gap={8} align="center" wrap style={{ marginTop: 4 }}>
                <Button
                  type="dashed"
                  icon={<PlusOutlined />}
                  disabled={fields.length >= 20}
                  onClick={() => add({ size: '', heightMin: null, heightMax: null, weightMin: null, weightMax: null, m: {} })}
                  data-testid="chart-add"
                >
                  {t('product.edit.addRow')}
                </Button>
                <span className="kefu-muted kefu-small" style={{ marginLeft: 8 }}>
                  {t('product.edit.addColumn')}
                </span>
                <Input
                  size="small"
                  value={newKey}
                  onChange={(e) => setNewKey(e.target.value)}
                  onPressEnter={(e) => {
                    e.preventDefault();
                    addKey();
                  }}
                  placeholder={t('product.edit.columnPlaceholder')}
                  maxLength={20}
                  style={{ width: 140 }}
                />
                <Button size="small" onClick={addKey} disabled={!newKey.trim() || keys.includes(newKey.trim())}>
                  {t('product.edit.add')}
                </Button>
              </Flex>
            </div>
          )}
        </Form.List>

        <Divider titlePlacement="start" plain>
          {t('product.texts')}
        </Divider>
        <Form.Item name="usage" label={t('product.usage')}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} maxLength={5000} showCount placeholder={t('product.edit.usagePlaceholder')} />
        </Form.Item>
        <Flex gap={16}>
          <Form.Item name="pros" label={t('product.pros')} style={{ flex: 1 }}>
            <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={2000} placeholder={t('product.edit.linesPlaceholder')} />
          </Form.Item>
          <Form.Item name="cons" label={t('product.cons')} style={{ flex: 1 }}>
            <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={2000} placeholder={t('product.edit.linesPlaceholder')} />
          </Form.Item>
        </Flex>
      </Form>
    </Drawer>
  );
}
