import { Card, Form, Select } from 'antd';
import { SEVERITIES, TICKET_CATEGORIES, TICKET_PRIORITIES } from '@kefu/domain';
import type { Ticket } from '../../api.ts';
import { useDirectory } from '../../shared/hooks.ts';
import { enumLabel, useI18n } from '../../i18n.ts';
import { StatusTag } from '../../shared/Tags.tsx';

export type TicketChange = Partial<{
  status: string;
  priority: string;
  assigneeId: number | null;
  groupId: number | null;
  category: string | null;
  severity: string | null;
  tags: string[];
}>;

/** The side panel: every change is sent at once, with the version the agent is looking at. */
export function TicketProperties({ ticket, busy, onChange }: { ticket: Ticket; busy: boolean; onChange(change: TicketChange): void }) {
  const { t } = useI18n();
  const { users, groups } = useDirectory();
  const options = (prefix: string, values: readonly string[]) => values.map((value) => ({ value, label: enumLabel(t, prefix, value) }));
  const complaint = ticket.type === 'complaint';
  const statusOptions = [ticket.status, ...ticket.allowedStatuses.filter((s) => s !== ticket.status)].map((value) => ({
    value,
    label: <StatusTag status={value} />,
  }));
  const assignees = users.filter((u) => u.active || u.id === ticket.assigneeId);
  const assigneeOptions = assignees.length
    ? assignees.map((u) => ({ value: u.id, label: u.displayName }))
    : ticket.assigneeId
      ? [{ value: ticket.assigneeId, label: ticket.assigneeName ?? String(ticket.assigneeId) }]
      : [];
  const groupOptions = groups.length
    ? groups.map((g) => ({ value: g.id, label: g.name }))
    : ticket.groupId
      ? [{ value: ticket.groupId, label: ticket.groupName ?? String(ticket.groupId) }]
      : [];

  return (
    <Card title={t('ticket.properties')} size="small">
      <Form layout="vertical" disabled={busy} size="middle">
        <Form.Item label={t('ticket.status')} style={{ marginBottom: 14 }}>
          <div data-testid="status-select">
            <Select value={ticket.status} options={statusOptions} onChange={(status: string) => onChange({ status })} />
          </div>
        </Form.Item>
        <Form.Item label={t('ticket.priority')} style={{ marginBottom: 14 }}>
          <Select value={ticket.priority} options={options('priority', TICKET_PRIORITIES)} onChange={(priority: string) => onChange({ priority })} />
        </Form.Item>
        <Form.Item label={t('ticket.assignee')} style={{ marginBottom: 14 }}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('ticket.assignee.none')}
            value={ticket.assigneeId ?? undefined}
            options={assigneeOptions}
            onChange={(id?: number) => onChange({ assigneeId: id ?? null })}
          />
        </Form.Item>
        <Form.Item label={t('ticket.group')} style={{ marginBottom: 14 }}>
          <Select
            allowClear
            placeholder={t('common.none')}
            value={ticket.groupId ?? undefined}
            options={groupOptions}
            onChange={(id?: number) => onChange({ groupId: id ?? null })}
          />
        </Form.Item>
        <Form.Item label={t('ticket.category')} style={{ marginBottom: 14 }}>
          <Select
            allowClear={!complaint}
            placeholder={t('common.none')}
            value={ticket.category ?? undefined}
            options={options('category', TICKET_CATEGORIES)}
            onChange={(category?: string) => onChange({ category: category ?? null })}
          />
        </Form.Item>
        <Form.Item label={t('ticket.severity')} style={{ marginBottom: 14 }}>
          <Select
            allowClear={!complaint}
            placeholder={t('common.none')}
            value={ticket.severity ?? undefined}
            options={options('severity', SEVERITIES)}
            onChange={(severity?: string) => onChange({ severity: severity ?? null })}
          />
        </Form.Item>
        <Form.Item label={t('ticket.tags')} style={{ marginBottom: 0 }}>
          <Select
            mode="tags"
            value={ticket.tags}
            placeholder={t('ticket.tagsPlaceholder')}
            open={false}
            suffixIcon={null}
            onChange={(tags: string[]) => onChange({ tags: tags.map((x) => x.trim()).filter(Boolean) })}
          />
        </Form.Item>
      </Form>
    </Card>
  );
}
