import { strict as assert } from 'node:assert';
import { allMatches, capitalisedRuns, firstHyphenatedWords, foldForMatch, HYPHENATED_WORD_DEFINITION, isCapitalised, lastHyphenatedWords, LETTER_RUN_DEFINITION, letterRuns, sentenceSpans, WORD_DEFINITION, wordTokens } from '../../server/src/core/text';

/** What wordTokens must return: the words its regex definition matches, each keyed by foldForMatch. */
function byDefinition(text: string): { key: string; start: number; end: number }[] {
  return [...text.matchAll(WORD_DEFINITION)].map((match) => ({ key: foldForMatch(match[0]), start: match.index!, end: match.index! + match[0].length }));
}

/** Every scanner of text.ts against its regex definition, on the whole text and (unless told not to) on slices of it. */
function assertSameAsDefinition(text: string, slices = true): void {
  assert.deepEqual(wordTokens(text), byDefinition(text), JSON.stringify(text));
  assert.deepEqual([...letterRuns(text)], [...text.matchAll(LETTER_RUN_DEFINITION)].flatMap((match) => [match.index!, match.index! + match[0].length]), JSON.stringify(text));
  // Counted from the whole text's runs, for each line: as the definition counts on the line alone.
  let lineStart = 0;
  for (const line of text.split('\n')) {
    const runs = [...line.matchAll(LETTER_RUN_DEFINITION)].map((match) => match[0]);
    assert.deepEqual(capitalisedRuns(text, letterRuns(text), lineStart, lineStart + line.length), { runs: runs.length, capitalised: runs.filter(isCapitalised).length }, JSON.stringify([text, lineStart]));
    lineStart += line.length + 1;
  }
  // Slices that begin or end inside a surrogate pair, too: the regex sees only the slice.
  for (const [from, to] of slices ? [[0, text.length], [1, text.length], [0, text.length - 1], [2, text.length - 3]] : [[0, text.length]]) {
    const hyphenated = [...text.slice(from, to).matchAll(HYPHENATED_WORD_DEFINITION)].map((match) => foldForMatch(match[0]));
    assert.deepEqual(firstHyphenatedWords(text, from, Math.max(from, to), 3), hyphenated.slice(0, 3), JSON.stringify([text, from, to]));
    assert.deepEqual(lastHyphenatedWords(text, from, Math.max(from, to), 3), hyphenated.slice(-3), JSON.stringify([text, from, to]));
  }
}

describe('word tokens and letter runs', () => {
  it('are the words of the regex definition on tricky text', () => {
    const tricky = [
      '',
      'Kalesnikava, 43, spent 1,800 days',
      'ALL CAPS and MiXeD case',
      "O'Brien’s d’Alembert rock'n'roll",
      'Bialiatski Białiacki Бяляцкі Беляцкий Biaĺacki',
      'Tsikhanouskaya Cichanoŭskaja Ціханоўская',
      'e\u0301 a\u0301b\u0308c \u0301lead ends\u0301 ',
      'İstanbul ıI ß ﬁle Ǆ ǅ ǆ ᾈ K Å',
      '𝐀𝐁𝐂 𝟘𝟙 😀 𐐀𐐨 a😀b a𝐀b',
      '\uD800 lone \uDC00 surrogates\uD800x y\uDBFF\uDBFFz \uDC00\uD800',
      'trail\uD800',
      '中文字 漢字かなカナ 한국어',
      'עברית שָׁלוֹם العربية ١٢٣ فارسی',
      '12th 3.5 ²³ ½ Ⅻ ٣ ０１２ ｆｕｌｌ',
      'zero\u200Dwidth no\u00A0break tab\there\nnew line',
      'Ⓐ ⓑ ǈ ǋ ῼ \uFEFFbom \uFFFF end',
      "sixty-five o’clock rock'n'roll -lead 'quoted' trail- a--b ’s Ulad\u0301zimir-’",
      '𝐀\u0301𝐁 x𝐀 𝐀x\uD835',
      '𝐀b c𝐀',
    ];
    for (const text of tricky) assertSameAsDefinition(text);
  });

  it('are the words of the regex definition around every code unit', function () {
    this.timeout(30000);
    // Each UTF-16 code unit alone, inside a word, after a space and after a lone high surrogate:
    // covers the class of every one, and which of them pair with a surrogate before them.
    for (let unit = 0; unit < 0x10000; unit += 1) {
      const c = String.fromCharCode(unit);
      assertSameAsDefinition(`a${c}b ${c}x ${c}A\u0301${c} \uD83D${c}y`, false);
    }
  });

  it('are the words of the regex definition around astral code points', function () {
    this.timeout(30000);
    for (let codePoint = 0x10000; codePoint < 0x110000; codePoint += 61) {
      const c = String.fromCodePoint(codePoint);
      assertSameAsDefinition(`a${c}b ${c}x ${c}\u0301 Z${c}`);
    }
  });

  it('count capitalised words line by line as on each line alone, on random texts of many lines', () => {
    let seed = 3;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const alphabet = ['a', 'B', 'É', 'é', ' ', '\n', '\n', '-', '1', '\u0301', 'ǅ'];
    for (let round = 0; round < 2000; round++) {
      let text = '';
      for (let i = Math.floor(random() * 30); i > 0; i--) text += alphabet[Math.floor(random() * alphabet.length)];
      assertSameAsDefinition(text, false);
    }
  });

  it('key ASCII words in lower case and others as foldForMatch does', () => {
    assert.deepEqual(wordTokens('Ales BIALIATSKI, Cichanoŭskaja’s 2020').map((token) => token.key), ['ales', 'bialiatski', 'cichanouskaja', 's', '2020']);
  });
});

