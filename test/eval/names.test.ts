/**
 * Accuracy of name recognition on the labelled name set (names/*.md): precision and recall
 * overall and per category — listed spellings, variants the dataset does not list, possessives,
 * shared surnames, headlines in capitals, and traps that must not be recognised.
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { analyzeDraft, type Dataset } from '../../server/src/core';
import { DatasetFolder } from '../../server/src/workspace/datasets';
import { stripNameLabels, type LabelledName } from './labels';

const NAMES = path.join(__dirname, 'names');
const EXAMPLE = path.join(__dirname, '..', '..', 'examples', 'belarus-2025');

interface Tally {
  labels: number;
  right: number;
  wrongEntity: number;
  missed: number;
  falseAlarms: number;
}

const emptyTally = (): Tally => ({ labels: 0, right: 0, wrongEntity: 0, missed: 0, falseAlarms: 0 });

describe('name recognition on the labelled name set', function () {
  this.timeout(20000);
  let dataset: Dataset;
  const overall = emptyTally();
  const byCategory = new Map<string, Tally>();
  const mistakes: string[] = [];

  before(async () => {
    dataset = (await new DatasetFolder(EXAMPLE).reload()).dataset;
    for (const file of readdirSync(NAMES).filter((name) => /^\d.*\.md$/.test(name)).sort()) score(file, readFileSync(path.join(NAMES, file), 'utf8'));
    report();
  });

  function score(file: string, marked: string): void {
    const draft = stripNameLabels(marked);
    const { mentions } = analyzeDraft(draft.text, dataset, { language: 'markdown' });
    const overlaps = (label: LabelledName) => mentions.filter((m) => m.start < label.end && m.end > label.start);
    for (const label of draft.names) {
      const tally = byCategory.get(label.category) ?? emptyTally();
      byCategory.set(label.category, tally);
      const found = overlaps(label);
      for (const t of [overall, tally]) {
        t.labels++;
        if (!label.entityId) {
          if (found.length > 0) t.falseAlarms++;
        } else if (found.some((m) => m.entityId === label.entityId)) t.right++;
        else if (found.some((m) => m.entityId)) t.wrongEntity++;
        else t.missed++;
      }
      const context = draft.text.slice(Math.max(0, label.start - 40), label.end + 30).replace(/\s+/g, ' ');
      if (!label.entityId && found.length > 0) mistakes.push(`trap recognised ${file}: "${label.text}" as ${found.map((m) => m.entityId ?? m.candidates.join('|')).join(', ')} …${context}…`);
      else if (label.entityId && !found.some((m) => m.entityId === label.entityId)) {
        mistakes.push(`${found.some((m) => m.entityId) ? 'wrong entity' : 'missed'} ${file}: "${label.text}" (${label.category}, ${label.entityId}) got ${found.map((m) => m.entityId ?? `?${m.candidates.join('|')}`).join(', ') || 'nothing'} …${context}…`);
      }
    }
    for (const mention of mentions) {
      if (!draft.names.some((label) => mention.start < label.end && mention.end > label.start)) {
        overall.falseAlarms++;
        mistakes.push(`unlabelled name ${file}: "${mention.text}" as ${mention.entityId ?? mention.candidates.join('|')}`);
      }
    }
  }

  function report(): void {
    const rows = [['category', 'labels', 'precision', 'recall'], ...[...byCategory.entries()].sort().map(([name, t]) => row(name, t)), row('ALL', overall)];
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
    console.log(`\n  Name recognition on ${overall.labels} labelled mentions:`);
    for (const r of rows) console.log(`    ${r.map((cell, i) => cell.padEnd(widths[i])).join('  ')}`);
    if (process.env.FACTMARK_EVAL_VERBOSE) for (const mistake of mistakes) console.log(`    ${mistake}`);
  }

  it('has a large enough labelled set', () => {
    assert.ok(overall.labels >= 300, `only ${overall.labels} labelled mentions`);
  });

  it('recognises names with precision of at least 0.98', () => {
    assert.ok(precision(overall) >= 0.98, `precision ${precision(overall).toFixed(3)}; set FACTMARK_EVAL_VERBOSE=1 to list the mistakes`);
  });

  it('recognises names with recall of at least 0.95', () => {
    assert.ok(recall(overall) >= 0.95, `recall ${recall(overall).toFixed(3)}; set FACTMARK_EVAL_VERBOSE=1 to list the mistakes`);
  });
});

function precision(t: Tally): number {
  const claimed = t.right + t.wrongEntity + t.falseAlarms;
  return claimed === 0 ? 1 : t.right / claimed;
}

function recall(t: Tally): number {
  const positives = t.right + t.wrongEntity + t.missed;
  return positives === 0 ? 1 : t.right / positives;
}

function row(name: string, t: Tally): string[] {
  const positives = t.right + t.wrongEntity + t.missed;
  const claimed = t.right + t.wrongEntity + t.falseAlarms;
  return [name, String(t.labels), claimed === 0 ? '—' : precision(t).toFixed(3), positives === 0 ? '—' : recall(t).toFixed(3)];
}
