/**
 * `npm run bench:scale`: Factmark at newsroom scale. Prints figures, never passes or fails.
 *
 * On synthetic reference data of 1k, 10k and 100k entities (1M with FACTMARK_BENCH_1M=1) and
 * drafts of 1k, 10k and 50k words (bench/generate.ts), it measures:
 * - loading each dataset (DatasetFolder.reload: read, parse with `yaml`, validate with ajv,
 *   build) in a fresh child process, with its peak RSS; YAML against the JSON variant;
 * - building the name index, the first (cold) analysis, and warm analyses of every draft;
 * - re-analysis after a one-character edit with `previous` set, hover, semantic tokens;
 * - didChange → publishDiagnostics latency against the real server over stdio;
 * - cspell-lib, harper.js and a regex word split on the same 10k-word draft.
 * Every figure is a median over repeated runs after a warm-up, unless the table says n=1.
 * Writes bench/results.json and bench/scaling.svg.
 *
 * The whole run is kept to about ten minutes on a 2-core machine: each cell gets a time budget,
 * a run estimated (from a shorter draft) to exceed FACTMARK_BENCH_MAX_RUN_S is not started, and
 * a dataset size whose load is estimated (from the next smaller size) not to fit in memory or in
 * the time left is skipped with a note. Knobs (environment):
 *   FACTMARK_BENCH_1M=1            also generate and try the 1M-entity set (about 4 GB of YAML)
 *   FACTMARK_BENCH_BUDGET_S=570    total time to aim for
 *   FACTMARK_BENCH_CELL_S=20       time for the measured runs of one cell
 *   FACTMARK_BENCH_MAX_RUN_S=90    longest single analysis run worth starting
 *   FACTMARK_BENCH_FORCE=1         try every size even when the estimate says it will not fit
 *   FACTMARK_BENCH_LSP_SIZE=100k   dataset size for the end-to-end latency (falls back to a smaller one)
 */
import { execFileSync, fork } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { scalingSvg, type ChartPanel, type ChartSeries } from './chart';
import { DATASET_SIZES, DRAFT_WORDS, GENERATOR_VERSION, ensureDataset, ensureDrafts, type DatasetInfo, type DraftName, type Format, type SizeName } from './generate';
import { measureLsp, type LspLatency } from './lsp-latency';
import { formatMiB, formatMs, median, nowMs, type Timing } from './measure';
import type { AnalyseOptions, WorkerMessage } from './scale-worker';
import { SERVER_V8_FLAGS } from '../server/src/v8Flags';

const ROOT = path.join(__dirname, '..');
/** The measuring process, bundled as the server is (`node esbuild.mjs --bench`): what is measured is the code that ships. */
const WORKER = path.join(__dirname, '..', 'out', 'scale-worker.js');
const RESULTS = path.join(__dirname, 'results.json');
const CHART = path.join(__dirname, 'scaling.svg');

const env = process.env;
const BUDGET_MS = Number(env.FACTMARK_BENCH_BUDGET_S ?? 570) * 1000;
const CELL_MS = Number(env.FACTMARK_BENCH_CELL_S ?? 20) * 1000;
const MAX_RUN_MS = Number(env.FACTMARK_BENCH_MAX_RUN_S ?? 90) * 1000;
const FORCE = env.FACTMARK_BENCH_FORCE === '1';
const WITH_1M = env.FACTMARK_BENCH_1M === '1';
const LSP_SIZE = (env.FACTMARK_BENCH_LSP_SIZE ?? '100k') as SizeName;
/** Heap for the child processes: enough that memory, not V8's default limit, decides what fits. */
const CHILD_HEAP_MIB = Math.min(16 * 1024, Math.floor((os.totalmem() / 2 ** 20) * 0.6));
/** Longest time allowed to one dataset size's analysis child. */
const SIZE_CAP_MS: Record<SizeName, number> = { '1k': 170_000, '10k': 260_000, '100k': 300_000, '1M': 400_000 };
/** Time kept back for the peers and the end-to-end latency while the analysis children run. */
const RESERVE_MS = 120_000;

const startedAt = Date.now();
const budgetEnd = startedAt + BUDGET_MS;
const remaining = () => budgetEnd - Date.now();

function log(line: string): void {
  const elapsed = ((Date.now() - startedAt) / 1000).toFixed(0).padStart(4);
  console.log(`[${elapsed} s] ${line}`);
}

// ------------------------------------------------------------------------------------------------
// Results

interface LoadSample {
  readonly loadMs: number;
  /** The longest the message loop was held while loading (one file's parse, or one build step). */
  readonly longestTurnMs?: number;
  readonly peakRssBytes: number;
  readonly baselineRssBytes: number;
  readonly heapKeptBytes: number;
  readonly rssKeptBytes: number;
  readonly entities: number;
  readonly facts: number;
  readonly files: number;
  /** Loaded with the parse cache: how many files came from it. */
  readonly filesFromCache?: number;
  /** Loaded with the parse cache: the indexes built after the load (the name index read from the cache, or packed into it), and whether it was read. */
  readonly indexesMs?: number;
  readonly nameIndexFromCache?: boolean;
  readonly problems: number;
  readonly firstProblems: readonly string[];
}

interface AnalysisSummary {
  readonly words?: number;
  readonly figures?: number;
  readonly statuses?: Record<string, number>;
  readonly mentions?: number;
  readonly ambiguousMentions?: number;
  readonly findings?: number;
  readonly internalError?: string;
}

