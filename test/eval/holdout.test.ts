/**
 * HELD OUT — never tune rules on these drafts. Do not read their misses to write a rule; do not
 * change a label to match the tool's output. They measure how well figure matching generalises
 * beyond the evaluation set in drafts/, which the rules are tuned on.
 *
 * Accuracy of figure checking on each held-out folder, measured and printed separately (Markdown
 * and plain text, same label format as drafts/, see README.md):
 * - holdout/: the first set. Asserts only the precision floor, the product's promise that false
 *   alarms are rare; recall is printed, not asserted. Causes found there are being fixed, so it is
 *   no longer unseen.
 * - holdout-2/: the second set. Its first run is in README "Held-out set"; its false alarms were
 *   since fixed by cause, so it is no longer unseen either. Asserts only its size.
 * - holdout-3/: the third set, written blind on 2026-12-05; its first run is in README "Held-out
 *   set" and its false alarms were since fixed by cause, so it is seen too.
 * - holdout-4/: the fourth set, written blind on 2026-12-06, that nobody has looked at to tune.
 *   Asserts only that it has at least 150 labels; precision and recall are printed.
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Dataset } from '../../server/src/core';
import { DatasetFolder } from '../../server/src/workspace/datasets';
import { Measurement, precision, recall } from './measure';

const EXAMPLE = path.join(__dirname, '..', '..', 'examples', 'belarus-2025');

/** Scores every draft in one held-out folder and prints its table under the folder's name. */
async function measureFolder(folder: string): Promise<Measurement> {
  const measurement = new Measurement();
  const dataset: Dataset = (await new DatasetFolder(EXAMPLE).reload()).dataset;
  const dir = path.join(__dirname, folder);
  for (const file of readdirSync(dir).filter((name) => /^\d.*\.(md|txt)$/.test(name)).sort()) {
    measurement.score(file, readFileSync(path.join(dir, file), 'utf8'), dataset, file.endsWith('.txt') ? 'plaintext' : 'markdown');
  }
  console.log(`\n  ${folder}/`);
  measurement.report();
  console.log(`    ${folder}: precision ${precision(measurement.overall).toFixed(3)}, recall ${recall(measurement.overall).toFixed(3)} (printed, not asserted)`);
  return measurement;
}

describe('accuracy on the held-out drafts (never tune on these)', function () {
  this.timeout(20000);
  let measurement: Measurement;

  before(async () => {
    measurement = await measureFolder('holdout');
  });

  it('has at least 150 labelled figures', () => {
    assert.ok(measurement.overall.figures >= 150, `only ${measurement.overall.figures} labelled figures`);
  });

  // The first run here (commit 110707b) raised 6 false alarms (precision 0.846, see README
  // "Held-out set"); they were fixed by cause in 76fceb1, so this set is no longer unseen. The
  // floor now guards against a regression; holdout-2 is the measure of generalisation.
  it('warns on wrong figures with precision of at least 0.95', () => {
    const p = precision(measurement.overall);
    assert.ok(p >= 0.95, `precision ${p.toFixed(3)}; set FACTMARK_EVAL_VERBOSE=1 to list the false alarms`);
  });
});

describe('accuracy on the second held-out drafts, holdout-2 (never tune on these)', function () {
  this.timeout(20000);
  let measurement: Measurement;

  before(async () => {
    measurement = await measureFolder('holdout-2');
  });

  // Only the size is asserted: this set measures generalisation; precision and recall are printed.
  it('has at least 150 labelled figures', () => {
    assert.ok(measurement.overall.figures >= 150, `only ${measurement.overall.figures} labelled figures`);
  });
});

describe('accuracy on the third held-out drafts, holdout-3 (never tune on these)', function () {
  this.timeout(20000);
  let measurement: Measurement;

  before(async () => {
    measurement = await measureFolder('holdout-3');
  });

  // Only the size is asserted: this set measures generalisation; precision and recall are printed.
  it('has at least 150 labelled figures', () => {
    assert.ok(measurement.overall.figures >= 150, `only ${measurement.overall.figures} labelled figures`);
  });
});

describe('accuracy on the fourth held-out drafts, holdout-4 (never tune on these)', function () {
  this.timeout(20000);
  let measurement: Measurement;

  before(async () => {
    measurement = await measureFolder('holdout-4');
  });

  // Only the size is asserted: this set measures generalisation; precision and recall are printed.
  it('has at least 150 labelled figures', () => {
    assert.ok(measurement.overall.figures >= 150, `only ${measurement.overall.figures} labelled figures`);
  });
});
