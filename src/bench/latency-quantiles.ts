import type { Histogram } from 'prom-client';

/**
 * Quantiles of a prom-client histogram, summed over the label sets that match
 * `labels`, read as
 * the upper bound of the bucket the quantile falls in (what Prometheus's
 * histogram_quantile would give, without its interpolation).
 */
export async function histogramQuantiles(
  histogram: Histogram,
  quantiles: readonly number[],
  labels: Record<string, string> = {},
): Promise<Map<number, number | undefined>> {
  const cumulative = new Map<number, number>();
  let total = 0;
  for (const value of (await histogram.get()).values) {
    if (Object.entries(labels).some(([name, wanted]) => value.labels[name] !== wanted)) continue;
    if (value.metricName?.endsWith('_bucket')) {
      const bound = Number(value.labels.le);
      cumulative.set(bound, (cumulative.get(bound) ?? 0) + value.value);
    } else if (value.metricName?.endsWith('_count')) {
      total += value.value;
    }
  }
  const bounds = [...cumulative.keys()].sort((a, b) => a - b);
  const result = new Map<number, number | undefined>();
  for (const quantile of quantiles) {
    const wanted = quantile * total;
    result.set(
      quantile,
      total === 0 ? undefined : bounds.find((bound) => (cumulative.get(bound) ?? 0) >= wanted),
    );
  }
  return result;
}
