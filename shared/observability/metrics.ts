// CloudWatch metrics as embedded metric format (EMF): properties of a log line that CloudWatch
// Logs turns into metrics, so counting costs no API call and no time in the request. Powertools'
// Metrics writes the same format; at 15 KB it would be a fifth of what our code adds to a bundle.
export const METRIC_NAMESPACE = 'Orgspace';

export type MetricUnit = 'Count' | 'Milliseconds';

/** Metrics that share one set of dimensions: their values, and the dimension values, are properties of the line. */
export interface MetricSet {
  dimensions: readonly string[];
  metrics: Readonly<Record<string, MetricUnit>>;
}

/** The `_aws` member that makes a log line carry these metrics. */
export function embeddedMetrics(sets: readonly MetricSet[], timestamp = Date.now()) {
  return {
    _aws: {
      Timestamp: timestamp,
      CloudWatchMetrics: sets.map((set) => ({
        Namespace: METRIC_NAMESPACE,
        Dimensions: [set.dimensions],
        Metrics: Object.entries(set.metrics).map(([Name, Unit]) => ({ Name, Unit })),
      })),
    },
  };
}

/**
 * The product's own counts (orgs created, emails retried), without dimensions: one number per
 * metric for the whole deployment. A metric's value is a property of the line, so one line can
 * carry several.
 */
export const businessMetrics = (counts: Readonly<Record<string, number>>) => ({
  ...embeddedMetrics([{ dimensions: [], metrics: Object.fromEntries(Object.keys(counts).map((name) => [name, 'Count' as const])) }]),
  ...counts,
});
