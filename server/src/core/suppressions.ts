/**
 * Inline controls, as prose linters have them: HTML comments that switch findings off.
 *
 *   <!-- factmark-disable -->                        everything, until factmark-enable
 *   <!-- factmark-disable figure-mismatch -->        only these codes
 *   <!-- factmark-enable [codes] -->                 switch back on
 *   <!-- factmark-disable-next-line [codes] -->      only the next line
 */
import type { Finding } from './rules';

interface Directive {
  readonly kind: 'disable' | 'enable' | 'disable-next-line';
  /** The codes named; empty means all. */
  readonly codes: readonly string[];
  readonly start: number;
  readonly end: number;
}

const DIRECTIVE = /<!--\s*factmark-(disable-next-line|disable|enable)((?:\s+[a-z][a-z-]*)*)\s*-->/g;

function directives(text: string): Directive[] {
  return [...text.matchAll(DIRECTIVE)].map((match) => ({
    kind: match[1] as Directive['kind'],
    codes: match[2].trim().split(/\s+/).filter(Boolean),
    start: match.index!,
    end: match.index! + match[0].length,
  }));
}

/** The findings that no inline control switches off. */
export function unsuppressed<T extends Finding>(text: string, findings: readonly T[]): T[] {
  const list = directives(text);
  if (list.length === 0) return [...findings];
  return findings.filter((finding) => !isSuppressed(text, list, finding));
}

function isSuppressed(text: string, list: readonly Directive[], finding: Finding): boolean {
  let disabledAll = false;
  const disabled = new Set<string>();
  const enabledDespiteAll = new Set<string>();
  for (const directive of list) {
    if (directive.start >= finding.start) break;
    const names = (codes: readonly string[]) => codes.length === 0 || codes.includes(finding.code);
    if (directive.kind === 'disable-next-line') {
      if (names(directive.codes) && lineAfter(text, directive.end) === lineStart(text, finding.start)) return true;
    } else if (directive.kind === 'disable') {
      if (directive.codes.length === 0) {
        disabledAll = true;
        enabledDespiteAll.clear();
      } else directive.codes.forEach((code) => disabled.add(code));
    } else if (directive.codes.length === 0) {
      disabledAll = false;
      disabled.clear();
    } else {
      directive.codes.forEach((code) => {
        disabled.delete(code);
        enabledDespiteAll.add(code);
      });
    }
  }
  return (disabledAll && !enabledDespiteAll.has(finding.code)) || disabled.has(finding.code);
}

/** The line end a draft uses: \r\n if it has any, else \n. */
export function lineEndOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

function lineStart(text: string, offset: number): number {
  return Math.max(text.lastIndexOf('\n', offset - 1) + 1, 0);
}

/** Start of the line after the one that contains offset. */
function lineAfter(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  return newline === -1 ? text.length : newline + 1;
}

/**
 * The text that switches a code off for the line of offset, and where it goes. `eol` is the
 * draft's line end, when the caller knows it (it saves reading the whole draft per finding).
 */
export function disableNextLineEdit(text: string, offset: number, code: string, eol = lineEndOf(text)): { start: number; end: number; newText: string } {
  const start = lineStart(text, offset);
  const indent = /^[ \t]*/.exec(text.slice(start))![0];
  return { start, end: start, newText: `${indent}<!-- factmark-disable-next-line ${code} -->${eol}` };
}
