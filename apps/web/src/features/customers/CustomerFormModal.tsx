import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { IDENTITY_KINDS, lunarMonthDay } from '@kefu/domain';
import { Alert, App, Button, Checkbox, Col, DatePicker, Form, Input, Modal, Radio, Row, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { ApiError, api, type Customer, type CustomerAnswer } from '../../api.ts';
import { enumLabel, useI18n } from '../../i18n.ts';
import { applyFieldErrors, errorText, isRefusal } from '../../shared/errors.ts';
import { useDirectory } from '../../shared/hooks.ts';
import { DuplicateCandidates, useDuplicateCandidates, type Duplicate } from './DuplicateCandidates.tsx';

type Kind = (typeof IDENTITY_KINDS)[number];
interface Values {
  name: string;
  gender?: 'female' | 'male' | null;
  birthday?: Dayjs | null;
  birthdayLunar?: boolean;
  tags?: string[];
  assignedAgentId?: number | null;
  identities: Record<Kind, string[]>;
  addresses?: { recipient: string; phone: string; province: string; city: string; district?: string; detail: string }[];
}

const MARKETPLACES = IDENTITY_KINDS.filter((k) => k !== 'phone' && k !== 'email');

function initialValues(c?: Customer): Values {
  const identities = Object.fromEntries(
    IDENTITY_KINDS.map((k) => [k, c?.identities.filter((i) => i.kind === k).map((i) => i.value) ?? []]),
  ) as Record<Kind, string[]>;
  if (!c) return { name: '', identities, tags: [], addresses: [] };
  return {
    name: c.name,
    gender: c.gender,
    birthday: c.birthday ? dayjs(c.birthday) : null,
    birthdayLunar: c.birthdayLunar,
    tags: c.tags,
    assignedAgentId: c.assignedAgentId,
    identities,
    addresses: c.addresses.map(({ recipient, phone, province, city, district, detail }) => ({ recipient, phone, province, city, district, detail })),
  };
}

function body(v: Values) {
  return {
    name: v.name.trim(),
    gender: v.gender ?? null,
    birthday: v.birthday ? v.birthday.format('YYYY-MM-DD') : null,
    birthdayLunar: !!v.birthdayLunar,
    tags: v.tags ?? [],
    assignedAgentId: v.assignedAgentId ?? null,
    identities: IDENTITY_KINDS.flatMap((kind) => (v.identities[kind] ?? []).map((value) => ({ kind, value: value.trim() }))).filter((i) => i.value),
    addresses: (v.addresses ?? []).map((a, i) => ({ ...a, district: a.district ?? '', isDefault: i === 0 })),
  };
}

/**
 * 新建客户 / 编辑客户: profile, contacts, owner and addresses. While creating, customers already holding a typed
 * phone or e-mail, or bearing the name, are shown with "open this one instead"; an edit someone else overtook
 * is refused as stale with a reload.
 */
export function CustomerFormModal({
  open,
  customer,
  onClose,
  onSaved,
}: {
  open: boolean;
  customer?: Customer;
  onClose(): void;
  onSaved(c: Customer): void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const { users } = useDirectory();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [stale, setStale] = useState(false);
  const [refused, setRefused] = useState<Duplicate[]>([]);
  const name = Form.useWatch('name', form);
  const phones = Form.useWatch(['identities', 'phone'], form);
  const emails = Form.useWatch(['identities', 'email'], form);
  const birthday = Form.useWatch('birthday', form);
  const lunar = Form.useWatch('birthdayLunar', form);
  const candidates = useDuplicateCandidates({ name: customer ? undefined : name, phones, emails }, customer?.id);
  const duplicates = [...refused.filter((r) => !candidates.some((c) => c.id === r.id)), ...candidates];

  function close() {
    setProblem(null);
    setStale(false);
    setRefused([]);
    onClose();
  }

  async function reload() {
    if (!customer) return;
    const fresh = (await api.get<CustomerAnswer>(`/api/customers/${customer.id}`)).customer;
    form.setFieldsValue(initialValues(fresh));
    setStale(false);
    onSaved(fresh);
  }

  async function save(values: Values) {
    setSaving(true);
    setProblem(null);
    try {
      const saved = customer
        ? await api.patch<CustomerAnswer>(`/api/customers/${customer.id}`, { ...body(values), version: customer.version })
        : await api.post<CustomerAnswer>('/api/customers', body(values));
      message.success(customer ? t('common.saved') : t('customer.created'));
      onSaved(saved.customer);
      close();
    } catch (err) {
      if (isRefusal(err, 'stale_version')) setStale(true);
      else if (err instanceof ApiError && err.status === 409 && Array.isArray(err.body.duplicates)) setRefused(err.body.duplicates as Duplicate[]);
      else {
        const rest = applyFieldErrors(form, err, ['name', 'birthday', 'tags', 'assignedAgentId']);
        setProblem(rest.length ? rest.join('；') : err instanceof ApiError && err.fields.length ? null : errorText(t, err));
      }
    } finally {
      setSaving(false);
    }
  }

  const agents = users.filter((u) => u.active && ['agent', 'supervisor', 'admin'].includes(u.role));
  const many = { mode: 'tags' as const, open: false, tokenSeparators: [',', '，', ' ', ';'], suffixIcon: null };
  return (
    <Modal
      open={open}
      title={customer ? t('customer.editTitle') : t('customer.new')}
      onCancel={close}
      width={760}
      destroyOnHidden
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      okButtonProps={{ 'data-testid': 'customer-save', disabled: stale }}
    >
      {stale && (
        <Alert
          type="error"
          showIcon
          data-testid="customer-stale"
          style={{ marginBottom: 16 }}
          title={t('customer.stale')}
          action={
            <Button size="small" onClick={() => void reload()}>
              {t('customer.reload')}
            </Button>
          }
        />
      )}
      <DuplicateCandidates
        duplicates={duplicates}
        onOpen={(id) => {
          close();
          navigate(`/customers/${id}`);
        }}
      />
      {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" onFinish={(v) => void save(v)} initialValues={initialValues(customer)}>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item
              name="name"
              label={t('customer.name')}
              rules={[{ required: true, whitespace: true, message: t('customer.required', { field: t('customer.name') }) }]}
            >
              <Input maxLength={64} placeholder={t('customer.namePlaceholder')} data-testid="customer-form-name" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="assignedAgentId" label={t('customer.assignedAgent')}>
              <Select
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                placeholder={t('customer.noAgent')}
                options={agents.map((u) => ({ value: u.id, label: u.displayName }))}
                data-testid="customer-form-agent"
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name={['identities', 'phone']} label={t('customer.phones')} tooltip={t('customer.multiHint')}>
              <Select {...many} data-testid="customer-form-phones" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name={['identities', 'email']} label={t('customer.emails')} tooltip={t('customer.multiHint')}>
              <Select {...many} data-testid="customer-form-emails" />
            </Form.Item>
          </Col>
          {MARKETPLACES.map((kind) => (
            <Col span={6} key={kind}>
              <Form.Item name={['identities', kind]} label={enumLabel(t, 'identity', kind)}>
                <Select {...many} data-testid={`customer-form-${kind}`} />
              </Form.Item>
            </Col>
          ))}
          <Col span={24}>
            <Form.Item name="tags" label={t('customer.tags')}>
              <Select mode="tags" tokenSeparators={[',', '，', '、']} maxCount={20} data-testid="customer-form-tags" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="gender" label={t('customer.gender')}>
              <Radio.Group
                optionType="button"
                options={[
                  { value: 'female', label: t('customer.gender.female') },
                  { value: 'male', label: t('customer.gender.male') },
                ]}
              />
            </Form.Item>
          </Col>
          <Col span={16}>
            <Form.Item label={t('customer.birthday')}>
              <Space>
                <Form.Item name="birthday" noStyle>
                  <DatePicker disabledDate={(d) => d.isAfter(dayjs())} data-testid="customer-form-birthday" />
                </Form.Item>
                <Form.Item name="birthdayLunar" valuePropName="checked" noStyle>
                  <Checkbox data-testid="customer-form-lunar">{t('customer.lunar')}</Checkbox>
                </Form.Item>
                {lunar && birthday && (
                  <span className="kefu-muted" data-testid="customer-form-lunar-text">
                    {t('customer.lunar')}
                    {lunarMonthDay(birthday.format('YYYY-MM-DD'))}
                  </span>
                )}
              </Space>
            </Form.Item>
          </Col>
        </Row>
        <AddressList />
      </Form>
    </Modal>
  );
}

/** The customer's addresses, the first one the default. */
function AddressList() {
  const { t } = useI18n();
  const need = (field: string) => [{ required: true, whitespace: true, message: t('customer.required', { field }) }];
  return (
    <Form.List name="addresses">
      {(fields, { add, remove }) => (
        <>
          {fields.map((field) => (
            <Row gutter={8} key={field.key} align="top">
              <Col span={4}>
                <Form.Item name={[field.name, 'recipient']} rules={need(t('customer.recipient'))}>
                  <Input placeholder={t('customer.recipient')} maxLength={40} />
                </Form.Item>
              </Col>
              <Col span={4}>
                <Form.Item name={[field.name, 'phone']} rules={need(t('customer.addressPhone'))}>
                  <Input placeholder={t('customer.addressPhone')} maxLength={20} />
                </Form.Item>
              </Col>
              <Col span={3}>
                <Form.Item name={[field.name, 'province']} rules={need(t('customer.province'))}>
                  <Input placeholder={t('customer.province')} maxLength={20} />
                </Form.Item>
              </Col>
              <Col span={3}>
                <Form.Item name={[field.name, 'city']} rules={need(t('customer.city'))}>
                  <Input placeholder={t('customer.city')} maxLength={40} />
                </Form.Item>
              </Col>
              <Col span={3}>
                <Form.Item name={[field.name, 'district']}>
                  <Input placeholder={t('customer.district')} maxLength={40} />
                </Form.Item>
              </Col>
              <Col span={6}>
                <Form.Item name={[field.name, 'detail']} rules={need(t('customer.detail'))}>
                  <Input placeholder={t('customer.detail')} maxLength={200} />
                </Form.Item>
              </Col>
              <Col span={1}>
                <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label="remove" />
              </Col>
            </Row>
          ))}
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => add()} block>
            {t('customer.addAddress')}
          </Button>
        </>
      )}
    </Form.List>
  );
}
