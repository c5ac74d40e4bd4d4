import { Readable } from 'node:stream';
import { getMetricsFromStream, type PromHistogramData, type PromLabels, type PromMetrics } from 'prom2javascript';

/** A /metrics scrape read by a Prometheus text-format parser (which rejects malformed lines and histograms). */
export interface Scrape {
  status: number;
  contentType: string | null;
  text: string;
  families: PromMetrics;
  /** The series of a counter or gauge whose labels are exactly `labels`: its value, 0 when absent. */
  value(name: string, labels?: PromLabels): number;
  /** The series of a histogram whose labels are exactly `labels`. */
  histogram(name: string, labels?: PromLabels): PromHistogramData | undefined;
  /** Every series of a histogram. */
  histograms(name: string): PromHistogramData[];
}

const same = (a: PromLabels, b: PromLabels) =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([k, v]) => b[k] === v);

export async function scrape(url: string, headers: Record<string, string> = {}): Promise<Scrape> {
  const res = await fetch(url, { headers });
  const text = await res.text();
  const families = res.status === 200 ? await getMetricsFromStream(Readable.from([text])) : {};
  const series = <T extends { labels: PromLabels }>(name: string) => (families[name]?.data ?? []) as unknown as T[];
  return {
    status: res.status,
    contentType: res.headers.get('content-type'),
    text,
    families,
    value: (name, labels = {}) =>
      series<{ labels: PromLabels; value: number }>(name).find((s) => same(s.labels, labels))?.value ?? 0,
    histogram: (name, labels = {}) => series<PromHistogramData>(name).find((s) => same(s.labels, labels)),
    histograms: (name) => series<PromHistogramData>(name),
  };
}
