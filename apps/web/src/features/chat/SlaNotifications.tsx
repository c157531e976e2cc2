/**
 * Service-level warnings and breaches, on every page of a desk user (mounted by the app shell): an in-app
 * notification per warning or breach (a burst grouped: a few, then "另有 N 项超时"), a beep for breaches, and a
 * desktop notification while the tab is hidden. They come over the chat store's agent socket, the tab's only one.
 */
import { App, Button } from 'antd';
import { useEffect, useRef } from 'react';
import { useNavigate } from 'react-router-dom';
import { LEAD_ROLES, useAuth } from '../../auth.tsx';
import { enumLabel, useI18n, type Translate } from '../../i18n.ts';
import { dayjs } from '../../shared/format.ts';
import { askNotificationPermission, beep, desktopNotify, unlockAudio } from './notify.ts';
import { SlaBurst, slaTarget, type SlaFrame, type SlaGroup } from './sla-alerts.ts';
import { chatStore } from './store.ts';

const headline = (t: Translate, f: SlaFrame) =>
  `${t(f.event === 'breached' ? 'chat.sla.breached' : 'chat.sla.warned')} · ${enumLabel(t, 'sla.metric', f.metric)}`;

function moreText(t: Translate, more: SlaGroup['more']): string | null {
  const n = more.breached + more.warned;
  if (!n) return null;
  return t(more.warned === 0 ? 'chat.sla.moreBreached' : more.breached === 0 ? 'chat.sla.moreWarned' : 'chat.sla.moreMixed', { n });
}

export function SlaNotifications() {
  const { notification } = App.useApp();
  const { t } = useI18n();
  const navigate = useNavigate();
  const store = chatStore();
  const lead = LEAD_ROLES.includes(useAuth().user.role);
  // Read when a burst is shown: a page change (a new navigate) or another language must not drop a burst on its way.
  const ui = useRef({ notification, t, navigate, lead });
  ui.current = { notification, t, navigate, lead };

  // Browsers allow sound, and ask about desktop notifications, only after a user gesture: the first one anywhere.
  useEffect(() => {
    const first = () => {
      unlockAudio();
      askNotificationPermission();
    };
    window.addEventListener('pointerdown', first, { once: true });
    window.addEventListener('keydown', first, { once: true });
    return () => {
      window.removeEventListener('pointerdown', first);
      window.removeEventListener('keydown', first);
    };
  }, []);

  useEffect(() => {
    const open = (f: SlaFrame) => {
      const { notification, navigate } = ui.current;
      notification.destroy(`sla-${f.clockId}`);
      const target = slaTarget(f);
      navigate(target.path);
      if (target.conversationId !== undefined) store.select(target.conversationId);
    };
    const show = (group: SlaGroup) => {
      const { notification, t, navigate, lead } = ui.current;
      // The newest notification shows on top: the count first, the most urgent last.
      const more = moreText(t, group.more);
      if (more)
        notification.open({
          key: 'sla-more',
          type: 'warning',
          title: more,
          // Supervisors see them all on the board.
          actions: lead && (
            <Button
              size="small"
              type="link"
              onClick={() => {
                notification.destroy('sla-more');
                navigate('/sla/board');
              }}
            >
              {t('chat.sla.board')}
            </Button>
          ),
          duration: 20,
          props: { 'data-testid': 'sla-more' },
        });
      for (const f of [...group.shown].reverse()) {
        const target = slaTarget(f);
        notification.open({
          // One per clock: its breach replaces its warning.
          key: `sla-${f.clockId}`,
          type: f.event === 'breached' ? 'error' : 'warning',
          title: headline(t, f),
          description: `${f.title} · ${t('chat.sla.due', { at: dayjs(f.dueAt).format('MM-DD HH:mm') })}`,
          actions: (
            <Button size="small" type="link" onClick={() => open(f)} data-testid="sla-open">
              {t(target.conversationId !== undefined ? 'chat.sla.openChat' : f.ticketId !== null ? 'chat.sla.openTicket' : 'chat.sla.open')}
            </Button>
          ),
          duration: f.event === 'breached' ? 20 : 10,
          props: { 'data-testid': 'sla-notification' },
        });
      }
      if (group.shown.some((f) => f.event === 'breached')) beep();
      if (document.hidden) {
        const [top] = group.shown;
        const n = group.shown.length + group.more.breached + group.more.warned;
        if (top) desktopNotify(n === 1 ? headline(t, top) : t('chat.sla.desktopMany', { n }), top.title, 'kefu-sla', () => open(top));
      }
    };
    const burst = new SlaBurst(show);
    const off = store.sla.subscribe((f) => burst.add(f));
    return () => {
      off();
      burst.stop();
    };
  }, [store]);

  return null;
}
