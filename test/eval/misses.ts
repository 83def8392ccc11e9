/**
 * Every wrong figure the checker misses and every false alarm, with its whole sentence, the
 * fact it was matched to (if any) and why it was left unchecked:
 * `npx tsx test/eval/misses.ts [--all] [--dir holdout-2]` (`--all` also lists sourced figures
 * left unchecked; `--dir` reads another folder of labelled drafts under test/eval/).
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { analyzeDraft } from '../../server/src/core';
import { sentenceSpans } from '../../server/src/core/text';
import { DatasetFolder } from '../../server/src/workspace/datasets';
import { stripLabels } from './labels';

const dirArgument = process.argv.indexOf('--dir');
const DRAFTS = path.join(__dirname, dirArgument === -1 ? 'drafts' : process.argv[dirArgument + 1]);
const EXAMPLE = path.join(__dirname, '..', '..', 'examples', 'belarus-2025');
const all = process.argv.includes('--all');

async function main(): Promise<void> {
  const dataset = (await new DatasetFolder(EXAMPLE).reload()).dataset;
  for (const file of readdirSync(DRAFTS).filter((name) => /^\d.*\.(md|txt)$/.test(name)).sort()) {
    const draft = stripLabels(readFileSync(path.join(DRAFTS, file), 'utf8'));
    const analysis = analyzeDraft(draft.text, dataset, { language: file.endsWith('.txt') ? 'plaintext' : 'markdown' });
    const sentences = sentenceSpans(draft.text);
    for (const figure of draft.figures) {
      const check = analysis.checks.find((c) => c.figure.start < figure.end && c.figure.end > figure.start);
      const flagged = analysis.findings.some((f) => f.code === 'figure-mismatch' && f.start < figure.end && f.end > figure.start);
      const missed = figure.label === 'wrong' && !flagged;
      const falseAlarm = figure.label !== 'wrong' && flagged;
      const uncheckedSourced = all && figure.label === 'right' && (!check || check.status === 'unchecked');
      if (!missed && !falseAlarm && !uncheckedSourced) continue;
      const sentence = sentences.find((s) => s.start <= figure.start && s.end >= figure.end);
      const text = sentence ? draft.text.slice(sentence.start, sentence.end) : '';
      const kind = missed ? 'MISSED' : falseAlarm ? 'FALSE ' : 'UNCHKD';
      const verdict = check ? `${check.status}${check.fact ? ` ${check.fact.id}` : ''}${check.reason ? ` — ${check.reason}` : ''}` : 'not recognised as a figure';
      console.log(`${kind} ${file} "${figure.text}" [${figure.category}] ${verdict}\n       ${text.replace(/\s+/g, ' ').trim()}`);
    }
  }
}

void main();
