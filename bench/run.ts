/**
 * `npm run bench`: how long Factmark takes on the shipped example — loading the reference data,
 * analysing the example draft, and analysing a 10,000-word draft — as medians over repeated
 * runs. It prints figures; it never passes or fails.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeDraft, hoverAt, highlightSpans } from '../server/src/core';
import { DatasetFolder } from '../server/src/workspace/datasets';
import { stripLabels } from '../test/eval/labels';

const ROOT = path.join(__dirname, '..');
const EXAMPLE = path.join(ROOT, 'examples', 'belarus-2025');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Runs fn after warming up, and returns the median wall time in milliseconds. */
async function time(runs: number, fn: () => unknown): Promise<number> {
  for (let i = 0; i < Math.min(5, runs); i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    await fn();
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return median(samples);
}

/** A 10,000-word draft in the example's style: the example and the evaluation drafts, repeated. */
function longDraft(words: number): string {
  const parts = [readFileSync(path.join(EXAMPLE, 'draft.md'), 'utf8')];
  const drafts = path.join(ROOT, 'test', 'eval', 'drafts');
  for (const file of readdirSync(drafts).sort()) parts.push(stripLabels(readFileSync(path.join(drafts, file), 'utf8')).text);
  let text = '';
  for (let i = 0; text.split(/\s+/).length < words; i++) text += `${parts[i % parts.length]}\n\n`;
  return text;
}

async function main(): Promise<void> {
  const folder = new DatasetFolder(EXAMPLE);
  const loadMs = await time(20, () => new DatasetFolder(EXAMPLE).reload());
  const { dataset } = await folder.reload();
  const example = readFileSync(path.join(EXAMPLE, 'draft.md'), 'utf8');
  const long = longDraft(10_000);
  const exampleMs = await time(50, () => analyzeDraft(example, dataset));
  const longMs = await time(20, () => analyzeDraft(long, dataset));
  const analysis = analyzeDraft(long, dataset);
  const hoverOffset = long.indexOf('Kalesnikava');
  const hoverMs = await time(200, () => hoverAt(analysis, hoverOffset));
  const tokensMs = await time(50, () => highlightSpans(analysis));

  const rows: [string, string][] = [
    ['machine', `${os.cpus()[0]?.model ?? 'unknown CPU'} × ${os.cpus().length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`],
    ['reference data', `${dataset.entities.size} entities, ${dataset.facts.length} facts, ${dataset.sources.size} sources`],
    ['load the example dataset (parse, validate, check quotes)', `${loadMs.toFixed(2)} ms`],
    [`analyse the example draft (${example.split(/\s+/).length} words)`, `${exampleMs.toFixed(2)} ms`],
    [`analyse a ${long.split(/\s+/).length}-word draft`, `${longMs.toFixed(2)} ms`],
    ['hover on a name in that draft', `${(hoverMs * 1000).toFixed(1)} µs`],
    ['semantic token spans for that draft', `${tokensMs.toFixed(2)} ms`],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  console.log('Factmark benchmark (medians)');
  for (const [label, value] of rows) console.log(`  ${label.padEnd(width)}  ${value}`);
}

void main();
