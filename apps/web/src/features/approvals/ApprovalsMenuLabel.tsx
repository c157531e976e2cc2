import { Badge } from 'antd';
import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n.ts';
import { approvalsApi } from './approvalsApi.ts';

const REFRESH_MS = 60_000;
/** Sent by the inbox after a decision, so the badge follows at once instead of at the next minute. */
export const APPROVALS_CHANGED = 'kefu:approvals-changed';

/** The 审批 menu entry with the number of things waiting, looked at again every minute, when the page is shown and after a decision. */
export function ApprovalsMenuLabel() {
  const { t } = useI18n();
  const [waiting, setWaiting] = useState(0);
  useEffect(() => {
    let alive = true;
    const look = () =>
      approvalsApi.count().then(
        (c) => alive && setWaiting(c.total),
        () => undefined,
      );
    void look();
    const timer = setInterval(() => void look(), REFRESH_MS);
    const onShow = () => document.visibilityState === 'visible' && void look();
    const onChange = () => void look();
    document.addEventListener('visibilitychange', onShow);
    window.addEventListener(APPROVALS_CHANGED, onChange);
    return () => {
      alive = false;
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onShow);
      window.removeEventListener(APPROVALS_CHANGED, onChange);
    };
  }, []);
  return (
    <span className="kefu-menu-chat" data-testid="menu-approvals">
      {t('nav.approvals')}
      <Badge count={waiting} size="small" title={String(waiting)} />
    </span>
  );
}