type Cell =
  | (Timing & AnalysisSummary)
  | { readonly skipped: true; readonly estimateMs: number; readonly fromCold?: boolean; readonly reason: string }
  /** Only the cold first run of this draft was affordable (it includes building the indexes). */
  | { readonly coldOnly: true; readonly ms: number; readonly reason: string }
  | { readonly timedOut: true; readonly lowerBoundMs: number };

interface SizeResult {
  readonly size: SizeName;
  readonly entities: number;
  status: 'measured' | 'partial' | 'skipped' | 'failed';
  format?: Format;
  files?: number;
  bytes: Partial<Record<Format, number>>;
  generateMs: Partial<Record<Format, number>>;
  loads: Record<Format, LoadSample[]>;
  jsonParseOnlyMs: number[];
  /** JSON loads with the parse cache, each in a fresh process: the first (writing it), then starts that read it. */
  cachedLoads?: { writing: LoadSample[]; reading: LoadSample[] };
  /** The indexes of the loaded data (names, facts) built a step per turn, as the server does (JSON). */
  indexes?: { ms: number; longestStepMs: number; steps: number };
  /** Reloads after an edit to one file and with nothing changed (JSON, indexes included). */
  reloads?: { afterEditMs: number; afterEditFilesRead: number; unchangedMs: number; unchangedFilesRead: number; files: number };
  nameIndex?: { ms: number; aliases: number } | { timedOut: true; lowerBoundMs: number };
  firstAnalysis?: ({ draft: string; ms: number } & AnalysisSummary) | { timedOut: true; lowerBoundMs: number };
  analysis: Partial<Record<DraftName, Cell>>;
  reanalysis?: (Timing & { draft: string; sameAsFull: boolean }) | { skipped: true; reason: string } | { timedOut: true; lowerBoundMs: number };
  hover?: { draft: string; name?: Timing; figure?: Timing; nameText?: string; figureText?: string };
  tokens?: Timing & { draft: string; spans: number };
  notes: string[];
}

interface ServerStart {
  readonly loadMs: number;
  /** From didOpen to the first diagnostics (the indexes are built while loading). */
  readonly openMs: number;
  readonly serverPeakRssBytes?: number;
}

interface PeerResult {
  readonly version?: string;
  readonly error?: string;
  readonly firstMs?: number;
  readonly setupMs?: number;
  readonly medianMs?: number;
  readonly n?: number;
  readonly issues?: number;
}

interface Results {
  date: string;
  machine: { cpu: string; cores: number; memoryBytes: number; node: string; platform: string; defaultHeapLimitBytes: number; childHeapLimitMiB: number; loadAverageAtStart: number[]; loadAverageAtEnd?: number[] };
  code: { commit?: string; modified: string[] };
  settings: { budgetS: number; cellS: number; maxRunS: number; force: boolean; with1M: boolean; generatorVersion: number };
  drafts: Record<string, { words: number; chars: number }>;
  sizes: Partial<Record<SizeName, SizeResult>>;
  peers?: { draft: string; words: number; regex?: Timing; regexAscii?: Timing; cspell?: PeerResult; harper?: PeerResult };
  lsp?: (LspLatency & { size: SizeName; note?: string }) | { error: string; size?: SizeName };
  /** The same server started twice with an empty parse cache folder: the first start writes it, the second reads it. */
  lspStarts?: { size: SizeName; writing: ServerStart; reading: ServerStart } | { error: string; size: SizeName };
  formatChoice?: { format: Format; reason: string };
  notes: string[];
  totalS?: number;
}

function gitInfo(): { commit?: string; modified: string[] } {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const modified = execFileSync('git', ['status', '--porcelain', '--', 'server', 'esbuild.mjs'], { cwd: ROOT, encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map((line) => line.slice(3));
    return { commit, modified };
  } catch {
    return { modified: [] };
  }
}

// ------------------------------------------------------------------------------------------------
// Child processes

interface ChildOutcome {
  readonly results: Record<string, unknown>;
  readonly finished: boolean;
  /** The measurement running when the child was stopped or died, and for how long it had run. */
  readonly interrupted?: { key: string; afterMs: number; why: string };
}

function runChild(args: string[], tag: string, timeoutMs: number): Promise<ChildOutcome> {
  return new Promise((resolve) => {
    const child = fork(WORKER, args, {
      cwd: ROOT,
      execArgv: ['--expose-gc', `--max-old-space-size=${CHILD_HEAP_MIB}`, ...SERVER_V8_FLAGS],
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    });
    const results: Record<string, unknown> = {};
    let current: { key: string; at: number } | undefined;
    let finished = false;
    let killedForTime = false;
    const stderr: string[] = [];
    child.stderr?.on('data', (chunk) => {
      stderr.push(String(chunk));
      if (stderr.length > 50) stderr.shift();
    });
    child.on('message', (message: WorkerMessage) => {
      if (message.type === 'result') {
        results[message.key] = message.value;
        if (current && message.key === current.key) current = undefined;
      } else if (message.type === 'start') current = { key: message.key, at: nowMs() };
      else if (message.type === 'progress') log(`  [${tag}] ${message.line}`);
      else if (message.type === 'done') finished = true;
    });
    const timer = setTimeout(() => {
      killedForTime = true;
      child.kill('SIGKILL');
    }, Math.max(1000, timeoutMs));
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      let interrupted: ChildOutcome['interrupted'];
      if (!finished) {
        const tail = stderr.join('').trim().split('\n').slice(-3).join(' ').slice(0, 400);
        const why = killedForTime
          ? `stopped after ${(timeoutMs / 1000).toFixed(0)} s (time budget)`
          : `the process ended (${signal ?? `exit code ${code}`})${/heap out of memory|Allocation failed/i.test(tail) ? ': JavaScript heap out of memory' : tail ? `: ${tail}` : ''}`;
        interrupted = { key: current?.key ?? 'start-up', afterMs: current ? nowMs() - current.at : 0, why };
        log(`  [${tag}] ${current?.key ?? 'child'} did not finish: ${why}`);
      }
      resolve({ results, finished, interrupted });
    });
  });
}

