import { describe, expect, it } from 'vitest';
import { recommendSize, type SizeRow } from '../src/index.ts';

const chart: SizeRow[] = [
  { size: 'S', heightMin: 150, heightMax: 160, weightMin: 40, weightMax: 50 },
  { size: 'M', heightMin: 160, heightMax: 168, weightMin: 50, weightMax: 60 },
  { size: 'L', heightMin: 168, heightMax: 175, weightMin: 60, weightMax: 70 },
  { size: 'XL', heightMin: 175, heightMax: 185, weightMin: 70, weightMax: 85 },
];

describe('size recommendation', () => {
  it('picks the row both height and weight fall in', () => {
    expect(recommendSize(chart, 165, 55)).toEqual({ size: 'M', fit: 'exact', reason: 'both' });
  });
  it('picks the larger size when height and weight disagree', () => {
    expect(recommendSize(chart, 158, 63)).toEqual({ size: 'L', fit: 'between', reason: 'weight' });
    expect(recommendSize(chart, 178, 55)).toEqual({ size: 'XL', fit: 'between', reason: 'height' });
  });
  it('takes the rows in any order', () => {
    expect(recommendSize([...chart].reverse(), 158, 63)).toEqual({ size: 'L', fit: 'between', reason: 'weight' });
  });
  it('falls back to the closest row outside the chart', () => {
    expect(recommendSize(chart, 190, 95)?.size).toBe('XL');
    expect(recommendSize(chart, 140, 35)?.size).toBe('S');
    expect(recommendSize([], 170, 60)).toBeNull();
  });
});
