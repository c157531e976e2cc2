import { CrownFilled, EyeOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Empty, Progress, Row, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api.ts';
import { PageState } from '../../shared/PageState.tsx';
import { useI18n } from '../../i18n.ts';
import { formatDuration, secondsSince } from './logic.ts';
import { MonitorLive } from './MonitorLive.tsx';
import { displayName } from './preview.ts';
import { PriorityTag } from './PriorityTag.tsx';
import type { ChatOverview, Conversation } from './types.ts';
import { StatusDot } from './StatusSwitch.tsx';
import { chatStore } from './store.ts';
import { useNow } from '../../shared/useNow.ts';

/** 会话监控: queues per group, agents' status and load, waiting shoppers; reassign with one pick; listen in, whisper, take over. */
export function MonitorPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [data, setData] = useState<ChatOverview | null>(null);
  const [error, setError] = useState<unknown>(null);
  const now = useNow(1000);
  const [live, setLive] = useState<Conversation | null>(null);

  useEffect(() => {
    let alive = true;
    const load = () =>
      api.get<ChatOverview>('/api/chat/overview').then(
        (r) => {
          if (alive) {
            setData(r);
            setError(null);
          }
        },
        (err: unknown) => {
          if (alive) setError(err);
        },
      );
    void load();
    const id = setInterval(() => {
      if (!document.hidden) void load();
    }, 3000);
    return () => {
      alive = false;
      clearInterval(id);
    };
  }, []);

  if (!data) return <PageState loading={!error} error={error} />;

  const assignable = data.agents.filter((a) => a.status === 'online' || a.status === 'busy');
  /** Over the agent socket (the tab's one, open on every page: SlaNotifications). */
  async function reassign(conversationId: number, toAgentId: number) {
    const store = chatStore();
    try {
      await store.ready();
    } catch {
      message.warning(t('chat.notConnected'));
      return;
    }
    if (store.command({ type: 'transfer', conversationId, toAgentId })) message.success(t('chat.monitor.assigned'));
    else message.warning(t('chat.notConnected'));
  }

  return (
    <div data-testid="monitor">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('nav.monitor')}
      </Typography.Title>
      <Row gutter={[12, 12]}>
        {data.groups.map((g) => (
          <Col key={g.id} xs={12} md={8} xl={6}>
            <Card size="small" data-testid="monitor-group">
              <Typography.Text type="secondary">{g.name}</Typography.Text>
              <div style={{ display: 'flex', gap: 24, marginTop: 4 }}>
                <Statistic title={t('chat.monitor.queued')} value={g.queueLength} />
                <Statistic
                  title={t('chat.monitor.longest')}
                  value={formatDuration(g.longestWaitSeconds)}
                  styles={{ content: { color: data.waiting.some((w) => w.groupId === g.id && w.overdueAt) ? '#cf1322' : undefined } }}
                />
              </div>
            </Card>
          </Col>
        ))}
      </Row>
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} xl={10}>
          <Card size="small" title={t('chat.monitor.agents')}>
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={data.agents}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
              columns={[
                { title: t('chat.monitor.agent'), dataIndex: 'name' },
                {
                  title: t('chat.monitor.status'),
                  dataIndex: 'status',
                  width: 90,
                  render: (v: string) => (
                    <span>
                      <StatusDot status={v} /> {t(`chat.status.${v}` as 'chat.status.online')}
                    </span>
                  ),
                },
                {
                  title: t('chat.monitor.load'),
                  key: 'load',
                  width: 160,
                  render: (_, a) => (
                    <Progress
                      size="small"
                      percent={a.maxChats ? Math.round((100 * a.load) / a.maxChats) : 0}
                      format={() => `${a.load}/${a.maxChats}`}
                      status={a.load >= a.maxChats ? 'exception' : 'normal'}
                    />
                  ),
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <Card size="small" title={t('chat.monitor.waiting')} style={{ marginBottom: 16 }}>
            <ConversationTable rows={data.waiting} now={now} agents={assignable} onAssign={(c, a) => void reassign(c, a)} testId="monitor-waiting" />
          </Card>
          <Card size="small" title={t('chat.monitor.active')}>
            <ConversationTable
              rows={data.active}
              now={now}
              agents={assignable}
              onAssign={(c, a) => void reassign(c, a)}
              onOpen={setLive}
              testId="monitor-active"
            />
          </Card>
        </Col>
      </Row>
      <MonitorLive conversation={live} onClose={() => setLive(null)} />
    </div>
  );
}

function ConversationTable({
  rows,
  now,
  agents,
  onAssign,
  onOpen,
  testId,
}: {
  rows: Conversation[];
  now: number;
  agents: ChatOverview['agents'];
  onAssign(conversationId: number, agentId: number): void;
  /** Listen in (active conversations). */
  onOpen?(c: Conversation): void;
  testId: string;
}) {
  const { t } = useI18n();
  return (
    <Table
      size="small"
      rowKey="id"
      pagination={rows.length > 10 ? { pageSize: 10, size: 'small' } : false}
      dataSource={rows}
      data-testid={testId}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('chat.queueEmpty')} /> }}
      columns={[
        {
          title: t('chat.customer'),
          key: 'name',
          render: (_, c) => (
            <span>
              {displayName(t, c)} {c.vip && <CrownFilled className="kefu-vip" />} <PriorityTag priority={c.priority} />
            </span>
          ),
        },
        { title: t('ticket.group'), dataIndex: 'groupName', width: 100, render: (v: string | null) => v ?? '—' },
        { title: t('chat.monitor.handler'), dataIndex: 'agentName', width: 90, render: (v: string | null) => v ?? <Tag>{t('chat.queue')}</Tag> },
        {
          title: t('chat.monitor.wait'),
          key: 'wait',
          width: 80,
          render: (_, c) => {
            const since = c.status === 'queued' ? (c.waitingSince ?? c.createdAt) : c.waitingSince;
            if (!since) return <span className="kefu-muted">—</span>;
            const s = secondsSince(since, now);
            return <span className={`kefu-wait${c.overdueAt ? ' is-late' : ''}`}>{formatDuration(s)}</span>;
          },
        },
        {
          title: t('chat.monitor.assign'),
          key: 'assign',
          width: onOpen ? 230 : 150,
          render: (_, c) => (
            <Space size={4}>
              {onOpen && (
                <Button size="small" icon={<EyeOutlined />} onClick={() => onOpen(c)} data-testid="monitor-open">
                  {t('chat.monitor.open')}
                </Button>
              )}
              <Select
                size="small"
                style={{ width: 140 }}
                placeholder={t('chat.monitor.assign')}
                value={null}
                data-testid="assign"
                onChange={(v: number) => onAssign(c.id, v)}
                options={agents
                  .filter((a) => a.id !== c.agentId)
                  .map((a) => ({ value: a.id, label: `${a.name} (${a.load}/${a.maxChats})`, disabled: a.load >= a.maxChats }))}
              />
            </Space>
          ),
        },
      ]}
    />
  );
}
