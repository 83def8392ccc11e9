/** Number forms added for issue 4: decades of age, "half a dozen", spoken years, elliptical units, fact-box cells. */
import { strict as assert } from 'node:assert';
import { cellAt } from '../../server/src/core/factBox';
import { findFigures, type Figure } from '../../server/src/core/figures';

function only(text: string): Figure {
  const figures = findFigures(text);
  assert.equal(figures.length, 1, `expected one figure in ${JSON.stringify(text)}, got ${figures.map((f) => text.slice(f.start, f.end)).join(' | ')}`);
  return figures[0];
}

describe('figure forms', () => {
  it('reads an age given as a decade, with early, mid and late', () => {
    const seventies = only('Viktar Babaryka, in his seventies, was freed.');
    assert.deepEqual([seventies.value, seventies.high, seventies.age, seventies.bound], [70, 79, true, 'range']);
    const early = only('Kalesnikava, in her early forties, ran the campaign.');
    assert.deepEqual([early.value, early.high], [40, 44]);
    const caps = only('BOTH IN THEIR 60S, BOTH FREED');
    assert.deepEqual([caps.value, caps.high], [60, 69]);
    assert.equal(findFigures('music of the seventies').length, 0, 'a decade of history is no age');
  });

  it('reads "half a dozen" and "a decade and a half"', () => {
    assert.deepEqual([only('got half a dozen years').value, only('got half a dozen years').unit], [6, 'year']);
    assert.equal(only('got a dozen years').value, 12);
    assert.equal(only('given a decade and a half').value, 15);
    assert.equal(only('given a decade').value, 10);
  });

  it('reads spoken years, and not compounds, as years', () => {
    assert.deepEqual([only('since twenty nineteen').type, only('since twenty nineteen').value], ['year', 2019]);
    assert.equal(only('in twenty twenty-one').value, 2021);
    assert.equal(only('in nineteen ninety-nine').value, 1999);
    assert.deepEqual([only('since two thousand and nineteen').type, only('since two thousand and nineteen').value], ['year', 2019]);
    assert.equal(only('twenty-one people').type, 'number');
    assert.equal(only('two thousand and nineteen people').type, 'number');
  });

  it('gives a bare number after a verb the unit of the figure before it', () => {
    const figures = findFigures('Kalesnikava is sentenced to 11 years; her co-defendant Maksim Znak receives 12.');
    assert.deepEqual(figures.map((f) => [f.value, f.unit]), [[11, 'year'], [12, 'year']]);
    assert.equal(findFigures('She was sentenced to 11 years; she is 43.')[1].unit, undefined, 'an age after "is" keeps no unit');
    assert.equal(findFigures('He got 14 years; 123 were freed.')[1].unit, undefined, 'a number that goes on to count something');
    assert.equal(findFigures('He got 14 years. Znak received 10.')[1].unit, undefined, 'not across sentences');
  });

  it('reads "a few hundred" and "several thousand" as ranges, and lower-case or capital weekdays', () => {
    const few = only('only a few hundred are left');
    assert.deepEqual([few.value, few.high, few.bound], [200, 900, 'range']);
    assert.deepEqual([only('several thousand remain').value, only('several thousand remain').high], [2000, 9000]);
    assert.equal(findFigures('a few people left').length, 0);
    assert.equal(only('press conference on monday').weekday, 'monday');
    assert.equal(only('FREED ON SATURDAY').weekday, 'saturday');
  });

  it('reads halves and the ordinals that carry a figure', () => {
    const half = only('detained two and a half months before the vote');
    assert.deepEqual([half.value, half.unit], [2.5, 'month']);
    assert.deepEqual([only('a month and a half later').value, only('a month and a half later').unit], [1.5, 'month']);
    const day = only('on the second day after their release');
    assert.deepEqual([day.value, day.high, day.unit, day.bound], [1, 2, 'day', 'range'], 'the day of release may be counted or not');
    assert.deepEqual([only('the fifth anniversary').value, only('the fifth anniversary').unit], [5, 'year']);
    assert.deepEqual([only('for the 3rd time').value, only('for the 3rd time').following], [3, ['times']]);
    assert.equal(findFigures('the second group went to Vilnius for the first time').length, 0, 'ranks are no figures');
  });

  it('names no figure in a numbered item ("Claim 7")', () => {
    assert.equal(findFigures('This column was updated to add Claim 7.').length, 0);
    assert.equal(findFigures('at one point 300 people marched').length, 1, 'lower case "point" is no item label');
    assert.equal(findFigures('UPDATES with injuries, paragraphs 12-17').length, 0);
    assert.equal(findFigures('the numbers 123 and 114').length, 2);
  });

  it('reads abbreviated months without a dot', () => {
    assert.equal(only('VILNIUS, Dec 13 (Factwire)').type, 'date');
  });
});

describe('fact-box cells', () => {
  const box = [
    '**The best-known names** (age · sentence · year of sentence)',
    '',
    '- Maria Kalesnikava: 43 · 11 years · 2021',
    '- Maksim Znak: not reported · 10 years · 2021',
  ].join('\n');

  it('finds the row key and the column of a figure in a dotted row under its header', () => {
    const at = box.indexOf('10 years');
    const cell = cellAt(box, at)!;
    assert.equal(box.slice(cell.key.start, cell.key.end), 'Maksim Znak');
    assert.deepEqual(cell.column, ['sentence']);
    assert.deepEqual(cellAt(box, box.indexOf('43'))!.column, ['age']);
    assert.deepEqual(cellAt(box, box.lastIndexOf('2021'))!.column, ['year', 'of', 'sentence']);
  });

  it('reads Markdown tables by their header row', () => {
    const table = '| Name | Age | Sentence |\n| --- | --- | --- |\n| Ales Bialiatski | 63 | 10 years |';
    const cell = cellAt(table, table.indexOf('63'))!;
    assert.equal(table.slice(cell.key.start, cell.key.end), 'Ales Bialiatski');
    assert.deepEqual(cell.column, ['age']);
  });

  it('knows no column without a header of as many names', () => {
    assert.equal(cellAt('- Maria Kalesnikava: 43 · 11 years · 2021', 21), undefined);
    assert.equal(cellAt('(age · sentence)\n- Maria Kalesnikava: 43 · 11 years · 2021', 38), undefined, 'two names for three cells');
    assert.equal(cellAt('Kalesnikava: 43 years old', 14), undefined);
  });
});
