/**
 * Timing helpers shared by the scale benchmark's parent and its child processes: medians over
 * repeated runs after a warm-up, with a time budget per measurement so that a slow cell is
 * measured fewer times (down to once) instead of stalling the whole benchmark.
 */

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Nearest-rank percentile (p in 0..100). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export function timeOnce<T>(fn: () => T): { ms: number; value: T } {
  const started = nowMs();
  const value = fn();
  return { ms: nowMs() - started, value };
}

export interface Timing {
  readonly medianMs: number;
  /** Measured runs (the warm-up is not among them, except when `single` is set). */
  readonly n: number;
  readonly samples: readonly number[];
  readonly warmupMs?: number;
  /** Only one run was affordable: the warm-up run is the measurement. */
  readonly single?: boolean;
}

export interface TimingOptions {
  /** Time to spend on the measured runs of this cell. */
  readonly budgetMs: number;
  readonly maxRuns: number;
  readonly minRuns?: number;
  /** Skip the warm-up (the code is already warm from an identical call). */
  readonly warm?: boolean;
  /**
   * Runs before measuring (default 1): code that takes a few milliseconds is compiled by the JIT
   * only after dozens of calls, as it is after a writer's first keystrokes.
   */
  readonly warmupRuns?: number;
}

/**
 * Warm-up run, then as many measured runs as fit in the budget (at least minRuns, at most
 * maxRuns). A warm-up slower than the whole budget is reported as a single run.
 */
export function measure(fn: () => unknown, options: TimingOptions): Timing {
  let warmupMs: number | undefined;
  let estimate: number;
  if (options.warm) {
    estimate = timeOnce(fn).ms;
    warmupMs = undefined;
  } else {
    warmupMs = timeOnce(fn).ms;
    estimate = warmupMs;
    if (warmupMs > options.budgetMs) return { medianMs: warmupMs, n: 1, samples: [warmupMs], warmupMs, single: true };
    for (let i = 1; i < (options.warmupRuns ?? 1); i++) estimate = timeOnce(fn).ms;
  }
  const samples: number[] = options.warm ? [estimate] : [];
  const runs = Math.max(options.minRuns ?? 1, Math.min(options.maxRuns, Math.floor(options.budgetMs / Math.max(estimate, 0.001))));
  while (samples.length < runs) samples.push(timeOnce(fn).ms);
  return { medianMs: median(samples), n: samples.length, samples, warmupMs };
}

/** The same, for asynchronous work. */
export async function measureAsync(fn: () => Promise<unknown>, options: TimingOptions): Promise<Timing> {
  const once = async () => {
    const started = nowMs();
    await fn();
    return nowMs() - started;
  };
  const warmupMs = options.warm ? undefined : await once();
  if (warmupMs !== undefined && warmupMs > options.budgetMs) return { medianMs: warmupMs, n: 1, samples: [warmupMs], warmupMs, single: true };
  const samples: number[] = [];
  const estimate = warmupMs ?? (samples.push(await once()), samples[0]);
  const runs = Math.max(options.minRuns ?? 1, Math.min(options.maxRuns, Math.floor(options.budgetMs / Math.max(estimate, 0.001))));
  while (samples.length < runs) samples.push(await once());
  return { medianMs: median(samples), n: samples.length, samples, warmupMs };
}

export function formatMs(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 0.01) return `${(ms * 1000).toFixed(2)} µs`;
  if (ms < 1) return `${(ms * 1000).toFixed(0)} µs`;
  if (ms < 10) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${ms.toFixed(0)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

export function formatMiB(bytes: number | undefined): string {
  if (bytes === undefined || !Number.isFinite(bytes)) return '—';
  const mib = bytes / 2 ** 20;
  return mib >= 1024 ? `${(mib / 1024).toFixed(1)} GiB` : `${mib.toFixed(mib < 10 ? 1 : 0)} MiB`;
}
