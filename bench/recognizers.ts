/**
 * Factmark's hand-written figure recogniser (server/src/core/figures.ts) against
 * @microsoft/recognizers-text-number (`recognizeNumber(text, Culture.English)`) on the labelled
 * evaluation set (test/eval/drafts). Both read the same prose: each draft with its labels stripped
 * and its code, URLs and markup blanked by `proseOnly(text, 'markdown')`.
 *
 *   npx tsx bench/recognizers.ts
 *
 * Measures, for each: detection recall over labelled figures per category (a labelled figure is
 * found when a detection overlaps it; "span" also asks that the detections cover all of it, hedge
 * and unit included), detections that overlap no label, value accuracy on plain digits and number
 * words, whether offsets are UTF-16 offsets into the string as given, time per 10,000 words, module
 * load time and bundle size. Only the number recogniser of the Recognizers-Text family is installed
 * and measured: NumberWithUnit and DateTime (which would read "14-year", dates and weekdays) are not.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { Culture, NumberRecognizer, recognizeNumber } from '@microsoft/recognizers-text-number';
import { findFigures } from '../server/src/core/figures';
import { proseOnly } from '../server/src/core/prose';
import { stripLabels, type LabelledFigure } from '../test/eval/labels';

const ROOT = path.join(__dirname, '..');
const DRAFTS = path.join(ROOT, 'test', 'eval', 'drafts');
const EXCLUDED = new Set(['code', 'url']); // in code spans and URLs: must not be detected at all

/** One detection, offsets as [start, end) into the string the recogniser was given. */
interface Detection {
  readonly start: number;
  readonly end: number;
  readonly value?: number;
  /** The text the recogniser says it matched (Factmark: none, its offsets are the only truth). */
  readonly text?: string;
}

interface Recogniser {
  readonly name: string;
  readonly detect: (prose: string) => Detection[];
  /** A one-line module that brings the recogniser into a bundle. */
  readonly entry: string;
}

const recognisers: readonly Recogniser[] = [
  {
    name: 'Factmark findFigures',
    detect: (prose) => findFigures(prose).map((f) => ({ start: f.start, end: f.end, value: f.value })),
    entry: "export { findFigures } from './server/src/core/figures';",
  },
  {
    name: 'MS recognizeNumber',
    // ModelResult.end is inclusive: the last character, not one past it.
    detect: (prose) =>
      recognizeNumber(prose, Culture.English).map((r) => ({ start: r.start, end: r.end + 1, value: Number(r.resolution.value), text: r.text })),
    entry: "export { recognizeNumber, Culture } from '@microsoft/recognizers-text-number';",
  },
];

interface Draft {
  readonly file: string;
  readonly prose: string;
  readonly figures: readonly LabelledFigure[];
}

const drafts: Draft[] = readdirSync(DRAFTS)
  .filter((name) => name.endsWith('.md'))
  .sort()
  .map((file) => {
    const { text, figures } = stripLabels(readFileSync(path.join(DRAFTS, file), 'utf8'));
    return { file, prose: proseOnly(text, 'markdown'), figures };
  });

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start < b.end && a.end > b.start;

/** The value a labelled figure states, when it is plain digits or plain number words; otherwise undefined. */
const WORD_VALUE: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, twenty: 20, 'a dozen': 12, 'four and a half': 4.5,
};
function labelledValue(text: string): number | undefined {
  if (/^\d{1,3}(?:,\d{3})+$|^\d+(?:\.\d+)?$/.test(text)) return Number(text.replace(/,/g, ''));
  return WORD_VALUE[text.toLowerCase()];
}

/** The bound the label's text states ("more than 1,200"), for bound labels only. */
function labelledBound(text: string): string | undefined {
  if (/^(?:more than|over)\b|-plus$/i.test(text)) return 'more-than';
  if (/^about\b/i.test(text)) return 'about';
  if (/^nearly\b/i.test(text)) return 'nearly';
  if (/^fewer than\b/i.test(text)) return 'less-than';
  return undefined;
}

interface Tally {
  total: number;
  found: number;
  span: number;
}

