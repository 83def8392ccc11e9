/** The shipped example dataset (issue 2): clean, every quote found in its seed, and short. */
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { DatasetFolder } from '../../server/src/workspace/datasets';
import type { Dataset } from '../../server/src/core';

const EXAMPLE = path.join(__dirname, '..', '..', 'examples', 'belarus-2025');

describe('the shipped example dataset', () => {
  let dataset: Dataset;
  let problems: readonly unknown[];

  before(async () => {
    const loaded = await new DatasetFolder(EXAMPLE).reload();
    dataset = loaded.dataset;
    problems = [...loaded.problems.values()].flat();
  });

  it('loads without a problem', () => {
    assert.deepEqual(problems, []);
  });

  it('finds every quote in the text of its source, and no quote is longer than 25 words', () => {
    const citations = dataset.facts.flatMap((fact) => fact.values.flatMap((value) => value.citations.map((citation) => ({ fact: fact.id, ...citation }))));
    assert.ok(citations.length > 50, `only ${citations.length} citations`);
    assert.deepEqual(citations.filter((c) => !c.quoteAt).map((c) => `${c.fact}: ${c.quote}`), [], 'quotes not located in their source');
    assert.deepEqual(citations.filter((c) => c.quote.split(/\s+/).length > 25).map((c) => `${c.fact}: ${c.quote}`), []);
  });

  it('records the reports\' disagreement on the day of the release, each side with its sources', () => {
    const weekday = dataset.facts.find((fact) => fact.id === 'release-weekday')!;
    const sides = weekday.values.map((value) => `${value.value}: ${value.citations.map((c) => c.sourceId).sort().join(' ')}`);
    assert.deepEqual(sides.sort(), ['Friday: seed-004', 'Saturday: seed-002 seed-003']);
  });
});
