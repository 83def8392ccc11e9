/**
 * Text utilities shared by the analysis core: normalisation for matching, word tokens with
 * offsets, and sentence spans. Offsets are JavaScript string indices (UTF-16 code units) into
 * the text the caller gave; nothing here knows about lines or LSP positions.
 */

/** Fold a word for matching: no diacritics, straight apostrophes, lower case. */
export function foldForMatch(text: string): string {
  // Most words are plain ASCII letters: lower-casing is all they need, and it is much cheaper;
  // most of those are in lower case already, and then not even that.
  const ascii = plainAsciiCase(text);
  if (ascii === PLAIN_LOWER) return text;
  if (ascii === PLAIN_UPPER) return text.toLowerCase();
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[\u2018\u2019\u02BC\u0060\u00B4]/g, "'")
    .toLowerCase();
}

export interface WordToken {
  /** Folded form used for matching. */
  readonly key: string;
  readonly start: number;
  readonly end: number;
}

const NOT_PLAIN = 0;
const PLAIN_LOWER = 1;
const PLAIN_UPPER = 2;

/**
 * Whether text has only A–Z, a–z, 0–9 and spaces (as /^[A-Za-z0-9 ]*$/, without a regex): the
 * words that lower-casing alone folds; PLAIN_UPPER when some of its letters are capitals.
 */
function plainAsciiCase(text: string): number {
  let found = PLAIN_LOWER;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 65 && c <= 90) found = PLAIN_UPPER;
    else if (!(c === 32 || (c >= 48 && c <= 57) || (c >= 97 && c <= 122))) return NOT_PLAIN;
  }
  return found;
}

/**
 * Every run of letters and digits, with offsets. Punctuation (including apostrophes) separates words.
 * A word is what /[\p{L}\p{N}][\p{L}\p{M}\p{N}]*\/gu matches (WORD_DEFINITION, which the unit tests
 * hold this to); a scanner over char codes finds the same words several times faster, because the
 * regex makes a match array per word and the key a second pass over it.
 */
export function wordTokens(text: string): WordToken[] {
  const tokens: WordToken[] = [];
  const length = text.length;
  let i = 0;
  while (i < length) {
    const first = charClassAt(text, i, length);
    if ((first & STARTS_WORD) === 0) {
      i += first & WIDTH;
      continue;
    }
    const start = i;
    let ascii = (first & ASCII_FLAG) !== 0;
    let upper = (first & UPPER_FLAG) !== 0;
    i += first & WIDTH;
    while (i < length) {
      const next = charClassAt(text, i, length);
      if ((next & CONTINUES_WORD) === 0) break;
      ascii &&= (next & ASCII_FLAG) !== 0;
      upper ||= (next & UPPER_FLAG) !== 0;
      i += next & WIDTH;
    }
    tokens.push({ key: asciiOrFolded(text.slice(start, i), ascii, upper), start, end: i });
  }
  return tokens;
}

/** What foldForMatch gives, without its test when the scan already knows the word is ASCII. */
function asciiOrFolded(word: string, ascii: boolean, upper: boolean): string {
  if (!ascii) return foldForMatch(word);
  return upper ? word.toLowerCase() : word;
}

/** The regex wordTokens scans for: the definition its classes come from. */
export const WORD_DEFINITION = /[\p{L}\p{N}][\p{L}\p{M}\p{N}]*/gu;

// A character's class for wordTokens: its width in code units (1, or 2 for a surrogate pair), and
// bits for whether it may start a word ([\p{L}\p{N}]) or continue one ([\p{L}\p{M}\p{N}]), and
// whether it is a letter (\p{L}) for the scanners of letter runs; a mark (\p{M}) is one that
// continues a word but does not start one, as the categories do not overlap.
// ASCII letters and digits have classes of their own, so that the scan knows a word's key needs
// no Unicode folding, and whether it needs lower-casing.
const WIDTH = 3;
const STARTS_WORD = 4;
const CONTINUES_WORD = 8;
const KNOWN = 16; // the entry of a code unit that has been classified (0: not yet)
const ASCII_FLAG = 32;
const UPPER_FLAG = 64;
const LETTER = 128;
const ASCII_DIGIT = 1 | STARTS_WORD | CONTINUES_WORD | KNOWN | ASCII_FLAG;
const ASCII_WORD = ASCII_DIGIT | LETTER;
const ASCII_UPPER = ASCII_WORD | UPPER_FLAG;
const STARTS = /^[\p{L}\p{N}]$/u;
const CONTINUES = /^[\p{L}\p{M}\p{N}]$/u;
const IS_LETTER = /^\p{L}$/u;

/** Classes of the code units U+0000–U+FFFF, filled in as a text first uses them. */
const unitClasses = new Uint8Array(0x10000);
/** Classes of the code points above U+FFFF that texts have used. */
const astralClasses = new Map<number, number>();