// ------------------------------------------------------------------------------------------------
// Measurements

function newSize(size: SizeName): SizeResult {
  return { size, entities: DATASET_SIZES[size], status: 'skipped', bytes: {}, generateMs: {}, loads: { yaml: [], json: [] }, jsonParseOnlyMs: [], analysis: {}, notes: [] };
}

function recordDataset(result: SizeResult, info: DatasetInfo): void {
  result.bytes[info.format] = info.bytes;
  result.generateMs[info.format] = info.generateMs;
  result.files = info.files;
}

async function loadOnce(result: SizeResult, dir: string, format: Format, timeoutMs: number): Promise<boolean> {
  const outcome = await runChild(['load', dir, format], `${result.size} ${format} load`, timeoutMs);
  const sample = outcome.results.load as LoadSample | undefined;
  if (sample) {
    result.loads[format].push(sample);
    log(`  [${result.size} ${format}] load ${formatMs(sample.loadMs)}, peak RSS ${formatMiB(sample.peakRssBytes)}`);
  } else if (outcome.interrupted) result.notes.push(`${format} load: ${outcome.interrupted.why}`);
  const parseOnly = outcome.results.jsonParseOnly as { ms: number } | undefined;
  if (parseOnly) result.jsonParseOnlyMs.push(parseOnly.ms);
  const reloads = outcome.results.reloads as SizeResult['reloads'];
  if (reloads && format === 'json') result.reloads = reloads;
  const indexes = outcome.results.indexes as SizeResult['indexes'];
  if (indexes && format === 'json') result.indexes = indexes;
  return sample !== undefined;
}

/** The server started on the folder with an empty parse cache (it writes it), then again (it reads it): load and first diagnostics. */
async function serverStarts(size: SizeName, dir: string, text: string, timeoutMs: number): Promise<NonNullable<Results['lspStarts']>> {
  const parseCacheDir = mkdtempSync(path.join(os.tmpdir(), 'factmark-bench-server-cache-'));
  try {
    const start = async (what: string): Promise<ServerStart> => {
      log(`server start at ${size} entities, ${what} the parse cache …`);
      const run = await measureLsp(dir, text, { edits: 1, warmup: 0, timeoutMs, parseCacheDir, log: (line) => log(`  [lsp] ${line}`) });
      return { loadMs: run.loadMs, openMs: run.openMs, serverPeakRssBytes: run.serverPeakRssBytes };
    };
    const writing = await start('writing');
    return { size, writing, reading: await start('reading') };
  } catch (error) {
    return { error: (error as Error).message.slice(0, 300), size };
  } finally {
    rmSync(parseCacheDir, { recursive: true, force: true });
  }
}