describe('sentence spans', () => {
  const sentences = (text: string) => sentenceSpans(text).map((span) => text.slice(span.start, span.end));

  it('do not end at an abbreviation, an initial or a dotted acronym, in ASCII or not', () => {
    assert.deepEqual(sentences('Dr. Smith met U.S. envoys. Then they left.'), ['Dr. Smith met U.S. envoys.', 'Then they left.']);
    assert.deepEqual(sentences('Ž. Kovalenko spoke. Then Ales left.'), ['Ž. Kovalenko spoke.', 'Then Ales left.']);
    assert.deepEqual(sentences('It was in the Ü.S.A. Later the Ba\u0301r. Then.'), ['It was in the Ü.S.A. Later the Ba\u0301r.', 'Then.']);
    assert.deepEqual(sentences('On 12. Then 𝐀. Next one. Mr. X said so.'), ['On 12.', 'Then 𝐀. Next one.', 'Mr. X said so.']);
  });
});

describe('isCapitalised', () => {
  it('is true of a word whose first letter changes in lower case and not in upper case, for every first character', function () {
    this.timeout(30000);
    for (let codePoint = 0; codePoint < 0x110000; codePoint += codePoint < 0x10000 ? 1 : 7) {
      const letter = String.fromCodePoint(codePoint);
      const definition = letter !== letter.toLowerCase() && letter === letter.toUpperCase();
      assert.equal(isCapitalised(`${letter}x`), definition, codePoint.toString(16));
    }
    assert.equal(isCapitalised(''), false);
  });
});

describe('allMatches', () => {
  it('finds what matchAll finds, empty matches and surrogate pairs included, and leaves lastIndex at 0', () => {
    const texts = ['', 'a1 b22 😀c 𝐀𝐁 \uD800x 333', '😀😀', 'x\uD83D'];
    const regexes = [/\d+/g, /\p{L}*/gu, /(?:)/g, /(?:)/gu, new RegExp('(?:)', 'gv'), /\b/g, /(?<digit>\d)|(?<letter>\p{L})/gu, /^|$/gm];
    for (const regex of regexes) {
      for (const text of texts) {
        const expected = [...text.matchAll(regex)].map((match) => [match.index, [...match], match.groups]);
        assert.deepEqual(allMatches(regex, text).map((match) => [match.index, [...match], match.groups]), expected, `${regex} on ${JSON.stringify(text)}`);
        assert.equal(regex.lastIndex, 0);
      }
    }
  });
});
