/**
 * Accuracy of figure checking on the labelled evaluation set: precision and recall of
 * figure-mismatch, and how many sourced figures went unchecked, overall and per category.
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Dataset } from '../../server/src/core';
import { DatasetFolder } from '../../server/src/workspace/datasets';
import { Measurement, precision, recall } from './measure';

const DRAFTS = path.join(__dirname, 'drafts');
const EXAMPLE = path.join(__dirname, '..', '..', 'examples', 'belarus-2025');

/** Below this many wrong figures a category's recall is noise (one miss in five is 0.8): it is printed, not asserted. */
const MIN_WRONG_PER_CATEGORY = 6;

describe('accuracy on the labelled evaluation set', function () {
  this.timeout(20000);
  let dataset: Dataset;
  const measurement = new Measurement();
  const { overall, byCategory } = measurement;

  before(async () => {
    dataset = (await new DatasetFolder(EXAMPLE).reload()).dataset;
    for (const file of readdirSync(DRAFTS).filter((name) => name.endsWith('.md')).sort()) {
      measurement.score(file, readFileSync(path.join(DRAFTS, file), 'utf8'), dataset);
    }
    measurement.report();
  });

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

  it('finds wrong figures with recall of at least 0.85 in every category', () => {
    const measured = [...byCategory.entries()].filter(([, t]) => t.truePositives + t.falseNegatives >= MIN_WRONG_PER_CATEGORY);
    console.log(`    per-category recall asserted for ${measured.map(([name]) => name).join(', ')}`);
    const low = measured.filter(([, t]) => recall(t) < 0.85);
    assert.deepEqual(low.map(([name, t]) => `${name} ${recall(t).toFixed(3)}`), []);
  });

  // A category with one or two wrong figures would pass or fail on a single figure: every category
  // that has wrong figures at all must have enough of them for its recall to mean something.
  it(`has at least ${MIN_WRONG_PER_CATEGORY} wrong figures in every category that has any`, () => {
    const tooFew = [...byCategory.entries()].filter(([, t]) => t.truePositives + t.falseNegatives > 0 && t.truePositives + t.falseNegatives < MIN_WRONG_PER_CATEGORY);
    assert.deepEqual(tooFew.map(([name, t]) => `${name} (${t.truePositives + t.falseNegatives} wrong)`), []);
  });
});
