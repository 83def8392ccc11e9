/**
 * Analysing a draft: names, figures, the fact each figure is about, and the findings. Pure:
 * text and dataset in, everything with offsets out. It never throws: a draft that trips an
 * internal error yields an analysis with no findings and the error recorded, never a crash.
 */
import type { Dataset, Fact, FactValue, TextLocation } from './dataset/model';
import { findFigures, type Figure } from './figures';
import { replacementText, sourceLabel, valueWithSources, describeValue } from './format';
import { checkFigures, type FigureCheck } from './match';
import { buildNameIndex, findNames, nameSuggestions, type NameIndex, type NameMention } from './names';
import { proseOnly, type DraftLanguage } from './prose';
import { finding, type Finding } from './rules';
import { disableNextLineEdit, unsuppressed } from './suppressions';
import { sentenceSpans, wordTokens } from './text';
import type { TextEdit } from './textEdit';
import { inconsistentNames, type NameStyle } from './consistency';

export type { TextEdit } from './textEdit';

export interface Fix {
  readonly title: string;
  /** Edits to the draft, in document order, none overlapping. */
  readonly edits: readonly TextEdit[];
  /** The fix a user most likely wants (offered first, applied by "fix all"). */
  readonly preferred: boolean;
}

export interface RelatedQuote {
  readonly location: TextLocation;
  readonly message: string;
}

export interface DraftFinding extends Finding {
  readonly related: readonly RelatedQuote[];
  readonly fixes: readonly Fix[];
  readonly factId?: string;
}

export interface DraftAnalysis {
  readonly text: string;
  readonly dataset: Dataset;
  readonly mentions: readonly NameMention[];
  readonly checks: readonly FigureCheck[];
  readonly findings: readonly DraftFinding[];
  /** Set when the analysis failed internally; the analysis is then empty. */
  readonly internalError?: string;
}

export interface AnalyseOptions {
  readonly language?: DraftLanguage;
  /** Which spelling the name-consistency fix uses: the dataset's preferred one (default) or the draft's first. */
  readonly nameStyle?: NameStyle;
}

const nameIndexes = new WeakMap<Dataset, NameIndex>();

/** The name index of a dataset, built once per dataset version. */
export function nameIndexOf(dataset: Dataset): NameIndex {
  let index = nameIndexes.get(dataset);
  if (!index) {
    index = buildNameIndex(dataset);
    nameIndexes.set(dataset, index);
  }
  return index;
}

export function analyzeDraft(text: string, dataset: Dataset, options: AnalyseOptions = {}): DraftAnalysis {
  try {
    return analyse(text, dataset, options.language ?? 'markdown', options.nameStyle ?? 'dataset');
  } catch (error) {
    const message = error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error);
    return { text, dataset, mentions: [], checks: [], findings: [], internalError: message };
  }
}

function analyse(text: string, dataset: Dataset, language: DraftLanguage, nameStyle: NameStyle): DraftAnalysis {
  const prose = proseOnly(text, language);
  const tokens = wordTokens(prose);
  const index = nameIndexOf(dataset);
  const mentions = findNames(prose, index, tokens);
  const figures = findFigures(prose).filter((figure) => !insideName(figure, mentions));
  const checks = checkFigures({ prose, dataset, sentences: sentenceSpans(prose), tokens, mentions, figures });
  const nameFindings: DraftFinding[] = inconsistentNames(dataset, mentions, nameStyle).map((found) => ({
    ...finding('name-inconsistent', found.start, found.end, found.message),
    related: [],
    fixes: [{ title: found.fixTitle, edits: found.edits, preferred: true }],
  }));
  const suggestions: DraftFinding[] = nameSuggestions(prose, index, tokens, mentions).map((suggestion) => {
    const entity = dataset.entities.get(suggestion.entityId)!;
    const surname = entity.name.split(/\s+/).pop()!;
    return {
      ...finding('name-variant', suggestion.start, suggestion.end, `"${suggestion.text}" is not a known name; did you mean ${entity.name} ("${surname}")?`),
      related: [],
      fixes: [{ title: `Change to '${surname}'`, edits: [{ start: suggestion.start, end: suggestion.end, newText: surname }], preferred: true }],
    };
  });
  const figureFindings = checks.flatMap((check) => findingsFor(text, dataset, check));
  const all = [...figureFindings, ...nameFindings, ...suggestions].sort((a, b) => a.start - b.start);
  const findings = unsuppressed(text, all).map((found) => withDisableFix(text, found));
  return { text, dataset, mentions, checks, findings };
}

