/**
 * Accuracy of figure checking on the labelled evaluation set: precision and recall of
 * figure-mismatch, and how many sourced figures went unchecked, overall and per category.
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { analyzeDraft, type Dataset } from '../../server/src/core';
import { DatasetFolder } from '../../server/src/workspace/datasets';
import { stripLabels, type LabelledFigure } from './labels';

const DRAFTS = path.join(__dirname, 'drafts');
const EXAMPLE = path.join(__dirname, '..', '..', 'examples', 'belarus-2025');

interface Tally {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  sourced: number;
  unchecked: number;
  figures: number;
}

/** Below this many wrong figures a category's recall is noise (one miss in five is 0.8): it is printed, not asserted. */
const MIN_WRONG_PER_CATEGORY = 6;

const emptyTally = (): Tally => ({ truePositives: 0, falsePositives: 0, falseNegatives: 0, sourced: 0, unchecked: 0, figures: 0 });

describe('accuracy on the labelled evaluation set', function () {
  this.timeout(20000);
  let dataset: Dataset;
  const overall = emptyTally();
  const byCategory = new Map<string, Tally>();
  const mistakes: string[] = [];

  before(async () => {
    dataset = (await new DatasetFolder(EXAMPLE).reload()).dataset;
    for (const file of readdirSync(DRAFTS).filter((name) => name.endsWith('.md')).sort()) {
      score(file, readFileSync(path.join(DRAFTS, file), 'utf8'));
    }
    report();
  });

  function score(file: string, marked: string): void {
    const draft = stripLabels(marked);
    const analysis = analyzeDraft(draft.text, dataset, { language: 'markdown' });
    const warnings = analysis.findings.filter((finding) => finding.code === 'figure-mismatch');
    const overlapping = (figure: LabelledFigure) => (span: { start: number; end: number }) => span.start < figure.end && span.end > figure.start;
    const matchedFact = (figure: LabelledFigure) => analysis.checks.find((check) => overlapping(figure)(check.figure))?.fact?.id ?? 'no fact';
    for (const figure of draft.figures) {
      const tally = byCategory.get(figure.category) ?? emptyTally();
      byCategory.set(figure.category, tally);
      const flagged = warnings.some(overlapping(figure));
      const checked = analysis.checks.some((check) => check.status !== 'unchecked' && overlapping(figure)(check.figure));
      for (const t of [overall, tally]) {
        t.figures++;
        if (figure.label === 'wrong' && flagged) t.truePositives++;
        if (figure.label === 'wrong' && !flagged) t.falseNegatives++;
        if (figure.label !== 'wrong' && flagged) t.falsePositives++;
        if (figure.label !== 'other') {
          t.sourced++;
          if (!checked) t.unchecked++;
        }
      }
      const why = analysis.checks.find((check) => overlapping(figure)(check.figure))?.reason ?? matchedFact(figure);
      if (figure.label === 'wrong' && !flagged) mistakes.push(`missed   ${file}: "${figure.text}" (${figure.category}; ${why}) …${context(draft.text, figure)}…`);
      if (figure.label !== 'wrong' && flagged) mistakes.push(`false    ${file}: "${figure.text}" [${figure.label}; ${matchedFact(figure)}] …${context(draft.text, figure)}…`);
    }
    for (const warning of warnings) {
      if (!draft.figures.some((figure) => warning.start < figure.end && warning.end > figure.start)) {
        overall.falsePositives++;
        mistakes.push(`unlabelled warning ${file}: "${draft.text.slice(warning.start, warning.end)}"`);
      }
    }
  }

  function report(): void {
    const rows = [['category', 'figures', 'precision', 'recall', 'unchecked'], ...[...byCategory.entries()].sort().map(([name, t]) => row(name, t)), row('ALL', overall)];
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
    console.log(`\n  Figure checking on ${overall.figures} labelled figures:`);
    for (const r of rows) console.log(`    ${r.map((cell, i) => cell.padEnd(widths[i])).join('  ')}`);
    if (process.env.FACTMARK_EVAL_VERBOSE) for (const mistake of mistakes) console.log(`    ${mistake}`);
  }

  it('has a large enough labelled set', () => {
    assert.ok(overall.figures >= 150, `only ${overall.figures} labelled figures`);
    assert.ok(overall.truePositives + overall.falseNegatives >= 40, 'too few wrong figures to measure recall');
  });

  it('warns on wrong figures with precision of at least 0.97', () => {
    assert.ok(precision(overall) >= 0.97, `precision ${precision(overall).toFixed(3)}; set FACTMARK_EVAL_VERBOSE=1 to list the false alarms`);
  });

  it('finds wrong figures with recall of at least 0.92', () => {
    assert.ok(recall(overall) >= 0.92, `recall ${recall(overall).toFixed(3)}; set FACTMARK_EVAL_VERBOSE=1 to list the misses`);
  });

  it(`finds wrong figures with recall of at least 0.85 in every category with ${MIN_WRONG_PER_CATEGORY} or more wrong figures`, () => {
    const measured = [...byCategory.entries()].filter(([, t]) => t.truePositives + t.falseNegatives >= MIN_WRONG_PER_CATEGORY);
    const tooFew = [...byCategory.entries()].filter(([, t]) => t.truePositives + t.falseNegatives > 0 && t.truePositives + t.falseNegatives < MIN_WRONG_PER_CATEGORY);
    console.log(`    per-category recall asserted for ${measured.map(([name]) => name).join(', ')}; too few wrong figures to assert: ${tooFew.map(([name, t]) => `${name} (${t.truePositives}/${t.truePositives + t.falseNegatives})`).join(', ')}`);
    const low = measured.filter(([, t]) => recall(t) < 0.85);
    assert.deepEqual(low.map(([name, t]) => `${name} ${recall(t).toFixed(3)}`), []);
  });
});

function precision(t: Tally): number {
  const flagged = t.truePositives + t.falsePositives;
  return flagged === 0 ? 1 : t.truePositives / flagged;
}

function recall(t: Tally): number {
  const wrong = t.truePositives + t.falseNegatives;
  return wrong === 0 ? 1 : t.truePositives / wrong;
}

function row(name: string, t: Tally): string[] {
  const wrong = t.truePositives + t.falseNegatives;
  return [
    name,
    String(t.figures),
    t.truePositives + t.falsePositives === 0 ? '—' : precision(t).toFixed(3),
    wrong === 0 ? '—' : recall(t).toFixed(3),
    t.sourced === 0 ? '—' : `${t.unchecked}/${t.sourced}`,
  ];
}

function context(text: string, figure: LabelledFigure): string {
  return text.slice(Math.max(0, figure.start - 50), figure.end + 30).replace(/\s+/g, ' ');
}