/** A first start with an empty parse cache (it is written), then two starts that read it: each a fresh process. */
async function cachedLoads(result: SizeResult, dir: string, timeoutMs: number): Promise<void> {
  const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'factmark-bench-cache-'));
  const loads = (result.cachedLoads = { writing: [] as LoadSample[], reading: [] as LoadSample[] });
  try {
    for (const run of ['writing', 'reading', 'reading'] as const) {
      const outcome = await runChild(['cached', dir, cacheDir], `${result.size} cached load`, timeoutMs);
      const sample = outcome.results.load as LoadSample | undefined;
      if (!sample) {
        result.notes.push(`cached load: ${outcome.interrupted?.why ?? 'no result'}`);
        return;
      }
      loads[run].push(sample);
      log(`  [${result.size} json] load ${run} the parse cache ${formatMs(sample.loadMs)} (${sample.filesFromCache} of ${sample.files} files from it), peak RSS ${formatMiB(sample.peakRssBytes)}; indexes ${sample.indexesMs === undefined ? '—' : formatMs(sample.indexesMs)}${sample.nameIndexFromCache ? ' (name index from it)' : ''}`);
    }
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

async function analyseSize(result: SizeResult, dir: string, drafts: Record<DraftName, string>, allowanceMs: number): Promise<void> {
  const options: AnalyseOptions = { drafts, deadline: Date.now() + allowanceMs, cellBudgetMs: CELL_MS, maxRunMs: MAX_RUN_MS };
  log(`[${result.size}] analysis child (up to ${(allowanceMs / 1000).toFixed(0)} s) …`);
  const outcome = await runChild(['analyse', dir, JSON.stringify(options)], result.size, allowanceMs + 20_000);
  const r = outcome.results;
  if (r.load) result.loads[result.format!].push(r.load as LoadSample);
  if (r.nameIndex) result.nameIndex = r.nameIndex as SizeResult['nameIndex'];
  if (r.firstAnalysis) result.firstAnalysis = r.firstAnalysis as SizeResult['firstAnalysis'];
  for (const name of Object.keys(DRAFT_WORDS) as DraftName[]) {
    const cell = r[`analysis.${name}`];
    if (cell) result.analysis[name] = cell as Cell;
  }
  if (r.reanalysis) result.reanalysis = r.reanalysis as SizeResult['reanalysis'];
  if (r.hover) result.hover = r.hover as SizeResult['hover'];
  if (r.tokens) result.tokens = r.tokens as SizeResult['tokens'];
  if (r.error) result.notes.push(`error: ${String(r.error)}`);
  const stop = outcome.interrupted;
  if (stop) {
    const bound = { timedOut: true as const, lowerBoundMs: stop.afterMs };
    if (stop.key === 'nameIndex') result.nameIndex = bound;
    else if (stop.key === 'firstAnalysis') result.firstAnalysis = bound;
    else if (stop.key.startsWith('analysis.')) result.analysis[stop.key.slice('analysis.'.length) as DraftName] = bound;
    else if (stop.key === 'reanalysis') result.reanalysis = bound;
    result.notes.push(`${stop.key}: ${stop.why}`);
  }
  result.status = !r.load ? 'failed' : outcome.finished ? 'measured' : 'partial';
}

/** Linear extrapolation of load time and peak memory to a larger size. */
function extrapolateLoad(smaller: SizeResult, factor: number): { loadMs: number; peakRssBytes: number; heapKeptBytes: number } | undefined {
  const samples = [...smaller.loads.yaml, ...smaller.loads.json];
  if (samples.length === 0) return undefined;
  const loadMs = median(samples.map((s) => s.loadMs)) * factor;
  const base = median(samples.map((s) => s.baselineRssBytes));
  const peakRssBytes = base + (median(samples.map((s) => s.peakRssBytes)) - base) * factor;
  const heapKeptBytes = median(samples.map((s) => s.heapKeptBytes)) * factor;
  return { loadMs, peakRssBytes, heapKeptBytes };
}

function fasterFormat(result: SizeResult): Format | undefined {
  if (result.loads.yaml.length === 0 || result.loads.json.length === 0) return undefined;
  return median(result.loads.json.map((s) => s.loadMs)) < median(result.loads.yaml.map((s) => s.loadMs)) ? 'json' : 'yaml';
}

// ------------------------------------------------------------------------------------------------
// Reporting

function cellMs(cell: Cell | undefined): { ms?: number; estimated?: boolean; text: string } {
  if (!cell) return { text: '—' };
  if ('skipped' in cell) return { ms: cell.estimateMs, estimated: true, text: `not run (est. ${formatMs(cell.estimateMs)}${cell.fromCold ? ' from the cold run' : ''})` };
  if ('coldOnly' in cell) return { ms: cell.ms, estimated: true, text: `≤ ${formatMs(cell.ms)} (cold run only)` };
  if ('timedOut' in cell) return { ms: cell.lowerBoundMs, estimated: true, text: `> ${formatMs(cell.lowerBoundMs)} (stopped)` };
  return { ms: cell.medianMs, text: `${formatMs(cell.medianMs)}${cell.single ? ' (1 run)' : cell.n === 1 ? ' (n=1)' : ''}` };
}

function shortCell(c: { ms?: number; estimated?: boolean; text: string }): string {
  if (c.ms === undefined) return '—';
  if (!c.estimated) return formatMs(c.ms);
  if (c.text.startsWith('>')) return `> ${formatMs(c.ms)}`;
  if (c.text.startsWith('≤')) return `≤ ${formatMs(c.ms)}`;
  return `est. ${formatMs(c.ms)}`;
}

function loadText(samples: readonly LoadSample[]): string {
  if (samples.length === 0) return '—';
  return `${formatMs(median(samples.map((s) => s.loadMs)))} (n=${samples.length})`;
}

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => (row[c] ?? '').length)));
  const line = (row: readonly string[]) => `| ${row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join(' | ')} |`;
  return [line(rows[0]), `| ${widths.map((w, c) => (c === 0 ? '-'.repeat(w) : `${'-'.repeat(w - 1)}:`)).join(' | ')} |`, ...rows.slice(1).map(line)].join('\n');
}

function slope(x1: number, y1: number, x2: number, y2: number): string {
  return (Math.log(y2 / y1) / Math.log(x2 / x1)).toFixed(2);
}

