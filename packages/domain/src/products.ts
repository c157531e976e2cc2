/** A size chart (尺码表) row: the body a size is made for, with the garment's measurements for display. */
export interface SizeRow {
  size: string;
  heightMin: number;
  heightMax: number;
  weightMin: number;
  weightMax: number;
  measurements?: Record<string, string>;
}

export interface SizeAdvice {
  size: string;
  fit: 'exact' | 'between' | 'nearest';
  reason: 'both' | 'height' | 'weight' | 'closest';
}

const gap = (v: number, min: number, max: number) => (v < min ? min - v : v > max ? v - max : 0);

/**
 * The size to recommend for a shopper's height (cm) and weight (kg): the row both fall in; when height and
 * weight point at different rows, the larger of the two (a loose fit beats a tight one); else the closest row.
 * Rows may come in any order; sizes are ordered by the body they fit.
 */
export function recommendSize(rows: readonly SizeRow[], heightCm: number, weightKg: number): SizeAdvice | null {
  if (rows.length === 0) return null;
  const chart = [...rows].sort((a, b) => a.heightMin - b.heightMin || a.weightMin - b.weightMin);
  const both = chart.findIndex((r) => gap(heightCm, r.heightMin, r.heightMax) === 0 && gap(weightKg, r.weightMin, r.weightMax) === 0);
  if (both >= 0) return { size: chart[both]!.size, fit: 'exact', reason: 'both' };
  const byHeight = chart.findIndex((r) => gap(heightCm, r.heightMin, r.heightMax) === 0);
  const byWeight = chart.findIndex((r) => gap(weightKg, r.weightMin, r.weightMax) === 0);
  if (byHeight >= 0 && byWeight >= 0) {
    const larger = Math.max(byHeight, byWeight);
    return { size: chart[larger]!.size, fit: 'between', reason: larger === byWeight ? 'weight' : 'height' };
  }
  let best = 0;
  let bestGap = Infinity;
  chart.forEach((r, i) => {
    // Ten centimetres count as much as five kilograms.
    const g = gap(heightCm, r.heightMin, r.heightMax) / 10 + gap(weightKg, r.weightMin, r.weightMax) / 5;
    if (g < bestGap) {
      bestGap = g;
      best = i;
    }
  });
  return { size: chart[best]!.size, fit: 'nearest', reason: 'closest' };
}
