import { Badge } from 'antd';
import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n.ts';
import { defectsApi } from './defectsApi.ts';

const REFRESH_MS = 60_000;

/** The 质量预警 menu entry with the number of open alarms, looked at again every minute and when the page is shown. */
export function DefectAlarmMenuLabel() {
  const { t } = useI18n();
  const [open, setOpen] = useState(0);
  useEffect(() => {
    let alive = true;
    const look = () =>
      defectsApi.list('open').then(
        (r) => alive && setOpen(r.counts.open),
        () => undefined,
      );
    void look();
    const timer = setInterval(() => void look(), REFRESH_MS);
    const onShow = () => document.visibilityState === 'visible' && void look();
    document.addEventListener('visibilitychange', onShow);
    return () => {
      alive = false;
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onShow);
    };
  }, []);
  return (
    <span className="kefu-menu-chat" data-testid="menu-alarms">
      {t('nav.reportsAlarms')}
      <Badge count={open} size="small" title={String(open)} />
    </span>
  );
}
