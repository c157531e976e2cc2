import { taskOwnerRefusal, type Department } from '@kefu/domain';
import type { Tx } from '../db/database.ts';
import { writeVersioned } from '../db/versioned.ts';
import { badRequest } from '../http/errors.ts';
import type { Colleague } from '../users/colleague.ts';

/** A leaving user's unfinished collaboration tasks go to the colleague (if their role may own them) or unowned. */
export async function moveTasks(tx: Tx, userId: number, to: Colleague | null): Promise<number> {
  const open = await tx
    .selectFrom('collab_tasks')
    .select(['id', 'department'])
    .where('owner_id', '=', userId)
    .where('state', '!=', 'done')
    .orderBy('id')
    .forUpdate()
    .execute();
  for (const task of open) {
    const refused = to && taskOwnerRefusal(task.department as Department, to.role);
    if (refused) throw badRequest('body.tasksTo', refused.message);
    await writeVersioned(tx, 'collab_tasks', task.id, { owner_id: to?.id ?? null, updated_at: new Date() });
  }
  return open.length;
}
