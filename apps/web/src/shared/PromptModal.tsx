import { Alert, Form, Input, Modal } from 'antd';
import { useCallback, useState, type ReactElement, type ReactNode } from 'react';
import { errorText } from './errors.ts';
import { useI18n } from '../i18n.ts';

export interface PromptOptions {
  title: ReactNode;
  label?: ReactNode;
  placeholder?: string;
  /** The text must not be blank; `requiredMessage` says what is missing. */
  required?: boolean;
  requiredMessage?: string;
  okText?: string;
  danger?: boolean;
  /** Shown above the text box: a warning, the failing checks… */
  extra?: ReactNode;
  /** No text box at all: a confirmation with an optional `extra`. */
  noInput?: boolean;
  maxLength?: number;
  initial?: string;
  testId?: string;
  /** Runs the action; a thrown error is shown in the dialog, which stays open. */
  submit(text: string): Promise<void>;
}

/**
 * One dialog for the many "say why" moments (cancel an order, reject a request, answer a task…).
 * `prompt(options)` opens it; render the returned element once.
 */
export function usePrompt(): [(options: PromptOptions) => void, ReactElement] {
  const { t } = useI18n();
  const [options, setOptions] = useState<PromptOptions | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<{ text: string }>();

  const prompt = useCallback((next: PromptOptions) => {
    setError(null);
    setOptions(next);
  }, []);

  async function ok() {
    if (!options) return;
    let text = '';
    if (!options.noInput) {
      try {
        text = ((await form.validateFields()).text ?? '').trim();
      } catch {
        return;
      }
    }
    setBusy(true);
    setError(null);
    try {
      await options.submit(text);
      setOptions(null);
    } catch (err) {
      setError(errorText(t, err));
    } finally {
      setBusy(false);
    }
  }

  const element = (
    <Modal
      open={options !== null}
      title={options?.title}
      okText={options?.okText ?? t('common.confirm')}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger: options?.danger, 'data-testid': 'prompt-ok' }}
      onOk={() => void ok()}
      onCancel={() => setOptions(null)}
      confirmLoading={busy}
      destroyOnHidden
      width={520}
    >
      <div data-testid={options?.testId ?? 'prompt'}>
        {options?.extra}
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        {options && !options.noInput && (
          <Form form={form} layout="vertical" preserve={false} initialValues={{ text: options.initial ?? '' }}>
            <Form.Item
              name="text"
              label={options.label}
              rules={options.required ? [{ required: true, whitespace: true, message: options.requiredMessage ?? t('order.reasonRequired') }] : []}
            >
              <Input.TextArea
                autoFocus
                autoSize={{ minRows: 3, maxRows: 8 }}
                maxLength={options.maxLength ?? 500}
                showCount
                placeholder={options.placeholder}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void ok();
                }}
              />
            </Form.Item>
          </Form>
        )}
      </div>
    </Modal>
  );
  return [prompt, element];
}
