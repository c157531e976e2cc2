import { Card } from 'antd';
import { Link } from 'react-router-dom';
import type { Order } from '../../api.ts';
import { dateTime, yuan } from '../../shared/format.ts';
import { enumLabel, useI18n } from '../../i18n.ts';
import { AfterSaleStateTag, DepartmentTag, TaskStateTag } from './OrderTags.tsx';

/** The after-sale requests on the order, each linking to its ticket. */
export function OrderAfterSalesCard({ order }: { order: Order }) {
  const { t } = useI18n();
  return (
    <Card size="small" title={t('order.afterSales')} data-testid="order-aftersales">
      {order.afterSales.length === 0 ? (
        <div className="kefu-muted kefu-small">{t('order.noAfterSales')}</div>
      ) : (
        order.afterSales.map((a) => (
          <div key={a.id} className="kefu-related-row">
            <span>{enumLabel(t, 'afterSaleKind', a.kind)}</span>
            <AfterSaleStateTag state={a.state} />
            {Number(a.amountFen) > 0 && <span>{yuan(Number(a.amountFen))}</span>}
            <span style={{ flex: 1 }} />
            <Link to={`/tickets/${a.ticketId}`} className="kefu-mono">
              {a.ticketNumber}
            </Link>
          </div>
        ))
      )}
    </Card>
  );
}

/** The tasks other departments hold for the order, late ones in red. */
export function OrderTasksCard({ order }: { order: Order }) {
  const { t } = useI18n();
  return (
    <Card size="small" title={t('order.tasks')}>
      {order.tasks.length === 0 ? (
        <div className="kefu-muted kefu-small">{t('order.noTasks')}</div>
      ) : (
        order.tasks.map((task) => {
          const late = task.state !== 'done' && Date.parse(task.dueAt) < Date.now();
          return (
            <div key={task.id} className="kefu-related-block">
              <div className="kefu-related-row">
                <DepartmentTag department={task.department} />
                <span className="kefu-ellipsis" style={{ flex: 1 }}>
                  {task.title}
                </span>
                <TaskStateTag state={task.state} />
              </div>
              <div className={`kefu-small ${late ? 'kefu-danger' : 'kefu-muted'}`}>
                {t('task.due')} {dateTime(task.dueAt)}
                {late && ` · ${t('task.late')}`}
              </div>
              {task.answer && <div className="kefu-small kefu-answer">{task.answer}</div>}
            </div>
          );
        })
      )}
    </Card>
  );
}
