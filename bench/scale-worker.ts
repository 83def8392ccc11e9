/**
 * The child process of `npm run bench:scale` (started by bench/scale.ts, one per measurement
 * group, so that every dataset is loaded in a fresh process and its peak RSS is its own).
 * Results go back over IPC one at a time, so that a child killed for running out of time still
 * delivers what it measured before.
 *
 *   load <dir> [json]            load a dataset folder once: time, peak RSS, heap kept; then
 *                                (json) reloads as the server does them, indexes included,
 *                                after an edit to one file and with nothing changed
 *   cached <dir> <cache-dir>     load a dataset folder once with the parse cache in cache-dir
 *                                (a first start when the folder is empty: it writes the cache)
 *   analyse <dir> <options-json> load, then the analysis measurements against every draft
 *   peers <draft>                cspell-lib, harper.js and a regex word split on one draft
 */
import { readFileSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { analyzeDraft, highlightSpans, hoverAt, prepareDataset, type DraftAnalysis } from '../server/src/core';
import { nameIndexOf } from '../server/src/core/analyze';
import { DatasetFolder } from '../server/src/workspace/datasets';
import { ParseCache } from '../server/src/workspace/parseCache';
import { measure, measureAsync, nowMs, timeOnce, type Timing } from './measure';

export interface AnalyseOptions {
  readonly drafts: Readonly<Record<string, string>>;
  /** Wall-clock time (Date.now()) by which the child should have finished. */
  readonly deadline: number;
  /** Budget for the measured runs of one cell. */
  readonly cellBudgetMs: number;
  /** A single run estimated to take longer than this is not started. */
  readonly maxRunMs: number;
}

export type WorkerMessage =
  | { readonly type: 'result'; readonly key: string; readonly value: unknown }
  | { readonly type: 'progress'; readonly line: string }
  /** A measurement starts: if the child is stopped now, this is the one that did not finish. */
  | { readonly type: 'start'; readonly key: string }
  | { readonly type: 'done' };

function send(message: WorkerMessage): void {
  if (process.send) process.send(message);
  else console.log(JSON.stringify(message)); // run by hand: print what the parent would receive
}

function result(key: string, value: unknown): void {
  send({ type: 'result', key, value });
}

function progress(line: string): void {
  send({ type: 'progress', line });
}

function start(key: string): void {
  send({ type: 'start', key });
}

const MiB = 2 ** 20;

function maxRssBytes(): number {
  return process.resourceUsage().maxRSS * 1024;
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

async function loadFolder(dir: string, cacheDir?: string) {
  start('load');
  const baselineRss = maxRssBytes();
  const folder = new DatasetFolder(dir);
  if (cacheDir) folder.cache = new ParseCache(cacheDir);
  // The longest the message loop is held while loading: a request that comes in waits that long.
  const turns = monitorEventLoopDelay({ resolution: 1 });
  turns.enable();
  const started = nowMs();
  const load = await folder.reload();
  const loadMs = nowMs() - started;
  turns.disable();
  const peakRss = maxRssBytes();
  gc();
  const problems = [...load.problems.values()].flat();
  const info = {
    loadMs,
    longestTurnMs: turns.max / 1e6,
    peakRssBytes: peakRss,
    baselineRssBytes: baselineRss,
    /** Heap in use after a full GC with the folder kept alive (as the server keeps it: last good parse of every file). */
    heapKeptBytes: process.memoryUsage().heapUsed,
    rssKeptBytes: process.memoryUsage().rss,
    entities: load.dataset.entities.size,
    facts: load.dataset.facts.length,
    files: load.dataset.files.length,
    filesFromCache: load.filesFromCache,
    problems: problems.length,
    firstProblems: problems.slice(0, 3).map((p) => `${path.basename(p.uri)}: ${p.message}`),
  };
  return { folder, load, info };
}

/** A load with the parse cache, then the indexes as the server builds them with it (the name index read from it, or packed into it). */
async function cachedLoad(dir: string, cacheDir: string) {
  const { folder, info } = await loadFolder(dir, cacheDir);
  const started = nowMs();
  const nameIndexFromCache = await folder.prepareIndexes(folder.dataset);
  const indexesMs = nowMs() - started;
  await folder.cacheWritten();
  return { ...info, indexesMs, nameIndexFromCache };
}

async function loadTask(dir: string, json: boolean): Promise<void> {
  const { folder, info } = await loadFolder(dir);
  result('load', info);
  if (json) {
    // Reference point, not Factmark's path: what JSON.parse and the schema check alone cost on the same files.
    const files = readdirSync(dir).filter((file) => file.endsWith('.facts.json')).map((file) => path.join(dir, file));
    const { default: Ajv } = await import('ajv');
    const schema = JSON.parse(readFileSync(path.join(__dirname, '..', 'server', 'schema', 'factmark-dataset.schema.json'), 'utf8'));
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    const started = nowMs();
    for (const file of files) {
      if (!validate(JSON.parse(readFileSync(file, 'utf8')))) throw new Error(`${file} is not valid`);
    }
    result('jsonParseOnly', { ms: nowMs() - started });
  }
  if (json) {
    start('indexes');
    result('indexes', await indexes(folder));
    start('reloads');
    result('reloads', await reloads(folder, dir));
  }
}

/** The indexes of the loaded data built as the server builds them, a step per turn: how long in all, and the longest step. */
async function indexes(folder: DatasetFolder): Promise<{ ms: number; longestStepMs: number; steps: number }> {
  let longestStepMs = 0;
  let steps = 0;
  const started = nowMs();
  const run = prepareDataset(folder.dataset);
  for (;;) {
    const stepStarted = nowMs();
    const step = run.next();
    longestStepMs = Math.max(longestStepMs, nowMs() - stepStarted);
    steps++;
    if (step.done) break;
    await new Promise((resolve) => setImmediate(resolve));
  }
  return { ms: nowMs() - started, longestStepMs, steps };
}

/**
 * Reloads as the server does them, with the indexes built for each new dataset: after one file of
 * the folder is written again (its content the same, so the data stays valid; the file is read
 * and its facts built again), and when nothing changed.
 */
async function reloads(folder: DatasetFolder, dir: string): Promise<{ afterEditMs: number; afterEditFilesRead: number; unchangedMs: number; unchangedFilesRead: number; files: number }> {
  folder.prepare = (dataset) => folder.prepareIndexes(dataset);
  await folder.reload(); // the indexes of the loaded data, as the server builds them after loading
  const file = path.join(dir, readdirSync(dir).filter((name) => name.endsWith('.facts.json') || name.endsWith('.facts.yaml')).sort()[0]);
  writeFileSync(file, readFileSync(file));
  let started = nowMs();
  const edited = await folder.reload();
  const afterEditMs = nowMs() - started;
  // Long unmodified again (a file written in the last seconds is read on every reload), then a reload with nothing to do.
  const past = new Date(Date.now() - 60_000);
  utimesSync(file, past, past);
  await folder.reload();
  started = nowMs();
  const unchanged = await folder.reload();
  return { afterEditMs, afterEditFilesRead: edited.filesRead, unchangedMs: nowMs() - started, unchangedFilesRead: unchanged.filesRead, files: unchanged.problems.size };
}

function words(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

function statusCounts(analysis: DraftAnalysis): Record<string, number> {
  const counts: Record<string, number> = { agrees: 0, disputed: 0, mismatch: 0, unchecked: 0 };
  for (const check of analysis.checks) counts[check.status] = (counts[check.status] ?? 0) + 1;
  return counts;
}

function summary(analysis: DraftAnalysis) {
  return {
    figures: analysis.checks.length,
    statuses: statusCounts(analysis),
    mentions: analysis.mentions.length,
    ambiguousMentions: analysis.mentions.filter((mention) => !mention.entityId).length,
    findings: analysis.findings.length,
    internalError: analysis.internalError?.split('\n')[0],
  };
}

function fingerprint(analysis: DraftAnalysis): string {
  return JSON.stringify([
    analysis.findings.map((f) => [f.code, f.start, f.end, f.message]),
    analysis.checks.map((c) => [c.figure.start, c.status, c.fact?.id]),
    analysis.mentions.map((m) => [m.start, m.end, m.entityId]),
  ]);
}

/** A one-character edit inside a word near the middle of the text (a typo being typed). */
export function midEdit(text: string): { offset: number; newText: string } {
  let offset = text.length >> 1;
  while (offset < text.length && !(/\p{L}/u.test(text[offset - 1] ?? '') && /\p{L}/u.test(text[offset] ?? ''))) offset++;
  return { offset, newText: `${text.slice(0, offset)}e${text.slice(offset)}` };
}

async function analyseTask(dir: string, options: AnalyseOptions): Promise<void> {
  const remaining = () => options.deadline - Date.now();
  const { folder, load, info } = await loadFolder(dir);
  result('load', info);
  progress(`loaded ${info.entities.toLocaleString('en')} entities, ${info.facts.toLocaleString('en')} facts in ${(info.loadMs / 1000).toFixed(1)} s, peak RSS ${(info.peakRssBytes / MiB).toFixed(0)} MiB`);
  const dataset = load.dataset;

  start('nameIndex');
  const index = timeOnce(() => nameIndexOf(dataset));
  result('nameIndex', { ms: index.ms, aliases: index.value.aliasCount });

  const texts = Object.fromEntries(Object.entries(options.drafts).map(([name, file]) => [name, readFileSync(file, 'utf8')]));
  const names = Object.keys(texts).sort((a, b) => texts[a].length - texts[b].length);
  const language = 'markdown' as const;

  // The first analysis pays for what is built once per dataset (indexes) and for JIT warm-up.
  progress(`first analysis of the ${names[0]} draft (cold) …`);
  start('firstAnalysis');
  const first = timeOnce(() => analyzeDraft(texts[names[0]], dataset, { language }));
  result('firstAnalysis', { draft: names[0], ms: first.ms, ...summary(first.value) });

  // Until a warm run is measured, estimates come from the cold run's cost per word (an overestimate).
  let msPerWord: number | undefined;
  const coldMsPerWord = first.ms / words(texts[names[0]]);
  const analyses = new Map<string, DraftAnalysis>();
  for (const name of names) {
    const text = texts[name];
    const estimateMs = (msPerWord ?? coldMsPerWord) * words(text);
    if (estimateMs > options.maxRunMs || estimateMs * 1.2 > remaining()) {
      const reason = estimateMs > options.maxRunMs ? 'one run would exceed the per-run limit' : 'not enough time left';
      if (name === names[0]) result(`analysis.${name}`, { coldOnly: true, ms: first.ms, reason });
      else result(`analysis.${name}`, { skipped: true, estimateMs, fromCold: msPerWord === undefined, reason });
      progress(`${name} draft: not run (${reason}; one run estimated at ${(estimateMs / 1000).toFixed(0)} s)`);
      continue;
    }
    progress(`analysing the ${name} draft (estimate ${(estimateMs / 1000).toFixed(1)} s per run) …`);
    start(`analysis.${name}`);
    let last: DraftAnalysis | undefined;
    // Up to 60 runs: the first few of a draft are the JIT warming up, and fifteen left them near the median.
    const timing: Timing = measure(() => (last = analyzeDraft(text, dataset, { language })), { budgetMs: Math.min(options.cellBudgetMs, remaining() / 3), maxRuns: 60, minRuns: 1 });
    analyses.set(name, last!);
    msPerWord = timing.medianMs / words(text);
    result(`analysis.${name}`, { ...timing, words: words(text), chars: text.length, ...summary(last!) });
    progress(`${name} draft: ${timing.medianMs.toFixed(1)} ms (median of ${timing.n})`);
  }

  // Re-analysis after a one-character edit, with the previous analysis at hand.
  const editDraft = analyses.has('10k') ? '10k' : [...analyses.keys()].pop();
  if (editDraft) {
    const text = texts[editDraft];
    const previous = analyses.get(editDraft)!;
    const { offset, newText } = midEdit(text);
    const withPrevious = { language, previous };
    const estimate = msPerWord !== undefined ? msPerWord * words(text) : Infinity;
    if (estimate * 2 > remaining()) {
      result('reanalysis', { skipped: true, draft: editDraft, estimateMs: estimate, reason: 'not enough time left' });
    } else {
      progress(`re-analysis of the ${editDraft} draft after a one-character edit …`);
      start('reanalysis');
      let incremental: DraftAnalysis | undefined;
      // Many runs: a run takes a few milliseconds, and a garbage collection in a few of them would decide a median of fifteen;
      // fifty before them, as a writer's first keystrokes (the first runs take two or three times as long, until the JIT has compiled them).
      const timing = measure(() => (incremental = analyzeDraft(newText, dataset, withPrevious)), { budgetMs: Math.min(options.cellBudgetMs, remaining() / 3), maxRuns: 300, warmupRuns: 50 });
      const full = analyzeDraft(newText, dataset, { language });
      result('reanalysis', { ...timing, draft: editDraft, offset, sameAsFull: fingerprint(full) === fingerprint(incremental!) });
    }
  }

  // Hover and semantic tokens on the largest analysis that was measured (the 10k draft when it was).
  const hoverDraft = analyses.has('10k') ? '10k' : [...analyses.keys()].pop();
  if (hoverDraft) {
    const analysis = analyses.get(hoverDraft)!;
    const middle = analysis.text.length >> 1;
    const mention = analysis.mentions.find((m) => m.entityId && m.start >= middle) ?? analysis.mentions.find((m) => m.entityId);
    const check = analysis.checks.find((c) => c.fact && c.figure.start >= middle) ?? analysis.checks.find((c) => c.fact);
    const hover = (offset: number | undefined) => (offset === undefined ? undefined : measure(() => hoverAt(analysis, offset), { budgetMs: 300, maxRuns: 2000, minRuns: 20 }));
    const nameHover = hover(mention ? mention.start + 1 : undefined);
    const figureHover = hover(check ? check.figure.start : undefined);
    const tokens = measure(() => highlightSpans(analysis), { budgetMs: 1000, maxRuns: 200, minRuns: 5 });
    result('hover', { draft: hoverDraft, name: nameHover, figure: figureHover, nameText: mention?.text, figureText: check ? analysis.text.slice(check.figure.start, check.figure.end) : undefined });
    result('tokens', { draft: hoverDraft, ...tokens, spans: highlightSpans(analysis).length });
  }
  void folder;
}

async function peersTask(draftFile: string): Promise<void> {
  const text = readFileSync(draftFile, 'utf8');
  result('draft', { file: draftFile, words: words(text), chars: text.length });

  // The floor: one regex pass that splits the draft into words (Unicode-aware, as Factmark's tokeniser is; and ASCII \W).
  result('regex', measure(() => text.split(/[^\p{L}\p{N}]+/u).length, { budgetMs: 500, maxRuns: 200, minRuns: 20 }));
  result('regexAscii', measure(() => text.split(/\W+/).length, { budgetMs: 500, maxRuns: 200, minRuns: 20 }));

  // Package names in variables: they are optional, and the type checker need not resolve them.
  const cspellName = 'cspell-lib';
  try {
    progress('cspell-lib …');
    const cspell = await import(cspellName);
    const version = readPackageVersion(cspellName);
    const check = () => cspell.spellCheckDocument({ uri: 'file:///bench/draft-10k.md', text, languageId: 'markdown', locale: 'en' }, { generateSuggestions: false, noConfigSearch: true }, {});
    const started = nowMs();
    const firstResult = await check();
    const firstMs = nowMs() - started;
    const timing = await measureAsync(check, { budgetMs: 3000, maxRuns: 30, minRuns: 5 });
    result('cspell', { version, firstMs, ...timing, issues: firstResult.issues?.length });
  } catch (error) {
    result('cspell', { error: describe(error) });
  }

  const harperName = 'harper.js';
  try {
    progress('harper.js …');
    const harper = await import(harperName);
    const { binaryInlined } = await import(`${harperName}/binaryInlined`);
    const version = readPackageVersion(harperName);
    const setupStarted = nowMs();
    const linter = new harper.LocalLinter({ binary: binaryInlined });
    await linter.setup();
    const setupMs = nowMs() - setupStarted;
    const started = nowMs();
    const lints = await linter.lint(text);
    const firstMs = nowMs() - started;
    const timing = await measureAsync(() => linter.lint(text), { budgetMs: 4000, maxRuns: 10, minRuns: 3 });
    result('harper', { version, setupMs, firstMs, ...timing, issues: lints.length });
  } catch (error) {
    result('harper', { error: describe(error) });
  }
}

function readPackageVersion(name: string): string | undefined {
  try {
    return JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')).version;
  } catch {
    try {
      return JSON.parse(readFileSync(path.join(__dirname, '..', 'node_modules', name, 'package.json'), 'utf8')).version;
    } catch {
      return undefined;
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0] : String(error);
}

async function main(): Promise<void> {
  const [task, ...args] = process.argv.slice(2);
  if (task === 'load') await loadTask(args[0], args[1] === 'json');
  else if (task === 'cached') result('load', await cachedLoad(args[0], args[1]));
  else if (task === 'analyse') await analyseTask(args[0], JSON.parse(args[1]) as AnalyseOptions);
  else if (task === 'peers') await peersTask(args[0]);
  else throw new Error(`unknown task ${task}`);
  send({ type: 'done' });
}

if (require.main === module) {
  main().then(
    () => process.disconnect?.(),
    (error) => {
      send({ type: 'result', key: 'error', value: describe(error) });
      process.exitCode = 1;
      process.disconnect?.();
    },
  );
}
