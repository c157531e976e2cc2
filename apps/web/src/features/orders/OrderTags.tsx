import { Tag } from 'antd';
import { AFTER_SALE_STATE_COLORS, ORDER_STATUS_COLORS, TASK_STATE_COLORS } from '../../shared/colors.ts';
import { enumLabel, useI18n } from '../../i18n.ts';

export function OrderStatusTag({ status }: { status: string }) {
  const { t } = useI18n();
  return (
    <Tag color={ORDER_STATUS_COLORS[status] ?? 'default'} data-status={status}>
      {enumLabel(t, 'orderStatus', status)}
    </Tag>
  );
}

export function OrderKindTag({ kind }: { kind: string }) {
  const { t } = useI18n();
  if (kind === 'normal') return null;
  return (
    <Tag color="volcano" variant="outlined">
      {enumLabel(t, 'orderKind', kind)}
    </Tag>
  );
}

export function AfterSaleStateTag({ state }: { state: string }) {
  const { t } = useI18n();
  return (
    <Tag color={AFTER_SALE_STATE_COLORS[state] ?? 'default'} data-state={state}>
      {enumLabel(t, 'afterSaleState', state)}
    </Tag>
  );
}

export function TaskStateTag({ state }: { state: string }) {
  const { t } = useI18n();
  return (
    <Tag color={TASK_STATE_COLORS[state] ?? 'default'} data-state={state}>
      {enumLabel(t, 'taskState', state)}
    </Tag>
  );
}

export function DepartmentTag({ department }: { department: string }) {
  const { t } = useI18n();
  return <Tag variant="filled">{enumLabel(t, 'department', department)}</Tag>;
}