function classify(character: string, width: number): number {
  return width | KNOWN | (STARTS.test(character) ? STARTS_WORD : 0) | (CONTINUES.test(character) ? CONTINUES_WORD : 0) | (IS_LETTER.test(character) ? LETTER : 0);
}

for (let c = 0; c < 128; c++) {
  const upper = c >= 65 && c <= 90;
  const lower = c >= 97 && c <= 122;
  const digit = c >= 48 && c <= 57;
  unitClasses[c] = upper ? ASCII_UPPER : lower ? ASCII_WORD : digit ? ASCII_DIGIT : classify(String.fromCharCode(c), 1);
}

/**
 * The class of the character at i: a whole surrogate pair, as the u flag reads one, when both
 * halves are before end (a regex run on text.slice(…, end) sees no more); a lone surrogate is no letter.
 */
function charClassAt(text: string, i: number, end: number): number {
  const unit = text.charCodeAt(i);
  if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < end) {
    const low = text.charCodeAt(i + 1);
    if (low >= 0xdc00 && low <= 0xdfff) return astralClass(text.codePointAt(i)!);
  }
  const known = unitClasses[unit];
  if (known !== 0) return known;
  return (unitClasses[unit] = classify(String.fromCharCode(unit), 1));
}

function astralClass(codePoint: number): number {
  let known = astralClasses.get(codePoint);
  if (known === undefined) astralClasses.set(codePoint, (known = classify(String.fromCodePoint(codePoint), 2)));
  return known;
}

/**
 * Runs of letters, as LETTER_RUN_DEFINITION finds them: the start and end of each, one after the
 * other. In a typed array sized for the most a text can hold (a run and a gap take two code
 * units): growing an array a pair at a time was most of the cost of the scan.
 */
export function letterRuns(text: string): Int32Array {
  const runs = new Int32Array(text.length + 1);
  return runs.subarray(0, scanLetterRuns(text, runs));
}

/**
 * Writes the runs of letterRuns into `runs` and returns how many numbers it wrote. A function of
 * its own: called once per analysis on the whole draft, the loop is compiled while it runs, and
 * code compiled so had no feedback for the subarray call after it and was thrown away at every call.
 */
function scanLetterRuns(text: string, runs: Int32Array): number {
  let count = 0;
  const length = text.length;
  let i = 0;
  while (i < length) {
    let next = charClassAt(text, i, length);
    if ((next & LETTER) === 0) {
      i += next & WIDTH;
      continue;
    }
    const start = i;
    do i += next & WIDTH;
    while (i < length && ((next = charClassAt(text, i, length)) & LETTER) !== 0);
    runs[count++] = start;
    runs[count++] = i;
  }
  return count;
}

export const LETTER_RUN_DEFINITION = /\p{L}+/gu;

/**
 * How many of a text's runs of letters (`runs`, as letterRuns finds them) start in [from, to) —
 * the runs of text.slice(from, to) when neither end is inside a run — and how many of them start
 * with a capital (as isCapitalisedAt has it). Read from the runs of the whole draft, found once.
 */
export function capitalisedRuns(text: string, runs: Int32Array, from: number, to: number): { readonly runs: number; readonly capitalised: number } {
  // The first run that starts at or after `from`, by binary search over the pairs.
  let low = 0;
  let high = runs.length >> 1;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (runs[2 * mid] < from) low = mid + 1;
    else high = mid;
  }
  let count = 0;
  let capitalised = 0;
  for (let k = 2 * low; k < runs.length && runs[k] < to; k += 2) {
    count++;
    if (isCapitalisedAt(text, runs[k])) capitalised++;
  }
  return { runs: count, capitalised };
}

/**
 * Words with their apostrophes and hyphens ("sixty-five", "o’clock") in text.slice(from, to), as
 * HYPHENATED_WORD_DEFINITION finds them there, folded for matching: the first `count` of them.
 */
export function firstHyphenatedWords(text: string, from: number, to: number, count: number): string[] {
  return foldedWords(text, hyphenatedWordSpans(text, from, to, count));
}

/** The last `count` of the words firstHyphenatedWords reads, nearest last. */
export function lastHyphenatedWords(text: string, from: number, to: number, count: number): string[] {
  const spans = hyphenatedWordSpans(text, from, to, Infinity);
  return foldedWords(text, spans.slice(Math.max(0, spans.length - 2 * count)));
}

