import type { EgressMetrics } from '../metrics/catalogue.js';

/** Events each sink has published so far, read from the metrics registry. */
export async function publishedPerSink(metrics: EgressMetrics): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const value of (await metrics.published.get()).values) {
    const sink = String(value.labels.sink);
    counts.set(sink, (counts.get(sink) ?? 0) + value.value);
  }
  return counts;
}

/** Resolves with the elapsed milliseconds once every sink has published what it should. */
export async function waitForPublished(
  metrics: EgressMetrics,
  want: ReadonlyMap<string, number>,
  startedMs: number,
  timeoutMs: number,
  onProgress?: (counts: ReadonlyMap<string, number>) => void,
): Promise<number | undefined> {
  let lastReportMs = Date.now();
  while (Date.now() - startedMs < timeoutMs) {
    const counts = await publishedPerSink(metrics);
    if (onProgress && Date.now() - lastReportMs >= 2_000) {
      lastReportMs = Date.now();
      onProgress(counts);
    }
    if ([...want].every(([sink, count]) => (counts.get(sink) ?? 0) >= count))
      return Date.now() - startedMs;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return undefined;
}
