/**
 * `npm run bench:phases -- [entities] [draft words]` (default 10k and 10k; RUNS=40): the full
 * analysis of one draft split into its phases (words, names, figures, suggestions, sentences,
 * name resolution, checks) and the whole analysis, each timed on its own, medians of many runs.
 * Prints figures only: where the time of a full analysis goes, which a sampling profile of so
 * flat a profile hides. Run bundled (esbuild.mjs --bench), as the server runs, with its V8 flags.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import * as path from 'node:path';
import { analyzeDraft, nameIndexOf } from '../server/src/core/analyze';
import { findFigures } from '../server/src/core/figures';
import { resolveKin } from '../server/src/core/kin';
import { checkFigures, stem } from '../server/src/core/match';
import { findNameMatches, nameSuggestions, resolveNames } from '../server/src/core/names';
import { proseOnly } from '../server/src/core/prose';
import { sentenceSpans, wordTokens } from '../server/src/core/text';
import { DatasetFolder } from '../server/src/workspace/datasets';
import { SERVER_V8_FLAGS } from '../server/src/v8Flags';
import { median } from './measure';

async function main(): Promise<void> {
  if (!SERVER_V8_FLAGS.every((flag) => process.execArgv.includes(flag))) {
    // Started without the server's flags: again, with them.
    const child = spawnSync(process.execPath, [...process.execArgv, ...SERVER_V8_FLAGS, ...process.argv.slice(1)], { stdio: 'inherit' });
    process.exitCode = child.status ?? 1;
    return;
  }
  const size = process.argv[2] ?? '10k';
  const draftName = process.argv[3] ?? '10k';
  const runs = Number(process.env.RUNS ?? 40);
  // In out/ when bundled: the data is in bench/data.
  const data = path.join(__dirname, '..', 'bench', 'data');
  const { dataset } = await new DatasetFolder(path.join(data, `json-${size}`)).reload();
  const text = readFileSync(path.join(data, 'drafts', `draft-${draftName}.md`), 'utf8');
  const prose = proseOnly(text, 'markdown');
  const index = nameIndexOf(dataset);
  const tokens = wordTokens(prose);
  const matches = findNameMatches(prose, index, tokens);
  const figures = findFigures(prose);
  const sentences = sentenceSpans(prose);
  const mentions = resolveNames(prose, matches);
  const stems = tokens.map((token) => stem(token.key));
  // The checks remember things per figure object for one call: each run gets figures of its own, as an analysis does.
  const figureSets = Array.from({ length: runs + WARM_UP }, () => findFigures(prose));
  let figureSet = 0;
  const phases: [string, () => unknown][] = [
    ['prose', () => proseOnly(text, 'markdown')],
    ['words', () => wordTokens(prose)],
    ['stems', () => tokens.map((token) => stem(token.key))],
    ['names', () => findNameMatches(prose, index, tokens)],
    ['figures', () => findFigures(prose)],
    ['suggestions', () => nameSuggestions(prose, index, tokens, matches)],
    ['sentences', () => sentenceSpans(prose)],
    ['resolve names', () => resolveNames(prose, matches)],
    ['kin', () => resolveKin(prose, mentions, dataset)],
    ['checks', () => checkFigures({ prose, dataset, sentences, tokens, mentions, figures: figureSets[figureSet++] }, undefined, stems)],
    ['whole analysis', () => analyzeDraft(text, dataset)],
  ];
  for (let warm = 0; warm < WARM_UP; warm++) for (const [, run] of phases) run();
  const times = new Map<string, number[]>(phases.map(([name]) => [name, []]));
  // The collections that start during a whole analysis: a phase's median leaves out the runs a
  // collection fell in, so the medians of the phases add up to less than the whole analysis's.
  const collections: PerformanceEntry[] = [];
  const observer = new PerformanceObserver((list) => collections.push(...list.getEntries()));
  observer.observe({ entryTypes: ['gc'] });
  const wholeRuns: [number, number][] = [];
  for (let i = 0; i < runs; i++) {
    for (const [name, run] of phases) {
      const started = performance.now();
      run();
      const ended = performance.now();
      times.get(name)!.push(ended - started);
      if (name === 'whole analysis') wholeRuns.push([started, ended]);
    }
  }
  await new Promise((resolve) => setTimeout(resolve, 50)); // the observer hears of the last collections on a later turn
  observer.disconnect();
  const inWhole = collections.filter((gc) => wholeRuns.some(([start, end]) => gc.startTime >= start && gc.startTime < end));
  const mean = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  console.log(`${dataset.entities.size} entities, the ${draftName}-word draft (${figures.length} figures), medians of ${runs} runs:`);
  for (const [name, samples] of times) console.log(`  ${name.padEnd(16)} ${median(samples).toFixed(2).padStart(7)} ms`);
  console.log(`  whole analysis, mean ${mean(times.get('whole analysis')!).toFixed(2)} ms, of which garbage collection ${(inWhole.reduce((sum, gc) => sum + gc.duration, 0) / runs).toFixed(2)} ms (${(inWhole.length / runs).toFixed(2)} collections an analysis)`);
}

const WARM_UP = 5;

void main();
