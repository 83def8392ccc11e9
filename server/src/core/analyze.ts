/**
 * Analysing a draft: names, figures, the fact each figure is about, and the findings. Pure:
 * text and dataset in, everything with offsets out. It never throws: a draft that trips an
 * internal error yields an analysis with no findings and the error recorded, never a crash.
 */
import type { Dataset, Fact, FactValue, TextLocation } from './dataset/model';
import { findFigures, movedFigure, type Figure } from './figures';
import { replacementText, sourceLabel, valueWithSources, describeValue } from './format';
import { carriedKey, carriedStates, checkFigures, factIndexSteps, figureCheck, sameCarriedState, stem, type CarriedState, type DraftContext, type FigureCheck } from './match';
import { resolveKin } from './kin';
import { buildNameIndex, findNameMatches, nameIndexSteps, nameSuggestions, resolveNames, type NameIndex, type NameMatch, type NameMention, type NameSuggestion } from './names';
import { proseOnly, type DraftLanguage } from './prose';
import { finding, type Finding } from './rules';
import { disableNextLineEdit, lineEndOf, unsuppressed } from './suppressions';
import { firstAtOrAfter, firstEndingAfter, letterRuns, sentenceSpans, wordTokens, type Span, type WordToken } from './text';
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
  /**
   * The analysis of an earlier version of the same draft: what it found in the paragraphs that
   * have not changed is reused, and only the rest is analysed again. The result is the same as
   * without it.
   */
  readonly previous?: DraftAnalysis;
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

/**
 * Builds what analyses of a dataset need — the name index, then the fact index — in steps, so
 * that a caller running one step per turn of its event loop is never blocked for long (about
 * 3 s in all at 100k entities). Analysing without it is fine: the indexes are then built at once.
 * `storedNameIndex`: see nameIndexSteps.
 */
export function* prepareDataset(dataset: Dataset, storedNameIndex?: { readonly key: string; readonly index?: NameIndex }): Generator<void, void, void> {
  if (!nameIndexes.has(dataset)) {
    const index = yield* nameIndexSteps(dataset, storedNameIndex);
    nameIndexes.set(dataset, index);
  }
  yield;
  yield* factIndexSteps(dataset);
}

export function analyzeDraft(text: string, dataset: Dataset, options: AnalyseOptions = {}): DraftAnalysis {
  try {
    return analyse(text, dataset, options.language ?? 'markdown', options.nameStyle ?? 'dataset', options.previous);
  } catch (error) {
    const message = error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error);
    return { text, dataset, mentions: [], checks: [], findings: [], internalError: message };
  }
}

function analyse(text: string, dataset: Dataset, language: DraftLanguage, nameStyle: NameStyle, previous: DraftAnalysis | undefined): DraftAnalysis {
  const prose = proseOnly(text, language);
  const index = nameIndexOf(dataset);
  const earlier = previous && previous.dataset === dataset ? paragraphCaches.get(previous) : undefined;
  const { parts, mentions, seen, suggestions: found, checks } = analyseParagraphs(prose, dataset, index, earlier?.language === language ? earlier : undefined);
  const eol = lineEndOf(text);
  const nameFindings: DraftFinding[] = inconsistentNames(dataset, mentions, nameStyle).map((found) =>
    draftFinding(finding('name-inconsistent', found.start, found.end, found.message), [], [{ title: found.fixTitle, edits: found.edits, preferred: true }]));
  const suggestions: DraftFinding[] = found.map((suggestion) => {
    const entity = dataset.entities.get(suggestion.entityId)!;
    const surname = entity.name.split(/\s+/).pop()!;
    const message = `"${suggestion.text}" is not a known name; did you mean ${entity.name} ("${surname}")?`;
    return draftFinding(finding('name-variant', suggestion.start, suggestion.end, message), [], [{ title: `Change to '${surname}'`, edits: [{ start: suggestion.start, end: suggestion.end, newText: surname }], preferred: true }]);
  });
  // A paragraph's figure findings are kept with its checks (and moved with them).
  for (const part of parts) {
    if (part.findings && part.findingsEol === eol) continue;
    part.findings = part.checks!.flatMap((check) => findingsFor(text, dataset, check)).map((found) => withDisableFix(text, found, eol));
    part.findingsEol = eol;
  }
  const figureFindings = parts.flatMap((part) => part.findings!);
  const all = [...figureFindings, ...nameFindings.map((found) => withDisableFix(text, found, eol)), ...suggestions.map((found) => withDisableFix(text, found, eol))].sort((a, b) => a.start - b.start);
  const findings = unsuppressed(text, all);
  const analysis: DraftAnalysis = { text, dataset, mentions, checks, findings };
  paragraphCaches.set(analysis, { language, prose, parts, seen });
  return analysis;
}