function report(results: Results): string {
  const sizes = Object.values(results.sizes) as SizeResult[];
  const out: string[] = [];
  const m = results.machine;
  out.push(`Factmark newsroom-scale benchmark, ${results.date}`);
  out.push(`${m.cpu} × ${m.cores}, ${formatMiB(m.memoryBytes)}, Node ${m.node}; code ${results.code.commit ?? '?'}${results.code.modified.length ? ` + uncommitted changes in ${results.code.modified.join(', ')}` : ''}`);
  out.push(`Load average (1/5/15 min) at start ${m.loadAverageAtStart.join(' ')}, at end ${m.loadAverageAtEnd?.join(' ') ?? '?'} (other work on the machine makes figures noisier).`);
  out.push('Medians over repeated runs after a warm-up; n=1: one run after a warm-up; 1 run: no warm-up affordable; "not run": estimated, not measured');
  out.push('(linearly, from the cost per word of a shorter draft); "≤ x (cold run only)": only the first run, which also builds the indexes; "> x (stopped)": still running when time ran out.');
  out.push('');
  const head = ['', ...sizes.map((s) => `${s.size} entities`)];
  const first = (s: SizeResult) => {
    const f = s.firstAnalysis;
    if (!f) return '—';
    return 'timedOut' in f ? `> ${formatMs(f.lowerBoundMs)} (stopped)` : `${formatMs(f.ms)} (${f.draft} draft)`;
  };
  const rows: string[][] = [
    head,
    ['facts', ...sizes.map((s) => (s.entities * 10).toLocaleString('en'))],
    ['dataset files: count, YAML / JSON size', ...sizes.map((s) => (s.files ? `${s.files}, ${formatMiB(s.bytes.yaml)} / ${formatMiB(s.bytes.json)}` : '—'))],
    ['load, YAML (reload: parse, validate, build)', ...sizes.map((s) => loadText(s.loads.yaml))],
    ['load, JSON (over 256 KB per file: JSON.parse fast path)', ...sizes.map((s) => loadText(s.loads.json))],
    ['  for reference: JSON.parse + ajv only', ...sizes.map((s) => (s.jsonParseOnlyMs.length ? formatMs(median(s.jsonParseOnlyMs)) : '—'))],
    ['load, first start with the parse cache (writing it)', ...sizes.map((s) => (s.cachedLoads?.writing.length ? loadText(s.cachedLoads.writing) : '—'))],
    ['load from the parse cache (a later start)', ...sizes.map((s) => (s.cachedLoads?.reading.length ? loadText(s.cachedLoads.reading) : '—'))],
    ['indexes with the parse cache: a later start (the first start, which builds them)', ...sizes.map((s) => {
      const ms = (samples: readonly LoadSample[] | undefined) => samples?.map((x) => x.indexesMs).filter((x): x is number => x !== undefined) ?? [];
      const reading = ms(s.cachedLoads?.reading);
      const writing = ms(s.cachedLoads?.writing);
      return reading.length ? `${formatMs(median(reading))}${writing.length ? ` (${formatMs(median(writing))})` : ''}` : '—';
    })],
    ['peak RSS loading from the parse cache', ...sizes.map((s) => (s.cachedLoads?.reading.length ? formatMiB(median(s.cachedLoads.reading.map((x) => x.peakRssBytes))) : '—'))],
    ['peak RSS during load', ...sizes.map((s) => { const all = [...s.loads.yaml, ...s.loads.json]; return all.length ? formatMiB(median(all.map((x) => x.peakRssBytes))) : '—'; })],
    ['heap kept after load (folder alive, after GC)', ...sizes.map((s) => { const all = [...s.loads.yaml, ...s.loads.json]; return all.length ? formatMiB(median(all.map((x) => x.heapKeptBytes))) : '—'; })],
    ['longest turn of the message loop while loading (JSON)', ...sizes.map((s) => { const turns = s.loads.json.map((x) => x.longestTurnMs).filter((ms): ms is number => ms !== undefined); return turns.length ? formatMs(median(turns)) : '—'; })],
    ['build the indexes a step per turn (JSON): all, longest step', ...sizes.map((s) => (s.indexes ? `${formatMs(s.indexes.ms)}, ${formatMs(s.indexes.longestStepMs)}` : '—'))],
    ['reload after an edit to one file (JSON, indexes incl.)', ...sizes.map((s) => (s.reloads ? `${formatMs(s.reloads.afterEditMs)} (${s.reloads.afterEditFilesRead} of ${s.reloads.files} read)` : '—'))],
    ['reload with nothing changed (a settings change)', ...sizes.map((s) => (s.reloads ? formatMs(s.reloads.unchangedMs) : '—'))],
    ['name index build (nameIndexOf, first call)', ...sizes.map((s) => (s.nameIndex ? ('timedOut' in s.nameIndex ? `> ${formatMs(s.nameIndex.lowerBoundMs)}` : formatMs(s.nameIndex.ms)) : '—'))],
    ['first analysis, cold (builds fact index, JIT)', ...sizes.map(first)],
    ...(Object.keys(DRAFT_WORDS) as DraftName[]).map((d) => [`analyse ${d}-word draft`, ...sizes.map((s) => cellMs(s.analysis[d]).text)]),
    ['re-analysis after 1-char edit (10k, `previous`)', ...sizes.map((s) => {
      const r = s.reanalysis;
      if (!r) return '—';
      if ('skipped' in r) return 'not run';
      if ('timedOut' in r) return `> ${formatMs(r.lowerBoundMs)} (stopped)`;
      return `${formatMs(r.medianMs)}${r.n === 1 ? ' (n=1)' : ''}${r.draft !== '10k' ? ` (${r.draft})` : ''}${r.sameAsFull ? '' : ' DIFFERS'}`;
    })],
    ['hover on a name', ...sizes.map((s) => (s.hover?.name ? formatMs(s.hover.name.medianMs) : '—'))],
    ['hover on a figure', ...sizes.map((s) => (s.hover?.figure ? formatMs(s.hover.figure.medianMs) : '—'))],
    ['semantic tokens (highlightSpans)', ...sizes.map((s) => (s.tokens ? `${formatMs(s.tokens.medianMs)}${s.tokens.draft !== '10k' ? ` (${s.tokens.draft})` : ''}` : '—'))],
    ['10k draft: figures agree/mismatch/disputed/unchecked', ...sizes.map((s) => {
      const c = s.analysis['10k'];
      if (!c || !('statuses' in c) || !c.statuses) return '—';
      const st = c.statuses;
      return `${st.agrees}/${st.mismatch}/${st.disputed}/${st.unchecked}`;
    })],
    ['10k draft: name mentions (ambiguous)', ...sizes.map((s) => {
      const c = s.analysis['10k'];
      return c && 'mentions' in c ? `${c.mentions} (${c.ambiguousMentions})` : '—';
    })],
  ];
  out.push(table(rows));
  for (const s of sizes) for (const note of s.notes) out.push(`- ${s.size}: ${note}`);
  out.push('');

  // Peers
  const p = results.peers;
  if (p) {
    out.push(`Same ${p.words.toLocaleString('en')}-word draft, other tools (warm medians):`);
    const peerRows: string[][] = [['tool', 'time', 'first call', 'Factmark ÷ tool (at each dataset size)']];
    const ratios = (ms: number | undefined) =>
      sizes
        .map((s) => {
          const c = s.analysis['10k'];
          if (!ms || !c || !('medianMs' in c)) return undefined;
          return `${s.size}: ×${(c.medianMs / ms).toFixed(c.medianMs / ms >= 100 ? 0 : 1)}`;
        })
        .filter(Boolean)
        .join(', ') || '—';
    if (p.regex) peerRows.push(['regex word split, Unicode (floor)', formatMs(p.regex.medianMs), '', ratios(p.regex.medianMs)]);
    if (p.regexAscii) peerRows.push(['regex word split, ASCII \\W+', formatMs(p.regexAscii.medianMs), '', ratios(p.regexAscii.medianMs)]);
    for (const [name, peer] of [['cspell-lib', p.cspell], ['harper.js', p.harper]] as const) {
      if (!peer) continue;
      if (peer.error) peerRows.push([name, `not run: ${peer.error}`, '', '']);
      else peerRows.push([`${name} ${peer.version ?? ''}`.trim(), formatMs(peer.medianMs), formatMs(peer.firstMs), ratios(peer.medianMs)]);
    }
    const own = sizes.map((s) => [s, s.analysis['10k']] as const).filter(([, c]) => c && 'medianMs' in c);
    for (const [s, c] of own) peerRows.push([`Factmark, ${s.size} entities`, formatMs((c as Timing).medianMs), '', '']);
    out.push(table(peerRows));
    out.push('');
  }

  // LSP
  const l = results.lsp;
  if (l) {
    if ('error' in l) out.push(`End-to-end didChange → publishDiagnostics${l.size ? ` (${l.size})` : ''}: not measured: ${l.error}`);
    else {
      out.push(`End-to-end didChange → publishDiagnostics, real server over stdio, ${l.draftWords.toLocaleString('en')}-word draft, ${l.size} entities${l.note ? ` (${l.note})` : ''}:`);
      out.push(`  median ${formatMs(l.medianMs)}, p95 ${formatMs(l.p95Ms)} over ${l.samples.length} edits (after ${l.warmupEdits} warm-up); server load ${formatMs(l.loadMs)}, first diagnostics after didOpen ${formatMs(l.openMs)}, server peak RSS ${formatMiB(l.serverPeakRssBytes)}`);
    }
    out.push('');
  }
  const starts = results.lspStarts;
  if (starts) {
    if ('error' in starts) out.push(`Server starts with the parse cache (${starts.size}): not measured: ${starts.error}`);
    else {
      const line = (what: string, s: ServerStart) => `  ${what}: load ${formatMs(s.loadMs)}, first diagnostics ${formatMs(s.openMs)} after didOpen, peak RSS ${formatMiB(s.serverPeakRssBytes)}`;
      out.push(`Server starts with the parse cache (initializationOptions.parseCacheDir), ${starts.size} entities:`, line('first (writes it)', starts.writing), line('next (reads it)', starts.reading));
    }
    out.push('');
  }

  // Scaling
  out.push('How analysis time grows (medians; "est." estimated from a shorter draft, "≤" bounded by a cold run, ">" lower bound):');
  const drafts = Object.keys(DRAFT_WORDS) as DraftName[];
  const growthRows: string[][] = [['entities \\ draft words', ...drafts.map((d) => DRAFT_WORDS[d].toLocaleString('en')), 'exponent in words (1k→10k, 10k→50k)']];
  for (const s of sizes) {
    const cells = drafts.map((d) => cellMs(s.analysis[d]));
    const measured = drafts.map((d, i) => (cells[i].estimated || cells[i].ms === undefined ? undefined : { x: DRAFT_WORDS[d], y: cells[i].ms! }));
    const exps = [0, 1].map((i) => (measured[i] && measured[i + 1] ? slope(measured[i]!.x, measured[i]!.y, measured[i + 1]!.x, measured[i + 1]!.y) : '—'));
    growthRows.push([s.size, ...cells.map(shortCell), exps.join(', ')]);
  }
  out.push(table(growthRows));
  const sizeRows: string[][] = [['draft \\ entities', ...sizes.map((s) => s.size), 'exponent in entities (per step)']];
  for (const d of drafts) {
    const cells = sizes.map((s) => cellMs(s.analysis[d]));
    const exps: string[] = [];
    for (let i = 1; i < sizes.length; i++) {
      const [a, b] = [cells[i - 1], cells[i]];
      exps.push(a.ms !== undefined && b.ms !== undefined && !a.estimated && !b.estimated ? slope(sizes[i - 1].entities, a.ms, sizes[i].entities, b.ms) : '—');
    }
    sizeRows.push([`${d} words`, ...cells.map(shortCell), exps.join(', ')]);
  }
  out.push(table(sizeRows));
  out.push('(exponent 1 = linear, 2 = quadratic; "—" where a side was not measured)');
  out.push('');
  for (const note of results.notes) out.push(`Note: ${note}`);
  return out.join('\n');
}

