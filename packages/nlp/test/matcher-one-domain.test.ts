// A one-domain FAQ (a pyjama shop: 睡衣 in every question) — the word every entry shares must count little, the
// word that tells two entries apart must decide (issue 15).
import { describe, expect, it } from 'vitest';
import { Matcher, type FaqEntry } from '../src/index.ts';

const KINDS = ['纯棉睡衣', '真丝睡衣', '莫代尔睡衣', '法兰绒睡衣', '珊瑚绒睡衣', '儿童睡衣', '情侣睡衣', '孕妇睡衣'];
const TOPICS: [string, string, string[]][] = [
  ['怎么洗', '洗涤', ['能机洗吗', '洗的时候要注意什么']],
  ['会不会起球', '起球', ['穿久了起球吗', '容易起毛球吗']],
  ['尺码偏大还是偏小', '尺码', ['码数准吗', '要不要拍大一码']],
  ['冬天穿冷不冷', '保暖', ['保暖吗', '冬天穿暖和吗']],
];
const entries: (FaqEntry & { id: string })[] = [];
for (const kind of KINDS)
  for (const [q, topic, alts] of TOPICS)
    entries.push({
      id: `${kind}/${topic}`,
      question: `${kind}${q}`,
      alternatives: alts.map((a) => `${kind}${a}`),
      answer: `${kind}的${topic}说明。`,
      category: '睡衣',
    });

const QUESTIONS: [string, string][] = [
  ['真丝睡衣可以放洗衣机洗吗', '真丝睡衣/洗涤'],
  ['莫代尔的睡衣起球不', '莫代尔睡衣/起球'],
  ['法兰绒睡衣暖不暖和', '法兰绒睡衣/保暖'],
  ['儿童睡衣码数偏大吗', '儿童睡衣/尺码'],
  ['孕妇睡衣冬天会冷吗', '孕妇睡衣/保暖'],
  ['情侣睡衣洗涤有什么要求', '情侣睡衣/洗涤'],
  ['珊瑚绒的睡衣容易起球吗', '珊瑚绒睡衣/起球'],
  ['纯棉睡衣尺码准不准', '纯棉睡衣/尺码'],
  ['真丝睡衣起毛球吗', '真丝睡衣/起球'],
  ['法兰绒睡衣能机洗吗', '法兰绒睡衣/洗涤'],
  ['儿童睡衣保暖吗', '儿童睡衣/保暖'],
  ['莫代尔睡衣码数准吗', '莫代尔睡衣/尺码'],
];

describe('a one-domain FAQ', () => {
  const matcher = new Matcher(entries);
  it('has 30+ entries sharing 睡衣', () => {
    expect(entries.length).toBeGreaterThanOrEqual(30);
    expect(entries.every((e) => e.question.includes('睡衣'))).toBe(true);
  });
  it.each(QUESTIONS)('%s → %s (top-1)', (q, id) => {
    const [best, second] = matcher.match(q, { limit: 2, explain: true });
    expect(best!.entry.id).toBe(id);
    // The shared word adds little: the lead over the runner-up is real.
    expect(best!.features!.lead).toBeGreaterThan(0.05);
    expect(best!.score).toBeGreaterThan(second!.score);
  });
  it('weighs the shared word far below the words that separate entries', () => {
    const [withShared] = matcher.match('真丝睡衣怎么洗', { limit: 1, explain: true });
    const [without] = matcher.match('真丝怎么洗', { limit: 1, explain: true });
    expect(withShared!.entry.id).toBe('真丝睡衣/洗涤');
    expect(without!.entry.id).toBe('真丝睡衣/洗涤');
    // Dropping 睡衣 (in every entry) barely moves the score.
    expect(without!.score / withShared!.score).toBeGreaterThan(0.8);
  });
  it('does not answer confidently from the shared word alone', () => {
    const [only] = matcher.match('睡衣', { limit: 1 });
    expect(only === undefined || only.confidence < 0.6).toBe(true);
  });
});
