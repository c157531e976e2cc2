import { Flex, Tabs, Typography } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { useI18n } from '../../i18n.ts';
import { CampaignList } from './CampaignList.tsx';
import { CareCalendarView } from './CareCalendarView.tsx';
import { CareSendLogView } from './CareSendLogView.tsx';
import { CouponDefinitions } from './CouponDefinitions.tsx';

const TABS = ['campaigns', 'calendar', 'coupons', 'log'] as const;

/** 客户关怀 (supervisors and admins): campaigns with their templates, the coming greetings, coupons, the send log. */
export function CarePage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const tab = TABS.find((x) => x === params.get('tab')) ?? 'campaigns';
  return (
    <div>
      <Flex vertical style={{ marginBottom: 16, maxWidth: 900 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('care.title')}
        </Typography.Title>
        <Typography.Text type="secondary" className="kefu-small">
          {t('care.hint')}
        </Typography.Text>
      </Flex>
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams(key === 'campaigns' ? {} : { tab: key }, { replace: true })}
        destroyOnHidden
        items={[
          { key: 'campaigns', label: t('care.tab.campaigns'), children: <CampaignList /> },
          { key: 'calendar', label: t('care.tab.calendar'), children: <CareCalendarView /> },
          { key: 'coupons', label: t('care.tab.coupons'), children: <CouponDefinitions /> },
          { key: 'log', label: t('care.tab.log'), children: <CareSendLogView /> },
        ]}
      />
    </div>
  );
}
