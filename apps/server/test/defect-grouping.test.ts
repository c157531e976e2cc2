import { defectFeatures, groupDefects } from '@kefu/domain';
import { words } from '@kefu/text';
import { describe, expect, it } from 'vitest';

// The quality alarm's grouping on jieba, as the server runs it: shoppers' own phrasings of the demo shop's products,
// each with the group it belongs to. Cases that name nothing wrong ("质量太差了") are in no group.
const TABLE: Record<string, [group: string | null, text: string][]> = {
  加厚摇粒绒外套: [
    ['zip', '拉链坏了'],
    ['zip', '拉链拉不上，卡在一半'],
    ['zip', '拉链头掉了，没法穿'],
    ['zip', '刚收到拉锁就拉不动了'],
    ['zip', '外套拉链质量太差，拉两下就卡住'],
    ['pill', '穿了两次就起球了'],
    ['pill', '袖子上全是小毛球'],
    ['shed', '掉毛很严重，黑裤子上粘的都是毛'],
    ['shed', '一直掉绒，沾得满身都是'],
    ['color', '颜色不一样，和图片差很多'],
    ['color', '实物颜色偏暗，有色差'],
    ['color', '收到的颜色跟图片颜色不同'],
    ['seam', '袖口开线了'],
    ['seam', '腋下缝线开了一个口子'],
    ['hood', '帽子的抽绳断了'],
    ['hood', '帽子抽绳一拉就断'],
    [null, '质量太差了，很失望'],
  ],
  '不锈钢保温杯 500ml': [
    ['warm', '保温效果很差，倒的热水两个小时就凉了'],
    ['warm', '不保温，早上装的开水中午就凉了'],
    ['leak', '杯子漏水，盖子拧紧了还是往外渗水'],
    ['leak', '杯盖漏水，放包里全湿了'],
    ['leak', '倒过来就滴水'],
    ['rust', '杯身生锈了'],
    // No defect of the lexicon: grouped by the words every case says.
    ['burr', '杯口有毛刺，喝水划嘴'],
    ['burr', '杯口毛刺划到嘴了'],
    ['burr', '杯口一圈毛刺'],
  ],
  '电热暖手宝 充电款': [
    ['charge', '充不进电，充了一晚上指示灯都不亮'],
    ['charge', '充电没反应'],
    ['charge', '电池鼓包了'],
    ['heat', '用了三天就不发热了'],
    ['heat', '一点都不热，温度不够'],
    ['heat', '加热很慢，半天都不暖'],
  ],
  轻便透气跑步鞋: [
    ['glue', '鞋底开胶了'],
    ['glue', '穿了一周鞋头就开胶'],
    ['glue', '鞋底脱胶，走路啪嗒啪嗒'],
    ['rub', '磨脚，后跟都磨破了'],
  ],
};

const LABELS: Record<string, string> = {
  zip: '拉链问题',
  pill: '起球',
  shed: '掉毛',
  color: '色差',
  seam: '开线',
  hood: '抽绳问题',
  burr: '杯口、毛刺',
  warm: '不保温',
  leak: '漏水',
  rust: '生锈',
  charge: '充电故障',
  heat: '不发热',
  glue: '开胶',
  rub: '磨脚',
};

describe('grouping complaints by defect, on jieba', () => {
  it('has a realistic table: 20+ phrasings over several products and defects', () => {
    expect(Object.values(TABLE).flat().length).toBeGreaterThanOrEqual(30);
  });

  for (const [product, rows] of Object.entries(TABLE)) {
    it(`groups ${product}'s cases as expected, each group under its defect's name`, () => {
      const cases = rows.map(([group, text], i) => ({
        key: { group, text },
        at: new Date(Date.UTC(2026, 2, 1, 0, i)),
        features: defectFeatures(text, words, product),
      }));
      const groups = groupDefects(cases);
      const found = groups.map((g) => ({ label: g.label, texts: g.cases.map((c) => c.key.text).sort() }));
      const expected = [...new Set(rows.flatMap(([group]) => (group ? [group] : [])))].map((group) => ({
        label: LABELS[group],
        texts: rows
          .filter(([g]) => g === group)
          .map(([, text]) => text)
          .sort(),
      }));
      expect(found.sort((a, b) => a.label!.localeCompare(b.label!))).toEqual(expected.sort((a, b) => a.label!.localeCompare(b.label!)));
    });
  }

  it("leaves the product's own name out of what a case says", () => {
    expect(defectFeatures('保温杯不保温', words, '不锈钢保温杯 500ml')).toEqual(['不保温']);
    expect(defectFeatures('这件摇粒绒外套起球', words, '加厚摇粒绒外套')).toEqual(['起球']);
  });
});
