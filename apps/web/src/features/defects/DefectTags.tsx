import type { DefectAlarmState } from '@kefu/domain';
import { Space, Tag } from 'antd';
import { useI18n } from '../../i18n.ts';

const STATE_COLOR: Record<DefectAlarmState, string> = { open: 'red', acknowledged: 'orange', closed: 'default' };

export function AlarmStateTag({ state }: { state: DefectAlarmState }) {
  const { t } = useI18n();
  return (
    <Tag color={STATE_COLOR[state]} data-testid="alarm-state">
      {t(`defects.state.${state}`)}
    </Tag>
  );
}

/** An alarm's key words without those its name already says ("拉链问题", or "杯口、毛刺"). */
export const wordsBesideDefect = (alarm: { defect: string; keyWords: string[] }) =>
  alarm.keyWords.filter((w) => !alarm.defect.split('、').includes(w));

/** What the cases say, as quiet tags. */
export function KeyWords({ words }: { words: string[] }) {
  return (
    <Space size={[4, 4]} wrap>
      {words.map((w) => (
        <Tag key={w} variant="outlined" style={{ marginInlineEnd: 0 }}>
          {w}
        </Tag>
      ))}
    </Space>
  );
}
