/**
 * Rows of a fact box or table keyed by a label, under a header that names the columns:
 *
 *     **The best-known names** (age · sentence · year of sentence)
 *     - Viktar Babaryka: 62 · 14 years · 2021
 *
 *     | Name | Age | Sentence |
 *     | --- | --- | --- |
 *     | Ales Bialiatski | 63 | 10 years |
 *
 * A figure in such a row is about the row's key (a person, usually), and its column's name says
 * what it measures. Pure string work on the prose; nothing here knows the dataset.
 */
import { firstHyphenatedWords, type Span } from './text';

export interface Cell {
  /** The row's key: the text before the colon, or the first cell of a table row. */
  readonly key: Span;
  /** The folded words of the column's name in the header ("year", "of", "sentence"). */
  readonly column: readonly string[];
}

/** How many lines above a row its header may stand (a box's rows, a blank line, a heading). */
const HEADER_REACH = 12;

/** The keyed row cell a figure at `offset` stands in, with its column's name; undefined when none. */
export function cellAt(prose: string, offset: number): Cell | undefined {
  const lineStart = prose.lastIndexOf('\n', offset - 1) + 1;
  const lineEndAt = prose.indexOf('\n', offset);
  const lineEnd = lineEndAt === -1 ? prose.length : lineEndAt;
  const line = prose.slice(lineStart, lineEnd);
  if (line.length > 400 || (!line.includes('·') && !line.includes('|'))) return undefined;
  return tableCell(prose, lineStart, line, offset - lineStart) ?? dottedCell(prose, lineStart, line, offset - lineStart);
}

/** "- Viktar Babaryka: 62 · 14 years · 2021" under "(age · sentence · year of sentence)". */
function dottedCell(prose: string, lineStart: number, line: string, at: number): Cell | undefined {
  const row = /^(\s*(?:[-*+]\s+)?)([^:·|\n]{2,60}?):\s*/.exec(line);
  if (!row || at < row[0].length) return undefined;
  const cells = line.slice(row[0].length).split('·');
  if (cells.length < 2) return undefined;
  const index = line.slice(row[0].length, at).split('·').length - 1;
  const header = headerAbove(prose, lineStart, '·', cells.length);
  if (!header) return undefined;
  const keyStart = lineStart + row[1].length;
  return { key: { start: keyStart, end: keyStart + row[2].trimEnd().length }, column: header[index] };
}

/** "| Ales Bialiatski | 63 | 10 years |" under "| Name | Age | Sentence |" and its rule line. */
function tableCell(prose: string, lineStart: number, line: string, at: number): Cell | undefined {
  if (!/^\s*\|.*\|\s*$/.test(line)) return undefined;
  const cells = splitRow(line);
  const index = line.slice(0, at).split('|').length - 2;
  if (index < 1 || index >= cells.length) return undefined;
  // The header is the row just above the table's rule line ("| --- | --- |").
  let end = lineStart - 1;
  for (let reach = 0; end > 0 && reach < HEADER_REACH; reach++) {
    const start = prose.lastIndexOf('\n', end - 1) + 1;
    const above = prose.slice(start, end);
    if (/^\s*\|?\s*:?-{3,}/.test(above)) {
      const headerStart = prose.lastIndexOf('\n', start - 2) + 1;
      const header = splitRow(prose.slice(headerStart, start - 1));
      if (header.length !== cells.length) return undefined;
      const keyAt = line.indexOf('|') + 1;
      const keyText = line.slice(keyAt).split('|')[0];
      const keyStart = lineStart + keyAt + (keyText.length - keyText.trimStart().length);
      return { key: { start: keyStart, end: keyStart + keyText.trim().length }, column: words(header[index]) };
    }
    if (!/^\s*\|/.test(above)) return undefined;
    end = start - 1;
  }
  return undefined;
}

function splitRow(line: string): string[] {
  return line.trim().replace(/^\|/, '').replace(/\|$/, '').split('|');
}

/**
 * The nearest line above that names as many columns, separated the same way: the part in
 * brackets, or after a colon, of a heading or lead-in ("(age · sentence · year of sentence)").
 */
function headerAbove(prose: string, lineStart: number, separator: string, count: number): string[][] | undefined {
  let end = lineStart - 1;
  for (let reach = 0; end > 0 && reach < HEADER_REACH; reach++) {
    const start = prose.lastIndexOf('\n', end - 1) + 1;
    const line = prose.slice(start, end);
    end = start - 1;
    if (!line.includes(separator)) continue;
    const names = /\(([^()]*)\)\s*[*_]*\s*:?\s*$/.exec(line)?.[1] ?? (/^[^:]*:\s*([^:]*)$/.exec(line)?.[1]);
    if (!names) continue;
    const columns = names.split(separator).map(words);
    if (columns.length === count && columns.every((column) => column.length > 0 && column.length <= 4 && column.every((word) => !/\d/.test(word)))) return columns;
  }
  return undefined;
}

function words(text: string): string[] {
  return firstHyphenatedWords(text, 0, text.length, Infinity);
}
