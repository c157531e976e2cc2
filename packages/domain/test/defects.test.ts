import { describe, expect, it } from 'vitest';
import {
  alarmForCase,
  countsAsDefect,
  DEFAULT_DEFECT_ALARM_SETTINGS,
  defectAlarmMoveRefusal,
  defectContainment,
  defectFeatures,
  defectSimilarity,
  groupDefects,
  reachesThreshold,
  type DefectCase,
} from '../src/index.ts';

// The rules take jieba's cut from the caller; here a small longest-match cutter over the words these texts use
// (the server's test/defect-grouping.test.ts runs the same rules on jieba itself).
const DICTIONARY = [
  '穿了',
  '一次',
  '两次',
  '收到',
  '衣服',
  '外套',
  '质量',
  '问题',
  '袖口',
  '裤腿',
  '卡住',
  '很差',
  '帽子',
  '绳子',
  '纯棉',
  '睡衣',
  '杯口',
  '毛刺',
  '划嘴',
];
function cut(text: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length;) {
    if (/[\s，。！？、,.!?]/.test(text[i]!)) {
      i++;
      continue;
    }
    const word = DICTIONARY.filter((w) => text.startsWith(w, i)).sort((a, b) => b.length - a.length)[0] ?? text[i]!;
    out.push(word);
    i += word.length;
  }
  return out;
}
const features = (text: string, product = '') => defectFeatures(text, cut, product);

const DAY = 86_400_000;
const at = (day: number) => new Date(Date.UTC(2026, 2, 1) + day * DAY);
const aCase = (key: string, text: string, day = 0): DefectCase<string> => ({ key, at: at(day), features: features(text) });

describe('what a description says is wrong', () => {
  it('names the defect however the shopper says it', () => {
    expect(features('拉链坏了')).toContain('拉链问题');
    expect(features('拉锁拉不动')).toContain('拉链问题');
    expect(features('拉链头掉了')).toContain('拉链问题');
    expect(features('颜色和图片颜色不一样')).toContain('色差');
    expect(features('袖口脱线')).toEqual(expect.arrayContaining(['开线', '袖口']));
    expect(features('洗了一次就褪色')).toContain('掉色');
    expect(features('充不进电')).toContain('充电故障');
    // Of overlapping phrasings the longest wins, whatever the lexicon's order: 磨破了 is 磨脚, not 破洞 (破了).
    expect(features('鞋子磨破了')).toEqual(['磨脚']);
    expect(features('鞋底开胶')).toEqual(['开胶']);
  });

  it('leaves out stop words, counts, complaint words and the product its own name', () => {
    expect(features('收到的衣服质量问题很差，穿了两次')).toEqual([]);
    expect(features('纯棉睡衣起球了', '纯棉长袖睡衣')).toEqual(['起球']);
    // A name that holds a defect's word does not name that defect in every case of the product.
    expect(features('纽扣开衫起球了', '纽扣开衫')).toEqual(['起球']);
  });

  it('compares mostly the defects named, then the other words (a character counting half)', () => {
    expect(defectSimilarity(['拉链问题', '坏'], ['拉链问题', '掉'])).toBeCloseTo(0.8);
    expect(defectSimilarity(['杯盖问题', '漏水', '拧紧'], ['漏水'])).toBeCloseTo(0.8 * 0.5);
    expect(defectSimilarity(['拉链问题'], ['色差'])).toBe(0);
    expect(defectSimilarity(['帽子', '绳子', '断'], ['帽子', '绳子'])).toBeCloseTo(2 / 2.5);
    expect(defectSimilarity([], [])).toBe(0);
    expect(defectContainment(['拉链问题', '卡住'], ['拉链问题', '坏'])).toBeCloseTo(0.8);
    expect(defectContainment(['帽子', '断'], ['帽子', '绳子'])).toBeCloseTo(1 / 1.5);
    expect(defectContainment([], ['拉链问题'])).toBe(0);
  });
});

