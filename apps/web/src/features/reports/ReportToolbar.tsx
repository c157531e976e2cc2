import { DownloadOutlined } from '@ant-design/icons';
import { CHANNELS, type RangePreset } from '@kefu/domain';
import { Button, DatePicker, Flex, Segmented, Select, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import { dayjs } from '../../shared/format.ts';
import { useDirectory } from '../../shared/hooks.ts';
import { enumLabel, useI18n, type MessageKey } from '../../i18n.ts';
import { SHOWN_PRESETS, type RangeState } from './useReportRange.ts';

/**
 * The head of a report page: its title, the range (今天 · 本周 · 本月 · 上月 · 自定义), the filters by agent,
 * skill group and channel, and the Excel download of what is shown.
 */
export function ReportToolbar({
  title,
  hint,
  state,
  filters = true,
  excel,
  extra,
}: {
  title: MessageKey;
  hint: MessageKey;
  state: RangeState;
  filters?: boolean;
  excel: string;
  extra?: ReactNode;
}) {
  const { t } = useI18n();
  const { users, groups } = useDirectory();
  const { range, preset } = state;
  const staff = users.filter((u) => u.role === 'agent' || u.role === 'supervisor');
  return (
    <div style={{ marginBottom: 16 }}>
      <Flex justify="space-between" align="baseline" wrap gap={8} style={{ marginBottom: 12 }}>
        <div>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t(title)}
          </Typography.Title>
          <Typography.Text type="secondary" className="kefu-small">
            {t(hint)}
          </Typography.Text>
        </div>
        <Space wrap>
          {extra}
          <Button icon={<DownloadOutlined />} href={excel} data-testid="report-excel">
            {t('reports.exportExcel')}
          </Button>
        </Space>
      </Flex>
      <Flex wrap gap={8} align="center" className="kefu-filters" data-testid="report-filters">
        <Segmented
          value={preset}
          onChange={(value) => {
            if (value !== 'custom') state.setPreset(value as RangePreset);
          }}
          options={[
            ...SHOWN_PRESETS.map((p) => ({ value: p, label: t(`reports.preset.${p}` as MessageKey) })),
            { value: 'custom', label: t('reports.preset.custom') },
          ]}
          data-testid="report-presets"
        />
        <DatePicker.RangePicker
          value={[dayjs(range.from), dayjs(range.to)]}
          allowClear={false}
          disabledDate={(d) => d.isAfter(dayjs().add(1, 'day'), 'day')}
          onChange={(days) => {
            if (days?.[0] && days[1]) state.setCustom(days[0].format('YYYY-MM-DD'), days[1].format('YYYY-MM-DD'));
          }}
          aria-label={t('reports.range')}
          data-testid="report-range"
        />
        {filters && (
          <>
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('reports.filter.agent')}
              style={{ width: 140 }}
              value={range.agentId}
              onChange={(v) => state.setFilter('agentId', v)}
              options={staff.map((u) => ({ value: u.id, label: u.displayName }))}
              data-testid="report-agent"
            />
            <Select
              allowClear
              placeholder={t('reports.filter.group')}
              style={{ width: 140 }}
              value={range.groupId}
              onChange={(v) => state.setFilter('groupId', v)}
              options={groups.map((g) => ({ value: g.id, label: g.name }))}
              data-testid="report-group"
            />
            <Select
              allowClear
              placeholder={t('reports.filter.channel')}
              style={{ width: 120 }}
              value={range.channel}
              onChange={(v) => state.setFilter('channel', v)}
              options={CHANNELS.map((c) => ({ value: c, label: enumLabel(t, 'channel', c) }))}
              data-testid="report-channel"
            />
          </>
        )}
      </Flex>
    </div>
  );
}
