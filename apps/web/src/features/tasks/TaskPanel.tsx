import { PlusOutlined } from '@ant-design/icons';
import { DEPARTMENTS } from '@kefu/domain';
import { Alert, App, Button, Card, Empty, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { api, type TaskList } from '../../api.ts';
import { DESK_ROLES, useAuth } from '../../auth.tsx';
import { applyFieldErrors, errorText } from '../../shared/errors.ts';
import { dateTime, shortDateTime } from '../../shared/format.ts';
import { useAsync } from '../../shared/hooks.ts';
import { enumLabel, useI18n } from '../../i18n.ts';
import { DepartmentTag, TaskStateTag } from '../orders/OrderTags.tsx';
import { TaskActions } from './TaskActions.tsx';
import { TaskSatisfaction } from './TaskSatisfaction.tsx';

/** The ticket's collaboration tasks: who was asked what, by when, and what they answered; the desk asks a department. */
export function TaskPanel({ ticketId, reloadKey, onChanged }: { ticketId: number; reloadKey?: unknown; onChanged(): void }) {
  const { t } = useI18n();
  const desk = DESK_ROLES.includes(useAuth().user.role);
  const [creating, setCreating] = useState(false);
  const tasks = useAsync(() => api.get<TaskList>('/api/tasks', { ticketId }).then((r) => r.tasks), [ticketId, reloadKey]);
  const changed = () => {
    tasks.reload();
    onChanged();
  };
  const rows = tasks.data ?? [];

  return (
    <Card
      size="small"
      title={t('task.card')}
      data-testid="task-panel"
      loading={!tasks.data && tasks.loading}
      extra={
        desk && (
          <Button size="small" type="link" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="task-new">
            {t('task.new')}
          </Button>
        )
      }
    >
      {rows.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('task.empty')} style={{ margin: '4px 0' }} />
      ) : (
        rows.map((task) => (
          <div key={task.id} className="kefu-task" data-testid="task-item">
            <div className="kefu-task-top">
              <DepartmentTag department={task.department} />
              <TaskStateTag state={task.state} />
              <span style={{ flex: 1 }} />
              <span className={`kefu-small ${task.late ? 'kefu-danger' : 'kefu-muted'}`} title={dateTime(task.dueAt)}>
                {task.state === 'done' ? shortDateTime(task.doneAt ?? task.dueAt) : `${t('task.due')} ${shortDateTime(task.dueAt)}`}
                {task.late && ` · ${t('task.late')}`}
              </span>
            </div>
            <div className="kefu-task-title">{task.title}</div>
            {task.description && <div className="kefu-small kefu-muted kefu-pre">{task.description}</div>}
            {task.answer && <div className="kefu-answer kefu-small">{task.answer}</div>}
            <TaskSatisfaction task={task} />
            <div style={{ marginTop: 4 }}>
              <TaskActions task={task} onChanged={changed} />
            </div>
          </div>
        ))
      )}
      <NewTaskModal ticketId={ticketId} open={creating} onClose={() => setCreating(false)} onCreated={changed} />
    </Card>
  );
}

function NewTaskModal({ ticketId, open, onClose, onCreated }: { ticketId: number; open: boolean; onClose(): void; onCreated(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ department: string; title: string; description?: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(values: { department: string; title: string; description?: string }) {
    setBusy(true);
    setError(null);
    try {
      await api.post(`/api/tickets/${ticketId}/tasks`, {
        department: values.department,
        title: values.title.trim(),
        ...(values.description?.trim() && { description: values.description.trim() }),
      });
      message.success(t('task.created', { department: enumLabel(t, 'department', values.department) }));
      onClose();
      onCreated();
    } catch (err) {
      const rest = applyFieldErrors(form, err, ['department', 'title', 'description']);
      setError(rest.length ? rest.join('\n') : form.getFieldsError().some((f) => f.errors.length) ? null : errorText(t, err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open={open}
      title={t('task.new')}
      okText={t('common.submit')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={busy}
      destroyOnHidden
      width={520}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" preserve={false} onFinish={(v) => void submit(v)}>
        <Form.Item name="department" label={t('task.department')} rules={[{ required: true, message: t('task.department') }]}>
          <Select options={DEPARTMENTS.map((d) => ({ value: d, label: enumLabel(t, 'department', d) }))} data-testid="task-department" />
        </Form.Item>
        <Form.Item name="title" label={t('task.title')} rules={[{ required: true, whitespace: true, message: t('task.title') }]}>
          <Input maxLength={200} placeholder={t('task.titlePlaceholder')} />
        </Form.Item>
        <Form.Item name="description" label={t('task.description')}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={5000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
