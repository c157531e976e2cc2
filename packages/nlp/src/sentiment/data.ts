// Reading the labelled review file (`category,label,review`, 1 = positive) used for training and the benchmark.
import { readFileSync } from 'node:fs';
import type { LabelledReview } from './train.ts';

/** Where the training data lives in a checkout: shared/data beside the repository (or $KEFU_DATA_DIR). */
export function defaultReviewsPath(): string {
  const dir = process.env.KEFU_DATA_DIR ?? new URL('../../../../../shared/data/', import.meta.url).pathname;
  return `${dir.replace(/\/$/, '')}/reviews/online_shopping_reviews.csv`;
}

/** Minimal RFC 4180 parser: quoted fields, doubled quotes, CRLF or LF. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let quoted = false;
  for (; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

export function loadReviews(path: string = defaultReviewsPath()): LabelledReview[] {
  const rows = parseCsv(readFileSync(path, 'utf8'));
  const header = rows.shift() ?? [];
  const col = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`${path}: no "${name}" column`);
    return i;
  };
  const [ci, li, ri] = [col('category'), col('label'), col('review')];
  const out: LabelledReview[] = [];
  for (const r of rows) {
    const label = r[li]?.trim();
    const text = r[ri] ?? '';
    if ((label !== '0' && label !== '1') || text.trim() === '') continue;
    out.push({ category: r[ci] ?? '', negative: label === '0', text });
  }
  return out;
}
