import { defectFeatures } from '@kefu/domain';
import { words } from '@kefu/text';

const TOP_WORDS = 8;
/** Words about the service's course rather than the goods ("说好今天发货", "转工单"): noise in a product's list. */
const PROCESS_WORDS = new Set(['今天', '明天', '昨天', '在线', '说好', '转工', '工单', '一个月', '多次', '不到', '对方', '联系', '回复', '答复']);

/**
 * The words that come up most in a product's cases (jieba): the defects the lexicon names ("起球", "开线") and the
 * content words left, with the stop words and the product's own name words out (the defect alarm's features). A text
 * counts a word once, so one long rant does not outweigh ten short cases.
 */
export function topWords(texts: readonly string[], productName = '', limit = TOP_WORDS): { word: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const text of texts) {
    for (const word of defectFeatures(text, words, productName)) {
      // Single characters ("坏", "大") say little alone in a list a manager reads.
      if ([...word].length > 1 && !PROCESS_WORDS.has(word)) counts.set(word, (counts.get(word) ?? 0) + 1);
    }
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'zh'))
    .slice(0, limit)
    .map(([word, count]) => ({ word, count }));
}
