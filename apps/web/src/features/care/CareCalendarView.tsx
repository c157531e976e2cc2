import { List, Space, Tag, Typography } from 'antd';
import { enumLabel, useI18n } from '../../i18n.ts';
import { useAsync } from '../../shared/hooks.ts';
import { PageState } from '../../shared/PageState.tsx';
import { careApi } from './careApi.ts';

const WEEKDAYS_ZH = ['日', '一', '二', '三', '四', '五', '六'];

/** The next 30 days: each day's holidays and the greetings due, with how many customers each reaches. */
export function CareCalendarView() {
  const { t, lang } = useI18n();
  const data = useAsync(() => careApi.calendar(30), []);
  if (!data.data) return <PageState loading={data.loading} error={data.error} onRetry={data.reload} />;
  const days = data.data.days.filter((d) => d.holidays.length || d.greetings.length);
  const weekday = (day: string) => {
    const w = new Date(`${day}T00:00:00Z`).getUTCDay();
    return lang === 'zh' ? `周${WEEKDAYS_ZH[w]}` : new Date(`${day}T00:00:00Z`).toLocaleDateString('en-US', { weekday: 'short', timeZone: 'UTC' });
  };
  return (
    <div style={{ maxWidth: 900 }}>
      <Typography.Paragraph type="secondary">{t('care.calendar.hint')}</Typography.Paragraph>
      <List
        bordered
        dataSource={days}
        locale={{ emptyText: t('care.calendar.empty') }}
        data-testid="care-calendar"
        renderItem={(d) => (
          <List.Item>
            <Space align="start" size={24} style={{ width: '100%' }}>
              <div style={{ width: 130 }}>
                <Typography.Text strong>{d.day}</Typography.Text> <Typography.Text type="secondary">{weekday(d.day)}</Typography.Text>
                <div>
                  {d.holidays.map((h) => (
                    <Tag color="red" key={h}>
                      {h}
                    </Tag>
                  ))}
                </div>
              </div>
              <Space direction="vertical" size={2}>
                {d.greetings.map((g) => (
                  <span key={g.campaignId}>
                    <Tag color="orange">{enumLabel(t, 'care.occasion', g.occasion)}</Tag>
                    <Typography.Text>{g.name}</Typography.Text>
                    {g.occasionDay !== d.day && <Typography.Text type="secondary">{t('care.calendar.for', { day: g.occasionDay })}</Typography.Text>}
                    <Typography.Text strong style={{ marginLeft: 8 }}>
                      {t('care.calendar.customers', { n: g.customers.toLocaleString() })}
                    </Typography.Text>
                  </span>
                ))}
              </Space>
            </Space>
          </List.Item>
        )}
      />
    </div>
  );
}