interface Score {
  readonly byCategory: Map<string, Tally>;
  readonly all: Tally;
  readonly sourced: Tally; // right + wrong: the figures a check is about
  leaked: number; // detections inside code/url labels
  spurious: number;
  readonly spuriousTexts: Map<string, number>;
  detections: number;
  valueComparable: number; // labels with a plain value that the recogniser detected
  valueRight: number;
  offsetChecked: number;
  offsetMismatch: number;
}

function score(recogniser: Recogniser): Score {
  const s: Score = {
    byCategory: new Map(),
    all: { total: 0, found: 0, span: 0 },
    sourced: { total: 0, found: 0, span: 0 },
    leaked: 0,
    spurious: 0,
    spuriousTexts: new Map(),
    detections: 0,
    valueComparable: 0,
    valueRight: 0,
    offsetChecked: 0,
    offsetMismatch: 0,
  };
  for (const draft of drafts) {
    const detections = recogniser.detect(draft.prose);
    s.detections += detections.length;
    for (const figure of draft.figures) {
      const hits = detections.filter((d) => overlaps(d, figure));
      if (EXCLUDED.has(figure.category)) {
        s.leaked += hits.length;
        continue;
      }
      const found = hits.length > 0;
      const covered = found && covers(hits, figure);
      const tallies = [s.all, tallyFor(s.byCategory, figure.category)];
      if (figure.label !== 'other') tallies.push(s.sourced);
      for (const t of tallies) {
        t.total++;
        if (found) t.found++;
        if (covered) t.span++;
      }
      const expected = labelledValue(figure.text);
      if (expected !== undefined && found) {
        s.valueComparable++;
        if (hits.some((d) => d.value === expected)) s.valueRight++;
      }
    }
    for (const d of detections) {
      if (!draft.figures.some((figure) => overlaps(d, figure))) {
        s.spurious++;
        const text = draft.prose.slice(d.start, d.end).replace(/\s+/g, ' ');
        s.spuriousTexts.set(text, (s.spuriousTexts.get(text) ?? 0) + 1);
      }
      if (d.text !== undefined) {
        s.offsetChecked++;
        if (draft.prose.slice(d.start, d.end).toLowerCase() !== d.text.toLowerCase()) s.offsetMismatch++;
      }
    }
  }
  return s;
}

function tallyFor(map: Map<string, Tally>, key: string): Tally {
  let t = map.get(key);
  if (!t) map.set(key, (t = { total: 0, found: 0, span: 0 }));
  return t;
}

/** Whether the detections together cover every non-space character of the labelled figure. */
function covers(hits: readonly Detection[], figure: LabelledFigure): boolean {
  for (let i = figure.start; i < figure.end; i++) {
    if (/\s/.test(figure.text[i - figure.start])) continue;
    if (!hits.some((d) => d.start <= i && i < d.end)) return false;
  }
  return true;
}

/**
 * Offsets usable as JS string offsets: the detections in PREFIX + prose must be those in prose,
 * shifted by PREFIX.length (UTF-16 code units). The prefix holds an astral character (two code
 * units) and "İ", whose lower case is two code units long.
 */
function offsetShiftCheck(recogniser: Recogniser, prefix: string): string {
  let same = 0;
  let total = 0;
  for (const draft of drafts) {
    const plain = recogniser.detect(draft.prose).map((d) => `${d.start + prefix.length}:${d.end + prefix.length}`);
    const shifted = new Set(recogniser.detect(prefix + draft.prose).map((d) => `${d.start}:${d.end}`));
    total += plain.length;
    same += plain.filter((key) => shifted.has(key)).length;
  }
  return `${same}/${total}`;
}

