import { recommendSize, type SizeRow } from './products.ts';

/** The product the shopper's page shows, as the bot needs it to answer "这件有M码吗". */
export interface PageProduct {
  name: string;
  sizeChart: readonly SizeRow[];
  /** Units in stock; null when not kept. */
  stock: number | null;
}

const SIZE_QUESTION = /码|尺码|尺寸|大小|多大|穿.{0,3}(号|码)|\b(xxs|xs|s|m|l|xl|xxl|xxxl|[2-5]xl)\b|(身高|体重|\d{2,3}\s*(cm|厘米|斤|kg|公斤))/i;

/** Whether a message asks about sizes (which size, is there an M, 170 60kg 穿多大). */
export function asksAboutSize(text: string): boolean {
  return SIZE_QUESTION.test(text.normalize('NFKC'));
}

/** Height (cm) and weight (kg) a shopper gives: "170 60kg", "身高165体重100斤", "1米7 120斤", "160cm 50公斤". */
export function bodyOf(text: string): { heightCm: number; weightKg: number } | null {
  const s = text.normalize('NFKC').toLowerCase();
  let height: number | undefined;
  let weight: number | undefined;
  const metres = /1(?:\.(\d{1,2})\s*m|米(\d{1,2}))/.exec(s);
  if (metres) height = 100 + Number((metres[1] ?? metres[2]!).padEnd(2, '0'));
  const jin = /(\d{2,3}(?:\.\d)?)\s*斤/.exec(s);
  const kg = /(\d{2,3}(?:\.\d)?)\s*(kg|公斤|千克)/.exec(s);
  if (jin) weight = Number(jin[1]) / 2;
  else if (kg) weight = Number(kg[1]);
  for (const m of s.matchAll(/(?<![\d.])(\d{2,3}(?:\.\d)?)(?![\d.]|\s*(斤|kg|公斤|千克|m\b))/g)) {
    const v = Number(m[1]);
    if (height === undefined && v >= 120 && v <= 210) height = v;
    else if (weight === undefined && v >= 30 && v <= 150) weight = v;
  }
  return height !== undefined && weight !== undefined ? { heightCm: height, weightKg: weight } : null;
}

const SIZE_LABEL = /(?:^|[^a-z])(xxxl|xxl|xl|[2-5]xl|xxs|xs|s|m|l)(?:码|号)?(?![a-z])/i;

const range = (r: SizeRow) => `身高 ${r.heightMin}-${r.heightMax}cm、体重 ${r.weightMin}-${r.weightMax}kg`;

/**
 * The bot's answer to a size question about the product on the shopper's page, from its size chart: the size for
 * the height and weight given, whether a named size exists (and whom it fits), or the chart; null when the
 * product has no chart or the message is not about sizes.
 */
export function productSizeReply(text: string, product: PageProduct): string | null {
  if (product.sizeChart.length === 0 || !asksAboutSize(text)) return null;
  const chart = [...product.sizeChart].sort((a, b) => a.heightMin - b.heightMin);
  const all = chart.map((r) => r.size).join(' / ');
  const body = bodyOf(text);
  if (body) {
    const advice = recommendSize(chart, body.heightCm, body.weightKg);
    if (advice) {
      const note =
        advice.fit === 'exact'
          ? ''
          : advice.fit === 'between'
            ? '（您在两个尺码之间，建议选大一码更宽松）'
            : '（不在尺码表范围内，这是最接近的尺码）';
      return `亲，按身高 ${body.heightCm}cm、体重 ${body.weightKg}kg，「${product.name}」建议选 ${advice.size} 码${note}。`;
    }
  }
  const named = SIZE_LABEL.exec(text.normalize('NFKC'))?.[1]?.toUpperCase();
  if (named) {
    const row = chart.find((r) => r.size.toUpperCase() === named);
    if (!row) return `亲，「${product.name}」没有 ${named} 码，现有尺码：${all}。`;
    const soldOut = product.stock === 0 ? '，不过目前暂时缺货' : '';
    const sizes = row.measurements
      ? `，${Object.entries(row.measurements)
          .map(([k, v]) => `${k} ${v}`)
          .join('，')}`
      : '';
    return `亲，「${product.name}」有 ${row.size} 码${soldOut}：适合${range(row)}${sizes}。`;
  }
  return `亲，「${product.name}」的尺码：${chart.map((r) => `${r.size}（${range(r)}）`).join('；')}。告诉我您的身高体重，帮您推荐尺码～`;
}
