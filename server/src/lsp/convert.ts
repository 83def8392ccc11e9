/**
 * The one module where the core's offsets become LSP positions and ranges (UTF-16, the LSP
 * default encoding), and core results become protocol objects.
 */
import {
  CodeAction,
  CodeActionKind,
  DiagnosticSeverity,
  SemanticTokensBuilder,
  type Diagnostic,
  type Hover,
  type Position,
  type Range,
  type SemanticTokens,
} from 'vscode-languageserver';
import {
  LineIndex,
  RULES,
  TOKEN_MODIFIERS,
  TOKEN_TYPES,
  type CitationView,
  type DatasetProblem,
  type DraftFinding,
  type FindingCode,
  type HighlightSpan,
  type HoverCard,
  type Severity,
} from '../core';

export const SEMANTIC_TOKENS_LEGEND = { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] };

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toRange(lines: LineIndex, start: number, end: number): Range {
  return { start: lines.positionAt(start), end: lines.positionAt(end) };
}

export function toOffset(lines: LineIndex, position: Position): number {
  return lines.offsetAt(position);
}

export interface CitationItem {
  readonly fact: string;
  readonly value: string;
  readonly source: string;
  readonly quote: string;
  readonly location?: { uri: string; range: Range };
}

export function citationToLsp(citation: CitationView): CitationItem {
  const { location, ...rest } = citation;
  if (!location) return rest;
  return {
    ...rest,
    location: {
      uri: location.uri,
      range: { start: { line: location.line, character: location.character }, end: { line: location.endLine, character: location.endCharacter } },
    },
  };
}

/** A notice about the whole document, shown at its start. */
export function noticeAtStart(code: FindingCode, message: string): Diagnostic {
  return { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: SEVERITY[RULES[code].severity], code, source: 'factmark', message };
}

/** A severity the user chose for a code, or 'off' to drop it. */
export type SeverityOverride = (code: string) => Severity | 'off' | undefined;

export function findingToDiagnostic(lines: LineIndex, finding: DraftFinding, override: SeverityOverride): Diagnostic | undefined {
  const severity = override(finding.code) ?? finding.severity;
  if (severity === 'off') return undefined;
  return {
    range: toRange(lines, finding.start, finding.end),
    severity: SEVERITY[severity],
    code: finding.code,
    source: 'factmark',
    message: finding.message,
    relatedInformation: finding.related.map((related) => ({
      location: {
        uri: related.location.uri,
        range: {
          start: { line: related.location.line, character: related.location.character },
          end: { line: related.location.endLine, character: related.location.endCharacter },
        },
      },
      message: related.message,
    })),
    data: finding.factId ? { factId: finding.factId } : undefined,
  };
}

export function problemToDiagnostic(lines: LineIndex, problem: DatasetProblem, severity: Severity, override: SeverityOverride): Diagnostic | undefined {
  const chosen = override(problem.code) ?? severity;
  if (chosen === 'off') return undefined;
  return {
    range: toRange(lines, problem.start, problem.end),
    severity: SEVERITY[chosen],
    code: problem.code,
    source: 'factmark',
    message: problem.message,
  };
}

export function hoverToLsp(lines: LineIndex, card: HoverCard): Hover {
  return { contents: { kind: 'markdown', value: card.markdown }, range: toRange(lines, card.start, card.end) };
}

/** The quick fixes of the findings in a range, each tied to the diagnostic the client sent for it. */
export function codeActionsFor(lines: LineIndex, uri: string, findings: readonly DraftFinding[], range: Range, diagnostics: readonly Diagnostic[]): CodeAction[] {
  const start = lines.offsetAt(range.start);
  const end = lines.offsetAt(range.end);
  return findings
    .filter((finding) => finding.start <= end && finding.end >= start)
    .flatMap((finding) => {
      const at = lines.positionAt(finding.start);
      const diagnostic = diagnostics.find((d) => d.code === finding.code && d.range.start.line === at.line && d.range.start.character === at.character);
      return fixesToCodeActions(lines, uri, finding, diagnostic);
    });
}

function fixesToCodeActions(lines: LineIndex, uri: string, finding: DraftFinding, diagnostic: Diagnostic | undefined): CodeAction[] {
  return finding.fixes.map((fix) => ({
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    isPreferred: fix.preferred,
    diagnostics: diagnostic ? [diagnostic] : undefined,
    edit: { changes: { [uri]: fix.edits.map((edit) => ({ range: toRange(lines, edit.start, edit.end), newText: edit.newText })) } },
  }));
}

/** Semantic tokens; a span that crosses a line break ("Maria⏎Kalesnikava") becomes one token per line. */
export function spansToSemanticTokens(lines: LineIndex, spans: readonly HighlightSpan[]): SemanticTokens {
  const builder = new SemanticTokensBuilder();
  for (const span of spans) {
    const typeIndex = TOKEN_TYPES.indexOf(span.type);
    const modifiers = span.modifiers.reduce((bits, modifier) => bits | (1 << TOKEN_MODIFIERS.indexOf(modifier)), 0);
    const start = lines.positionAt(span.start);
    const end = lines.positionAt(span.end);
    for (let line = start.line; line <= end.line; line++) {
      const from = line === start.line ? start.character : 0;
      const to = line === end.line ? end.character : lines.positionAt(lines.offsetAt({ line: line + 1, character: 0 }) - 1).character;
      if (to > from) builder.push(line, from, to - from, typeIndex, modifiers);
    }
  }
  return builder.build();
}
