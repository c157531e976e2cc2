import { EditOutlined, EyeOutlined } from '@ant-design/icons';
import { Avatar, Space, Tag, Tooltip } from 'antd';
import { useI18n } from '../../i18n.ts';
import type { Viewer } from './useCollision.ts';

/** Who else is on this ticket's page right now: "小美 正在查看", "阿杰 正在输入…". */
export function CollisionBar({ viewers }: { viewers: Viewer[] }) {
  const { t } = useI18n();
  if (viewers.length === 0) return null;
  return (
    <Space size={6} wrap data-testid="ticket-collision">
      {viewers.map((v) => {
        const label = t(v.state === 'typing' ? 'collision.typing' : 'collision.viewing', { name: v.name });
        return (
          <Tooltip key={v.id} title={label}>
            <Tag
              color={v.state === 'typing' ? 'orange' : 'blue'}
              icon={v.state === 'typing' ? <EditOutlined /> : <EyeOutlined />}
              style={{ marginInlineEnd: 0, paddingInlineStart: 2 }}
              data-testid="ticket-viewer"
            >
              <Avatar size={18} style={{ background: v.state === 'typing' ? '#d46b08' : '#1677ff', fontSize: 11, marginInlineEnd: 4 }}>
                {v.name.slice(0, 1)}
              </Avatar>
              {label}
            </Tag>
          </Tooltip>
        );
      })}
    </Space>
  );
}
