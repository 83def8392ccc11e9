/**
 * `npm run bench:compare -- <rev> [runs] [entities]`: the analysis of the working tree against that of an
 * earlier revision, side by side in one process. Prints figures, never passes or fails.
 *
 * Why: on a shared 2-core host the same code's times move by a third from one run to the next,
 * and by more between hosts, so two `npm run bench` runs cannot tell a 10 % change. Here both
 * versions of the core are bundled as the server is (esbuild.mjs's options), loaded into one
 * measuring process with the server's V8 flags, and their analyses alternate, so that whatever
 * slows the host slows both. The measurement runs twice, the second time with the order of the
 * two swapped.
 *
 * Measured on the 10k-word benchmark draft against the 1k-entity dataset (bench/generate.ts;
 * `100k` for the newsroom-scale one, where look-ups into large maps cost more):
 * full analyses, and re-analyses after a one-character edit (typed and taken back in turn, with
 * the previous analysis at hand).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { ensureDataset, ensureDrafts, type SizeName } from './generate';
import { median } from './measure';
import { SERVER_V8_FLAGS } from '../server/src/v8Flags';

const ROOT = path.join(__dirname, '..');
/** What each bundle exports for measuring: present in every revision since the core had one facade. */
const ENTRY = "export { analyzeDraft } from './server/src/core';\nexport { DatasetFolder } from './server/src/workspace/datasets';\n";

interface Version {
  readonly label: string;
  readonly bundle: string;
}

/** The measuring process: `compare.ts --measure <bundle a> <bundle b> <dataset dir> <draft> <runs>`, prints one JSON line. */
async function measure(bundles: readonly string[], datasetDir: string, draftPath: string, runs: number): Promise<void> {
  const cores = bundles.map((bundle) => require(bundle) as typeof import('../server/src/core') & typeof import('../server/src/workspace/datasets'));
  const text = readFileSync(draftPath, 'utf8');
  const at = text.indexOf(' ', text.length >> 1);
  const edited = `${text.slice(0, at)}x${text.slice(at)}`;
  const datasets = [];
  for (const core of cores) datasets.push((await new core.DatasetFolder(datasetDir).reload()).dataset);
  const full: number[][] = cores.map(() => []);
  const edits: number[][] = cores.map(() => []);
  const WARM_UP = 5;
  for (let round = 0; round < runs + WARM_UP; round++) {
    // The order within a round alternates too: neither version always runs right after the other's garbage.
    for (const k of round % 2 === 0 ? [0, 1] : [1, 0]) {
      const { analyzeDraft } = cores[k];
      let started = performance.now();
      let previous = analyzeDraft(text, datasets[k]);
      if (round >= WARM_UP) full[k].push(performance.now() - started);
      for (let i = 0; i < 10; i++) {
        started = performance.now();
        previous = analyzeDraft(i % 2 === 0 ? edited : text, datasets[k], { previous });
        if (round >= WARM_UP) edits[k].push(performance.now() - started);
      }
    }
  }
  // Each round's ratio of the second version's time to the first's, then their median: a pair
  // run back to back shares the host's state of the moment, so this moves less than the medians.
  const paired = (samples: number[][]) => median(samples[1].map((time, i) => time / samples[0][i]));
  console.log(JSON.stringify({ full: full.map(median), edit: edits.map(median), pairedFull: paired(full), pairedEdit: paired(edits), runs }));
}

/** The revision's sources, unpacked next to the working tree's node_modules, bundled. */
async function bundleRevision(rev: string, work: string, options: esbuild.BuildOptions): Promise<Version> {
  const tree = path.join(work, 'tree');
  mkdirSync(tree);
  const archive = execFileSync('git', ['archive', '--format=tar', rev], { cwd: ROOT, maxBuffer: 1 << 30 });
  execFileSync('tar', ['-x', '-C', tree], { input: archive });
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(tree, 'node_modules'));
  return { label: rev, bundle: await bundle(tree, path.join(work, 'revision.js'), options) };
}

async function bundle(tree: string, outfile: string, options: esbuild.BuildOptions): Promise<string> {
  const entry = path.join(tree, `.compare-entry-${process.pid}.ts`);
  writeFileSync(entry, ENTRY);
  try {
    await esbuild.build({ ...options, entryPoints: [entry], outfile, sourcemap: false, logLevel: 'error' });
  } finally {
    rmSync(entry, { force: true });
  }
  return outfile;
}

interface Measured {
  readonly full: number[];
  readonly edit: number[];
  /** The median over rounds of the second version's time over the first's. */
  readonly pairedFull: number;
  readonly pairedEdit: number;
}

function runMeasurement(versions: readonly Version[], datasetDir: string, draftPath: string, runs: number): Measured {
  const child = spawnSync(process.execPath, [...process.execArgv, ...SERVER_V8_FLAGS, __filename, '--measure', ...versions.map((v) => v.bundle), datasetDir, draftPath, String(runs)], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (child.status !== 0) throw new Error(`the measuring process failed:\n${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').pop()!);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--measure') return measure(args.slice(1, 3), args[3], args[4], Number(args[5]));
  const rev = args[0];
  const runs = Number(args[1] ?? 60);
  const size = args[2] ?? '1k';
  if (!rev || !Number.isInteger(runs) || runs < 1 || !['1k', '10k', '100k'].includes(size)) {
    console.error('usage: npm run bench:compare -- <git revision> [runs, default 60] [1k | 10k | 100k entities, default 1k]');
    process.exitCode = 2;
    return;
  }
  const { common } = (await import(path.join(ROOT, 'esbuild.mjs'))) as { common: esbuild.BuildOptions };
  const datasetDir = ensureDataset(size as SizeName, 'json', console.log).dir;
  const draftPath = ensureDrafts(console.log)['10k'];
  const work = mkdtempSync(path.join(os.tmpdir(), 'factmark-compare-'));
  try {
    const earlier = await bundleRevision(rev, work, common);
    const now: Version = { label: 'working tree', bundle: await bundle(ROOT, path.join(work, 'working-tree.js'), common) };
    console.log(`${earlier.label} against the working tree: the 10k-word draft, ${size} entities, ${runs} rounds each way (node ${process.version}, ${os.cpus().length} cores)`);
    for (const order of [[earlier, now], [now, earlier]]) {
      const { full, edit, pairedFull, pairedEdit } = runMeasurement(order, datasetDir, draftPath, runs);
      const [a, b] = order[0] === earlier ? [0, 1] : [1, 0];
      // The paired ratio is the working tree's over the revision's whichever ran first.
      const [fullRatio, editRatio] = order[0] === earlier ? [pairedFull, pairedEdit] : [1 / pairedFull, 1 / pairedEdit];
      console.log(`  ${order.map((v) => v.label).join(' first, then ')}:`);
      console.log(`    full analysis: ${full[a].toFixed(1)} ms → ${full[b].toFixed(1)} ms (×${(full[b] / full[a]).toFixed(3)}; paired ×${fullRatio.toFixed(3)})`);
      console.log(`    re-analysis after a one-character edit: ${edit[a].toFixed(2)} ms → ${edit[b].toFixed(2)} ms (×${(edit[b] / edit[a]).toFixed(3)}; paired ×${editRatio.toFixed(3)})`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

void main();
