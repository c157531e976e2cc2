/** Tag colours for statuses and priorities, calm except where attention is due. */
export const STATUS_COLORS: Record<string, string> = {
  new: 'magenta',
  open: 'blue',
  pending_customer: 'gold',
  pending_internal: 'purple',
  solved: 'green',
  closed: 'default',
};

export const PRIORITY_COLORS: Record<string, string> = {
  low: 'default',
  normal: 'cyan',
  high: 'orange',
  urgent: 'red',
};

export const SEGMENT_COLORS: Record<string, string> = {
  vip: 'gold',
  high_value: 'green',
  at_risk: 'volcano',
  new: 'blue',
  regular: 'default',
  active: 'cyan',
  complaint_prone: 'magenta',
};

export const SEVERITY_COLORS: Record<string, string> = { minor: 'default', major: 'orange', critical: 'red' };

export const PRIMARY = '#0f7b8a';

export const ORDER_STATUS_COLORS: Record<string, string> = {
  unpaid: 'default',
  paid: 'blue',
  shipped: 'cyan',
  delivered: 'green',
  completed: 'green',
  cancelled: 'default',
};

export const AFTER_SALE_STATE_COLORS: Record<string, string> = {
  requested: 'gold',
  pending_approval: 'orange',
  approved: 'blue',
  rejected: 'red',
  in_transit: 'geekblue',
  received: 'purple',
  repairing: 'purple',
  reshipped: 'cyan',
  refunded: 'green',
  granted: 'green',
  closed: 'default',
  cancelled: 'default',
};

export const TASK_STATE_COLORS: Record<string, string> = { open: 'gold', working: 'blue', done: 'green' };