function chart(results: Results): string {
  const sizes = Object.values(results.sizes) as SizeResult[];
  const drafts = Object.keys(DRAFT_WORDS) as DraftName[];
  const point = (cell: Cell | undefined, x: number) => {
    const c = cellMs(cell);
    return c.ms === undefined ? undefined : { x, y: c.ms, estimated: c.estimated };
  };
  const byWords: ChartSeries[] = sizes.map((s) => ({ label: `${s.size} entities`, points: drafts.map((d) => point(s.analysis[d], DRAFT_WORDS[d])).filter((p): p is NonNullable<typeof p> => p !== undefined) }));
  const byEntities: ChartSeries[] = drafts.map((d) => ({ label: `${d}-word draft`, points: sizes.map((s) => point(s.analysis[d], s.entities)).filter((p): p is NonNullable<typeof p> => p !== undefined) }));
  const panels: ChartPanel[] = [
    { title: 'Analysis time vs draft length', xLabel: 'draft length (words)', yLabel: 'analyzeDraft time (median)', xTicks: drafts.map((d) => ({ value: DRAFT_WORDS[d], label: d })), series: byWords },
    { title: 'Analysis time vs dataset size', xLabel: 'dataset size (entities, 10 facts each)', yLabel: 'analyzeDraft time (median)', xTicks: sizes.map((s) => ({ value: s.entities, label: s.size })), series: byEntities },
  ];
  return scalingSvg(panels, `Factmark ${results.code.commit ?? ''}, ${results.date.slice(0, 10)}, ${results.machine.cpu} × ${results.machine.cores}, Node ${results.machine.node}. Hollow points: estimates or lower bounds, not measurements.`);
}