describe('grouping a product cases by defect', () => {
  const cases = [
    aCase('zip-1', '拉链坏了', 0),
    aCase('color-1', '颜色不一样', 0),
    aCase('zip-2', '拉链拉不上', 1),
    aCase('seam-1', '袖口开线了', 1),
    aCase('zip-3', '拉链头掉了', 2),
    aCase('color-2', '色差很大', 3),
    aCase('vague', '质量问题很差', 3),
  ];

  it('puts the same defect together and different defects apart, largest group first', () => {
    const groups = groupDefects(cases);
    expect(groups.map((g) => [g.label, g.cases.map((c) => c.key)])).toEqual([
      ['拉链问题', ['zip-1', 'zip-2', 'zip-3']],
      ['色差', ['color-1', 'color-2']],
      ['开线', ['seam-1']],
    ]);
    expect(groups[0]!.keyWords[0]).toBe('拉链问题');
  });

  it('gives the same groups whatever order the cases come in', () => {
    const shuffled = [cases[4]!, cases[1]!, cases[6]!, cases[0]!, cases[3]!, cases[5]!, cases[2]!];
    expect(groupDefects(shuffled)).toEqual(groupDefects(cases));
  });

  it('groups words of no lexicon defect by their likeness', () => {
    const groups = groupDefects([aCase('a', '杯口有毛刺'), aCase('b', '杯口毛刺划嘴', 1), aCase('c', '拉链坏了')]);
    expect(groups.map((g) => g.cases.map((c) => c.key))).toEqual([['a', 'b'], ['c']]);
    expect(groups[0]).toMatchObject({ label: '杯口、毛刺', keyWords: ['杯口', '毛刺', '划嘴'] });
  });

  it('sends a later case to the live alarm of its defect, or to none', () => {
    const alarms = [
      { id: 1, label: '拉链问题', keyWords: ['拉链问题', '坏', '掉'] },
      { id: 2, label: '色差', keyWords: ['色差'] },
    ];
    expect(alarmForCase(features('拉链卡住了'), alarms)?.id).toBe(1);
    expect(alarmForCase(features('和图片色差太大'), alarms)?.id).toBe(2);
    expect(alarmForCase(features('袖口开线了'), alarms)).toBeNull();
    expect(alarmForCase([], alarms)).toBeNull();
  });
});

describe('the alarm rule', () => {
  const settings = DEFAULT_DEFECT_ALARM_SETTINGS;
  it('is 3 cases within 7 days by default, in any span of 7 days', () => {
    expect(settings).toEqual({ threshold: 3, windowDays: 7 });
    expect(reachesThreshold([at(0), at(3), at(7)], settings)).toBe(true);
    expect(reachesThreshold([at(0), at(3), at(7.5)], settings)).toBe(false);
    expect(reachesThreshold([at(0), at(10), at(12), at(16)], settings)).toBe(true);
    expect(reachesThreshold([at(0), at(1)], settings)).toBe(false);
    expect(reachesThreshold([at(0), at(1)], { threshold: 2, windowDays: 1 })).toBe(true);
  });

  it('moves open → acknowledged → closed, and a closed alarm stays closed', () => {
    expect(defectAlarmMoveRefusal('open', 'acknowledged')).toBeNull();
    expect(defectAlarmMoveRefusal('open', 'closed')).toBeNull();
    expect(defectAlarmMoveRefusal('acknowledged', 'closed')).toBeNull();
    expect(defectAlarmMoveRefusal('acknowledged', 'open')?.code).toBe('invalid_transition');
    expect(defectAlarmMoveRefusal('closed', 'acknowledged')?.message).toContain('stays closed');
  });

  it('counts a case until its root cause says something other than the product', () => {
    expect(countsAsDefect(null)).toBe(true);
    expect(countsAsDefect('product_defect')).toBe(true);
    expect(countsAsDefect('logistics')).toBe(false);
  });
});
