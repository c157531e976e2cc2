import { taskTransitionError, type Department, type Role, type TaskState } from '@kefu/domain';
import { App, Button, Space } from 'antd';
import { useState } from 'react';
import { api, ApiError, type Task } from '../../api.ts';
import { DESK_ROLES, useAuth } from '../../auth.tsx';
import { errorText } from '../../shared/errors.ts';
import { useI18n } from '../../i18n.ts';
import { FinishTaskModal, type FinishValues } from './FinishTaskModal.tsx';

/** 处理中 / 完成 (with the answer and, from the department, its satisfaction with the request) / 重新打开, as the viewer's role may. */
export function TaskActions({ task, onChanged }: { task: Pick<Task, 'id' | 'department' | 'state' | 'version' | 'title'>; onChanged(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { user } = useAuth();
  const [finishing, setFinishing] = useState(false);
  const may = (to: TaskState) => taskTransitionError(task.department as Department, task.state as TaskState, to, user.role as Role) === null;

  async function patch(body: Record<string, unknown>, quiet = false) {
    try {
      await api.patch(`/api/tasks/${task.id}`, { version: task.version, ...body });
      message.success(t('task.updated'));
      onChanged();
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        message.warning(t('ticket.conflict'));
        onChanged();
        return;
      }
      if (quiet) message.error(errorText(t, err));
      else throw err;
    }
  }

  return (
    <>
      <Space size={4}>
        {task.state === 'open' && may('working') && (
          <Button size="small" onClick={() => void patch({ state: 'working' }, true)} data-testid="task-working">
            {t('task.start')}
          </Button>
        )}
        {task.state !== 'done' && may('done') && (
          <Button size="small" type="primary" data-testid="task-done" onClick={() => setFinishing(true)}>
            {t('task.finish')}
          </Button>
        )}
        {task.state === 'done' && may('open') && (
          <Button size="small" type="text" onClick={() => void patch({ state: 'open' }, true)}>
            {t('task.reopen')}
          </Button>
        )}
      </Space>
      <FinishTaskModal
        task={finishing ? task : null}
        rates={!DESK_ROLES.includes(user.role)}
        onClose={() => setFinishing(false)}
        submit={(values: FinishValues) => patch({ state: 'done', ...values })}
      />
    </>
  );
}