export const HYPHENATED_WORD_DEFINITION = /\p{L}[\p{L}\p{M}'’-]*/gu;

/** The start and end of each word, one after the other, up to `count` words. */
function hyphenatedWordSpans(text: string, from: number, to: number, count: number): number[] {
  const spans: number[] = [];
  let i = from;
  while (i < to && spans.length < 2 * count) {
    let next = charClassAt(text, i, to);
    if ((next & LETTER) === 0) {
      i += next & WIDTH;
      continue;
    }
    const start = i;
    do i += next & WIDTH;
    while (i < to && continuesHyphenatedWord((next = charClassAt(text, i, to)), text.charCodeAt(i)));
    spans.push(start, i);
  }
  return spans;
}

/** A letter, a mark (continues a word but starts none), an apostrophe or a hyphen. */
function continuesHyphenatedWord(charClass: number, unit: number): boolean {
  return (charClass & LETTER) !== 0 || (charClass & (STARTS_WORD | CONTINUES_WORD)) === CONTINUES_WORD || unit === 39 || unit === 0x2019 || unit === 45;
}

function foldedWords(text: string, spans: readonly number[]): string[] {
  const words: string[] = [];
  for (let k = 0; k < spans.length; k += 2) words.push(foldForMatch(text.slice(spans[k], spans[k + 1])));
  return words;
}

/**
 * The matches of a global regex in text, as text.matchAll(regex) finds them, without the copy of
 * the regex that matchAll makes on every call (for a paragraph, about as long as the matching).
 * The regex's lastIndex is 0 again afterwards.
 */
export function allMatches(regex: RegExp, text: string): RegExpExecArray[] {
  const matches: RegExpExecArray[] = [];
  regex.lastIndex = 0;
  for (let match = regex.exec(text); match; match = regex.exec(text)) {
    matches.push(match);
    if (match[0] === '') regex.lastIndex = nextIndex(text, regex.lastIndex, /[uv]/.test(regex.flags)); // as matchAll steps past an empty match
  }
  regex.lastIndex = 0;
  return matches;
}

function nextIndex(text: string, index: number, unicode: boolean): number {
  if (!unicode || index + 1 >= text.length) return index + 1;
  const unit = text.charCodeAt(index);
  const low = text.charCodeAt(index + 1);
  return unit >= 0xd800 && unit <= 0xdbff && low >= 0xdc00 && low <= 0xdfff ? index + 2 : index + 1;
}

/** The separator between two tokens as it counts for matching: whitespace folds to one space. */
export function foldSeparator(gap: string): string {
  if (gap === ' ') return gap; // between most words of a name
  return foldForMatch(gap.replace(/\s+/g, ' '));
}

export function isCapitalised(word: string): boolean {
  return isCapitalisedAt(word, 0);
}

/** Does the word at this offset of the text start with a capital? (No slice of it is made: this runs for every word of a draft.) */
export function isCapitalisedAt(text: string, offset: number): boolean {
  const first = text.codePointAt(offset);
  if (first === undefined) return false;
  if (first < 128) return first >= 65 && first <= 90; // of ASCII, only A–Z change in lower case and not in upper case
  const letter = String.fromCodePoint(first);
  return letter !== letter.toLowerCase() && letter === letter.toUpperCase();
}

export interface Span {
  readonly start: number;
  readonly end: number;
}

/**
 * Sentence spans. A sentence ends at . ! ? (followed by space and a capital, quote or digit),
 * at a blank line, and at a line that starts a Markdown block (heading, list item, quote).
 * Abbreviations such as "U.S." and initials are not sentence ends.
 */
export function sentenceSpans(text: string): Span[] {
  // Each boundary: where the sentence before it ends, and where the next one may start.
  const boundaries: [number, number][] = [];
  const boundary = /([.!?…]["'\u201D\u2019»)]*)(\s+)(?=["'\u201C\u2018«(]?[\p{Lu}\p{N}])|\n[ \t]*\n|\n(?=[ \t]*(?:#{1,6}\s|[-*+]\s|\d+[.)]\s|>|\|))/gu;
  for (const match of allMatches(boundary, text)) {
    const index = match.index!;
    if (match[1] !== undefined && (isAbbreviation(text, index) || isInsideParentheses(text, index))) continue;
    boundaries.push([match[1] !== undefined ? index + match[1].length : index, index + match[0].length]);
  }
  for (const heading of allMatches(/^#{1,6}[^\n]*\n/gm, text)) {
    const end = heading.index! + heading[0].length - 1;
    boundaries.push([end, end + 1]); // a heading ends at its line's end
  }
  boundaries.sort((a, b) => a[0] - b[0]);
  const spans: Span[] = [];
  let start = 0;
  for (const [end, next] of boundaries) {
    if (end < start) continue;
    pushTrimmed(spans, text, start, end);
    start = next;
  }
  pushTrimmed(spans, text, start, text.length);
  return spans;
}

const ABBREVIATIONS = new Set(['mr', 'mrs', 'ms', 'dr', 'st', 'no', 'vs', 'gen', 'col', 'lt', 'sgt', 'jr', 'sr', 'inc', 'co', 'corp', 'approx', 'ca']);

function isAbbreviation(text: string, dotIndex: number): boolean {
  if (text[dotIndex] !== '.') return false;
  const word = lettersAndDotsBefore(text, dotIndex, Math.max(0, dotIndex - 12));
  // (The patterns only where they can match: most words before a full stop are plain words.)
  if (word.includes('.') && /^(?:\p{L}\.)+\p{L}$/u.test(word)) return true; // U.S, U.K
  if (word.length <= 2 && /^\p{Lu}$/u.test(word)) return true; // an initial: "John F. Kennedy"
  return ABBREVIATIONS.has(word.toLowerCase());
}

/**
 * The letters and dots that end text.slice(from, end), as /([\p{L}.]+)$/u finds them there. ASCII
 * ones are read back from the end by char code; at any other character, the regex decides.
 */
function lettersAndDotsBefore(text: string, end: number, from: number): string {
  let start = end;
  while (start > from) {
    const c = text.charCodeAt(start - 1);
    if (c >= 128) return /([\p{L}.]+)$/u.exec(text.slice(from, end))?.[1] ?? '';
    if (!(c === 46 || (c >= 65 && c <= 90) || (c >= 97 && c <= 122))) break;
    start--;
  }
  return text.slice(start, end);
}

/** "(sp? Bialiatsky)": a question or exclamation inside brackets on its line is an aside, not a sentence end. */
function isInsideParentheses(text: string, index: number): boolean {
  if (text[index] === '.') return false;
  const lineStart = Math.max(text.lastIndexOf('\n', index) + 1, index - 200);
  let depth = 0;
  for (let i = lineStart; i < index; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && depth > 0) depth--;
  }
  return depth > 0;
}

function pushTrimmed(spans: Span[], text: string, start: number, end: number): void {
  while (start < end && isSpace(text.charCodeAt(start))) start++;
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  if (end > start) spans.push({ start, end });
}

const SPACE = /\s/;

/** Whether a code unit is white space as /\s/ has it (all of its characters are single code units), the common ones tested first. */
export function isSpace(unit: number): boolean {
  if (unit === 32 || (unit >= 9 && unit <= 13)) return true;
  return unit > 127 && SPACE.test(String.fromCharCode(unit));
}

/** Index of the span containing offset, by binary search; -1 when none does. */
export function spanIndexAt(spans: readonly Span[], offset: number): number {
  let low = 0;
  let high = spans.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (spans[mid].end <= offset) low = mid + 1;
    else if (spans[mid].start > offset) high = mid - 1;
    else return mid;
  }
  return -1;
}

/** Index of the first span starting at or after offset, in a list sorted by start. */
export function firstAtOrAfter(spans: readonly Span[], offset: number): number {
  let low = 0;
  let high = spans.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (spans[mid].start < offset) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Index of the first span ending after offset, in a list sorted by start whose spans do not overlap. */
export function firstEndingAfter(spans: readonly Span[], offset: number): number {
  let low = 0;
  let high = spans.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (spans[mid].end <= offset) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * A pattern that can match only at the end of a text that ends in one of a few words, then white
 * space ("\bnot\s+$", "\b(?:about|around)\s*$"): tried only where the text's last word is one of
 * them. Such a pattern is searched for from every character of the text, and most figures and
 * names follow other words; reading the last word back costs a fraction of that. Exact: where the
 * text does not end in letters (a comma, "c."), or a hash of its last word is one of the words',
 * the pattern decides.
 */
export class TrailingWordPattern {
  private readonly hashes: ReadonlySet<number>;

  /** `lastWords`: every word a match can end on (in any case; ASCII letters only). */
  constructor(readonly pattern: RegExp, lastWords: readonly string[]) {
    this.hashes = new Set(lastWords.map((word) => trailingWordHash(word, word.length).hash));
  }

  test(text: string): boolean {
    return this.mayMatch(text) && this.pattern.test(text);
  }

  exec(text: string): RegExpExecArray | null {
    return this.mayMatch(text) ? this.pattern.exec(text) : null;
  }

  private mayMatch(text: string): boolean {
    let end = text.length;
    while (end > 0 && isSpace(text.charCodeAt(end - 1))) end--;
    const { hash, letters } = trailingWordHash(text, end);
    return letters === 0 || this.hashes.has(hash);
  }
}

/** A hash of the run of ASCII letters that ends at `end`, case folded, read backwards; and its length. */
function trailingWordHash(text: string, end: number): { hash: number; letters: number } {
  let hash = 0;
  let i = end;
  while (i > 0) {
    const lower = text.charCodeAt(i - 1) | 0x20;
    if (lower < 0x61 || lower > 0x7a) break;
    hash = (Math.imul(hash, 31) + lower) | 0;
    i--;
  }
  return { hash, letters: end - i };
}
