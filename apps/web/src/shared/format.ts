import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import relativeTime from 'dayjs/plugin/relativeTime';

dayjs.extend(relativeTime);

/** Money is integer fen; shown as ¥12.90. */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const whole = Math.floor(abs / 100).toLocaleString('en-US');
  return `${sign}¥${whole}.${String(abs % 100).padStart(2, '0')}`;
}

export function fromNow(at: string): string {
  return dayjs(at).fromNow();
}

export function dateTime(at: string): string {
  return dayjs(at).format('YYYY-MM-DD HH:mm');
}

export function bytes(size: number): string {
  if (size < 1024) return `${size} B`;
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(1)} KB`;
  return `${(size / 1024 / 1024).toFixed(1)} MB`;
}

export { dayjs };

/** "259.5" or 259.5 yuan → 25950 fen; null when it is not an amount. */
export function fenOf(yuanAmount: number | string | null | undefined): number | null {
  if (yuanAmount === null || yuanAmount === undefined || yuanAmount === '') return null;
  const n = typeof yuanAmount === 'number' ? yuanAmount : Number(yuanAmount);
  if (!Number.isFinite(n) || n < 0) return null;
  return Math.round(n * 100);
}

/** A duration as "1小时5分" / "1h 5m"; minutes are the smallest unit. */
export function duration(ms: number, lang: 'zh' | 'en'): string {
  const minutes = Math.max(0, Math.floor(Math.abs(ms) / 60_000));
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  if (lang === 'zh') return `${d ? `${d}天` : ''}${h ? `${h}小时` : ''}${d ? '' : `${m}分`}`;
  return [d && `${d}d`, h && `${h}h`, !d && `${m}m`].filter(Boolean).join(' ');
}

/** "11-24 16:00" this year, "2025-11-24 16:00" otherwise: for deadlines, where the day and hour matter. */
export function shortDateTime(at: string): string {
  const d = dayjs(at);
  return d.format(d.year() === dayjs().year() ? 'MM-DD HH:mm' : 'YYYY-MM-DD HH:mm');
}
