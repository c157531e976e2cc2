import { Tag } from 'antd';
import { useI18n } from '../../i18n.ts';
import type { Conversation } from './types.ts';

/** 紧急 / 高 on a conversation a complaint or an upset shopper raised; nothing for a normal one. */
export function PriorityTag({ priority }: { priority: Conversation['priority'] }) {
  const { t } = useI18n();
  if (priority === 'normal') return null;
  return (
    <Tag color={priority === 'urgent' ? 'red' : 'orange'} variant="solid" className="kefu-conv-priority" data-testid="conv-priority">
      {t(priority === 'urgent' ? 'priority.urgent' : 'priority.high')}
    </Tag>
  );
}
