/**
 * Checks made before a dataset file is handed to the YAML parser, in one linear pass each and
 * without recursion:
 *
 * - nesting depth. `yaml` composes nodes recursively: a 2 KB file of "[[[…]]]" nested 1,000 deep
 *   exhausts the stack (on Node 20 the process can abort outright), and a million brackets take
 *   seconds before failing. No dataset needs more than a handful of levels.
 * - strict JSON for `.facts.json` files. The YAML parser reads JSON too (and keeps positions), but
 *   it also accepts comments, trailing commas and single quotes, which a JSON file must not have:
 *   every other JSON tool would reject the file.
 */
import { CST, Lexer } from 'yaml';

/** Deeper files are refused before parsing. Real datasets use about six levels. */
export const MAX_NESTING_DEPTH = 200;

export interface SyntaxProblem {
  readonly start: number;
  readonly end: number;
  readonly message: string;
}

function tooDeep(at: number): SyntaxProblem {
  return { start: at, end: at + 1, message: `The data is nested too deeply (more than ${MAX_NESTING_DEPTH} levels); Factmark does not read it.` };
}

// ---------------------------------------------------------------------------------------------
// YAML nesting depth, counted on the tokens of yaml's own lexer (so brackets in strings,
// comments and plain scalars are not counted): open flow collections plus open block levels,
// a block level being a node that starts further right than the one before it.

/** Tokens of yaml's lexer that mark a state and stand for no characters of the text. */
const ZERO_WIDTH = new Set(['\u0002', '\u0018', '\u001f']);

interface BlockLevel {
  readonly column: number;
  /** A `- ` item: a sequence may sit at the same column as the key that holds it. */
  readonly item: boolean;
}

export function checkYamlNesting(text: string): SyntaxProblem | undefined {
  const block: BlockLevel[] = [];
  let flow = 0;
  let offset = 0;
  let lineStart = 0;
  for (const token of new Lexer().lex(text)) {
    if (ZERO_WIDTH.has(token)) continue;
    const type = CST.tokenType(token);
    if (type === 'flow-map-start' || type === 'flow-seq-start') {
      flow++;
      if (block.length + flow > MAX_NESTING_DEPTH) return tooDeep(offset);
    } else if (type === 'flow-map-end' || type === 'flow-seq-end') {
      flow = Math.max(0, flow - 1);
    } else if (type === 'doc-start') {
      block.length = 0;
      flow = 0;
    } else if (flow === 0 && startsNode(type)) {
      openBlockLevel(block, offset - lineStart, type === 'seq-item-ind' || type === 'explicit-key-ind');
      if (block.length > MAX_NESTING_DEPTH) return tooDeep(offset);
    }
    const newline = token.lastIndexOf('\n');
    if (newline !== -1) lineStart = offset + newline + 1;
    offset += token.length;
  }
  return undefined;
}

function startsNode(type: ReturnType<typeof CST.tokenType>): boolean {
  switch (type) {
    case null: // plain scalar
    case 'seq-item-ind':
    case 'explicit-key-ind':
    case 'single-quoted-scalar':
    case 'double-quoted-scalar':
    case 'block-scalar-header':
    case 'alias':
    case 'anchor':
    case 'tag':
      return true;
    default:
      return false;
  }
}

function openBlockLevel(block: BlockLevel[], column: number, item: boolean): void {
  for (;;) {
    const top = block[block.length - 1];
    if (!top || top.column < column) break;
    if (top.column === column && item && !top.item) break; // "key:\n- item": the sequence is inside the key's value
    block.pop();
  }
  block.push({ column, item });
}

// ---------------------------------------------------------------------------------------------
// Strict JSON (RFC 8259), scanned with an explicit stack. Only the first error is reported: after
// it, a JSON reader's view of the rest is guesswork.

