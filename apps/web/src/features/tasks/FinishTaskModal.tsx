import { Alert, Form, Input, Modal, Rate } from 'antd';
import { useState } from 'react';
import { applyFieldErrors, errorText } from '../../shared/errors.ts';
import { enumLabel, useI18n } from '../../i18n.ts';
import { SATISFACTION_LEVELS } from './satisfaction-levels.ts';

export interface FinishValues {
  answer: string;
  satisfaction?: number;
  satisfactionComment?: string;
}

/**
 * 完成 a collaboration task: the answer the desk reads on the ticket and, from the department's side, how satisfied it
 * was with the desk's request (对客服协作的满意度, 1–5 stars, optional) — DOMAIN.md §7's collaboration satisfaction.
 */
export function FinishTaskModal({
  task,
  rates,
  onClose,
  submit,
}: {
  task: { title: string; department: string } | null;
  /** The viewer is the department (not the desk), so it rates the desk's request. */
  rates: boolean;
  onClose(): void;
  /** Sends the change; a thrown error is shown in the dialog, which stays open. */
  submit(values: FinishValues): Promise<void>;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ answer: string; satisfaction?: number; satisfactionComment?: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const rating = Form.useWatch('satisfaction', form);
  const levels = SATISFACTION_LEVELS.map((key) => t(key));

  async function finish(values: { answer: string; satisfaction?: number; satisfactionComment?: string }) {
    setBusy(true);
    setError(null);
    try {
      const comment = values.satisfactionComment?.trim();
      await submit({
        answer: values.answer.trim(),
        ...(values.satisfaction && { satisfaction: values.satisfaction }),
        ...(values.satisfaction && comment && { satisfactionComment: comment }),
      });
      onClose();
    } catch (err) {
      const rest = applyFieldErrors(form, err, ['answer', 'satisfaction', 'satisfactionComment']);
      setError(rest.length ? rest.join('\n') : form.getFieldsError().some((f) => f.errors.length) ? null : errorText(t, err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open={task !== null}
      title={task && t('task.finishTitle', { title: task.title })}
      okText={t('task.finish')}
      cancelText={t('common.cancel')}
      okButtonProps={{ 'data-testid': 'task-finish-ok' }}
      onOk={() => form.submit()}
      onCancel={() => {
        setError(null);
        onClose();
      }}
      confirmLoading={busy}
      destroyOnHidden
      width={540}
    >
      <div data-testid="task-finish">
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Form form={form} layout="vertical" preserve={false} onFinish={(v) => void finish(v)} requiredMark={false}>
          <Form.Item
            name="answer"
            label={task && `${t('task.answer')} · ${enumLabel(t, 'department', task.department)}`}
            rules={[{ required: true, whitespace: true, message: t('task.answerRequired') }]}
          >
            <Input.TextArea autoFocus autoSize={{ minRows: 3, maxRows: 8 }} maxLength={5000} showCount placeholder={t('task.answerPlaceholder')} />
          </Form.Item>
          {rates && (
            <>
              <Form.Item label={t('task.satisfaction.label')} extra={t('task.satisfaction.hint')} style={{ marginBottom: 12 }}>
                <Form.Item name="satisfaction" noStyle>
                  <Rate tooltips={levels} allowClear data-testid="task-satisfaction" />
                </Form.Item>
                {rating ? (
                  <span className="kefu-muted" style={{ marginLeft: 12 }}>
                    {levels[rating - 1]}
                  </span>
                ) : null}
              </Form.Item>
              {rating ? (
                <Form.Item name="satisfactionComment" label={t('task.satisfaction.comment')}>
                  <Input.TextArea
                    autoSize={{ minRows: 2, maxRows: 4 }}
                    maxLength={500}
                    showCount
                    placeholder={t('task.satisfaction.commentPlaceholder')}
                    data-testid="task-satisfaction-comment"
                  />
                </Form.Item>
              ) : null}
            </>
          )}
        </Form>
      </div>
    </Modal>
  );
}
