import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, AutoComplete, Button, Drawer, Flex, Form, Input, Popconfirm, Select, Switch, Typography, type InputRef } from 'antd';
import { useEffect, useRef, useState, type ClipboardEvent, type ComponentRef } from 'react';
import { ApiError, api, type Faq, type FaqAnswer, type FaqInput, type ProductRow } from '../../api.ts';
import { applyFieldErrors, errorText } from '../../shared/errors.ts';
import { dateTime } from '../../shared/format.ts';
import { useI18n } from '../../i18n.ts';

/** What the drawer is opened for: an entry to edit (or read), or a new one, perhaps pre-filled. */
export interface FaqEditing {
  faq?: Faq;
  initial?: Partial<FaqInput>;
}

interface Values {
  question: string;
  alternatives: string[];
  answer: string;
  category: string;
  productIds: number[];
  enabled: boolean;
}

type TextAreaRef = ComponentRef<typeof Input.TextArea>;

const VARIABLES = ['customerName', 'orderNo', 'agentName'] as const;
const FIELDS = ['question', 'answer', 'category'];

const toValues = (e: FaqEditing): Values =>
  e.faq
    ? {
        question: e.faq.question,
        alternatives: e.faq.alternatives.length ? [...e.faq.alternatives] : [''],
        answer: e.faq.answer,
        category: e.faq.category,
        productIds: e.faq.productIds,
        enabled: e.faq.enabled,
      }
    : {
        question: e.initial?.question ?? '',
        alternatives: e.initial?.alternatives?.length ? e.initial.alternatives : [''],
        answer: e.initial?.answer ?? '',
        category: e.initial?.category ?? '',
        productIds: e.initial?.productIds ?? [],
        enabled: e.initial?.enabled ?? true,
      };

/**
 * 新建 / 编辑问答: the standard question, its other phrasings (one per row; pasting several lines adds a row
 * each), the answer with its variables, a category and the products it is limited to. Readers see it read-only.
 */
