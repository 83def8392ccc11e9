/** Spans to colour: every known name and every figure, with what Factmark knows about it. */
import type { DraftAnalysis } from './analyze';

export const TOKEN_TYPES = ['factmarkName', 'factmarkFigure'] as const;
export const TOKEN_MODIFIERS = ['verified', 'disputed', 'mismatch', 'unchecked', 'ambiguous', 'person', 'organisation', 'place', 'event'] as const;

export type TokenType = (typeof TOKEN_TYPES)[number];
export type TokenModifier = (typeof TOKEN_MODIFIERS)[number];

export interface HighlightSpan {
  readonly start: number;
  readonly end: number;
  readonly type: TokenType;
  readonly modifiers: readonly TokenModifier[];
}

const STATUS_MODIFIER = { agrees: 'verified', disputed: 'disputed', mismatch: 'mismatch', unchecked: 'unchecked' } as const;

/** Highlight spans in document order, never overlapping. */
export function highlightSpans(analysis: DraftAnalysis): HighlightSpan[] {
  const spans: HighlightSpan[] = [];
  for (const mention of analysis.mentions) {
    const entity = mention.entityId ? analysis.dataset.entities.get(mention.entityId) : undefined;
    spans.push({ start: mention.start, end: mention.end, type: 'factmarkName', modifiers: entity ? [entity.kind] : ['ambiguous'] });
  }
  for (const check of analysis.checks) {
    spans.push({ start: check.figure.start, end: check.figure.end, type: 'factmarkFigure', modifiers: [STATUS_MODIFIER[check.status]] });
  }
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  return spans.filter((span, i) => i === 0 || span.start >= spans[i - 1].end);
}