/** Every finding can be switched off for its line, with a comment the writer can see and undo. */
function withDisableFix(text: string, finding: DraftFinding): DraftFinding {
  const fix: Fix = { title: `Ignore ${finding.code} on this line`, edits: [disableNextLineEdit(text, finding.start, finding.code)], preferred: false };
  return { ...finding, fixes: [...finding.fixes, fix] };
}

/** A number inside a name ("Charter 97") belongs to the name. */
function insideName(figure: Figure, mentions: readonly NameMention[]): boolean {
  let low = 0;
  let high = mentions.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (mentions[mid].start <= figure.numberStart) low = mid + 1;
    else high = mid;
  }
  const mention = mentions[low - 1];
  return mention !== undefined && figure.numberEnd <= mention.end;
}

function findingsFor(text: string, dataset: Dataset, check: FigureCheck): DraftFinding[] {
  const { figure, fact } = check;
  if (!fact) return [];
  if (check.status === 'mismatch') {
    const sourced = fact.values.map((value) => valueWithSources(dataset, fact, value)).join('; ');
    const stated = text.slice(figure.start, figure.end);
    const said = figure.complementOf !== undefined && figure.value !== undefined
      ? `"all but ${stated}" (that is, ${figure.complementOf - figure.value} of ${figure.complementOf})`
      : `"${stated}"`;
    const message = `${said} disagrees with the sources on ${describeFact(dataset, fact)}: ${fact.values.length > 1 ? 'they give' : 'they say'} ${sourced}.`;
    return [{
      ...finding('figure-mismatch', figure.start, figure.end, message),
      related: relatedQuotes(dataset, fact, fact.values),
      fixes: replacementFixes(text, figure, fact),
      factId: fact.id,
    }];
  }
  if (check.status === 'disputed') {
    const others = fact.values.filter((value) => !check.agreeing.includes(value));
    const message = `Sources differ on ${describeFact(dataset, fact)}: the draft follows ${check.agreeing.map((v) => valueWithSources(dataset, fact, v)).join('; ')}, but ${others.map((v) => valueWithSources(dataset, fact, v)).join('; ')}.`;
    return [{
      ...finding('figure-disputed', figure.start, figure.end, message),
      related: relatedQuotes(dataset, fact, fact.values),
      fixes: [],
      factId: fact.id,
    }];
  }
  return [];
}

export function describeFact(dataset: Dataset, fact: Fact): string {
  const entity = dataset.entities.get(fact.about);
  return entity ? `${fact.measure} (${entity.name})` : fact.measure;
}

function relatedQuotes(dataset: Dataset, fact: Fact, values: readonly FactValue[]): RelatedQuote[] {
  return values.flatMap((value) =>
    value.citations
      .filter((citation) => citation.quoteAt)
      .map((citation) => ({
        location: citation.quoteAt!,
        message: `${sourceLabel(dataset, citation.sourceId)}: ${describeValue(fact, value)}`,
      })),
  );
}

function replacementFixes(text: string, figure: Figure, fact: Fact): Fix[] {
  return fact.values.flatMap((value, i) => {
    const newText = replacementText(figure, text, fact, value);
    if (newText === undefined) return [];
    return [{
      title: `Replace with '${newText}' (${value.citations.map((c) => c.sourceId).join(', ')})`,
      edits: [{ start: figure.start, end: otherUnit(figure, fact) ? figure.end : figure.numberEnd, newText }],
      preferred: i === 0 && fact.values.length === 1,
    }];
  });
}

/** Is the figure a duration in another unit than its fact's ("two weeks" for "a month")? */
export function otherUnit(figure: Figure, fact: Fact): boolean {
  return fact.kind === 'duration' && figure.unit !== undefined && figure.unit !== (fact.unit ?? 'year');
}

/** The name mention or figure check at an offset, for hovers. */
export function itemAt(analysis: DraftAnalysis, offset: number): { mention?: NameMention; check?: FigureCheck } {
  const check = analysis.checks.find((c) => offset >= c.figure.start && offset <= c.figure.end);
  if (check) return { check };
  const mention = analysis.mentions.find((m) => offset >= m.start && offset <= m.end);
  return mention ? { mention } : {};
}
