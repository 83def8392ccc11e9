import { strict as assert } from 'node:assert';
import { findFigures, type Figure } from '../../server/src/core/figures';

function only(text: string): Figure {
  const figures = findFigures(text);
  assert.equal(figures.length, 1, `expected one figure in ${JSON.stringify(text)}, got ${figures.map((f) => text.slice(f.start, f.end)).join(' | ')}`);
  return figures[0];
}

function spans(text: string): string[] {
  return findFigures(text).map((f) => text.slice(f.start, f.end));
}

describe('figure recogniser', () => {
  it('reads digits with every separator a newsroom uses', () => {
    assert.equal(only('spent 1,808 days').value, 1808);
    assert.equal(only('spent 1808 days').value, 1808);
    assert.equal(only('spent 1\u00A0808 days').value, 1808);
    assert.equal(only('spent 1\u202F808 days').value, 1808);
    assert.equal(only('a 2.5 per cent rise').value, 2.5);
    assert.equal(only('1.2 million tonnes').value, 1_200_000);
  });

  it('reads number words, compounds and "a decade"', () => {
    assert.equal(only('sentenced to ten years').value, 10);
    assert.equal(only('twenty-one people').value, 21);
    assert.equal(only('one hundred and twenty-three prisoners').value, 123);
    assert.equal(only('a dozen prisoners').value, 12);
    // Words that happen to name properties of every JavaScript object are words, not numbers.
    assert.deepEqual(spans('a constructor and a toString of valueOf'), []);
    assert.equal(only('Two hundred constructor men').value, 200);
    const decade = only('serving a decade-long sentence');
    assert.deepEqual([decade.value, decade.unit, decade.form], [10, 'year', 'decade']);
  });

  it('does not take "one of the leaders" for a figure, but "one year" is', () => {
    assert.deepEqual(spans('one of the leaders of the protests'), []);
    assert.equal(only('after one year in jail').value, 1);
  });

  it('knows units, hyphenated forms and ages', () => {
    const term = only('a 14-year sentence');
    assert.deepEqual([term.value, term.unit, term.age], [14, 'year', false]);
    const old = only('the 62-year-old banker');
    assert.deepEqual([old.value, old.age], [62, true]);
    assert.equal(only('Kalesnikava, aged 43, said').age, true);
    assert.equal(only('a month after the election').unit, 'month');
    assert.equal(only('two months before the vote').unit, 'month');
  });

  it('gives "nine and seven years" both the unit', () => {
    assert.deepEqual(findFigures('received nine and seven years').map((f) => f.unit), ['year', 'year']);
  });

  it('reads hedges and bounds in front of a number', () => {
    assert.equal(only('more than 1,200 remain').bound, 'more-than');
    assert.equal(only('over 7,000 people').bound, 'more-than');
    assert.equal(only('at least 10 detainees').bound, 'at-least');
    assert.equal(only('nearly 1,200 prisoners').bound, 'nearly');
    assert.equal(only('about 1,800 days').bound, 'about');
    assert.equal(only('some 1,800 days').bound, 'about');
    assert.equal(only('up to 50 people').bound, 'at-most');
    assert.equal(only('fewer than 1,000 prisoners').bound, 'less-than');
    assert.equal(spans('more than 1,200 remain')[0], 'more than 1,200');
  });

  it('reads years, dates and weekdays', () => {
    assert.equal(only('sentenced in 2021').type, 'year');
    assert.deepEqual(only('on December 14, 2025, they spoke').date, { month: 12, day: 14, year: 2025 });
    assert.deepEqual(only('on 14 December the group').date, { month: 12, day: 14, year: undefined });
    assert.deepEqual(only('As of November 2025').date, { month: 11, day: undefined, year: 2025 });
    assert.equal(only('freed on Saturday').weekday, 'saturday');
    assert.equal(only('2,021 people').type, 'number');
  });

  it('ignores times of day, labels and numbers glued to words', () => {
    assert.deepEqual(spans('**15:20** — Viasna says'), []);
    assert.deepEqual(spans('RELEASE (UPDATE 2)'), []);
    assert.deepEqual(spans('see page 4'), []);
    assert.deepEqual(spans('the 1990s and the 14th floor'), []);
  });

  it('records the draft\'s style for fixes', () => {
    assert.equal(only('1,808 days').separator, ',');
    assert.equal(only('ten years').form, 'words');
    assert.equal(only('1808 days').separator, undefined);
  });
});

describe('figure ranges', () => {
  it('joins two numbers that state one range', () => {
    for (const [text, span, low, high] of [
      ['between 110 and 120 were sent', 'between 110 and 120', 110, 120],
      ['from 10 to 12 years', 'from 10 to 12 years', 10, 12],
      ['10 to 12 years', '10 to 12 years', 10, 12],
      ['10–12 years', '10–12 years', 10, 12],
    ] as const) {
      const figures = findFigures(text);
      assert.equal(figures.length, 1, text);
      assert.deepEqual([text.slice(figures[0].start, figures[0].end), figures[0].value, figures[0].high, figures[0].bound], [span, low, high, 'range']);
    }
  });

  it('keeps two people\'s figures apart', () => {
    assert.equal(findFigures('received nine and seven years').length, 2);
    assert.equal(findFigures('in 2020-2021').length, 2);
  });
});
