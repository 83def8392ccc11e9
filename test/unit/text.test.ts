import { strict as assert } from 'node:assert';
import { foldForMatch, WORD_DEFINITION, wordTokens } from '../../server/src/core/text';

/** What wordTokens must return: the words its regex definition matches, each keyed by foldForMatch. */
function byDefinition(text: string): { key: string; start: number; end: number }[] {
  return [...text.matchAll(WORD_DEFINITION)].map((match) => ({ key: foldForMatch(match[0]), start: match.index!, end: match.index! + match[0].length }));
}

function assertSameAsDefinition(text: string): void {
  assert.deepEqual(wordTokens(text), byDefinition(text), JSON.stringify(text));
}

describe('word tokens', () => {
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
    ];
    for (const text of tricky) assertSameAsDefinition(text);
  });

  it('are the words of the regex definition around every code unit', () => {
    // Each UTF-16 code unit alone, inside a word, after a space and after a lone high surrogate:
    // covers the class of every one, and which of them pair with a surrogate before them.
    for (let unit = 0; unit < 0x10000; unit += 1) {
      const c = String.fromCharCode(unit);
      assertSameAsDefinition(`a${c}b ${c}x ${c}A\u0301${c} \uD83D${c}y`);
    }
  });

  it('are the words of the regex definition around astral code points', () => {
    for (let codePoint = 0x10000; codePoint < 0x110000; codePoint += 61) {
      const c = String.fromCodePoint(codePoint);
      assertSameAsDefinition(`a${c}b ${c}x ${c}\u0301 Z${c}`);
    }
  });

  it('key ASCII words in lower case and others as foldForMatch does', () => {
    assert.deepEqual(wordTokens('Ales BIALIATSKI, Cichanoŭskaja’s 2020').map((token) => token.key), ['ales', 'bialiatski', 'cichanouskaja', 's', '2020']);
  });
});