function save(results: Results): void {
  writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
}

// ------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const cpus = os.cpus();
  const results: Results = {
    date: new Date().toISOString(),
    machine: {
      cpu: cpus[0]?.model.trim() ?? 'unknown CPU',
      cores: cpus.length,
      memoryBytes: os.totalmem(),
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
      defaultHeapLimitBytes: getHeapStatistics().heap_size_limit,
      childHeapLimitMiB: CHILD_HEAP_MIB,
      loadAverageAtStart: os.loadavg().map((x) => Number(x.toFixed(2))),
    },
    code: gitInfo(),
    settings: { budgetS: BUDGET_MS / 1000, cellS: CELL_MS / 1000, maxRunS: MAX_RUN_MS / 1000, force: FORCE, with1M: WITH_1M, generatorVersion: GENERATOR_VERSION },
    drafts: {},
    sizes: {},
    notes: [],
  };
  log(`Factmark scale benchmark: ${results.machine.cpu} × ${results.machine.cores}, ${formatMiB(results.machine.memoryBytes)}, Node ${process.version}; budget ${BUDGET_MS / 1000} s`);

  if (!existsSync(path.join(ROOT, 'dist', 'server.js')) || !existsSync(WORKER)) {
    log('building dist/ and the measuring process (node esbuild.mjs --bench) …');
    execFileSync(process.execPath, ['esbuild.mjs', '--bench'], { cwd: ROOT, stdio: 'inherit' });
  } else if (Math.min(statSync(path.join(ROOT, 'dist', 'server.js')).mtimeMs, statSync(WORKER).mtimeMs) < newestSource()) {
    results.notes.push('dist/server.js or out/scale-worker.js is older than server/src: the figures are of the last build (npm run bench:scale builds first).');
  }

  const drafts = ensureDrafts(log);
  for (const [name, file] of Object.entries(drafts)) {
    const text = readFileSync(file, 'utf8');
    results.drafts[name] = { words: text.split(/\s+/).filter(Boolean).length, chars: text.length };
  }
  const sizeNames: SizeName[] = ['1k', '10k', '100k', ...(WITH_1M ? (['1M'] as SizeName[]) : [])];
  if (!WITH_1M) results.notes.push('The 1M-entity set is opt-in (FACTMARK_BENCH_1M=1): about 3.7 GB of JSON in 500 files.');
  for (const size of sizeNames) results.sizes[size] = newSize(size);
  const sized = (size: SizeName) => results.sizes[size]!;

  // 1. YAML against JSON at 1k entities, in fresh processes.
  const small = sized('1k');
  recordDataset(small, ensureDataset('1k', 'yaml', log));
  recordDataset(small, ensureDataset('1k', 'json', log));
  log('[1k] loading YAML and JSON, three fresh processes each …');
  for (let i = 0; i < 3; i++) for (const format of ['yaml', 'json'] as Format[]) await loadOnce(small, ensureDataset('1k', format).dir, format, 120_000);
  save(results);

  // 2. Per size: one analysis child (which also gives a load sample), then the JSON comparison at 10k.
  let previous: SizeResult | undefined;
  for (const size of sizeNames) {
    const result = sized(size);
    // JSON from 10k on: large .facts.json files take the loader's fast path (YAML is compared at 1k).
    const format: Format = size === '1k' ? 'yaml' : 'json';
    result.format = format;
    if (previous && !FORCE) {
      const factor = DATASET_SIZES[size] / DATASET_SIZES[previous.size];
      const estimate = extrapolateLoad(previous, factor);
      const firstMs = previous.firstAnalysis && 'ms' in previous.firstAnalysis ? previous.firstAnalysis.ms : undefined;
      if (estimate && estimate.heapKeptBytes > getHeapStatistics().heap_size_limit) {
        result.notes.push(`estimated from ${previous.size}: the loaded data alone would take about ${formatMiB(estimate.heapKeptBytes)} of heap, more than Node's default limit here (${formatMiB(getHeapStatistics().heap_size_limit)}), so the language server as shipped would run out of memory loading it`);
      }
      const why = !estimate
        ? `the ${previous.size} set did not load`
        : estimate.heapKeptBytes > CHILD_HEAP_MIB * 2 ** 20 || estimate.peakRssBytes > os.totalmem() * 0.9
          ? `loading it would need about ${formatMiB(estimate.peakRssBytes)} at peak and keep ${formatMiB(estimate.heapKeptBytes)} (the ${previous.size} figures × ${factor}), more than this machine's ${formatMiB(os.totalmem())} allows`
          : estimate.loadMs * 1.5 > remaining() - RESERVE_MS
            ? `loading it would take about ${formatMs(estimate.loadMs)} (the ${previous.size} load × ${factor}; peak RSS about ${formatMiB(estimate.peakRssBytes)}), more than the time left`
            : firstMs === undefined
              ? `the first analysis at ${previous.size} entities did not finish in time`
              : undefined;
      if (why) {
        result.status = 'skipped';
        result.notes.push(`skipped: ${why}; set FACTMARK_BENCH_FORCE=1 to try anyway`);
        log(`[${size}] skipped: ${why}`);
        continue;
      }
    }
    recordDataset(result, ensureDataset(size, format, log));
    if (size === '10k') recordDataset(result, ensureDataset(size, 'json', log));
    const allowance = Math.min(SIZE_CAP_MS[size], remaining() - RESERVE_MS);
    if (allowance < 30_000) {
      result.notes.push('skipped: no time left in the budget');
      continue;
    }
    await analyseSize(result, ensureDataset(size, format).dir, drafts, allowance);
    save(results);
    if (size === '10k' && remaining() - RESERVE_MS > 60_000 && result.loads.yaml.length > 0) {
      log('[10k] loading the JSON variant in a fresh process …');
      await loadOnce(result, ensureDataset('10k', 'json').dir, 'json', Math.min(remaining() - RESERVE_MS, 300_000));
    }
    if (format === 'json' && remaining() - RESERVE_MS > 60_000) {
      log(`[${size}] loading with the parse cache, three fresh processes …`);
      const loadMs = median(result.loads.json.map((s) => s.loadMs)) || 60_000;
      await cachedLoads(result, ensureDataset(size, 'json').dir, Math.max(60_000, loadMs * 4));
      save(results);
    }
    if (size === '10k' || (size === '1k' && !results.formatChoice)) {
      const faster = fasterFormat(result);
      if (faster) results.formatChoice = { format: faster, reason: `faster to load at ${size} entities` };
    }
    if (result.status !== 'failed') previous = result;
    save(results);
  }
  if (results.formatChoice) log(`format for the larger sets: ${results.formatChoice.format} (${results.formatChoice.reason})`);

  // 3. Other tools on the same 10k-word draft.
  log('peers on the 10k-word draft …');
  const peers = await runChild(['peers', drafts['10k']], 'peers', 120_000);
  const draftInfo = peers.results.draft as { words: number } | undefined;
  results.peers = {
    draft: '10k',
    words: draftInfo?.words ?? DRAFT_WORDS['10k'],
    regex: peers.results.regex as Timing | undefined,
    regexAscii: peers.results.regexAscii as Timing | undefined,
    cspell: peers.results.cspell as PeerResult | undefined,
    harper: peers.results.harper as PeerResult | undefined,
  };
  save(results);

  // 4. End to end over stdio, on the largest size whose 10k-draft analysis is quick enough to type on.
  const lspCandidates = sizeNames.filter((size) => {
    const cell = sized(size).analysis['10k'];
    return cell !== undefined && 'medianMs' in cell && cell.medianMs < 20_000;
  });
  const lspSize = lspCandidates.includes(LSP_SIZE) ? LSP_SIZE : lspCandidates[lspCandidates.length - 1];
  if (!lspSize) {
    results.lsp = { error: 'no dataset size analysed the 10k-word draft in under 20 s' };
  } else {
    const cell = sized(lspSize).analysis['10k'] as Timing;
    const load = extrapolateLoad(sized(lspSize), 1)?.loadMs ?? 60_000;
    // About 90 s of edits (at least 5, at most 30), and never past the budget by much.
    const edits = Math.max(5, Math.min(30, Math.floor(Math.min(90_000, remaining() - load - 2 * cell.medianMs - 15_000) / Math.max(cell.medianMs * 1.1, 1))));
    const note = lspSize !== LSP_SIZE ? `${LSP_SIZE} was not available: ${sized(LSP_SIZE)?.notes[0] ?? 'not measured'}` : undefined;
    log(`end-to-end latency at ${lspSize} entities: ${edits} edits …`);
    try {
      const format = sized(lspSize).format ?? 'yaml';
      const lsp = await measureLsp(ensureDataset(lspSize, format).dir, readFileSync(drafts['10k'], 'utf8'), { edits, warmup: 1, timeoutMs: Math.max(60_000, load * 3, cell.medianMs * 5), log: (line) => log(`  [lsp] ${line}`) });
      results.lsp = { ...lsp, size: lspSize, note };
      if (format === 'json' && remaining() - RESERVE_MS > load * 3) results.lspStarts = await serverStarts(lspSize, ensureDataset(lspSize, format).dir, readFileSync(drafts['10k'], 'utf8'), Math.max(60_000, load * 3));
    } catch (error) {
      results.lsp = { error: (error as Error).message.slice(0, 300), size: lspSize };
    }
  }
  save(results);

  // 5. More fresh-process load samples with the time that is left (smallest sizes first).
  for (const size of sizeNames) {
    const result = sized(size);
    const format = result.format ?? 'yaml';
    while (result.loads[format].length > 0 && result.loads[format].length < 5) {
      const expected = median(result.loads[format].map((s) => s.loadMs)) * 1.3 + 3000;
      if (expected > remaining()) break;
      await loadOnce(result, ensureDataset(size, format).dir, format, expected * 2);
    }
  }

  results.totalS = (Date.now() - startedAt) / 1000;
  results.machine.loadAverageAtEnd = os.loadavg().map((x) => Number(x.toFixed(2)));
  save(results);
  writeFileSync(CHART, chart(results));
  console.log('');
  console.log(report(results));
  console.log('');
  log(`wrote ${path.relative(ROOT, RESULTS)} and ${path.relative(ROOT, CHART)} (${results.totalS.toFixed(0)} s in all)`);
}

function newestSource(): number {
  let newest = 0;
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else newest = Math.max(newest, statSync(file).mtimeMs);
    }
  };
  walk(path.join(ROOT, 'server', 'src'));
  return newest;
}

void main();