/** Factmark's bound and unit readings, which the number recogniser has no field for. */
function factmarkSemantics(): string {
  let bounds = 0;
  let boundsRight = 0;
  let hyphen = 0;
  let hyphenRight = 0;
  for (const draft of drafts) {
    const figures = findFigures(draft.prose);
    for (const label of draft.figures) {
      const hit = figures.find((f) => overlaps(f, label));
      const bound = labelledBound(label.text);
      if (label.category === 'bound' && bound) {
        bounds++;
        if (hit?.bound === bound) boundsRight++;
      }
      if (label.category === 'hyphenated') {
        hyphen++;
        if (hit?.unit === 'year') hyphenRight++;
      }
    }
  }
  return `hedge read as the right bound ${boundsRight}/${bounds}, hyphenated read as unit=year ${hyphenRight}/${hyphen}`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const countWords = (text: string) => (text.match(/\S+/g) ?? []).length;

/** Median ms per 10,000 words over 20 runs on the drafts' prose concatenated and repeated to ~10k words. */
function timing(recogniser: Recogniser, corpus: string, words: number): { ms: number; min: number; max: number } {
  for (let i = 0; i < 3; i++) recogniser.detect(corpus); // warm-up
  const runs: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now();
    recogniser.detect(corpus);
    runs.push(performance.now() - t0);
  }
  const per10k = (ms: number) => (ms * 10000) / words;
  return { ms: per10k(median(runs)), min: per10k(Math.min(...runs)), max: per10k(Math.max(...runs)) };
}

/** Bundle a one-line entry with esbuild (--bundle --platform=node --minify), then time require() in fresh processes. */
function bundleAndLoad(recogniser: Recogniser, dir: string, index: number): { bytes: number; gzip: number; loadMs: number; firstCallMs: number } {
  const outfile = path.join(dir, `bundle-${index}.js`);
  execFileSync(path.join(ROOT, 'node_modules', '.bin', 'esbuild'), ['--bundle', '--platform=node', '--minify', '--log-level=error', `--outfile=${outfile}`], {
    cwd: ROOT, // the one-line entry comes on stdin and resolves from the repository root
    input: recogniser.entry,
  });
  const bytes = statSync(outfile).size;
  const gzip = gzipSync(readFileSync(outfile)).length;
  const call = index === 0 ? 'm.findFigures(s)' : 'm.recognizeNumber(s, m.Culture.English)';
  const probe = `const {performance:p}=require('perf_hooks');const t0=p.now();const m=require(${JSON.stringify(outfile)});const t1=p.now();const s='More than 1,200 people, ten of them, on December 14, 2025.';${call};const t2=p.now();console.log(JSON.stringify([t1-t0,t2-t1]));`;
  const load: number[] = [];
  const first: number[] = [];
  for (let i = 0; i < 11; i++) {
    const [l, f] = JSON.parse(execFileSync(process.execPath, ['-e', probe], { encoding: 'utf8' })) as [number, number];
    load.push(l);
    first.push(f);
  }
  return { bytes, gzip, loadMs: median(load), firstCallMs: median(first) };
}

/** require() of the package as installed (node_modules, unbundled), fresh processes. */
function unbundledLoad(): number {
  const probe = `const {performance:p}=require('perf_hooks');const t0=p.now();require('@microsoft/recognizers-text-number');console.log(p.now()-t0);`;
  const runs: number[] = [];
  for (let i = 0; i < 11; i++) runs.push(Number(execFileSync(process.execPath, ['-e', probe], { cwd: ROOT, encoding: 'utf8' })));
  return median(runs);
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => '  ' + r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ')).join('\n');
}

const pct = (t: Tally | undefined, key: 'found' | 'span' = 'found') => (t && t.total ? `${t[key]}/${t.total}` : '-');

