export const median = (values: number[]) => percentile(values, 50);

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/**
 * The pipeline's p50 overhead: the median of (handler − raw replay) over calls made back to back,
 * which a burst of load from elsewhere on the machine shifts far less than it shifts either p50.
 */
export const overheadOf = (w: { handler: number[]; raw: number[] }) => median(w.handler.map((handler, i) => handler - w.raw[i]!));
