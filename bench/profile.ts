/**
 * `npx tsx bench/profile.ts [size] [draft]`: loads one synthetic dataset and analyses one draft
 * repeatedly, for `node --cpu-prof`. Prints timings only.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { analyzeDraft } from '../server/src/core';
import { DatasetFolder } from '../server/src/workspace/datasets';

async function main(): Promise<void> {
  const size = process.argv[2] ?? '1k';
  const draftName = process.argv[3] ?? '10k';
  const format = process.argv[4] ?? 'yaml';
  let started = performance.now();
  const folder = new DatasetFolder(path.join(__dirname, 'data', `${format}-${size}`));
  // As the server loads: indexes built a step per turn; the longest stretch without a turn of the event loop is reported.
  folder.prepare = (data) => folder.prepareIndexes(data);
  let last = performance.now();
  let longest = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 1);
  const { dataset } = await folder.reload();
  clearInterval(ticker);
  console.log(`load ${(performance.now() - started).toFixed(0)} ms (indexes included; longest block of the event loop ${longest.toFixed(0)} ms), ${dataset.entities.size} entities, rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);
  const text = readFileSync(path.join(__dirname, 'data', 'drafts', `draft-${draftName}.md`), 'utf8');
  for (let i = 0; i < Number(process.env.FULL_RUNS ?? process.env.RUNS ?? 8); i++) {
    started = performance.now();
    const cpu = process.cpuUsage();
    const analysis = analyzeDraft(text, dataset);
    const used = process.cpuUsage(cpu);
    console.log(`analyse ${(performance.now() - started).toFixed(1)} ms (CPU ${((used.user + used.system) / 1000).toFixed(1)} ms) (${analysis.checks.length} figures, ${analysis.mentions.length} mentions, ${analysis.findings.length} findings)${analysis.internalError ? ' ERROR' : ''}`);
  }
  // Re-analysis after typing one character in the middle, with the previous analysis at hand.
  let previous = analyzeDraft(text, dataset);
  const at = text.indexOf(' ', Math.floor(text.length / 2));
  const samples: number[] = [];
  for (let i = 0; i < Number(process.env.RUNS ?? 8) * 4; i++) {
    const edited = i % 2 === 0 ? `${text.slice(0, at)}x${text.slice(at)}` : text;
    started = performance.now();
    previous = analyzeDraft(edited, dataset, { previous });
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  if (samples.length > 0) console.log(`re-analysis after a one-character edit: median ${samples[samples.length >> 1].toFixed(2)} ms, min ${samples[0].toFixed(2)} ms`);
}

void main();
