/**
 * Patterns that match only where a text ends in certain words are tried only where the text's
 * last word is one of them (TrailingWordPattern): each must still say exactly what its pattern
 * says — for random texts made of the pattern's own words (so that every word a match can end on
 * comes up, and a word left out of a list shows), other words, white space and punctuation.
 */
import { strict as assert } from 'node:assert';
import { TRAILING_WORD_PATTERNS as FIGURE_PATTERNS } from '../../server/src/core/figures';
import { TRAILING_WORD_PATTERNS as MATCH_PATTERNS } from '../../server/src/core/match';
import { TRAILING_WORD_PATTERNS as NAME_PATTERNS } from '../../server/src/core/names';
import { TrailingWordPattern } from '../../server/src/core/text';

const PATTERNS = [...FIGURE_PATTERNS, ...MATCH_PATTERNS, ...NAME_PATTERNS];

/** A text on which the guarded pattern and its pattern disagree, if one of 12,000 random texts or their variants is; and how many matched. */
function disagreement(trailing: TrailingWordPattern): { text?: string; matched: number } {
  let seed = 5;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const sourceWords = trailing.pattern.source.replace(/\\[bsdw]/g, ' ').match(/[a-z]+/gi) ?? [];
  const words = [...new Set(sourceWords)];
  const others = ['x', 'cannot', 'moreover', 'Over', 'NOT', 'ab', "he's", 'she’s', '5', 'c.', 'é'];
  const gaps = [' ', ' ', '  ', '\t', '\n', ',', ', ', '-', "'", '’', '', '\u00a0'];
  let matched = 0;
  for (let round = 0; round < 12_000; round++) {
    let text = '';
    const count = Math.floor(random() * 4);
    for (let i = 0; i < count; i++) text += pick(random() < 0.8 ? words : others) + pick(gaps);
    // Then a run of the pattern's words in their order ("one of the", "stood at about"), where its matches come from.
    const from = Math.floor(random() * sourceWords.length);
    const run = sourceWords.slice(from, from + 1 + Math.floor(random() * 5));
    for (const word of run) text += word + (random() < 0.8 ? ' ' : pick(gaps));
    if (random() < 0.2) text = text.slice(Math.floor(random() * 3)); // a window that starts inside a word
    if (!agree(trailing, text)) return { text, matched };
    if (!trailing.pattern.test(text)) continue;
    matched++;
    // Near a match: its last word swapped for each of the pattern's words, and each added after it.
    const lastWord = /[a-z]+(?=[^a-z]*$)/i.exec(text);
    for (const word of words) {
      const variants = [`${text}${word} `, lastWord ? text.slice(0, lastWord.index) + word + text.slice(lastWord.index + lastWord[0].length) : text];
      for (const variant of variants) if (!agree(trailing, variant)) return { text: variant, matched };
    }
  }
  return { matched };
}

function agree(trailing: TrailingWordPattern, text: string): boolean {
  const expected = trailing.pattern.exec(text)?.[0];
  return trailing.test(text) === (expected !== undefined) && trailing.exec(text)?.[0] === expected;
}

describe('patterns tried only after their last words', () => {
  for (const trailing of PATTERNS) {
    it(`${trailing.pattern.source.slice(0, 50)}… matches exactly where its pattern does, on random texts`, () => {
      const { text, matched } = disagreement(trailing);
      assert.equal(text, undefined, `disagrees on ${JSON.stringify(text)}`);
      assert.ok(matched > 50, `the texts matched too seldom to tell (${matched} of 12,000)`);
    });
  }

  it('random texts show a word left out of the list', () => {
    const { text } = disagreement(new TrailingWordPattern(/\b(?:until|up to)\s+$/i, ['until']));
    assert.notEqual(text, undefined);
  });
});