type Expect = 'value' | 'first-value' | 'key' | 'first-key' | 'colon' | 'after';

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERAL = /true|false|null/y;
const WORD = /[^\s,:[\]{}"]+/y;

export function checkJson(text: string): SyntaxProblem | undefined {
  const stack: ('{' | '[')[] = [];
  let expect: Expect = 'value';
  let i = skipSpace(text, 0);
  if (i === text.length) return undefined; // empty: the schema says what is missing
  for (;;) {
    i = skipSpace(text, i);
    if (i >= text.length) {
      if (expect === 'after' && stack.length === 0) return undefined;
      const open = stack[stack.length - 1];
      return { start: text.length, end: text.length, message: open ? `The JSON data ends early: a ${open === '{' ? 'object must end with a }' : 'list must end with a ]'}.` : 'The JSON data ends early.' };
    }
    const ch = text[i];
    if (ch === '/' && (text[i + 1] === '/' || text[i + 1] === '*')) return { start: i, end: lineEndOf(text, i), message: 'Comments are not allowed in JSON.' };
    const open = stack[stack.length - 1];
    switch (expect) {
      case 'colon':
        if (ch !== ':') return unexpected(text, i, 'Missing : after the property name.');
        i++;
        expect = 'value';
        continue;
      case 'key':
      case 'first-key':
        if (ch === '}' && expect === 'first-key') {
          stack.pop();
          i++;
          expect = 'after';
          continue;
        }
        if (ch !== '"') return unexpected(text, i, 'Expected a property name in double quotes.');
        {
          const end = scanString(text, i);
          if (typeof end !== 'number') return end;
          i = end;
        }
        expect = 'colon';
        continue;
      case 'after':
        if (!open) return unexpected(text, i, 'Unexpected text after the end of the JSON data.');
        if (ch === ',') {
          const next = skipSpace(text, i + 1);
          if (text[next] === ']' || text[next] === '}') return { start: i, end: i + 1, message: 'Trailing commas are not allowed in JSON.' };
          i++;
          expect = open === '{' ? 'key' : 'value';
          continue;
        }
        if (ch === (open === '{' ? '}' : ']')) {
          stack.pop();
          i++;
          continue;
        }
        return unexpected(text, i, `Missing , or ${open === '{' ? '}' : ']'}.`);
      case 'value':
      case 'first-value':
        if (ch === ']' && expect === 'first-value') {
          stack.pop();
          i++;
          expect = 'after';
          continue;
        }
        if (ch === '[' || ch === '{') {
          if (stack.length >= MAX_NESTING_DEPTH) return tooDeep(i);
          stack.push(ch);
          i++;
          expect = ch === '[' ? 'first-value' : 'first-key';
          continue;
        }
        {
          const end = scanScalar(text, i);
          if (typeof end !== 'number') return end;
          i = end;
        }
        expect = 'after';
        continue;
    }
  }
}

function skipSpace(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const ch = text[i];
    if (ch !== ' ' && ch !== '\t' && ch !== '\n' && ch !== '\r' && !(ch === '\uFEFF' && i === 0)) break;
    i++;
  }
  return i;
}

function lineEndOf(text: string, from: number): number {
  const newline = text.indexOf('\n', from);
  return newline === -1 ? text.length : newline;
}

function unexpected(text: string, at: number, message: string): SyntaxProblem {
  if (text[at] === "'") return { start: at, end: at + 1, message: 'Strings in JSON are written in double quotes, not single quotes.' };
  return { start: at, end: at + 1, message };
}

/** The end of the number, literal or string at `at`, or the problem with it. */
function scanScalar(text: string, at: number): number | SyntaxProblem {
  if (text[at] === '"') return scanString(text, at);
  for (const pattern of [NUMBER, LITERAL]) {
    pattern.lastIndex = at;
    if (pattern.test(text)) return pattern.lastIndex;
  }
  WORD.lastIndex = at;
  const word = WORD.exec(text)?.[0] ?? text[at];
  if (word.startsWith("'")) return unexpected(text, at, '');
  return { start: at, end: at + word.length, message: `'${word.length > 40 ? `${word.slice(0, 40)}…` : word}' is not a JSON value: text must be in double quotes.` };
}

const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);

function scanString(text: string, at: number): number | SyntaxProblem {
  let i = at + 1;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '"') return i + 1;
    if (ch === '\\') {
      const next = text[i + 1];
      if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 6;
      else if (next !== undefined && ESCAPES.has(next)) i += 2;
      else return { start: i, end: i + 2, message: `'\\${next ?? ''}' is not a JSON escape sequence.` };
      continue;
    }
    if (ch < ' ') return { start: i, end: i + 1, message: ch === '\n' ? 'Missing closing "quote: a JSON string ends on the line it starts.' : 'A control character must be escaped in a JSON string.' };
    i++;
  }
  return { start: at, end: text.length, message: 'Missing closing "quote.' };
}
