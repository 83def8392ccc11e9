/**
 * Where a figure's clause starts: worked out from the breaks of its whole sentence, found once per
 * sentence, it must be where reading the sentence up to the figure puts it (the definition below,
 * the way the matcher found it before) — for every offset of random sentences made of the
 * characters that make or unmake breaks.
 */
import { strict as assert } from 'node:assert';
import { clauseBreakEnds, clauseStart } from '../../server/src/core/match';

/** The definition: the end of the last clause break in the sentence's text up to the offset. */
function clauseStartByDefinition(prose: string, sentenceStart: number, offset: number): number {
  const breaks = /(?<!\d)[,\u2013]|[,\u2013](?!\d)|[;:()\u2014]|\s-\s/g;
  const before = prose.slice(sentenceStart, offset);
  let start = 0;
  while (breaks.exec(before)) start = breaks.lastIndex;
  return sentenceStart + start;
}

describe('clause starts', () => {
  it('are where reading the sentence up to the offset puts them, at every offset of random sentences', () => {
    let seed = 11;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const alphabet = ['a', 'b', '1', '2', ',', '\u2013', ';', ':', '(', ')', '\u2014', '-', ' ', ' ', '\n'];
    for (let round = 0; round < 3000; round++) {
      const length = 1 + Math.floor(random() * 14);
      let sentence = '';
      for (let i = 0; i < length; i++) sentence += alphabet[Math.floor(random() * alphabet.length)];
      const prose = `x ${sentence} y`;
      const span = { start: 2, end: 2 + sentence.length };
      const ends = clauseBreakEnds(prose, span);
      for (let offset = span.start; offset <= span.end; offset++) {
        assert.equal(clauseStart(prose, span, ends, offset), clauseStartByDefinition(prose, span.start, offset), JSON.stringify({ sentence, offset }));
      }
    }
  });
});