function main(): void {
  const scores = recognisers.map(score);
  const categories = [...new Set(drafts.flatMap((d) => d.figures.map((f) => f.category)))].filter((c) => !EXCLUDED.has(c)).sort();
  const labelled = drafts.reduce((n, d) => n + d.figures.length, 0);
  const excluded = drafts.reduce((n, d) => n + d.figures.filter((f) => EXCLUDED.has(f.category)).length, 0);

  console.log(`\nRecognisers on ${drafts.length} drafts, ${labelled} labelled figures (${excluded} in code/url, excluded from recall).`);
  console.log('Only @microsoft/recognizers-text-number (recognizeNumber) is measured: -number-with-unit and -date-time are not installed.\n');

  console.log('Recall by category: found = a detection overlaps the label; span = detections cover all of it (hedge, unit, date)');
  const header = ['category', 'n', ...recognisers.flatMap((r) => [`${short(r)} found`, `${short(r)} span`])];
  const rows = categories.map((c) => [c, String(scores[0].byCategory.get(c)!.total), ...scores.flatMap((s) => [pct(s.byCategory.get(c)), pct(s.byCategory.get(c), 'span')])]);
  rows.push(['SOURCED (right+wrong)', String(scores[0].sourced.total), ...scores.flatMap((s) => [pct(s.sourced), pct(s.sourced, 'span')])]);
  rows.push(['ALL', String(scores[0].all.total), ...scores.flatMap((s) => [pct(s.all), pct(s.all, 'span')])]);
  console.log(table([header, ...rows]));

  console.log('\nDetections');
  const offsetPrefix = 'İ\u{1F600} ';
  console.log(
    table([
      ['', ...recognisers.map(short)],
      ['detections', ...scores.map((s) => String(s.detections))],
      ['overlapping no label', ...scores.map((s) => String(s.spurious))],
      ['inside code/url labels', ...scores.map((s) => String(s.leaked))],
      ['value right (detected digits/words)', ...scores.map((s) => `${s.valueRight}/${s.valueComparable}`)],
      ['slice(start,end) == text', ...scores.map((s) => (s.offsetChecked ? `${s.offsetChecked - s.offsetMismatch}/${s.offsetChecked}` : 'n/a (no text)'))],
      [`offsets after "İ😀 " prefix`, ...recognisers.map((r) => offsetShiftCheck(r, offsetPrefix))],
      [`offsets after "😀 " prefix`, ...recognisers.map((r) => offsetShiftCheck(r, '\u{1F600} '))],
    ]),
  );
  for (const [i, s] of scores.entries()) {
    const top = [...s.spuriousTexts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 14);
    console.log(`  no-label ${short(recognisers[i])}: ${top.map(([t, n]) => (n > 1 ? `"${t}"×${n}` : `"${t}"`)).join(', ') || '-'}`);
  }
  console.log(`  Factmark also reads: ${factmarkSemantics()}; recognizeNumber returns a value only.`);

  const base = drafts.map((d) => d.prose).join('\n\n');
  const baseWords = countWords(base);
  const corpus = Array.from({ length: Math.max(1, Math.round(10000 / baseWords)) }, () => base).join('\n\n');
  const words = countWords(corpus);
  const times = recognisers.map((r) => timing(r, corpus, words));
  // recognizeNumber() builds a NumberRecognizer per call (its models are cached statically); reuse one to be fair.
  const model = new NumberRecognizer(Culture.English).getNumberModel();
  const reused = timing({ name: 'MS NumberModel reused', entry: '', detect: (prose) => model.parse(prose).map((r) => ({ start: r.start, end: r.end + 1 })) }, corpus, words);
  const dir = mkdtempSync(path.join(tmpdir(), 'factmark-bench-'));
  let sizes: ReturnType<typeof bundleAndLoad>[];
  let rawLoad: number;
  try {
    sizes = recognisers.map((r, i) => bundleAndLoad(r, dir, i));
    rawLoad = unbundledLoad();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`\nCost (timing on ${words} words = the drafts' prose ×${Math.round(words / baseWords)}, ${corpus.length} chars; median of 20 after warm-up; load: median of 11 fresh node processes)`);
  console.log(
    table([
      ['', ...recognisers.map(short)],
      ['ms per 10k words (median)', ...times.map((t) => t.ms.toFixed(2))],
      ['  min–max', ...times.map((t) => `${t.min.toFixed(2)}–${t.max.toFixed(2)}`)],
      ['  model reused, median', '', reused.ms.toFixed(2)],
      ['bundle bytes (esbuild min)', ...sizes.map((s) => String(s.bytes))],
      ['  gzipped', ...sizes.map((s) => String(s.gzip))],
      ['require() of bundle, ms', ...sizes.map((s) => s.loadMs.toFixed(1))],
      ['require() from node_modules, ms', 'n/a (TS source)', rawLoad.toFixed(1)],
      ['first call after load, ms', ...sizes.map((s) => s.firstCallMs.toFixed(1))],
    ]),
  );
  console.log();
}

function short(r: Recogniser): string {
  return r.name.startsWith('Factmark') ? 'Factmark' : 'MS-number';
}

main();
