import { Flex, Tabs, Typography } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { useAuth } from '../../auth.tsx';
import { useI18n } from '../../i18n.ts';
import { NotificationTemplates } from './NotificationTemplates.tsx';
import { OutreachSettingsForm } from './OutreachSettingsForm.tsx';
import { SendLog } from './SendLog.tsx';

const TABS = ['log', 'settings', 'templates'] as const;

/** 触达设置与记录 (supervisors read, admins edit): the send log, the sending rules, the shopper notification templates. */
export function OutreachPage() {
  const { t } = useI18n();
  const admin = useAuth().user.role === 'admin';
  const [params, setParams] = useSearchParams();
  const tab = TABS.find((x) => x === params.get('tab')) ?? 'log';
  return (
    <div>
      <Flex vertical style={{ marginBottom: 16, maxWidth: 860 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('outreach.title')}
        </Typography.Title>
        <Typography.Text type="secondary" className="kefu-small">
          {t('outreach.hint')}
        </Typography.Text>
      </Flex>
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams(key === 'log' ? {} : { tab: key }, { replace: true })}
        destroyOnHidden
        items={[
          { key: 'log', label: t('outreach.tab.log'), children: <SendLog /> },
          { key: 'settings', label: t('outreach.tab.settings'), children: <OutreachSettingsForm editable={admin} /> },
          { key: 'templates', label: t('outreach.tab.templates'), children: <NotificationTemplates editable={admin} /> },
        ]}
      />
    </div>
  );
}