// ------------------------------------------------------------------------------------------------
// Incremental analysis, paragraph by paragraph.
//
// What the analysis finds in a paragraph — words, name matches, figures, "did you mean"
// suggestions — is decided by the paragraph's text and at most MARGIN characters around it (no
// pattern reads further, and none reads across a blank line but within that margin). So these are
// kept per paragraph, keyed by that window of text, and reused while it stays the same. The checks
// of a paragraph's figures depend also on the names resolved in the window and on what the text
// before it carries over (the people named before it, for topics and pronouns: carriedStates), so
// they are keyed on those too. Everything that spans the whole draft — resolving shared surnames,
// sentences, name consistency, suppressions — is done again each time; it is cheap.

/** How far around a paragraph its text may decide what is found in it. */
const MARGIN = 160;

interface Part {
  /** The paragraph's offsets in the prose its results were found in. */
  readonly start: number;
  readonly end: number;
  /** The window of text that decides the paragraph's words, names and figures. */
  readonly key: string;
  /**
   * Where the paragraph started when its words, names, figures, suggestions and sentences were
   * found: their offsets are off by `start - base`. They are moved only where they are read
   * (see placed), into arrays that live for one analysis: a keystroke moves every later
   * paragraph, and what outlives an analysis costs the garbage collector most.
   */
  readonly base: number;
  readonly tokens: readonly WordToken[];
  readonly stems: readonly string[];
  readonly matches: readonly NameMatch[];
  /** Figures, without those inside a name. */
  readonly figures: readonly Figure[];
  readonly suggestions: readonly NameSuggestion[];
  readonly sentences: readonly Span[];
  /** The state of the reading of the text before the paragraph (see carriedStates), and a key of the names around it (see namesAround). */
  carriedAt?: CarriedState;
  namesKey?: string;
  /** The checks of the figures, and what they were keyed on. */
  checkKey?: string;
  checks?: readonly FigureCheck[];
  /** The findings on those checks, and the draft's line end they were made with. */
  findings?: readonly DraftFinding[];
  findingsEol?: string;
}

/** What an analysis leaves for the next one: its prose (to see where the next version differs) and its parts. */
interface ParagraphCache {
  readonly language: DraftLanguage;
  readonly prose: string;
  readonly parts: readonly Part[];
  /** The resolved names as the checks' keys saw them. */
  readonly seen: readonly NameMention[];
}

const paragraphCaches = new WeakMap<DraftAnalysis, ParagraphCache>();

/**
 * Paragraph spans: text between blank lines (the separators belong to no paragraph). A separator
 * is a line break followed by one or more lines of only spaces and tabs, each with its line break
 * (as sentenceSpans has it; proseOnly made \r a space). Read character by character rather than
 * by a regex, since it runs over the whole draft on every keystroke.
 */
function paragraphSpans(prose: string): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  let start = 0;
  for (let newline = prose.indexOf('\n'); newline !== -1; newline = prose.indexOf('\n', newline + 1)) {
    let end = blankLineEnd(prose, newline + 1);
    if (end === -1) continue;
    for (let next = blankLineEnd(prose, end); next !== -1; next = blankLineEnd(prose, end)) end = next;
    if (newline > start) spans.push({ start, end: newline });
    start = end;
    newline = end - 1;
  }
  if (start < prose.length || spans.length === 0) spans.push({ start, end: prose.length });
  return spans;
}

/** Past the spaces and tabs from `from` and the line break after them; -1 when something else comes first. */
function blankLineEnd(prose: string, from: number): number {
  let i = from;
  while (i < prose.length && (prose.charCodeAt(i) === 0x20 || prose.charCodeAt(i) === 0x09)) i++;
  return i < prose.length && prose.charCodeAt(i) === 0x0a ? i + 1 : -1;
}

