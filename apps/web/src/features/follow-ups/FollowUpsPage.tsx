import { SettingOutlined } from '@ant-design/icons';
import { LEAD_ROLES } from '@kefu/domain';
import { Button, Flex, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useAuth } from '../../auth.tsx';
import { useI18n } from '../../i18n.ts';
import { FollowUpQueue } from './FollowUpQueue.tsx';
import { FollowUpReportTab } from './FollowUpReportTab.tsx';
import { FollowUpSettingsModal } from './FollowUpSettingsModal.tsx';

/** 回访: my queue for everyone at the desk; everyone's queue, the summary report and the rules for supervisors. */
export function FollowUpsPage() {
  const { t } = useI18n();
  const lead = LEAD_ROLES.includes(useAuth().user.role);
  const [params, setParams] = useSearchParams();
  const [settings, setSettings] = useState(false);
  const tab = params.get('tab') ?? 'mine';
  const items = [
    { key: 'mine', label: t('followUps.tab.mine'), children: <FollowUpQueue scope="mine" /> },
    ...(lead
      ? [
          { key: 'all', label: t('followUps.tab.all'), children: <FollowUpQueue scope="all" /> },
          { key: 'report', label: t('followUps.tab.report'), children: <FollowUpReportTab /> },
        ]
      : []),
  ];
  return (
    <div>
      <Flex justify="space-between" align="baseline" wrap gap={8} style={{ marginBottom: 8 }}>
        <div style={{ maxWidth: 760 }}>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('followUps.title')}
          </Typography.Title>
          <Typography.Text type="secondary" className="kefu-small">
            {t('followUps.hint')}
          </Typography.Text>
        </div>
        {lead && (
          <Button icon={<SettingOutlined />} onClick={() => setSettings(true)} data-testid="follow-up-settings">
            {t('followUps.settings')}
          </Button>
        )}
      </Flex>
      <Tabs
        activeKey={items.some((i) => i.key === tab) ? tab : 'mine'}
        items={items}
        onChange={(key) => setParams({ tab: key }, { replace: true })}
        destroyOnHidden
      />
      {settings && <FollowUpSettingsModal onClose={() => setSettings(false)} />}
    </div>
  );
}
