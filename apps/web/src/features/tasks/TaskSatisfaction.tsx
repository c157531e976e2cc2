import { Rate, Tooltip } from 'antd';
import type { Task } from '../../api.ts';
import { useI18n } from '../../i18n.ts';
import { SATISFACTION_LEVELS } from './satisfaction-levels.ts';

/** The department's rating of the desk's request on a finished task, with its comment; nothing when unrated. */
export function TaskSatisfaction({ task }: { task: Pick<Task, 'satisfaction' | 'satisfactionComment'> }) {
  const { t } = useI18n();
  if (task.satisfaction === null) return null;
  return (
    <div className="kefu-small kefu-muted" data-testid="task-satisfaction-shown">
      {t('task.satisfaction.short')}{' '}
      <Tooltip title={t(SATISFACTION_LEVELS[task.satisfaction - 1] ?? 'task.satisfaction.label')}>
        <Rate disabled value={task.satisfaction} style={{ fontSize: 12 }} />
      </Tooltip>
      {task.satisfactionComment && <span> · {task.satisfactionComment}</span>}
    </div>
  );
}