/**
 * The key of a paragraph's window of text: its length, where the paragraph starts in it, and two
 * 32-bit hashes of it (FNV-1a and a variant). A hash rather than the text itself, because a
 * slice of the prose would keep the whole prose of its version alive for as long as the part.
 */
function windowKey(prose: string, span: { start: number; end: number }): string {
  const from = Math.max(0, span.start - MARGIN);
  const to = Math.min(prose.length, span.end + MARGIN);
  let a = 0x811c9dc5;
  let b = 0x9e3779b9;
  for (let i = from; i < to; i++) {
    const c = prose.charCodeAt(i);
    a = Math.imul(a ^ c, 16777619);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return `${span.start - from}:${to - from}:${(a >>> 0).toString(36)}:${(b >>> 0).toString(36)}`;
}

/**
 * The window keys of the paragraphs. A paragraph whose window lies wholly in the text the edit
 * left alone — before the first changed character or after the last — and that spans what it
 * spanned before has the key it had: its window reads the same characters. Only the others are
 * hashed, so an edit costs a hash of the few windows around it rather than of the whole draft.
 */
function paragraphKeys(prose: string, spans: readonly { start: number; end: number }[], earlier: ParagraphCache | undefined, edit: Edit | undefined): string[] {
  if (!earlier || !edit) return spans.map((span) => windowKey(prose, span));
  const byStart = new Map<number, Part>();
  for (const part of earlier.parts) byStart.set(part.start, part);
  return spans.map((span) => {
    if (span.end + MARGIN <= edit.prefix) {
      const old = byStart.get(span.start);
      if (old && old.end === span.end) return old.key;
    } else if (span.start - MARGIN >= edit.suffixStart) {
      const old = byStart.get(span.start - edit.delta);
      if (old && old.end === span.end - edit.delta) return old.key;
    }
    return windowKey(prose, span);
  });
}

/** Where a version of the prose differs from the one before: the text before `prefix` and from `suffixStart` on is the same, moved by `delta`. */
interface Edit {
  readonly prefix: number;
  readonly suffixStart: number;
  readonly delta: number;
}

function editBetween(prose: string, before: string): Edit {
  const prefix = commonPrefixLength(prose, before);
  const suffix = commonSuffixLength(prose, before, Math.min(prose.length, before.length) - prefix);
  return { prefix, suffixStart: prose.length - suffix, delta: prose.length - before.length };
}

/** How many characters two strings share at their start. */
function commonPrefixLength(a: string, b: string): number {
  const max = Math.min(a.length, b.length);
  let n = 0;
  // Chunks compared as strings (natively) first, then smaller ones, down to single characters.
  for (let chunk = 4096; chunk >= 1; chunk >>= 2) {
    while (n + chunk <= max && a.slice(n, n + chunk) === b.slice(n, n + chunk)) n += chunk;
  }
  return n;
}

/** How many characters two strings share at their end, at most `max`. */
function commonSuffixLength(a: string, b: string, max: number): number {
  let n = 0;
  for (let chunk = 4096; chunk >= 1; chunk >>= 2) {
    while (n + chunk <= max && a.slice(a.length - n - chunk, a.length - n) === b.slice(b.length - n - chunk, b.length - n)) n += chunk;
  }
  return n;
}

function analyseParagraphs(prose: string, dataset: Dataset, index: NameIndex, earlierCache: ParagraphCache | undefined) {
  const spans = paragraphSpans(prose);
  const edit = earlierCache ? editBetween(prose, earlierCache.prose) : undefined;
  const keys = paragraphKeys(prose, spans, earlierCache, edit);
  const earlier = earlierCache?.parts;
  const known = new Map<string, Part>();
  for (const part of earlier ?? []) known.set(part.key, part);
  const reusable = keys.filter((key) => known.has(key)).length;
  let parts: Part[];
  /** For each paragraph, the part of the earlier analysis it was taken from, if any. */
  let reusedFrom: (Part | undefined)[] | undefined;
  if (reusable * 2 < spans.length) {
    // Mostly new text: one pass over the whole draft costs less than a window per paragraph.
    // The checks of the paragraphs that are known are still reused.
    parts = wholeDraftParts(prose, index, spans, keys).map((part, i) => {
      const old = known.get(keys[i]);
      if (!old?.checks) return part;
      const moved = shiftPart(old, spans[i], keys[i]);
      return { ...part, checkKey: moved.checkKey, checks: moved.checks, findings: moved.findings, findingsEol: moved.findingsEol };
    });
  } else {
    reusedFrom = [];
    parts = spans.map((span, i) => {
      const part = known.get(keys[i]);
      reusedFrom!.push(part);
      return part ? shiftPart(part, span, keys[i]) : windowPart(prose, index, span, keys[i]);
    });
  }
  const mentions = resolveNames(prose, concat(parts, (part) => placed(part, part.matches, shiftMatch)));
  const suggestions = concat(parts, (part) => placed(part, part.suggestions, shiftSuggestion));
  const sentences = concat(parts, (part) => placed(part, part.sentences, shiftSpan));

  // Which paragraphs' checks can be reused: keyed on the names as the checks see them (with
  // "the elder Babaryka" and "the father" resolved, which reads up to 600 characters back).
  const seen = resolveKin(prose, mentions, dataset);
  const context: DraftContext = { prose, dataset, sentences, tokens: [], mentions: seen, figures: [] };
  const unchanged = earlierCache && edit && reusedFrom ? unchangedEnds(parts, reusedFrom, seen, earlierCache, edit) : { head: 0, tail: parts.length };
  const stale = staleChecks(context, parts, unchanged);
  // The others are checked with the words and figures of their own paragraphs only: every check
  // reads within its sentence, and a sentence never spans paragraphs. Names and sentences are the
  // whole draft's (topics and pronouns read back).
  if (stale.length > 0) {
    const figuresOf = stale.map((part) => placed(part, part.figures, movedFigure));
    const tokens = concat(stale, (part) => placed(part, part.tokens, shiftToken));
    const stems = concat(stale, (part) => part.stems);
    const fresh = checkFigures({ prose, dataset, sentences, tokens, mentions, figures: figuresOf.flat() }, undefined, stems);
    let next = 0;
    stale.forEach((part, i) => {
      part.checks = fresh.slice(next, next + figuresOf[i].length);
      next += figuresOf[i].length;
    });
  }
  const checks = concat(parts, (part) => part.checks!);
  return { parts, mentions, seen, suggestions, checks };
}

/**
 * Which paragraphs' checks must be made again: those whose key changed — the state of the reading
 * of the text before them (carriedStates) or the names around them (namesAround). The keys of
 * the unchanged paragraphs at either end (see unchangedEnds) are not worked out again: at the
 * start they are what they were; at the end they are too, once the reading of the text before
 * the first of them is in the state it was in before. A keystroke then costs the keys of the few
 * paragraphs around it, not of the whole draft.
 */
function staleChecks(context: DraftContext, parts: readonly Part[], unchanged: { readonly head: number; readonly tail: number }): Part[] {
  const { head, tail } = unchanged;
  const numbers = entityNumbers(context.dataset);
  const stale: Part[] = [];
  const rekey = (part: Part, state: CarriedState, namesKey: string) => {
    part.carriedAt = state;
    part.namesKey = namesKey;
    const checkKey = `${carriedKey(state)}|${namesKey}`;
    if (part.checkKey !== checkKey || !part.checks) {
      part.checkKey = checkKey;
      part.checks = undefined;
      part.findings = undefined;
      stale.push(part);
    }
  };
  // The reading resumes at the last unchanged paragraph of the head, whose state is known.
  const resume = head > 0 ? head - 1 : 0;
  const from = head > 0 ? { offset: parts[resume].start, state: parts[resume].carriedAt! } : undefined;
  const through = Math.min(tail + 1, parts.length);
  const states = carriedStates(context, parts.slice(resume, through).map((part) => part.start), from);
  for (let i = head; i < tail; i++) rekey(parts[i], states[i - resume], namesAround(context.prose, context.mentions, parts[i], numbers));
  if (tail < parts.length && !sameCarriedState(states[tail - resume], parts[tail].carriedAt!)) {
    // The text before the end reads differently now (a name or a pronoun changed): the end's states change, not its names.
    const later = carriedStates(context, parts.slice(tail).map((part) => part.start), { offset: parts[tail].start, state: states[tail - resume] });
    for (let i = tail; i < parts.length; i++) rekey(parts[i], later[i - tail], parts[i].namesKey!);
  }
  return stale;
}

/**
 * How many paragraphs at the start (head) and from which one on at the end (tail) read exactly
 * as they did in the earlier analysis: the same text in their window and around it, taken from
 * the part at the same place (not another paragraph that reads alike), and the same resolved
 * names in and around the window — at the start at the same offsets, at the end moved by as much
 * as the draft grew. Names can resolve differently far from an edit (a full name typed early
 * decides a later bare surname), so the names are compared, not assumed.
 */
function unchangedEnds(parts: readonly Part[], reusedFrom: readonly (Part | undefined)[], seen: readonly NameMention[], earlier: ParagraphCache, edit: Edit): { head: number; tail: number } {
  const before = earlier.seen;
  const { prefix, suffixStart, delta } = edit;
  let sameFront = 0;
  while (sameFront < seen.length && sameFront < before.length && sameMention(seen[sameFront], before[sameFront], 0)) sameFront++;
  let sameBack = 0;
  const most = Math.min(seen.length, before.length) - sameFront;
  while (sameBack < most && sameMention(seen[seen.length - 1 - sameBack], before[before.length - 1 - sameBack], delta)) sameBack++;
  const firstChanged = sameFront;
  const afterChanged = seen.length - sameBack;
  let head = 0;
  while (head < parts.length) {
    const part = parts[head];
    const to = part.end + MARGIN;
    if (to > prefix || reusedFrom[head] !== earlier.parts[head] || !part.carriedAt || firstAtOrAfter(seen, to) > firstChanged) break;
    head++;
  }
  const shift = earlier.parts.length - parts.length;
  let tail = parts.length;
  while (tail > head) {
    const part = parts[tail - 1];
    // The window, and the name before it (namesAround reads the text between them).
    const first = firstEndingAfter(seen, part.start - MARGIN) - 1;
    const from = Math.min(part.start - MARGIN, first >= 0 ? seen[first].start : part.start - MARGIN);
    if (from < suffixStart || reusedFrom[tail - 1] !== earlier.parts[tail - 1 + shift] || !part.carriedAt || !part.namesKey || Math.max(first, 0) < afterChanged) break;
    tail--;
  }
  return { head, tail };
}

function sameMention(now: NameMention, then: NameMention, delta: number): boolean {
  return now.start === then.start + delta
    && now.end === then.end + delta
    && now.entityId === then.entityId
    && now.possessive === then.possessive
    && now.text === then.text
    && now.fullName === then.fullName
    && now.variant === then.variant
    && sameIds(now.candidates, then.candidates);
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The items of every part, in order, in one array. */
function concat<T>(parts: readonly Part[], items: (part: Part) => readonly T[]): T[] {
  const all: T[] = [];
  for (const part of parts) for (const item of items(part)) all.push(item);
  return all;
}

/** Items of a part (found at its base) at the paragraph's current place. */
function placed<T>(part: Part, items: readonly T[], shift: (item: T, delta: number) => T): readonly T[] {
  const delta = part.start - part.base;
  return delta === 0 ? items : items.map((item) => shift(item, delta));
}

/**
 * The resolved names in a paragraph's window, and the person a figure opening it may be set
 * against: a hash (two 32-bit FNV-1a variants, as windowKey) of their offsets in the paragraph
 * and entities, since it is worked out for every paragraph on every analysis.
 */
function namesAround(prose: string, mentions: readonly NameMention[], part: Part, entityNumbers: EntityNumbers): string {
  const from = part.start - MARGIN;
  const to = part.end + MARGIN;
  let i = firstEndingAfter(mentions, from);
  const hash = new WindowHash();
  // The mention before the window, when only spaces and commas stand between it and the paragraph.
  const before = mentions[i - 1];
  if (before && /^[\s,'’s(]*$/.test(prose.slice(before.end, part.start))) {
    hash.mix(-3);
    hash.mixName(part.start - before.end, entityNumbers.of(before.entityId));
  }
  for (; i < mentions.length && mentions[i].start < to; i++) hash.mixName(mentions[i].start - part.start, entityNumbers.of(mentions[i].entityId));
  return hash.key();
}

/**
 * A number for each entity id a draft names, so that a key mixes one number per name rather than
 * every character of its id. Kept per dataset: keys are compared only between analyses of one.
 */
class EntityNumbers {
  private readonly numbers = new Map<string, number>();

  of(entityId: string | undefined): number {
    if (entityId === undefined) return -1;
    let number = this.numbers.get(entityId);
    if (number === undefined) {
      number = this.numbers.size;
      this.numbers.set(entityId, number);
    }
    return number;
  }
}

const entityNumbersOf = new WeakMap<Dataset, EntityNumbers>();

function entityNumbers(dataset: Dataset): EntityNumbers {
  let numbers = entityNumbersOf.get(dataset);
  if (!numbers) {
    numbers = new EntityNumbers();
    entityNumbersOf.set(dataset, numbers);
  }
  return numbers;
}

/** Two 32-bit FNV-1a variants over numbers, as windowKey hashes text. */
class WindowHash {
  private a = 0x811c9dc5;
  private b = 0x9e3779b9;

  mix(c: number): void {
    this.a = Math.imul(this.a ^ c, 16777619);
    this.b = Math.imul(this.b ^ c, 0x5bd1e995);
    this.b ^= this.b >>> 15;
  }

  /** A name at an offset from the paragraph's start, and the entity it names (its number; -1 if unresolved). */
  mixName(offset: number, entity: number): void {
    this.mix(offset & 0xffff);
    this.mix(offset >>> 16);
    this.mix(entity);
    this.mix(-2);
  }

  key(): string {
    return `${(this.a >>> 0).toString(36)}.${(this.b >>> 0).toString(36)}`;
  }
}

/** Parts cut from an analysis of the whole draft (the first analysis of a draft). */
function wholeDraftParts(prose: string, index: NameIndex, spans: readonly { start: number; end: number }[], keys: readonly string[]): Part[] {
  const tokens = wordTokens(prose);
  const runs = letterRuns(prose);
  const matches = findNameMatches(prose, index, tokens, runs);
  const figures = findFigures(prose, runs).filter((figure) => !insideName(figure, matches));
  const suggestions = nameSuggestions(prose, index, tokens, matches);
  const sentences = sentenceSpans(prose);
  const cut = <T extends { start: number }>(items: readonly T[]) => {
    let i = 0;
    return spans.map((span) => {
      const inside: T[] = [];
      while (i < items.length && items[i].start < span.start) i++; // between paragraphs: none expected
      while (i < items.length && items[i].start < span.end) inside.push(items[i++]);
      return inside;
    });
  };
  const byTokens = cut(tokens);
  const byMatches = cut(matches);
  const byFigures = cut(figures);
  const bySuggestions = cut(suggestions);
  const bySentences = cut(sentences);
  return spans.map((span, i) => ({
    start: span.start,
    end: span.end,
    key: keys[i],
    base: span.start,
    tokens: byTokens[i],
    stems: byTokens[i].map((token) => stem(token.key)),
    matches: byMatches[i],
    figures: byFigures[i],
    suggestions: bySuggestions[i],
    sentences: bySentences[i],
  }));
}

/** A paragraph analysed on its own window of text. */
function windowPart(prose: string, index: NameIndex, span: { start: number; end: number }, key: string): Part {
  const from = Math.max(0, span.start - MARGIN);
  const window = prose.slice(from, Math.min(prose.length, span.end + MARGIN));
  const tokens = wordTokens(window);
  const runs = letterRuns(window);
  const matches = findNameMatches(window, index, tokens, runs);
  const figures = findFigures(window, runs).filter((figure) => !insideName(figure, matches));
  const suggestions = nameSuggestions(window, index, tokens, matches);
  const own = <T extends { start: number }>(item: T) => item.start + from >= span.start && item.start + from < span.end;
  const delta = from;
  const ownTokens = tokens.filter(own).map((token) => shiftToken(token, delta));
  return {
    start: span.start,
    end: span.end,
    key,
    base: span.start,
    tokens: ownTokens,
    stems: ownTokens.map((token) => stem(token.key)),
    matches: matches.filter(own).map((match) => shiftMatch(match, delta)),
    figures: figures.filter(own).map((figure) => movedFigure(figure, delta)),
    suggestions: suggestions.filter(own).map((suggestion) => ({ ...suggestion, start: suggestion.start + delta, end: suggestion.end + delta })),
    sentences: sentenceSpans(window).filter(own).map((sentence) => ({ start: sentence.start + delta, end: sentence.end + delta })),
  };
}

/** A known paragraph moved to where it now stands. */
function shiftPart(part: Part, span: { start: number; end: number }, key: string): Part {
  const delta = span.start - part.start;
  if (delta === 0) return part;
  return {
    start: span.start,
    end: span.end,
    key,
    base: part.base,
    tokens: part.tokens,
    stems: part.stems,
    matches: part.matches,
    figures: part.figures,
    suggestions: part.suggestions,
    sentences: part.sentences,
    carriedAt: part.carriedAt,
    namesKey: part.namesKey,
    checkKey: part.checkKey,
    checks: part.checks?.map((check) => figureCheck(movedFigure(check.figure, delta), check.status, check.fact, check.agreeing, check.reason)),
    findings: part.findings?.map((found) => shiftFinding(found, delta)),
    findingsEol: part.findingsEol,
  };
}

// The shifts below build each object whole rather than spreading it: a keystroke before the end
// of a long draft moves every later paragraph's results, and spreads of these many-shaped objects
// were a fifth of the time of a re-analysis.

function shiftFinding(found: DraftFinding, delta: number): DraftFinding {
  const moved = { code: found.code, severity: found.severity, start: found.start + delta, end: found.end + delta, message: found.message };
  return draftFinding(moved, found.related, found.fixes.map((fix) => shiftFix(fix, delta)), found.factId);
}

function shiftFix(fix: Fix, delta: number): Fix {
  return { title: fix.title, edits: fix.edits.map((edit) => ({ start: edit.start + delta, end: edit.end + delta, newText: edit.newText })), preferred: fix.preferred };
}

function shiftToken(token: WordToken, delta: number): WordToken {
  return { key: token.key, start: token.start + delta, end: token.end + delta };
}

function shiftSuggestion(suggestion: NameSuggestion, delta: number): NameSuggestion {
  return { start: suggestion.start + delta, end: suggestion.end + delta, text: suggestion.text, entityId: suggestion.entityId };
}

function shiftSpan(span: Span, delta: number): Span {
  return { start: span.start + delta, end: span.end + delta };
}

function shiftMatch(match: NameMatch, delta: number): NameMatch {
  return { start: match.start + delta, end: match.end + delta, candidates: match.candidates, tokenCount: match.tokenCount, variant: match.variant, possessive: match.possessive };
}


/** Every finding can be switched off for its line, with a comment the writer can see and undo. */
function withDisableFix(text: string, finding: DraftFinding, eol: string): DraftFinding {
  const fix: Fix = { title: `Ignore ${finding.code} on this line`, edits: [disableNextLineEdit(text, finding.start, finding.code, eol)], preferred: false };
  return draftFinding(finding, finding.related, [...finding.fixes, fix], finding.factId);
}

/**
 * Every finding is built here, with its properties in one order and `factId` always present: a
 * draft's findings are then objects of one shape, which the sorting, shifting and converting of
 * hundreds of them on every keystroke read fast (spreads had made dozens of shapes).
 */
function draftFinding(found: Finding, related: readonly RelatedQuote[], fixes: readonly Fix[], factId?: string): DraftFinding {
  return { code: found.code, severity: found.severity, start: found.start, end: found.end, message: found.message, related, fixes, factId };
}

/** A number inside a name ("Charter 97") belongs to the name. */
function insideName(figure: Figure, mentions: readonly { readonly start: number; readonly end: number }[]): boolean {
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
    return [draftFinding(finding('figure-mismatch', figure.start, figure.end, message), relatedQuotes(dataset, fact, fact.values), replacementFixes(text, figure, fact), fact.id)];
  }
  if (check.status === 'disputed') {
    const others = fact.values.filter((value) => !check.agreeing.includes(value));
    const message = `Sources differ on ${describeFact(dataset, fact)}: the draft follows ${check.agreeing.map((v) => valueWithSources(dataset, fact, v)).join('; ')}, but ${others.map((v) => valueWithSources(dataset, fact, v)).join('; ')}.`;
    return [draftFinding(finding('figure-disputed', figure.start, figure.end, message), relatedQuotes(dataset, fact, fact.values), [], fact.id)];
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
