import { DownOutlined } from '@ant-design/icons';
import { Button, Dropdown } from 'antd';
import { useI18n } from '../../i18n.ts';
import { chatStore } from './store.ts';
import { AGENT_STATUSES, type AgentInfo, type AgentStatus } from './types.ts';

export const STATUS_DOT: Record<AgentStatus, string> = { online: '#52c41a', busy: '#fa8c16', away: '#faad14', offline: '#bfbfbf' };

export function StatusDot({ status }: { status: string }) {
  return <span className="kefu-dot" style={{ background: STATUS_DOT[status as AgentStatus] ?? '#bfbfbf' }} />;
}

/** 在线 / 忙碌 / 离开 / 离线, and how many chats the agent carries. */
export function StatusSwitch({ agent, active, disabled }: { agent: AgentInfo | null; active: number; disabled: boolean }) {
  const { t } = useI18n();
  const status = agent?.status ?? 'offline';
  return (
    <Dropdown
      trigger={['click']}
      disabled={disabled || !agent}
      menu={{
        selectable: true,
        selectedKeys: [status],
        items: AGENT_STATUSES.map((s) => ({
          key: s,
          label: (
            <span data-testid={`status-${s}`}>
              <StatusDot status={s} /> {t(`chat.status.${s}`)}
            </span>
          ),
        })),
        onClick: ({ key }) => chatStore().setStatus(key as AgentStatus),
      }}
    >
      <Button size="small" type="text" data-testid="status-switch" data-status={status}>
        <StatusDot status={status} /> {t(`chat.status.${status}`)}
        {agent && (
          <span className="kefu-muted kefu-small">
            {active}/{agent.maxChats}
          </span>
        )}
        <DownOutlined style={{ fontSize: 10 }} />
      </Button>
    </Dropdown>
  );
}
