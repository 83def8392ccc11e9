import { strict as assert } from 'node:assert';
import { agrees } from '../../server/src/core/compare';
import type { Bound, FactValue } from '../../server/src/core/dataset/model';
import { findFigures } from '../../server/src/core/figures';

function source(value: number | string, bound: Bound = 'exact'): FactValue {
  return { value, bound, citations: [] };
}

function says(draft: string, value: FactValue): boolean {
  const [figure] = findFigures(draft);
  assert.ok(figure, `no figure in ${draft}`);
  return agrees(figure, value);
}

describe('consistency of a draft figure with a sourced value', () => {
  it('exact figures must match, but large round figures may be rounded', () => {
    assert.equal(says('123 prisoners', source(123)), true);
    assert.equal(says('132 prisoners', source(123)), false);
    assert.equal(says('120 prisoners', source(123)), false, 'small figures are not rounded');
    assert.equal(says('1,800 days', source(1808)), true);
    assert.equal(says('1,900 days', source(1808)), false);
  });

  it('hedged figures allow ten per cent', () => {
    assert.equal(says('about 1,800 days', source(1808)), true);
    assert.equal(says('about 120 prisoners', source(123)), true);
    assert.equal(says('about 12,000 prisoners', source(1200, 'more-than')), false);
  });

  it('follows the semantics of bounds', () => {
    assert.equal(says('more than 1,200 remain', source(1200, 'more-than')), true);
    assert.equal(says('over 1,200 remain', source(1200, 'more-than')), true);
    assert.equal(says('more than 1,000 remain', source(1200, 'more-than')), true, 'a weaker claim follows from the source');
    assert.equal(says('more than 2,100 remain', source(1200, 'more-than')), false, 'a stronger claim is not supported');
    assert.equal(says('nearly 1,200 remain', source(1200, 'more-than')), false);
    assert.equal(says('fewer than 1,000 remain', source(1200, 'more-than')), false);
    assert.equal(says('1,250 remain', source(1200, 'more-than')), true);
    assert.equal(says('more than 100 were freed', source(123)), true);
    assert.equal(says('nearly 130 were freed', source(123)), true);
    assert.equal(says('nearly 123 were freed', source(123)), false);
  });

  it('never rounds years', () => {
    assert.equal(says('in 2020', source(2021)), false);
    assert.equal(says('in 2021', source(2021)), true);
  });

  it('compares weekdays and dates as text', () => {
    assert.equal(says('on Saturday', source('Saturday')), true);
    assert.equal(says('on Sunday', source('Saturday')), false);
    assert.equal(says('on December 14, 2025', source('2025-12-14')), true);
    assert.equal(says('on December 14', source('2025-12-14')), true);
    assert.equal(says('on December 12, 2025', source('2025-12-14')), false);
  });
});

describe('consistency of ranges', () => {
  it('agrees when the sourced value lies in the range', () => {
    assert.equal(agrees(findFigures('between 110 and 120 were sent')[0], { value: 114, bound: 'exact', citations: [] }), true);
    assert.equal(agrees(findFigures('between 100 and 110 were sent')[0], { value: 114, bound: 'exact', citations: [] }), false);
  });
});
