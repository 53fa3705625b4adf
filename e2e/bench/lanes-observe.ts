// What the lanes bench watches while a step runs: the sandbox's request counts and the gateway's gauges once a second,
// the gateway's histograms and counters before and after, and how busy the machine's cores were.
import { readFileSync } from 'node:fs';
import type { Histogram, Sample } from './lanes-report';
import { sandboxCounts, upstreamTotals } from './server';

interface MetricSample {
  labels: Record<string, string>;
  value: number;
}

/** The gateway's `/metrics` (Prometheus text), by metric name. */
export type Scrape = Map<string, MetricSample[]>;

export async function scrape(baseUrl: string): Promise<Scrape> {
  const response = await fetch(`${baseUrl}/metrics`);
  if (!response.ok) throw new Error(`GET /metrics answered ${response.status}`);
  return parseMetrics(await response.text());
}

export function parseMetrics(text: string): Scrape {
  const metrics: Scrape = new Map();
  for (const line of text.split('\n')) {
    const match = /^([A-Za-z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[key!] = value!;
    const samples = metrics.get(match[1]!) ?? [];
    samples.push({ labels, value: Number(match[3]) });
    metrics.set(match[1]!, samples);
  }
  return metrics;
}

/** The sum of a metric's samples whose labels include `labels`. */
export function total(metrics: Scrape, name: string, labels: Record<string, string> = {}): number {
  return (metrics.get(name) ?? [])
    .filter((sample) => Object.entries(labels).every(([key, value]) => sample.labels[key] === value))
    .reduce((sum, sample) => sum + sample.value, 0);
}

/** A histogram's growth between two scrapes, for the samples whose labels include `labels`. */
export function histogramBetween(before: Scrape, after: Scrape, name: string, labels: Record<string, string>): Histogram {
  const les = [...new Set((after.get(`${name}_bucket`) ?? []).map((sample) => sample.labels.le ?? ''))].filter((le) => le !== '');
  const buckets = les
    .map((le) => ({ le: le === '+Inf' ? Infinity : Number(le), count: total(after, `${name}_bucket`, { ...labels, le }) - total(before, `${name}_bucket`, { ...labels, le }) }))
    .sort((a, b) => a.le - b.le);
  const between = (suffix: string) => total(after, `${name}${suffix}`, labels) - total(before, `${name}${suffix}`, labels);
  return { buckets, sum: between('_sum'), count: between('_count') };
}

/** Reads the sandbox's counts (and the gateway's gauges) every second from `start()` until `stop()`. */
export class Sampler {
  private readonly samples: Sample[] = [];
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> = Promise.resolve();
  private stopped = false;
  failures = 0;

  constructor(
    private readonly baseUrl: string,
    private readonly withGateway: boolean,
  ) {}

  /** Takes the first reading now; resolves once it is in. */
  async start(): Promise<void> {
    const began = Date.now();
    let tick = 0;
    const next = () => {
      tick += 1;
      this.timer = setTimeout(() => {
        if (this.stopped) return;
        this.inFlight = this.read();
        next();
      }, Math.max(0, began + tick * 1000 - Date.now()));
    };
    this.inFlight = this.read();
    await this.inFlight;
    next();
  }

  async stop(): Promise<Sample[]> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.inFlight;
    await this.read();
    return [...this.samples].sort((a, b) => a.at - b.at);
  }

  private async read(): Promise<void> {
    const sent = Date.now();
    try {
      const [counts, metrics] = await Promise.all([sandboxCounts(this.baseUrl), this.withGateway ? scrape(this.baseUrl) : Promise.resolve(undefined)]);
      // The counts were taken somewhere between sending and the answer.
      const at = Math.round((sent + Date.now()) / 2);
      const sample: Sample = { at, ...upstreamTotals(counts) };
      if (metrics) {
        const queue: Record<string, number> = {};
        for (const { labels, value } of metrics.get('centrapay_rate_queue_depth') ?? []) queue[labels.kind ?? '?'] = value;
        sample.gateway = {
          queue,
          pollIntervalSeconds: total(metrics, 'pos_poll_interval_seconds'),
          feedOn: total(metrics, 'pos_activity_feed_on'),
          live: total(metrics, 'pos_live_payments'),
        };
      }
      this.samples.push(sample);
    } catch {
      this.failures += 1;
    }
  }
}

/** The machine's CPU time so far (Linux /proc/stat), to tell how many cores a step kept busy. */
export interface CpuClock {
  at: number;
  busySeconds: number | null;
  benchSeconds: number;
}

export function cpuClock(): CpuClock {
  const usage = process.cpuUsage();
  return { at: Date.now(), busySeconds: machineBusySeconds(), benchSeconds: (usage.user + usage.system) / 1e6 };
}

function machineBusySeconds(): number | null {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal …, in clock ticks (USER_HZ, 100 on Linux).
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
    return (user + nice + system + irq + softirq + steal) / 100;
  } catch {
    return null;
  }
}
