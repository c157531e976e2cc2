import { GlobalOutlined, MailOutlined, MessageOutlined, PhoneOutlined, ShopOutlined } from '@ant-design/icons';
import { Tag } from 'antd';
import { PRIORITY_COLORS, SEGMENT_COLORS, SEVERITY_COLORS, STATUS_COLORS } from './colors.ts';
import { enumLabel, useI18n } from '../i18n.ts';

export function StatusTag({ status }: { status: string }) {
  const { t } = useI18n();
  return (
    <Tag color={STATUS_COLORS[status] ?? 'default'} data-status={status}>
      {enumLabel(t, 'status', status)}
    </Tag>
  );
}

export function PriorityTag({ priority }: { priority: string }) {
  const { t } = useI18n();
  return (
    <Tag color={PRIORITY_COLORS[priority] ?? 'default'} variant="outlined">
      {enumLabel(t, 'priority', priority)}
    </Tag>
  );
}

export function TypeTag({ type }: { type: string }) {
  const { t } = useI18n();
  return <Tag variant="filled">{enumLabel(t, 'type', type)}</Tag>;
}

const CHANNEL_ICONS: Record<string, React.ReactNode> = {
  web: <GlobalOutlined />,
  email: <MailOutlined />,
  sms: <MessageOutlined />,
  phone: <PhoneOutlined />,
};

/** Where the case came in (网页 / 邮件 / 短信 / 电话 / a marketplace): a reply goes back the same way. */
export function ChannelTag({ channel }: { channel: string }) {
  const { t } = useI18n();
  return (
    <Tag icon={CHANNEL_ICONS[channel] ?? <ShopOutlined />} data-channel={channel}>
      {enumLabel(t, 'channel', channel)}
    </Tag>
  );
}

export function SegmentTag({ segment }: { segment: string }) {
  const { t } = useI18n();
  return <Tag color={SEGMENT_COLORS[segment] ?? 'default'}>{enumLabel(t, 'segment', segment)}</Tag>;
}

export function SeverityTag({ severity }: { severity: string }) {
  const { t } = useI18n();
  return <Tag color={SEVERITY_COLORS[severity] ?? 'default'}>{enumLabel(t, 'severity', severity)}</Tag>;
}

export function PlainTags({ tags }: { tags: readonly string[] }) {
  if (tags.length === 0) return null;
  return (
    <span className="kefu-tags">
      {tags.map((tag) => (
        <Tag key={tag} variant="filled" color="default">
          {tag}
        </Tag>
      ))}
    </span>
  );
}
