/**
 * Measuring figure checking on labelled drafts: precision and recall of figure-mismatch, and how
 * many sourced figures went unchecked, overall and per category. Shared by the evaluation set
 * (accuracy.test.ts) and the held-out set (holdout.test.ts).
 */
import { analyzeDraft, type Dataset, type DraftLanguage } from '../../server/src/core';
import { stripLabels, type LabelledFigure } from './labels';

export interface Tally {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  sourced: number;
  unchecked: number;
  figures: number;
}

export const emptyTally = (): Tally => ({ truePositives: 0, falsePositives: 0, falseNegatives: 0, sourced: 0, unchecked: 0, figures: 0 });

/** Scores labelled drafts one by one and keeps the tallies and the list of mistakes. */
export class Measurement {
  readonly overall = emptyTally();
  readonly byCategory = new Map<string, Tally>();
  readonly mistakes: string[] = [];

  score(file: string, marked: string, dataset: Dataset, language: DraftLanguage = 'markdown'): void {
    const { overall, byCategory, mistakes } = this;
    const draft = stripLabels(marked);
    const analysis = analyzeDraft(draft.text, dataset, { language });
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

  /** Prints the per-category table (and, with FACTMARK_EVAL_VERBOSE set, every mistake). */
  report(): void {
    const rows = [['category', 'figures', 'precision', 'recall', 'unchecked'], ...[...this.byCategory.entries()].sort().map(([name, t]) => row(name, t)), row('ALL', this.overall)];
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
    console.log(`\n  Figure checking on ${this.overall.figures} labelled figures:`);
    for (const r of rows) console.log(`    ${r.map((cell, i) => cell.padEnd(widths[i])).join('  ')}`);
    if (process.env.FACTMARK_EVAL_VERBOSE) for (const mistake of this.mistakes) console.log(`    ${mistake}`);
  }
}

export function precision(t: Tally): number {
  const flagged = t.truePositives + t.falsePositives;
  return flagged === 0 ? 1 : t.truePositives / flagged;
}

export function recall(t: Tally): number {
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
