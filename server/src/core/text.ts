/**
 * Text utilities shared by the analysis core: normalisation for matching, word tokens with
 * offsets, and sentence spans. Offsets are JavaScript string indices (UTF-16 code units) into
 * the text the caller gave; nothing here knows about lines or LSP positions.
 */

/** Fold a word for matching: no diacritics, straight apostrophes, lower case. */
export function foldForMatch(text: string): string {
  // Most words are plain ASCII letters: lower-casing is all they need, and it is much cheaper.
  if (/^[A-Za-z0-9 ]*$/.test(text)) return text.toLowerCase();
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

const WORD = /[\p{L}\p{N}][\p{L}\p{M}\p{N}]*/gu;

/** Every run of letters and digits, with offsets. Punctuation (including apostrophes) separates words. */
export function wordTokens(text: string): WordToken[] {
  const tokens: WordToken[] = [];
  for (const match of text.matchAll(WORD)) {
    const start = match.index!;
    tokens.push({ key: foldForMatch(match[0]), start, end: start + match[0].length });
  }
  return tokens;
}

/** The separator between two tokens as it counts for matching: whitespace folds to one space. */
export function foldSeparator(gap: string): string {
  return foldForMatch(gap.replace(/\s+/g, ' '));
}

export function isCapitalised(word: string): boolean {
  const first = word.codePointAt(0);
  if (first === undefined) return false;
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
  for (const match of text.matchAll(boundary)) {
    const index = match.index!;
    if (match[1] !== undefined && (isAbbreviation(text, index) || isInsideParentheses(text, index))) continue;
    boundaries.push([match[1] !== undefined ? index + match[1].length : index, index + match[0].length]);
  }
  for (const heading of text.matchAll(/^#{1,6}[^\n]*\n/gm)) {
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
  const before = text.slice(Math.max(0, dotIndex - 12), dotIndex);
  const word = /([\p{L}.]+)$/u.exec(before)?.[1] ?? '';
  if (/^(?:\p{L}\.)+\p{L}$/u.test(word)) return true; // U.S, U.K
  if (/^\p{Lu}$/u.test(word)) return true; // an initial: "John F. Kennedy"
  return ABBREVIATIONS.has(word.toLowerCase());
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
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  if (end > start) spans.push({ start, end });
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
