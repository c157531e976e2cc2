import { App, InputNumber } from 'antd';
import { useEffect, useState } from 'react';
import { errorText } from '../../shared/errors.ts';
import { useI18n } from '../../i18n.ts';
import { staffApi, type StaffMember } from './staffApi.ts';

const DESK = ['agent', 'supervisor', 'admin'];

/** The maximum of concurrent chats, edited in place (saved on blur or Enter) where the viewer may set it. */
export function MaxChatsCell({ member, editable, onSaved }: { member: StaffMember; editable: boolean; onSaved(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [value, setValue] = useState<number | null>(member.maxChats);
  const [busy, setBusy] = useState(false);
  useEffect(() => setValue(member.maxChats), [member.maxChats]);

  if (!DESK.includes(member.role)) return <span className="kefu-muted">{t('staff.notAtDesk')}</span>;
  if (!editable) return <span>{member.maxChats}</span>;

  async function save() {
    if (value === null || value === member.maxChats) {
      setValue(member.maxChats);
      return;
    }
    setBusy(true);
    try {
      await staffApi.setMaxChats(member.id, value);
      void message.success(t('staff.maxChatsSaved', { name: member.displayName, n: value }));
      onSaved();
    } catch (err) {
      void message.error(errorText(t, err));
      setValue(member.maxChats);
    } finally {
      setBusy(false);
    }
  }

  return (
    <InputNumber
      size="small"
      min={1}
      max={50}
      precision={0}
      value={value}
      disabled={busy}
      onChange={(v) => setValue(v)}
      onBlur={() => void save()}
      onPressEnter={() => void save()}
      style={{ width: 72 }}
      aria-label={t('staff.maxChats')}
      data-testid="staff-max-chats"
    />
  );
}
