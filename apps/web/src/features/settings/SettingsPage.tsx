import { Alert, Card, Tabs, Typography } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { useAuth } from '../../auth.tsx';
import { useI18n, type MessageKey } from '../../i18n.ts';
import { BotTab } from './BotTab.tsx';
import { IndexTab } from './IndexTab.tsx';
import { PhrasesTab } from './PhrasesTab.tsx';
import { PolicyTab } from './PolicyTab.tsx';
import { QuickRepliesTab } from './QuickRepliesTab.tsx';
import { ShopTab } from './ShopTab.tsx';
import './settings.css';

type TabKey = 'index' | 'shop' | 'policy' | 'bot' | 'quickReplies' | 'phrases';

/** 设置: everything a shop configures, one tab each (admins edit, supervisors read), and the way to the other admin pages. */
export function SettingsPage() {
  const { t } = useI18n();
  const { user } = useAuth();
  const admin = user.role === 'admin';
  const [params, setParams] = useSearchParams();
  // The shop (its key and secret) and the bot are the shop owner's; supervisors see the rest.
  const tabs: { key: TabKey; children: React.ReactNode }[] = [
    { key: 'index', children: <IndexTab /> },
    ...(admin ? [{ key: 'shop' as const, children: <ShopTab /> }] : []),
    { key: 'policy', children: <PolicyTab canEdit={admin} /> },
    ...(admin ? [{ key: 'bot' as const, children: <BotTab /> }] : []),
    { key: 'quickReplies', children: <QuickRepliesTab /> },
    { key: 'phrases', children: <PhrasesTab /> },
  ];
  const asked = params.get('tab');
  const active = tabs.find((tab) => tab.key === asked)?.key ?? 'index';

  return (
    <Card>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('settings.title')}
      </Typography.Title>
      <Typography.Text type="secondary" className="kefu-small">
        {t('settings.hint')}
      </Typography.Text>
      {!admin && active === 'policy' && <Alert type="info" showIcon title={t('settings.readOnly')} style={{ marginTop: 16 }} />}
      <Tabs
        activeKey={active}
        onChange={(key) => setParams(key === 'index' ? {} : { tab: key }, { replace: true })}
        items={tabs.map((tab) => ({ key: tab.key, label: t(`settings.tab.${tab.key}` as MessageKey), children: tab.children }))}
        destroyOnHidden
        style={{ marginTop: 8 }}
        data-testid="settings-tabs"
      />
    </Card>
  );
}