export function FaqFormDrawer({
  editing,
  canEdit,
  categories,
  products,
  onClose,
  onSaved,
  onDeleted,
}: {
  editing: FaqEditing | null;
  canEdit: boolean;
  categories: string[];
  products: ProductRow[];
  onClose(): void;
  onSaved(faq: Faq, created: boolean): void | Promise<void>;
  onDeleted(id: number): void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [current, setCurrent] = useState<Faq | undefined>();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<{ text: string; conflict: boolean } | null>(null);
  const answerRef = useRef<TextAreaRef>(null);
  const lastAlt = useRef<InputRef>(null);

  useEffect(() => {
    if (!editing) return;
    setCurrent(editing.faq);
    setProblem(null);
    form.setFieldsValue(toValues(editing));
  }, [editing, form]);

  const open = editing !== null;
  const readOnly = !canEdit;

  async function reloadLatest() {
    if (!current) return;
    try {
      const { faq } = await api.get<FaqAnswer>(`/api/knowledge/faqs/${current.id}`);
      setCurrent(faq);
      form.setFieldsValue(toValues({ faq }));
      setProblem(null);
    } catch (err) {
      setProblem({ text: errorText(t, err), conflict: false });
    }
  }

  async function save(v: Values) {
    const body: FaqInput = {
      question: v.question.trim(),
      answer: v.answer.trim(),
      category: (v.category ?? '').trim(),
      productIds: v.productIds ?? [],
      enabled: v.enabled,
      alternatives: [...new Set((v.alternatives ?? []).map((a) => (a ?? '').trim()).filter((a) => a && a !== v.question.trim()))],
    };
    setSaving(true);
    setProblem(null);
    try {
      const { faq } = current
        ? await api.put<FaqAnswer>(`/api/knowledge/faqs/${current.id}`, { ...body, version: current.version })
        : await api.post<FaqAnswer>('/api/knowledge/faqs', body);
      message.success(t('common.saved'));
      await onSaved(faq, !current);
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) setProblem({ text: t('knowledge.conflict'), conflict: true });
      else {
        const rest = applyFieldErrors(form, err, FIELDS);
        if (!(err instanceof ApiError && err.fields.length > 0 && rest.length === 0))
          setProblem({ text: rest.length ? rest.join('; ') : errorText(t, err), conflict: false });
      }
    } finally {
      setSaving(false);
    }
  }

  async function remove() {
    if (!current) return;
    try {
      await api.delete(`/api/knowledge/faqs/${current.id}`);
      message.success(t('faq.deleted'));
      onDeleted(current.id);
    } catch (err) {
      message.error(errorText(t, err));
    }
  }

  /** Puts a variable where the cursor is in the answer. */
  function insertVariable(name: string) {
    const el = answerRef.current?.resizableTextArea?.textArea;
    const text: string = form.getFieldValue('answer') ?? '';
    const at = el ? el.selectionStart : text.length;
    const end = el ? el.selectionEnd : text.length;
    const token = `{${name}}`;
    form.setFieldValue('answer', text.slice(0, at) + token + text.slice(end));
    setTimeout(() => {
      el?.focus();
      el?.setSelectionRange(at + token.length, at + token.length);
    }, 0);
  }

  /** Several lines pasted into one phrasing become one row each. */
  function pasteLines(index: number, e: ClipboardEvent<HTMLInputElement>) {
    const lines = e.clipboardData
      .getData('text')
      .split(/[\r\n|｜]+/)
      .map((s) => s.trim())
      .filter(Boolean);
    if (lines.length < 2) return;
    e.preventDefault();
    const list: string[] = [...(form.getFieldValue('alternatives') ?? [])];
    list.splice(index, 1, ...lines);
    form.setFieldValue('alternatives', list);
  }

  const title = !current ? t('faq.create') : readOnly ? t('faq.view') : t('faq.edit');
  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={title}
      size={580}
      destroyOnHidden
      className="kefu-faq-drawer"
      extra={current && <span className="kefu-muted kefu-small">{t('faq.meta', { hits: current.hits, at: dateTime(current.updatedAt) })}</span>}
      footer={
        canEdit && (
          <Flex justify="space-between">
            <span>
              {current && (
                <Popconfirm title={t('faq.deleteConfirm')} onConfirm={() => void remove()} okButtonProps={{ danger: true }}>
                  <Button danger icon={<DeleteOutlined />}>
                    {t('faq.delete')}
                  </Button>
                </Popconfirm>
              )}
            </span>
            <Flex gap={8}>
              <Button onClick={onClose}>{t('common.cancel')}</Button>
              <Button type="primary" loading={saving} onClick={() => form.submit()} data-testid="faq-save">
                {t('common.save')}
              </Button>
            </Flex>
          </Flex>
        )
      }
    >
      {problem && (
        <Alert
          type={problem.conflict ? 'warning' : 'error'}
          showIcon
          title={problem.text}
          style={{ marginBottom: 16 }}
          action={
            problem.conflict && (
              <Button size="small" onClick={() => void reloadLatest()}>
                {t('knowledge.refresh')}
              </Button>
            )
          }
        />
      )}
      <Form form={form} layout="vertical" requiredMark={false} disabled={readOnly} onFinish={(v) => void save(v)}>
        <Form.Item name="question" label={t('faq.question')} rules={[{ required: true, whitespace: true, message: t('faq.questionRequired') }]}>
          <Input maxLength={200} placeholder={t('faq.questionPlaceholder')} data-testid="faq-question" />
        </Form.Item>
        <Form.Item
          label={
            <span>
              {t('faq.alternatives')} <span className="kefu-muted kefu-small">{t('faq.alternativesHint')}</span>
            </span>
          }
        >
          <Form.List name="alternatives">
            {(fields, { add, remove: drop }) => (
              <div className="kefu-alt-list">
                {fields.map((field, i) => (
                  <Flex key={field.key} gap={6} align="center">
                    <span className="kefu-alt-index">{i + 1}</span>
                    <Form.Item name={field.name} noStyle>
                      <Input
                        maxLength={200}
                        placeholder={t('faq.alternativePlaceholder')}
                        data-testid="faq-alternative"
                        ref={i === fields.length - 1 ? lastAlt : undefined}
                        onPaste={(e) => pasteLines(field.name, e)}
                        onPressEnter={(e) => {
                          e.preventDefault();
                          if (i === fields.length - 1) {
                            add('');
                            setTimeout(() => lastAlt.current?.focus(), 0);
                          }
                        }}
                      />
                    </Form.Item>
                    {!readOnly && (
                      <Button type="text" icon={<DeleteOutlined />} onClick={() => drop(field.name)} aria-label={t('faq.removeAlternative')} />
                    )}
                  </Flex>
                ))}
                {!readOnly && fields.length < 50 && (
                  <Button
                    type="dashed"
                    icon={<PlusOutlined />}
                    onClick={() => {
                      add('');
                      setTimeout(() => lastAlt.current?.focus(), 0);
                    }}
                    data-testid="faq-add-alternative"
                  >
                    {t('faq.addAlternative')}
                  </Button>
                )}
                {readOnly && fields.length === 0 && <span className="kefu-muted">{t('common.none')}</span>}
              </div>
            )}
          </Form.List>
        </Form.Item>
        <Form.Item
          name="answer"
          label={t('faq.answer')}
          rules={[{ required: true, whitespace: true, message: t('faq.answerRequired') }]}
          extra={
            !readOnly && (
              <span className="kefu-var-bar">
                {t('faq.variables')}
                {VARIABLES.map((v) => (
                  <button key={v} type="button" className="kefu-var" onClick={() => insertVariable(v)} title={t(`faq.var.${v}`)}>
                    {`{${v}}`}
                    <span>{t(`faq.var.${v}`)}</span>
                  </button>
                ))}
              </span>
            )
          }
        >
          <Input.TextArea
            ref={answerRef}
            autoSize={{ minRows: 4, maxRows: 12 }}
            maxLength={5000}
            placeholder={t('faq.answerPlaceholder')}
            data-testid="faq-answer"
          />
        </Form.Item>
        <Flex gap={12}>
          <Form.Item name="category" label={t('faq.category')} style={{ flex: 1 }}>
            <AutoComplete
              options={categories.map((c) => ({ value: c }))}
              maxLength={40}
              allowClear
              placeholder={t('faq.categoryPlaceholder')}
              showSearch={{ filterOption: (input, option) => String(option?.value ?? '').includes(input) }}
              data-testid="faq-category"
            />
          </Form.Item>
          <Form.Item name="enabled" label={t('faq.enabled')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Flex>
        <Form.Item name="productIds" label={t('faq.products')} extra={t('faq.productsHint')}>
          <Select
            mode="multiple"
            allowClear
            placeholder={t('faq.productsAll')}
            showSearch={{ optionFilterProp: 'label' }}
            maxTagCount="responsive"
            options={products.map((p) => ({ value: p.id, label: `${p.name} · ${p.sku}` }))}
          />
        </Form.Item>
      </Form>
      {readOnly && (
        <Typography.Text type="secondary" className="kefu-small">
          {t('faq.readOnly')}
        </Typography.Text>
      )}
    </Drawer>
  );
}
