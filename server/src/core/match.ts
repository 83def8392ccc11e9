/**
 * Which fact is a figure about? The figure's own shape narrows the kind (an age, a duration in
 * years, a count of prisoners, a weekday); its clause and sentence supply the person and the
 * signal words. A figure is compared only when one fact is clearly meant; otherwise it stays
 * unchecked, because a false alarm costs more trust than a missed error.
 */
import { allSteps } from './steps';
import type { Dataset, Fact, FactKind, FactValue } from './dataset/model';
import { valuesWithoutQuotes } from './dataset/builtFact';
import { agrees, inUnit } from './compare';
import type { Figure } from './figures';
import { ALL_BUT_BEFORE, COPULA_AGE_END, figureWith, MONTH_NAMES } from './figures';
import { cellAt, type Cell } from './factBox';
import { resolveKin } from './kin';
import type { NameMention } from './names';
import { firstAtOrAfter, firstEndingAfter, firstHyphenatedWords, foldForMatch, isSpace, spanIndexAt, TrailingWordPattern, type Span, type WordToken } from './text';

export type CheckStatus = 'agrees' | 'disputed' | 'mismatch' | 'unchecked';

export interface FigureCheck {
  readonly figure: Figure;
  readonly status: CheckStatus;
  /** The fact the figure was matched to (for agrees, disputed and mismatch). */
  readonly fact?: Fact;
  /** The sourced values the figure agrees with. */
  readonly agreeing: readonly FactValue[];
  /** Why a figure was left unchecked, for the hover. */
  readonly reason?: string;
}

/** Every check is built here, with all its properties in one order: one shape for the many read on every keystroke. */
export function figureCheck(figure: Figure, status: CheckStatus, fact: Fact | undefined, agreeing: readonly FactValue[], reason?: string): FigureCheck {
  return { figure, status, fact, agreeing, reason };
}

export interface DraftContext {
  readonly prose: string;
  readonly dataset: Dataset;
  readonly sentences: readonly Span[];
  readonly tokens: readonly WordToken[];
  readonly mentions: readonly NameMention[];
  readonly figures: readonly Figure[];
}

/** The draft context with each token's stem worked out once. */
interface Context extends DraftContext {
  readonly stems: readonly string[];
  /** The names inside each sentence (see mentionsIn); filled as needed. */
  readonly sentenceMentions: Map<Span, readonly NameMention[]>;
  /** The token range of each sentence (see tokenRange); filled as needed. */
  readonly tokenRanges: Map<Span, TokenRange>;
  /** Where the clause breaks of each sentence end (see breakEnds); filled as needed. */
  readonly breakEnds: Map<Span, readonly number[]>;
  /** Clause breaks that do not count on a line, by the line's start; filled as needed. */
  readonly freeBreaks: Map<number, number>;
  /** The clause around an offset, by the offset (with the sentence it was read in); filled as needed. */
  readonly clauses: Map<number, { readonly sentence: Span; readonly clause: Span }>;
}

/** Words that may follow a bare number without naming what it counts ("123 were freed"). */
const BARE_FOLLOWERS = new Set([
  'of', 'were', 'was', 'are', 'is', 'have', 'had', 'has', 'remain', 'remained', 'remains', 'who', 'which', 'that', 'in',
  'to', 'from', 'and', 'or', 'more', 'freed', 'released', 'still', 'will', 'would', 'now', 'at', 'on', 'for', 'with',
  'by', 'among', 'all', 'out', 'left', 'behind', 'being', 'been', 'be', 'since', 'so', 'last', 'this', 'according', 'after',
  'before', 'until', 'as', 'now', 'then', 'there', 'here', 'went', 'go', 'got', 'crossed', 'arrived', 'stayed', 'returned',
]);
const PRONOUNS = /\b(?:he|she|his|her|him|hers)\b/i;
const STARTS_WITH_PRONOUN = /^\W*(he|she)\b/i;
const CLAUSE_BREAK = /(?<!\d)[,\u2013]|[,\u2013](?!\d)|[;:()\u2014]|\s-\s/g;
const CLAUSE_BREAK_ONE = /(?<!\d)[,\u2013]|[,\u2013](?!\d)|[;:()\u2014]|\s-\s/;
const TEMPORAL_PREPOSITIONS = new Set(['in', 'since', 'until', 'till', 'by', 'before', 'after', 'during', 'from', 'of']);
/** Words that put a figure on another occasion than the one the facts are about. */
const OTHER_OCCASION = /\b(?:again|previous|previously|earlier|next|later|upcoming|last (?:year|month|week)|first \p{L}+ed|at the (?:time|moment) of (?:his|her|their|the) (?:arrest|detention|trial|conviction|sentencing)|when (?:he|she|they) (?:was|were) (?:arrested|detained|jailed|sentenced|tried))\b/iu;
const NAMES_AN_OCCASION = /^\s+(?:presidential\s+|parliamentary\s+|mass\s+)?(?:election|elections|vote|protests?|race|campaign|uprising|crackdown|release|amnesty|pardon)\b/i;
const REPORTED_ON = /\b(?:said|says|told|announced|wrote|added|reported|confirmed|stated)\s+(?:\w+\s+)?(?:on|late on|early on)?\s*$/i;
/** A sentence that opens on an earlier episode ("He has been jailed before: …", "Earlier releases this year: …") is about it throughout. */
const EARLIER_EPISODE = /\bbefore\s*:|^[\s\d.*#>-]*(?:earlier|previous|past|prior)\s+[\p{L}\s]{0,40}:/iu;
/** "a day after their release": a signal after these words names the event the figure is measured from. */
const RELATIONAL = new Set(['after', 'before', 'since', 'until']);
/** Ratios ("for every prisoner freed, ten remain") are not counts of anything; "1,500 in 2023" is no ratio. */
const RATIO = /\b(?:for every|for each|per|out of every|in every|(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten) (?:in|out of) (?:(?!(?:1[89]|20)\d\d\b)\d+|ten|a hundred))\b/i;
const MONTH_WORD = /\b(January|February|March|April|June|July|August|September|October|November|December)\b/g;

/** Token distance added for each clause boundary between a signal and the figure. */
const CLAUSE_PENALTY = 4;
/** Token distance added for a signal that other facts of the same kind share. */
const SHARED_SIGNAL_PENALTY = 3;
/** Token distance added for a signal after a year or date: "detained in 2021", not "2021, while detained". */
const AFTER_PENALTY = 3;
/** Evidence further than this (after penalties) says nothing about the figure. */
const MAX_DISTANCE = 12;
const MAX_TIME_DISTANCE = 10;
/** Token distance added for a duration stated in another unit than its fact's. */
const OTHER_UNIT_PENALTY = 2;
// Years are left out: a prison term is never measured against weeks or months before a vote.
const UNIT_ORDER = ['minute', 'hour', 'day', 'week', 'month'];

/**
 * A duration may be compared across neighbouring units only ("two weeks" for "a month",
 * "48 hours" for "two days"): a figure in years is never about a fact counted in days or months,
 * which keeps a prison term apart from days in detention or weeks before a vote.
 */
function neighbouringUnits(a: string, b: string): boolean {
  if (a === b) return true;
  const distance = Math.abs(UNIT_ORDER.indexOf(a) - UNIT_ORDER.indexOf(b));
  return UNIT_ORDER.includes(a) && UNIT_ORDER.includes(b) && distance <= 1;
}
/** Distance credited to a counted noun that only one fact counts ("seven Ukrainian citizens"). */
const DISTINCT_NOUN_DISTANCE = 2;
/** Tokens by which the nearest fact must beat the next before a disagreement is reported. */
const CLEAR_MARGIN = 3;

/**
 * Checks the figures (or only those in `only`, in order: the analysis reuses the checks of
 * paragraphs it has seen). `stems` may give each token's stem, worked out before.
 */
export function checkFigures(draft: DraftContext, only?: ReadonlySet<Figure>, stems?: readonly string[]): FigureCheck[] {
  const mentions = resolveKin(draft.prose, draft.mentions, draft.dataset);
  // Every property named, in one order (no spread of the draft): the checks read the context
  // everywhere, and a context of another shape threw their compiled code away.
  const context: Context = {
    prose: draft.prose,
    dataset: draft.dataset,
    sentences: draft.sentences,
    tokens: draft.tokens,
    mentions,
    figures: draft.figures,
    stems: stems ?? draft.tokens.map((token) => stem(token.key)),
    sentenceMentions: new Map(),
    tokenRanges: new Map(),
    breakEnds: new Map(),
    freeBreaks: new Map(),
    clauses: new Map(),
  };
  const signals = factIndex(context.dataset);
  forgetFigures();
  const noneExcluded = new Set<Fact>();
  const topics = new SentenceTopics(context);
  const figures = only ? context.figures.filter((figure) => only.has(figure)) : context.figures;
  return figures.map((figure) => checkFigure(context, signals, topics, figure, noneExcluded));
}

/**
 * The person each sentence is about, for resolving pronouns: a sentence that names people is
 * about the first of them ("Bialiatski's supporters say …" is about Bialiatski); one that opens with "she" or "he" continues the previous
 * sentence's person when the pronoun fits; a sentence that names nobody keeps the topic.
 *
 * Worked out only for the sentences asked about, and for as few sentences before them as
 * decide it (back to one that names a person without opening with a pronoun): re-analysis
 * checks the figures of a few paragraphs, and reading every sentence of the draft for them
 * would cost as much as the checks.
 */
/** The pronoun a sentence opens with, else the first person it names. */
interface SentenceOpening {
  readonly pronoun?: string;
  readonly first?: NameMention;
}

class SentenceTopics {
  // Sized for every sentence at the start: they are filled at whatever sentences figures stand in.
  private readonly known: (string | undefined)[];
  private readonly done: Uint8Array;
  private readonly openings: (SentenceOpening | undefined)[];
  constructor(private readonly context: Context) {
    this.known = new Array<string | undefined>(context.sentences.length).fill(undefined);
    this.done = new Uint8Array(context.sentences.length);
    this.openings = new Array<SentenceOpening | undefined>(context.sentences.length).fill(undefined);
  }

  /** The topic of sentence i (undefined before the first sentence or when none is known). */
  at(i: number): string | undefined {
    if (i < 0 || i >= this.context.sentences.length) return undefined;
    if (this.done[i]) return this.known[i];
    // Back to the nearest sentence whose topic is known or decided by itself alone.
    let from = i;
    let topic: string | undefined;
    for (; from >= 0; from--) {
      if (this.done[from]) {
        topic = this.known[from];
        from++;
        break;
      }
      const { pronoun, first } = this.read(from);
      if (!pronoun && first) break;
    }
    if (from < 0) from = 0;
    for (let k = from; k <= i; k++) {
      const { pronoun, first } = this.read(k);
      if (pronoun) {
        topic = topic && pronounFits(this.context.dataset, topic, pronoun) ? topic : lastPersonBefore(this.context, this.context.sentences[k].start, pronoun);
      } else if (first) {
        topic = first.entityId;
      }
      this.known[k] = topic;
      this.done[k] = 1;
    }
    return topic;
  }

  /** What decides a sentence's topic, read once (at() reads sentences on its way back and again on its way forward). */
  private read(i: number): SentenceOpening {
    let opening = this.openings[i];
    if (opening === undefined) {
      const { prose, sentences, mentions, dataset } = this.context;
      const sentence = sentences[i];
      const pronoun = STARTS_WITH_PRONOUN.exec(prose.slice(sentence.start, sentence.end))?.[1].toLowerCase();
      const first = pronoun ? undefined : within(mentions, sentence).find((m) => m.entityId && isPerson(dataset, m.entityId));
      this.openings[i] = opening = { pronoun, first };
    }
    return opening;
  }
}

/**
 * What the checks of the figures after each offset (sorted) take from the text before it: the
 * people named before it, in order, and the sentences that open with he/she — all that topics
 * and pronouns carry across a paragraph break (see sentenceTopics, lastPersonBefore). Given a
 * paragraph's own text and resolved names, equal states mean equal checks: the analysis keys
 * the checks it reuses on them (see carriedKey). A hash: two 32-bit FNV-1a variants.
 *
 * With `from`, the reading resumes at a paragraph start whose state is known, instead of at the
 * start of the draft: only the sentences and names after it are read. The offsets must be
 * paragraph starts (no sentence or name spans one).
 */
export function carriedStates(draft: DraftContext, offsets: readonly number[], from?: { readonly offset: number; readonly state: CarriedState }): CarriedState[] {
  let a = from ? from.state.a : 0x811c9dc5;
  let b = from ? from.state.b : 0x01000193;
  const mix = (text: string) => {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      a = Math.imul(a ^ c, 16777619);
      b = Math.imul(b ^ c, 2246822519) ^ (b >>> 13);
    }
  };
  const states: CarriedState[] = [];
  const { mentions, sentences, prose, dataset } = draft;
  // At a paragraph start everything before it has been read: every sentence that starts before it, every name that ends before it.
  let m = from ? firstEndingAfter(mentions, from.offset) : 0;
  let s = from ? firstAtOrAfter(sentences, from.offset) : 0;
  // The sentence being read, and whether its start is still to be marked: a sentence counts only
  // when it opens with a pronoun or names a person, so that adding a plain sentence changes nothing.
  // (At a paragraph start the sentence before belongs to the paragraph before, and the next name
  // comes after the paragraph's first sentence starts, so `current` need not be carried over.)
  let current: Span | undefined;
  let unmarked = from ? from.state.unmarked : false;
  for (const offset of offsets) {
    while (true) {
      const sentence = sentences[s];
      const mention = mentions[m];
      if (sentence && sentence.start < offset && (!mention || sentence.start <= mention.start)) {
        const pronoun = STARTS_WITH_PRONOUN.exec(prose.slice(sentence.start, sentence.end))?.[1].toLowerCase();
        current = sentence;
        unmarked = pronoun === undefined;
        // Pieces mixed one after another hash as their concatenation would, without building it.
        if (pronoun) {
          mix('|S');
          mix(pronoun);
        }
        s++;
      } else if (mention && mention.end <= offset) {
        if (mention.candidates.some((id) => isPerson(dataset, id))) {
          const inside = current !== undefined && mention.start >= current.start && mention.end <= current.end;
          if (unmarked && inside) {
            // What subjectlessReferent reads of a sentence: does it open on a participle, or on this name?
            mix('|S');
            if (OPENS_ON_PARTICIPLE.test(prose.slice(current!.start, current!.end))) mix('e');
            if (opensSentence(prose, current!, mention)) mix('^');
          }
          if (inside) unmarked = false;
          mix(inside ? '|M' : '|M~');
          mix(mention.entityId ?? '?');
          if (mention.possessive) mix("'");
        }
        m++;
      } else {
        break;
      }
    }
    states.push({ a, b, unmarked });
  }
  return states;
}

/** The state of the reading of the text before a paragraph (see carriedStates). */
export interface CarriedState {
  readonly a: number;
  readonly b: number;
  readonly unmarked: boolean;
}

export function sameCarriedState(x: CarriedState, y: CarriedState): boolean {
  return x.a === y.a && x.b === y.b && x.unmarked === y.unmarked;
}

/** A carried state as a key (`unmarked` is left out: the next paragraph's first sentence sets it before any name is read). */
export function carriedKey(state: CarriedState): string {
  return `${(state.a >>> 0).toString(36)}.${(state.b >>> 0).toString(36)}`;
}

function pronounFits(dataset: Dataset, entityId: string, pronoun: string): boolean {
  const wanted = ['he', 'his', 'him'].includes(pronoun) ? 'he' : 'she';
  const declared = dataset.entities.get(entityId)?.pronoun;
  return declared === undefined || declared === wanted || declared === 'they';
}

function lastPersonBefore(context: Context, offset: number, pronoun: string): string | undefined {
  const fits = (m: NameMention) => m.end <= offset && m.entityId !== undefined && isPerson(context.dataset, m.entityId) && pronounFits(context.dataset, m.entityId, pronoun);
  let fallback: string | undefined;
  for (let i = firstAtOrAfter(context.mentions, offset) - 1; i >= 0; i--) {
    const m = context.mentions[i];
    if (!fits(m)) continue;
    if (!m.possessive) return m.entityId;
    fallback ??= m.entityId;
  }
  return fallback;
}

interface Candidate {
  readonly fact: Fact;
  /** Token distance from the figure to the nearest signal of the fact, or to its entity. */
  readonly distance: number;
  /** Is the fact about a person? Then that person must be the figure's subject to be compared. */
  readonly person: boolean;
  /** Is the fact about the figure's subject? */
  readonly subject: boolean;
  /** May the figure be compared with it only to agree (an organisation's year, the organisation not named)? */
  readonly unsure?: boolean;
}

function checkFigure(context: Context, signals: FactIndex, topics: SentenceTopics, figure: Figure, excluded: ReadonlySet<Fact>, restated = false): FigureCheck {
  const sentenceIndex = spanIndexAt(context.sentences, figure.start);
  if (sentenceIndex === -1) return unchecked(figure, 'The figure is not in a sentence.');
  const sentence = context.sentences[sentenceIndex];
  if (figure.type === 'number' && RATIO.test(context.prose.slice(sentence.start, sentence.end))) return unchecked(figure, 'The figure is part of a ratio.');
  if (figure.allBut && figure.complementOf === undefined) {
    // "the remaining 9 of the 123 were taken to Vilnius" says something of the 9 themselves first.
    if (!ALL_BUT_BEFORE.test(context.prose.slice(Math.max(0, figure.start - 10), figure.start))) {
      const direct = checkFigure(context, signals, topics, figureWith(figure, { allBut: false }), excluded, true);
      if (direct.status !== 'unchecked') return { ...direct, figure };
    }
    return checkComplement(context, signals, topics, sentence, figure);
  }
  if (!restated && figure.value !== undefined && isPersonAndOthers(context, figure)) {
    const check = checkFigure(context, signals, topics, figure, excluded, true);
    if (check.status !== 'unchecked') return check;
    // "Bialiatski and eight others" are nine: such a figure is taken to agree with a count of the
    // whole group, never reported against it (a fix would have to write the count less one).
    const whole = checkFigure(context, signals, topics, figureWith(figure, { value: figure.value + 1, following: [] }), excluded, true);
    return whole.status === 'agrees' || whole.status === 'disputed' ? { ...whole, figure } : check;
  }
  if (!restated && figure.value !== undefined && isWithOthers(context, figure)) {
    // "freed with 122 other prisoners" are 123, the same way; only a fact that counts the others
    // themselves may disagree with it.
    const whole = checkFigure(context, signals, topics, figureWith(figure, { value: figure.value + 1 }), excluded, true);
    if (whole.status === 'agrees' || whole.status === 'disputed') return { ...whole, figure };
    const check = checkFigure(context, signals, topics, figure, excluded, true);
    return check.fact && countsOnlyOthers(check.fact) ? check : unchecked(figure, 'The figure counts others beside someone; the sources count the whole group.');
  }
  const aside = asideReason(context, figure);
  if (aside) return unchecked(figure, aside);
  if (!restated && ANAPHOR_BEFORE.test(context.prose.slice(Math.max(0, figure.start - 40), figure.start))) {
    const referred = anaphorCheck(context, signals, topics, sentenceIndex, figure, excluded);
    if (referred) return referred;
  }
  if (isGroupTotal(context, figure)) return groupTotalCheck(context, signals, sentence, figure);
  const cell = cellAt(context.prose, figure.numberStart);
  const kinds = candidateKinds(context, figure, cell);
  const subjects = subjectsOf(context, sentence, figure, topics.at(sentenceIndex - 1), cell);
  const pool = candidatePool(context, signals, sentence, figure, subjects, kinds);
  const offset = isOffset(context, figure);
  const groupStems = groupStemsOfPart(context, sentence, figure);
  const compatible = pool.filter((fact) => !excluded.has(fact) && !isGroupFact(fact, groupStems)
    && (offset ? isInterval(signals, fact) && (fitsShape(fact, figure) || isYearForMonths(fact, figure)) && namesEvent(context, signals, sentence, fact) : fitsShape(fact, figure)));
  if (compatible.length === 0) return unchecked(figure, 'No fact of this kind and unit is about the people or words of this sentence.');
  const timely = compatible.filter((fact) => !otherTime(context, sentence, figure, fact));
  if (timely.length === 0) return unchecked(figure, 'The figure is about another time or occasion than the facts of this kind.');

  const relevant = withoutLaterPeople(context, sentence, figure, subjects,
    relevantCandidates(context, signals, sharedAmong(signals, timely), sentence, figure, timely, subjects, cell));
  if (relevant.length === 0) return unchecked(figure, 'No fact of this kind is clearly about this sentence.');
  const check = verdict(figure, relevant, subjects);
  if (check.status === 'mismatch' && relevant.some((candidate) => candidate.fact === check.fact && candidate.unsure)) {
    return unchecked(figure, 'The year may be an organisation\'s that the sentence does not name.');
  }
  if (check.status === 'mismatch' && !subjects.certain && othersInClause(context, sentence, figure, check.fact!.about)) {
    return unchecked(figure, 'The figure\'s own clause names someone else than the person it would be compared with.');
  }
  if (check.status === 'mismatch' && subjectHasOwnFact(subjects, timely, relevant, check.fact!)) {
    return unchecked(figure, `More than one fact could be meant: ${check.fact!.id}, or a fact about a person of the sentence.`);
  }
  // "the 2010 presidential election" names which election it means: it may be another one.
  // A year one off is more likely a slip ("the 2021 protests") than another occasion.
  const yearsApart = () => Math.min(...(check.fact?.values ?? []).map((value) => Math.abs(Number(value.value) - (figure.value ?? 0))));
  if (check.status === 'mismatch' && figure.type === 'year' && yearsApart() > 1 && NAMES_AN_OCCASION.test(context.prose.slice(figure.end, figure.end + 30))) {
    return unchecked(figure, 'The year names which occasion is meant, which may be another one than the dataset\'s.');
  }
  return check;
}

/**
 * "Babaryka was jailed for a decade and Bialiatski for ten years": once the figure's subject is
 * a person and certain, a person the sentence names only after the figure is the subject of what
 * follows, not of this figure — even when the subject has no fact that fits (the figure is then
 * left unchecked rather than set against someone else's fact).
 */
function withoutLaterPeople(context: Context, sentence: Span, figure: Figure, subjects: Subjects, candidates: Candidate[]): Candidate[] {
  const main = subjects.main;
  if (!subjects.certain || main === undefined || !isPerson(context.dataset, main)) return candidates;
  const namedBefore = new Set(mentionsIn(context, sentence).filter((m) => m.start < figure.start && m.entityId).map((m) => m.entityId!));
  return candidates.filter((candidate) => !candidate.person || candidate.fact.about === main || namedBefore.has(candidate.fact.about));
}

/**
 * Compare with the one fact clearly meant. Where the subject was only inferred from the
 * sentence, a figure that agrees with a fact about another person of the sentence, standing
 * as close, is taken to be about that person instead.
 */
function verdict(figure: Figure, relevant: readonly Candidate[], subjects: Subjects): FigureCheck {
  const agreeing = (candidate: Candidate) => candidate.fact.values.some((value) => agrees(figure, value, candidate.fact));
  const target = clearTarget(relevant.filter((candidate) => candidate.subject || !candidate.person));
  if (target && agreeing(target)) return agreement(figure, target.fact);
  const alternatives = relevant.filter(
    (candidate) => agreeing(candidate) && (!target || (candidate.person && !subjects.certain && candidate.distance <= target.distance && (subjects.near?.includes(candidate.fact.about) ?? true))),
  );
  if (alternatives.length > 0) return agreement(figure, firstRanked(alternatives)!.fact);
  if (!target) return unchecked(figure, `More than one fact could be meant: ${[...new Set(relevant.map((c) => c.fact.id))].join(', ')}.`);
  return figureCheck(figure, 'mismatch', target.fact, []);
}

/**
 * "She was serving 11 years; the 14-year term was Babaryka's": the subject was inferred from
 * another clause, and the figure's own clause goes on to name another person (even one whose
 * surname is shared and so not settled) — the figure may well be theirs.
 */
function othersInClause(context: Context, sentence: Span, figure: Figure, subject: string): boolean {
  if (!isPerson(context.dataset, subject)) return false;
  const clause = clauseAround(context, sentence, figure.start);
  const { mentions } = context;
  for (let i = firstAtOrAfter(mentions, figure.end); i < mentions.length && mentions[i].start < clause.end; i++) {
    const mention = mentions[i];
    if (mention.end <= clause.end && mention.candidates.some((id) => isPerson(context.dataset, id)) && !mention.candidates.includes(subject)) return true;
  }
  return false;
}

/**
 * "Znak had been given ten years in 2021 for his part in the Babaryka campaign": the year may be
 * Znak's own (his sentencing), which no word here signals, or the campaign's, whose signal stands
 * far off in a later phrase. While one of the sentence's people has a fact of the figure's kind,
 * a disagreement with a fact about anything else is reported only on close evidence ("shared
 * the Nobel Peace Prize in 2021").
 */
function subjectHasOwnFact(subjects: Subjects, timely: readonly Fact[], relevant: readonly Candidate[], reported: Fact): boolean {
  if (subjects.all.includes(reported.about)) return false;
  const distance = relevant.find((candidate) => candidate.fact === reported)?.distance ?? Infinity;
  if (distance <= CLEAR_MARGIN) return false;
  return timely.some((fact) => fact !== reported && fact.kind === reported.kind && subjects.all.includes(fact.about));
}

/**
 * Figures that are not claims about a fact: "one of the four", "a thousand people" (rhetoric),
 * the end of a span of years ("2021–2025"), the age of someone the dataset does not know
 * ("Statkevich, 69,").
 */
function asideReason(context: Context, figure: Figure): string | undefined {
  const before = context.prose.slice(Math.max(0, figure.start - 16), figure.start);
  if (ONE_OF_BEFORE.test(before)) return 'The figure counts a group that "one of" picks from.';
  if (figure.form === 'words' && figure.bound !== 'range' && figure.complementOf === undefined && /^an?\s/i.test(context.prose.slice(figure.numberStart, figure.numberEnd)) && figure.value !== undefined && figure.value >= 100) return 'A round "a hundred" or "a thousand" is rhetoric, not a count.';
  if (figure.type === 'year' && /\d{4}\s?[\u2013\u2014-]\s?$/.test(before)) return 'The figure ends a span of years.';
  // "five and a half years of his 14-year term": a part of the term, not the term.
  if (figure.unit && /^\s+of\s+(?:his|her|their|the|a|an)\s+(?:[\p{L}-]+\s+)?(?:\d+|[\p{L}]+)[-\s](?:year|month|week|day)s?\b/iu.test(context.prose.slice(figure.end, figure.end + 40))) return 'The figure is a part of a period the sentence states next.';
  // "until 2022, Belaruskali shipped …": the year a state of things ended, which no fact records.
  if (figure.type === 'year' && UNTIL_BEFORE.test(before)) return 'The year ends a period of time.';
  // "he had served nearly three years from 2011": the draft dates the period itself; it may be another one.
  if (figure.unit && /^\s+(?:from|starting in|beginning in)\s+\d{4}\b/i.test(context.prose.slice(figure.end, figure.end + 20))) return 'The figure is a period the draft dates itself, which may be another one than the sources\' period.';
  // "the prosecution wanted 15 years; the court gave him 14": a term asked for is not the term handed down.
  const clauseBefore = context.prose.slice(clauseStartBefore(context.prose, figure.start), figure.start);
  if (isTermAskedFor(figure, clauseBefore)) return 'The figure is a term someone asked for, not one handed down.';
  if (isRetracted(clauseBefore)) return 'The figure is an earlier, corrected statement that the draft quotes.';
  if (figure.type === 'number' && countsExcluded(context.prose.slice(figure.end, figure.end + 80))) return 'The figure counts the part of a group that something did not happen to.';
  // The comma after the figure first: it is read from three characters, the name before from the whole window.
  if (figure.type === 'number' && !figure.unit && /^\s*,/.test(context.prose.slice(figure.end, figure.end + 3)) && /\p{Lu}[\p{L}'’-]+,\s*$/u.test(before) && !personEndingAt(context, figure.start)) {
    return 'The figure looks like the age of someone the dataset does not know.';
  }
  return undefined;
}

/**
 * A correction quotes the error it corrects: "We said the prisoners were released on Thursday",
 * "A caption said Babaryka was detained two weeks before …", "more than 1,200, not 12,000 as a
 * chart label said". Those figures are not the draft's claims. (A source's words — "Viasna said
 * 1,100" — are claims and stay checked: only the publication's own earlier words count here.)
 */
/** `clauseBefore`: the figure's clause up to the figure. */
function isRetracted(clauseBefore: string): boolean {
  return OWN_EARLIER_WORDS.test(clauseBefore) || NOT_BEFORE.test(clauseBefore);
}

const ONE_OF_BEFORE = new TrailingWordPattern(/\bone of (?:the|those|these|its|their)\s+$/i, ['the', 'those', 'these', 'its', 'their']);
const UNTIL_BEFORE = new TrailingWordPattern(/\b(?:until|till|up to|up until|through)\s+$/i, ['until', 'till', 'to', 'through']);
const NOT_BEFORE = new TrailingWordPattern(/\bnot\s+$/i, ['not']);

const OWN_EARLIER_WORDS = /\b(?:we|our (?:story|article|report|headline|caption|graphic|chart|post|piece|newsletter|broadcast)|(?:an?|the) (?:earlier |previous |first )?(?:version|post|story|report|headline|caption|chart(?: label)?|graphic|tweet|bulletin)(?: of this (?:story|article))?)\s+(?:also\s+|wrongly\s+|incorrectly\s+|mistakenly\s+)?(?:said|wrote|reported|stated|gave|put|had|misstated|listed|claimed|called|showed)\b/i;

/** "the nine freed prisoners who were not sent to Ukraine": a group defined by exclusion is a part, not the whole. */
const EXCLUDING_RELATIVE = /^(?:\s+[\p{L}'’-]+){0,4}\s+(?:who|that)\s+(?:(?:were|was|had|have|did|are|is)(?:\s+not|n['’]t)|never)\b/u;

/** Does the text after a figure define the group by exclusion? The pattern only where "who" or "that" stands: it tries every word count. */
function countsExcluded(after: string): boolean {
  return (after.includes('who') || after.includes('that')) && EXCLUDING_RELATIVE.test(after);
}

/** "Bialiatski and eight others": a count of others beside a named person. */
function isPersonAndOthers(context: Context, figure: Figure): boolean {
  if (figure.type !== 'number' || figure.following[0] !== 'others') return false;
  const and = /\s+and\s+$/.exec(context.prose.slice(Math.max(0, figure.start - 8), figure.start));
  if (!and) return false;
  const mention = context.mentions[firstAtOrAfter(context.mentions, figure.start) - 1];
  return mention !== undefined && mention.end === figure.start - and[0].length && mention.candidates.some((id) => isPerson(context.dataset, id));
}

/** "freed with 122 other prisoners", "along with 113 others": the count leaves out the one it goes with. */
function isWithOthers(context: Context, figure: Figure): boolean {
  return figure.type === 'number' && (figure.following[0] === 'other' || figure.following[0] === 'others') && figure.preceding[figure.preceding.length - 1] === 'with';
}

function countsOnlyOthers(fact: Fact): boolean {
  return fact.counts.length > 0 && fact.counts.every((noun) => noun === 'others');
}

/**
 * "the prosecution wanted 15 years": a term asked for. "Prosecutors sought twelve years, and the
 * court handed down nine": a verb of handing down after the request gives the figure its own
 * meaning. (A bare "nine" takes its unit from the figure before it, so the unit is not required.)
 */
function isTermAskedFor(figure: Figure, before: string): boolean {
  if (!figure.unit) return false;
  // Where the last request in the clause ends, if there is one.
  let afterRequest = -1;
  REQUESTED.lastIndex = 0;
  while (REQUESTED.exec(before)) afterRequest = REQUESTED.lastIndex;
  return afterRequest !== -1 && !HANDED_DOWN.test(before.slice(afterRequest));
}

const HANDED_DOWN = /\b(?:handed (?:down|him|her|them)|gave|given|imposed|sentenced|jailed|got|received)\b/i;

const REQUESTED = /\b(?:asked for|asking for|asks for|sought|seeking|seeks|wanted|wants|demanded|demanding|requested|requesting|called for|calling for)\b/gi;

/** Where the clause of an offset starts (after the last clause break, within 200 characters). */
function clauseStartBefore(prose: string, offset: number): number {
  const from = Math.max(0, offset - 200);
  // A line break is a break only where a new block starts (a blank line, a list item, a heading,
  // a table row): a paragraph wrapped over lines is one run of prose.
  // Read back from the figure: the last break before it is the one wanted, and it is mostly near.
  // (What follows a line break is read in the text up to 8 characters past the figure, as a
  // regex over that text would read it, its end there included.)
  const text = prose.slice(from, offset + 8);
  for (let i = offset - from - 1; i >= 0; i--) {
    const unit = text.charCodeAt(i);
    if (CLAUSE_END_UNITS.includes(unit)) return from + i + 1;
    if (unit === 0x0a) {
      NEW_BLOCK_AHEAD.lastIndex = i + 1;
      if (NEW_BLOCK_AHEAD.test(text)) return from + i + 1;
    }
  }
  return from;
}

/** What ends a clause: . ! ? ; : and an em dash, and a line break that starts a new block (NEW_BLOCK_AHEAD after it). */
const CLAUSE_END_UNITS: readonly number[] = [...'.!?;:\u2014'].map((character) => character.charCodeAt(0));
const NEW_BLOCK_AHEAD = /[ \t]*(?:[-*+>#|]|\d+[.)][ \t]|\n|$)/y;

/**
 * "114 of the 130 prisoners released on Saturday": the words that describe the group ("released")
 * point at the group's fact, never at the part's. The stems of those words; empty unless the
 * figure is such a part. (Stems, not the facts they index: a common word indexes thousands of
 * facts, and only the few in a figure's pool are ever asked about; see isGroupFact.)
 */
function groupStemsOfPart(context: Context, sentence: Span, figure: Figure): ReadonlySet<string> {
  if (figure.following[0] !== 'of') return NO_STEMS;
  const whole = context.figures[firstAtOrAfter(context.figures, figure.end)];
  if (!whole || whole.type !== 'number' || !PART_OF.test(context.prose.slice(figure.end, whole.start))) return NO_STEMS;
  const end = groupNounEnd(context.prose, whole.end, sentence.end);
  const stems = new Set<string>();
  for (let i = firstAtOrAfter(context.tokens, whole.end); i < context.tokens.length && context.tokens[i].start < end; i++) stems.add(context.stems[i]);
  return stems;
}

const NO_STEMS: ReadonlySet<string> = new Set();

/** Is the fact one the group's words describe: a count with a signal word among them (as the fact index files it, by first stem)? */
function isGroupFact(fact: Fact, groupStems: ReadonlySet<string>): boolean {
  return groupStems.size > 0 && fact.kind === 'count' && fact.signals.some((signal) => groupStems.has(firstStem(signal)));
}

/** "114 of the 123": the second number is the whole group the first is part of. */
function isGroupTotal(context: Context, figure: Figure): boolean {
  const last = figure.preceding[figure.preceding.length - 1] ?? '';
  if (last !== 'of' && !PARTITIVE_DETERMINERS.has(last)) return false;
  // "nearly all of the 123", "most of the 123": the part is a word, the number is the whole.
  if (/\b(?:all|most|many|some|several|few|none|each|majority|rest|bulk)\s+of\s+(?:the|those|these|all)\s+$/i.test(context.prose.slice(Math.max(0, figure.start - 30), figure.start))) return true;
  // The part is a figure too, in digits or words ("114 of the 123", "seven of the 123", "114 of 123").
  const part = context.figures[firstAtOrAfter(context.figures, figure.start) - 1];
  if (part === undefined) return false;
  const between = context.prose.slice(part.end, figure.start);
  const determiner = /^\s+of\s+(\p{L}+)\s+$/u.exec(between);
  return determiner ? PARTITIVE_DETERMINERS.has(determiner[1].toLowerCase()) : /^\s+of\s+$/.test(between);
}

/**
 * A group total is compared only with a count named right after it ("of the 132 freed
 * prisoners"); the rest of the sentence is about the part, not the whole.
 */
function groupTotalCheck(context: Context, signals: FactIndex, sentence: Span, figure: Figure): FigureCheck {
  const near = candidatePool(context, signals, sentence, figure, { certain: true, all: NOBODY }, COUNTS, true)
    .filter((fact) => fitsShape(fact, figure) && !otherTime(context, sentence, figure, fact))
    .map((fact) => ({ fact, distance: signalDistance(context, signals, signals.shared, { start: figure.start, end: groupNounEnd(context.prose, figure.end, sentence.end) }, figure, fact), person: false, subject: false }))
    .filter((candidate) => candidate.distance <= 2);
  if (near.length === 0) return unchecked(figure, 'The figure is the size of a group that the sentence does not name.');
  return verdict(figure, near, { certain: true, all: NOBODY });
}

/**
 * Where the noun of a group ends: "the 123 freed prisoners| were driven into Ukraine". What the
 * sentence says next is said of the part, not of the group, so it cannot name the group.
 */
function groupNounEnd(prose: string, from: number, limit: number): number {
  const rest = prose.slice(from, Math.min(limit, from + 40));
  const predicate = /\b(?:were|was|are|is|went|had|have|has|got|will|would|remain(?:ed|s)?|crossed|left|arrived|stayed|ended)\b|[,;:.()\u2014]/i.exec(rest);
  return from + (predicate ? predicate.index : rest.length);
}

/**
 * "all but 19 of the freed prisoners": the group is the count the words after "of the" point
 * at (123 freed), and the figure stands for the rest of it (123 − 19 = 104), which is then
 * checked like any other figure of the sentence.
 */
function checkComplement(context: Context, signals: FactIndex, topics: SentenceTopics, sentence: Span, figure: Figure): FigureCheck {
  const [of, determiner, ...group] = figure.following.map(stem);
  const named = of === 'of' && PARTITIVE_DETERMINERS.has(determiner ?? '') ? group : [];
  const signalled = new Set(named.flatMap((word) => {
    const facts = signals.bySignal.get(word) ?? [];
    return facts.length <= COMMON_WORD_FACTS ? facts : [];
  }));
  const groups = [...signalled].filter(
    (fact) => fact.kind === 'count' && fact.values.length === 1 && fact.values[0].bound === 'exact' && !otherTime(context, sentence, figure, fact)
      && (signals.stems.get(fact) ?? []).some((phrase) => phrase.length === 1 && named.includes(phrase[0])),
  );
  // "the remaining 19 of the 123": the group's size is written out.
  const written = /^\s+of\s+(?:the|those)\s+(\d{1,3}(?:,\d{3})*|\d+)\b/i.exec(context.prose.slice(figure.end, figure.end + 24));
  if (written) groups.push(...(signals.countsByValue.get(Number(written[1].replace(/,/g, ''))) ?? []));
  const totals = new Set(written ? [Number(written[1].replace(/,/g, ''))] : groups.map((fact) => fact.values[0].value));
  if (totals.size !== 1 || figure.value === undefined) return unchecked(figure, 'The figure is stated as "all but" a group that the sentence does not name.');
  const total = Number([...totals][0]);
  // After a written group ("of the 123, Bialiatski among them, …") the words are no longer the figure's noun.
  const following = written && !/^\s*\p{L}/u.test(context.prose.slice(figure.end + written[0].length)) ? [] : figure.following.slice(2);
  const rest = figureWith(figure, { value: total - figure.value, complementOf: total, following });
  const check = checkFigure(context, signals, topics, rest, new Set(groups));
  return figureCheck(figureWith(figure, { complementOf: total }), check.status, check.fact, check.agreeing, check.reason);
}

/** "put it at 1.9K", "gave the figure as 1,900", "the total was 1,900": the figure restates one just before. */
const ANAPHOR_BEFORE = new TrailingWordPattern(/\b(?:(?:put|puts|putting|had|has|gave|gives|give|set|sets|placed|places|estimated|estimates)\s+(?:it|that|the (?:figure|number|total|count|tally))\s+(?:at|as)|(?:that figure|the figure|that number|the total|the tally)\s+(?:was|is|stood at|stands at))\s+(?:(?:about|around|only|just|some|nearly|almost|more than|over|under)\s+)?$/i, [
  'at', 'as', 'was', 'is', 'about', 'around', 'only', 'just', 'some', 'nearly', 'almost', 'than', 'over', 'under',
]);

/**
 * The figure an anaphor refers to is the last one before it, in its own or the previous sentence
 * of the same paragraph, that was matched to a fact of the anaphor's kind and unit ("1,808 days
 * … which is close to half a decade. Some outlets have put it at 1.9K days"); the anaphor is
 * compared with that fact.
 */
function anaphorCheck(context: Context, signals: FactIndex, topics: SentenceTopics, sentenceIndex: number, figure: Figure, excluded: ReadonlySet<Fact>): FigureCheck | undefined {
  const from = context.sentences[Math.max(0, sentenceIndex - 1)].start;
  const earlier = context.figures.filter((other) => other.end <= figure.start && other.start >= from && !context.prose.slice(other.end, figure.start).includes('\n'));
  const kinds = candidateKinds(context, figure);
  for (const referent of earlier.reverse()) {
    const fact = checkFigure(context, signals, topics, referent, excluded, true).fact;
    if (fact && fitsShape(fact, figure) && kinds.includes(fact.kind)) {
      return verdict(figure, [{ fact, distance: 0, person: false, subject: true }], { certain: true, all: NOBODY });
    }
  }
  return undefined;
}

function agreement(figure: Figure, fact: Fact): FigureCheck {
  const values = fact.values.filter((value) => agrees(figure, value, fact));
  return figureCheck(figure, values.length < fact.values.length ? 'disputed' : 'agrees', fact, values);
}

function unchecked(figure: Figure, reason: string): FigureCheck {
  return figureCheck(figure, 'unchecked', undefined, [], reason);
}

/** The kinds of fact a figure can be about, read off its shape and the words around it. */
function candidateKinds(context: Context, figure: Figure, cell?: Cell): FactKind[] {
  switch (figure.type) {
    case 'weekday':
      return ['weekday'];
    case 'date':
      return ['date'];
    case 'year':
      return ['year'];
    case 'percent':
      return ['percent'];
    case 'money':
      return ['money'];
  }
  if (figure.age) return ['age'];
  if (figure.unit) return ['duration'];
  // A fact box's column named "age" ("- Viktar Babaryka: 62 · 14 years" under "(age · sentence)").
  if (cell?.column.some((word) => word === 'age' || word === 'aged' || word === 'ages')) return ['age'];
  if (isAppositiveAge(context, figure) || /^(?:who|which) (?:is|was|turned)$/.test(figure.preceding.slice(-2).join(' '))) return ['age'];
  if (isAgeAfterAt(context, figure) || isCopulaAge(context, figure)) return ['age'];
  return ['count'];
}

/**
 * "Bialiatski is 63.", "Kalesnikava's 43, and …": a bare number that a named person is, and that
 * ends its clause, is an age (after "he" or "she" the figure is read as one already).
 */
function isCopulaAge(context: Context, figure: Figure): boolean {
  if (figure.value === undefined || figure.value < 1 || figure.value > 120 || !Number.isInteger(figure.value)) return false;
  if (!COPULA_AGE_END.test(context.prose.slice(figure.end, figure.end + 6))) return false;
  const verb = /(?:['’]s|\s+(?:is|was|turns|turned))\s+(?:now\s+)?$/i.exec(context.prose.slice(Math.max(0, figure.start - 16), figure.start));
  return verb !== null && personEndingAt(context, figure.start - verb[0].length) !== undefined;
}

/**
 * "is back behind bars at 69", "who at 44 had spent …": a bare number after "at" with no noun
 * of its own is an age (a count would name what it counts: "at 69 prisons").
 */
function isAgeAfterAt(context: Context, figure: Figure): boolean {
  if (figure.value === undefined || figure.value < 1 || figure.value > 120 || !Number.isInteger(figure.value)) return false;
  if (!/(?:^|[^\p{L}])at\s+$/iu.test(context.prose.slice(Math.max(0, figure.start - 4), figure.start))) return false;
  return /^\s*(?:[,.;:!?)\u2014]|$|(?:had|has|was|is|he|she|they|when)\b)/iu.test(context.prose.slice(figure.end, figure.end + 8));
}

/** "sentenced two years later", "a month after the vote", "three days ago": the time between two events. */
function isOffset(context: Context, figure: Figure): boolean {
  return figure.unit !== undefined && /^\s+(?:later|earlier|afterwards|after|before|ago)\b/i.test(context.prose.slice(figure.end, figure.end + 12));
}

/**
 * "sentenced a year after the election" is not the time to her arrest: a figure that measures
 * from an event is about an interval fact only where the sentence names the fact's other event
 * too (a signal without "after", "before" …: "arrested", "press conference").
 */
function namesEvent(context: Context, signals: FactIndex, sentence: Span, fact: Fact): boolean {
  intervalStems ??= new Set(INTERVAL_WORDS.map(stem));
  const { first, end } = tokenRange(context, sentence);
  const last = end - 1;
  return (signals.stems.get(fact) ?? []).some((parts) => !parts.some((part) => intervalStems!.has(part)) && standsIn(context, parts, first, last));
}

/** Does a signal phrase stand between two token indexes (the last included)? */
function standsIn(context: Context, parts: readonly string[], first: number, last: number): boolean {
  for (let i = first; i <= last; i++) if (context.stems[i] === parts[0] && phraseEnd(context, i, parts, last) !== undefined) return true;
  return false;
}

/**
 * "arrested two years before the vote" where the sources say two months: between two events a
 * year is a plain slip for a month (unlike a prison term, which is never counted in months).
 */
function isYearForMonths(fact: Fact, figure: Figure): boolean {
  return fact.kind === 'duration' && fact.unit === 'month' && figure.unit === 'year';
}

/** A fact that is the time between two events says so in a signal ("after the vote", "the day after"). */
function isInterval(signals: FactIndex, fact: Fact): boolean {
  intervalStems ??= new Set(INTERVAL_WORDS.map(stem));
  return (signals.stems.get(fact) ?? []).some((phrase) => phrase.some((part) => intervalStems!.has(part)));
}

const INTERVAL_WORDS = ['after', 'before', 'later', 'earlier', 'ago', 'since', 'until'];
let intervalStems: Set<string> | undefined;

/** "Babaryka, 62, a former banker": a bare number set off by commas right after a person's name. */
function isAppositiveAge(context: Context, figure: Figure): boolean {
  if (figure.type !== 'number' || figure.unit || figure.bound !== 'exact') return false;
  // "Bialiatski, now 63, …": the age as it is today.
  const now = /,\s*now\s+$/i.exec(context.prose.slice(Math.max(0, figure.start - 8), figure.start));
  const start = now ? figure.start - now[0].length + 1 : figure.start;
  const before = context.prose.slice(Math.max(0, start - 3), start);
  const after = context.prose.slice(figure.end, figure.end + 3);
  // A caption's slash or a fact box's dot ends the appositive too: "ALES BIALIATSKI, 63 / FREED".
  const commas = /,\s*$/.test(before) && /^\s*(?:[,;.\u2014)/·|]|$)/.test(after);
  const brackets = /\(\s*$/.test(before) && /^\s*\)/.test(after); // "Kolesnikova (43)"
  const dashed = /[^,\s]\s$/.test(before) && /^\s+[-\u2013\u2014]\s/.test(after); // a note's "Bialiatski 63 - freed"
  return (commas || brackets || dashed) && personEndingAt(context, start) !== undefined;
}

/** "the 61-year-old (former banker) Viktar Babaryka": an attributive age describes the person named right after it. */
function personDescribedByAge(context: Context, figure: Figure): string | undefined {
  if (!/-year-old$/i.test(context.prose.slice(figure.start, figure.end))) return undefined;
  const mention = context.mentions[firstAtOrAfter(context.mentions, figure.end)];
  if (!mention?.entityId || !isPerson(context.dataset, mention.entityId)) return undefined;
  return /^\s+(?:[a-z]+\s+){0,3}$/.test(context.prose.slice(figure.end, mention.start)) ? mention.entityId : undefined;
}

/** Is the last character before offset, past spaces and commas, a closing bracket? (What an aside before a figure needs.) */
function closesBracket(prose: string, offset: number): boolean {
  let i = offset - 1;
  while (i >= 0 && (prose.charCodeAt(i) === 0x2c || isSpace(prose.charCodeAt(i)))) i--;
  return prose.charCodeAt(i) === 0x29;
}

/** The person whose name ends just before offset (", " or an aside in brackets between: "Bialiatski (sp?) 63"). */
function personEndingAt(context: Context, offset: number): string | undefined {
  const aside = closesBracket(context.prose, offset) ? /\([^()]{0,40}\)[\s,]*$/.exec(context.prose.slice(Math.max(0, offset - 48), offset)) : null;
  const before = aside ? offset - aside[0].length : offset;
  const mention = context.mentions[firstAtOrAfter(context.mentions, before) - 1];
  // Emphasis closing a name counts as nothing: "**Maria Kalesnikava**, 43".
  if (!mention || mention.end > before || !/^[\s,'’s(*_]*$/.test(context.prose.slice(mention.end, before))) return undefined;
  return mention?.entityId && isPerson(context.dataset, mention.entityId) ? mention.entityId : undefined;
}

function fitsShape(fact: Fact, figure: Figure): boolean {
  if (fact.kind === 'duration') return figure.unit !== undefined && neighbouringUnits(fact.unit ?? 'year', figure.unit) && onSameScale(figure, fact.unit ?? 'year');
  if (fact.kind !== 'count') return true;
  // "Seventeen of my own former clients": what a part counts is the noun after "of my".
  const partitive = figure.following[0] === 'of' && PARTITIVE_DETERMINERS.has(figure.following[1] ?? '');
  const nouns = partitive ? figure.following.slice(2) : figure.following;
  // "Kalesnikava and 113 others" counts others, not the whole group: such a fact needs its noun.
  const relative = countsOnlyOthers(fact);
  if (!relative && (nouns.length === 0 || BARE_FOLLOWERS.has(nouns[0]))) return true;
  return countedNounLength(fact, nouns, figure.labelled) > 0;
}

/**
 * "48 hours" may restate "two days", but "1 hour" is no slip for "the day after": a figure in a
 * smaller unit that comes to less than a tenth of one of the fact's units ("a day" against
 * weeks is still a slip; "an hour" against days is not) measures something else.
 */
function onSameScale(figure: Figure, factUnit: string): boolean {
  const converted = inUnit(figure, factUnit).value;
  return converted === undefined || converted >= 0.1;
}

/** How many of the words after the figure name what the fact counts (0 when none does). */
function countedNounLength(fact: Fact, following: readonly string[], anywhere = false): number {
  const stems = followingStems(following);
  for (const nounStems of countedNounStems(fact)) {
    for (let at = 0; at <= Math.min(anywhere ? stems.length : 2, stems.length - nounStems.length); at++) {
      if (standsAt(stems, at, nounStems)) return at + nounStems.length;
    }
  }
  return 0;
}

/** Do the parts stand in the stems from index `at` on? (A loop, not `every`: asked for every counted noun of every candidate fact.) */
function standsAt(stems: readonly string[], at: number, parts: readonly string[]): boolean {
  for (let k = 0; k < parts.length; k++) if (stems[at + k] !== parts[k]) return false;
  return true;
}

/**
 * Per-figure results that many candidate facts ask for, kept for one call of checkFigures (which
 * starts them afresh): maps rather than weak maps keyed by the figures, whose entries cost several
 * times as much to add and outlive the analysis until a full collection.
 */
let stemsOfFollowing = new Map<readonly string[], readonly string[]>();
let rivalsOfFigure = new Map<Figure, Fact[] | undefined>();
let timeSettings = new Map<Figure, TimeSetting>();

function forgetFigures(): void {
  stemsOfFollowing = new Map();
  rivalsOfFigure = new Map();
  timeSettings = new Map();
}

/** The stems of the words after a figure, worked out once per figure rather than per fact it is weighed against. */
function followingStems(following: readonly string[]): readonly string[] {
  let stems = stemsOfFollowing.get(following);
  if (!stems) {
    stems = following.map(stem);
    stemsOfFollowing.set(following, stems);
  }
  return stems;
}

const nounStemsOf = new WeakMap<Fact, readonly (readonly string[])[]>();

/** The stems of each noun a fact counts, worked out once per fact rather than per figure it is weighed against. */
function countedNounStems(fact: Fact): readonly (readonly string[])[] {
  let stems = nounStemsOf.get(fact);
  if (!stems) {
    stems = fact.counts.map((noun) => noun.split(/\s+/).map((word) => stem(foldForMatch(word))));
    nounStemsOf.set(fact, stems);
  }
  return stems;
}

const DEMONSTRATIVES = new Set(['that', 'this', 'those', 'these']);

/** Stems by word: a draft repeats its words, and every token and counted noun is stemmed. Bounded, since any word may come. */
const stemsByWord = new Map<string, string>();

/** A crude stem so that "sentenced", "sentence" and "sentences" meet. */
export function stem(word: string): string {
  let found = stemsByWord.get(word);
  if (found === undefined) {
    found = stemOf(word);
    if (stemsByWord.size < 50_000) stemsByWord.set(word, found);
  }
  return found;
}

function stemOf(word: string): string {
  if (word === 'persons' || word === 'person' || word === 'ppl') return 'peopl';
  // "among the freed" is "among those freed", "before that vote" is "before the vote".
  if (DEMONSTRATIVES.has(word)) return 'the';
  const stripped = word.replace(/'s$/, '').replace(/(?:ing|ed|es|e|s|d)$/, '');
  return stripped.length >= 3 ? stripped : word;
}

/**
 * Is the figure about another time or occasion than the fact ("in June", "since July 2024",
 * "arrested again")? Only the figure's own clause counts, and a time phrase that opens the
 * sentence ("In September, …"), which sets the time of all of it.
 */
function otherTime(context: Context, sentence: Span, figure: Figure, fact: Fact): boolean {
  const setting = timeSetting(context, sentence, figure);
  if (setting.occasion && (fact.when || !isPerson(context.dataset, fact.about))) return true;
  if (setting.elsewhere) return true;
  if (!fact.when) return fact.kind === 'count' && datedBeforeStory(context, setting.clause, figure);
  if (isOlderThanStory(context.dataset, fact) && !context.prose.slice(sentence.start, sentence.end).includes(fact.when.slice(0, 4))) return true;
  const [year, month] = fact.when.split('-').map(Number);
  const times = otherTimesIn(context, sentence, figure, setting);
  return (month !== undefined && times.months.some((named) => named !== month))
    || times.dateYears.some((other) => other !== year)
    || times.years.some((other) => other !== year);
}

/** What otherTime reads from a figure's sentence whatever the fact, read once per figure: every candidate fact asks. */
interface TimeSetting {
  readonly sentence: Span;
  /** The figure's clause, with the head of a relative clause. */
  readonly clause: Span;
  /** Does the clause speak of another occasion ("again", "at the time of his arrest")? */
  readonly occasion: boolean;
  /** Is the figure in an earlier episode ("Before: …") or the day of a statement ("said on Monday")? */
  readonly elsewhere: boolean;
  /** The other times in the clause and the sentence's opening time phrase; read only for a dated fact. */
  times?: OtherTimes;
}

interface OtherTimes {
  /** The months named (1 to 12), not in the figure itself. */
  readonly months: readonly number[];
  /** The years of the other dates. */
  readonly dateYears: readonly number[];
  /** The other years that set a time: in the opening phrase, or after "in", "since", … */
  readonly years: readonly (number | undefined)[];
}

function timeSetting(context: Context, sentence: Span, figure: Figure): TimeSetting {
  const known = timeSettings.get(figure);
  if (known?.sentence === sentence) return known;
  const clause = withRelativeHead(context.prose, sentence, clauseAround(context, sentence, figure.start));
  const occasion = OTHER_OCCASION.test(context.prose.slice(clause.start, clause.end));
  // "the ministry said on Monday": the day of a statement, not of the event.
  const elsewhere = EARLIER_EPISODE.test(context.prose.slice(sentence.start, clause.start))
    || ((figure.type === 'weekday' || figure.type === 'date') && REPORTED_ON.test(context.prose.slice(Math.max(clause.start, figure.start - 24), figure.start)));
  const setting: TimeSetting = { sentence, clause, occasion, elsewhere };
  timeSettings.set(figure, setting);
  return setting;
}

function otherTimesIn(context: Context, sentence: Span, figure: Figure, setting: TimeSetting): OtherTimes {
  if (setting.times) return setting.times;
  const months: number[] = [];
  const dateYears: number[] = [];
  const years: (number | undefined)[] = [];
  const opening = openingTimePhrase(context.prose, sentence);
  for (const scope of opening ? [setting.clause, opening] : [setting.clause]) {
    for (const match of context.prose.slice(scope.start, scope.end).matchAll(MONTH_WORD)) {
      const at = scope.start + match.index!;
      if (at < figure.start || at >= figure.end) months.push(MONTH_NAMES.indexOf(match[1].toLowerCase()) + 1);
    }
    for (const other of within(context.figures, scope)) {
      if (other === figure) continue;
      if (other.type === 'date' && other.date?.year !== undefined) dateYears.push(other.date.year);
      const preposition = other.preceding[other.preceding.length - 1] ?? '';
      if (other.type === 'year' && (scope === opening || TEMPORAL_PREPOSITIONS.has(preposition))) years.push(other.value);
    }
  }
  return (setting.times = { months, dateYears, years });
}

/**
 * "The exchange of August 1, 2024, which freed about two dozen people": a relative clause is
 * about the noun before it, so the time that noun is dated to (the 40 characters before the
 * relative pronoun) belongs to the clause.
 */
function withRelativeHead(prose: string, sentence: Span, clause: Span): Span {
  if (!/^\s*(?:which|who|that)\b/i.test(prose.slice(clause.start, clause.start + 12))) return clause;
  return { start: Math.max(sentence.start, clause.start - 40), end: clause.end };
}

const storyYears = new WeakMap<Dataset, number>();

/**
 * "Three years after the protests" in a 2023 headline the dataset quotes: a fact stated in a year
 * before the story's (the latest year any fact is dated to) was true then, not now. It is compared
 * only with a figure whose sentence names that year.
 */
function isOlderThanStory(dataset: Dataset, fact: Fact): boolean {
  return Number(fact.when!.slice(0, 4)) < storyYear(dataset);
}

/** The latest year any fact is dated to: the time of the story the dataset is about. */
function storyYear(dataset: Dataset): number {
  let story = storyYears.get(dataset);
  if (story === undefined) {
    story = dataset.facts.reduce((latest, each) => Math.max(latest, Number(each.when?.slice(0, 4)) || 0), 0);
    storyYears.set(dataset, story);
  }
  return story;
}

/**
 * An undated count is a count as of the story ("more than 7,000 convicted since 2020"). A clause
 * dated to a day or month of an earlier year ("the exchange of August 1, 2024, which freed …")
 * counts something else. A bare year is not enough: "since 2020" says where the count starts.
 */
function datedBeforeStory(context: Context, clause: Span, figure: Figure): boolean {
  return within(context.figures, clause).some((other) => other !== figure && other.type === 'date' && other.date?.year !== undefined && other.date.year < storyYear(context.dataset));
}

/** "In September, …", "Since July 2024, …", "**2022** — …": a time phrase that opens the sentence. */
function openingTimePhrase(prose: string, sentence: Span): Span | undefined {
  const text = prose.slice(sentence.start, sentence.end);
  const match = /^[\s\-*+>#_]*(?:(?:in|on|since|by|during|until|last|earlier|back in|before|after|from)\b[^,;:\u2014\u2013]{0,40}|(?:January|February|March|April|May|June|July|August|September|October|November|December|\d{4})[^,;:\u2014\u2013]{0,20})[*_\s]*[,:\u2014\u2013]/i.exec(text);
  return match ? { start: sentence.start, end: sentence.start + match[0].length } : undefined;
}

interface Subjects {
  /** The person the figure is about, when the sentence makes it clear. */
  readonly main?: string;
  /** Was the person found in the figure's own clause (certain), or only inferred from the sentence? */
  readonly certain: boolean;
  /** Every person the sentence names or refers to, each once (a few: an array, not a set). */
  readonly all: readonly string[];
  /**
   * The people who may be the figure's subject instead of an inferred one: those named before it
   * or in its own clause ("…, the same term as Marina Zolotova" is a comparison, not a subject).
   */
  readonly near?: readonly string[];
}

/** The entities of mentions, each once, in order. */
function entitiesOf(mentions: readonly NameMention[]): string[] {
  const ids: string[] = [];
  for (const mention of mentions) if (!ids.includes(mention.entityId!)) ids.push(mention.entityId!);
  return ids;
}

const NOBODY: readonly string[] = [];

/**
 * Who the figure is about: the person it is set against ("Babaryka, 62,"), the nearest person
 * of its clause, the person a relative clause hangs on ("…, who was given 21 years"), or the
 * subject of its sentence (a name, or a pronoun that refers to the person last named).
 * A name that could be two people ("Babaryka", father or son) leaves the subject open.
 */
function subjectsOf(context: Context, sentence: Span, figure: Figure, previousTopic: string | undefined, cell?: Cell): Subjects {
  const inSentence = mentionsIn(context, sentence);
  const people = inSentence.filter((m) => m.entityId && isPerson(context.dataset, m.entityId));
  const all = entitiesOf(people);
  // A fact box's row is about the person its key names.
  const key = cell ? within(context.mentions, cell.key).filter((m) => m.candidates.some((id) => isPerson(context.dataset, id))) : [];
  if (key.length === 1 && key[0].entityId) return { main: key[0].entityId, certain: true, all };
  if (inSentence.some((m) => !m.entityId && !m.possessive && m.candidates.some((id) => isPerson(context.dataset, id)))) return { certain: false, all };
  const pronoun = pronounBefore(context.prose, sentence, figure);
  const referent = pronoun ? sameSentenceReferent(context, people, pronoun) ?? pronounReferent(context, sentence, pronoun.word, previousTopic)
    : people.length === 0 && SUBJECTLESS.test(context.prose.slice(sentence.start, figure.start)) ? subjectlessReferent(context, sentence) : undefined;
  if (referent && !all.includes(referent)) all.push(referent);
  const clause = clauseAround(context, sentence, figure.start);
  const near = entitiesOf(people.filter((m) => m.start < figure.start || (m.start >= clause.start && m.end <= clause.end)));
  if (referent && !near.includes(referent)) near.push(referent);
  const { main, certain } = mainSubject(context, sentence, figure, people, referent);
  return { main, certain, all, near };
}

function mainSubject(context: Context, sentence: Span, figure: Figure, people: readonly NameMention[], referent: string | undefined): { main?: string; certain: boolean } {
  const appositive = personEndingAt(context, figure.start);
  if (appositive && isAppositiveAge(context, figure)) return { main: appositive, certain: true };
  const described = personDescribedByAge(context, figure);
  if (described) return { main: described, certain: true };
  const adjacentPossessive = people.find((m) => m.possessive && /^['’]s?\s*$/.test(context.prose.slice(m.end, figure.start)));
  if (adjacentPossessive) return { main: adjacentPossessive.entityId, certain: true };
  const before = people.filter((m) => m.end <= figure.start && !m.possessive && !isCompanion(context.prose, m));
  const clause = clauseAround(context, sentence, figure.start);
  const clausePronoun = STARTS_WITH_PRONOUN.exec(context.prose.slice(clause.start, figure.start))?.[1].toLowerCase();
  if (clausePronoun) {
    // "Eduard Babariko … remains in a colony: he received 8 years" — he is the sentence's own subject.
    const earlier = before.find((m) => pronounFits(context.dataset, m.entityId!, clausePronoun));
    return { main: earlier?.entityId ?? referent, certain: clause.start > sentence.start };
  }
  const inClause = before.filter((m) => m.start >= clause.start);
  if (inClause.length > 0) return { main: inClause[inClause.length - 1].entityId, certain: true };
  if (/^\s*(?:who|whose|whom)\b/i.test(context.prose.slice(clause.start, figure.start))) return { main: before[before.length - 1]?.entityId, certain: before.length > 0 };
  if (STARTS_WITH_PRONOUN.test(context.prose.slice(sentence.start, figure.start))) return { main: referent, certain: false };
  if (before.length > 0) return { main: before[0].entityId, certain: false };
  if (referent) return { main: referent, certain: false };
  // "Kalesnikava's 11-year sentence dated from 2023": the possessor is what the sentence is about.
  const possessor = people.find((m) => m.possessive && m.end <= figure.start);
  if (possessor) return { main: possessor.entityId, certain: false };
  const after = people.filter((m) => m.start >= figure.end && !m.possessive);
  return { main: after[0]?.entityId, certain: false };
}

/** "Sentenced alongside Bialiatski to 7 years": a person named as a companion is not the one the figure is about. */
function isCompanion(prose: string, mention: NameMention): boolean {
  return COMPANION_BEFORE.test(prose.slice(Math.max(0, mention.start - 16), mention.start));
}

/**
 * "| 6 September 2021 | Sentenced to 12 years |", "Arrested a year after the election.": a
 * timeline's or a note's line that opens on a participle leaves out its subject, the person the
 * lines before are about.
 */
const SUBJECTLESS = /^(?:[\s*>|#-]|\|[^|]*\|)*(?:sentenced|arrested|detained|jailed|convicted|imprisoned|freed|released|pardoned)\b/i;

/**
 * The person a subjectless line is about: the one whose name opens the nearest sentence before
 * it that names anyone ("Maria Kalesnikava, 43." above "Sentenced to 12 years"), reading past
 * lines that open on a participle themselves ("Coordinated Babaryka's campaign."). A sentence
 * that names someone elsewhere, or a name that could be two people, leaves it open. What this
 * reads of earlier paragraphs is in their carried state (see carriedStates).
 */
function subjectlessReferent(context: Context, sentence: Span): string | undefined {
  for (let k = spanIndexAt(context.sentences, sentence.start) - 1; k >= 0; k--) {
    const earlier = context.sentences[k];
    const named = personMentionsIn(context, earlier);
    if (named.length === 0 || OPENS_ON_PARTICIPLE.test(context.prose.slice(earlier.start, earlier.end))) continue;
    return named[0].entityId && opensSentence(context.prose, earlier, named[0]) ? named[0].entityId : undefined;
  }
  return undefined;
}

/** Mentions of people in a span, a name that could be two people (no entity yet) included. */
function personMentionsIn(context: { mentions: readonly NameMention[]; dataset: Dataset }, span: Span): NameMention[] {
  return within(context.mentions, span).filter((m) => m.candidates.some((id) => isPerson(context.dataset, id)));
}

/** The first five words of a text, folded as a figure's `following` words are. */
function foldedWords(text: string): string[] {
  return firstHyphenatedWords(text, 0, text.length, 5);
}

/** Does the mention open its sentence (list markers, numbering and emphasis before it aside)? */
function opensSentence(prose: string, sentence: Span, mention: NameMention): boolean {
  return /^[\s*_>|#\d.-]*$/.test(prose.slice(sentence.start, mention.start));
}

const OPENS_ON_PARTICIPLE = /^[\s*_>|#\d.-]*\p{Lu}\p{Ll}+ed\b/u;

const COMPANION_BEFORE = new TrailingWordPattern(/\b(?:alongside|along with|together with|like|unlike|as did)\s+$/i, ['alongside', 'with', 'like', 'unlike', 'did']);

/** For the tests: each must give what its pattern gives. */
export const TRAILING_WORD_PATTERNS = [ONE_OF_BEFORE, UNTIL_BEFORE, NOT_BEFORE, ANAPHOR_BEFORE, COMPANION_BEFORE];

/** The third-person pronoun ("he", "her", …) used before the figure in its sentence (else after it), if any. */
function pronounBefore(prose: string, sentence: Span, figure: Figure): { word: string; at: number } | undefined {
  const before = PRONOUNS.exec(prose.slice(sentence.start, figure.start));
  if (before) return { word: before[0].toLowerCase(), at: sentence.start + before.index };
  const after = PRONOUNS.exec(prose.slice(figure.end, sentence.end));
  return after ? { word: after[0].toLowerCase(), at: figure.end + after.index } : undefined;
}

/**
 * "Viktar Babaryka's injuries as he gave them": a pronoun after a person named earlier in its
 * own sentence refers to the last such person it fits.
 */
function sameSentenceReferent(context: Context, people: readonly NameMention[], pronoun: { word: string; at: number }): string | undefined {
  const fitting = people.filter((m) => m.end <= pronoun.at && pronounFits(context.dataset, m.entityId!, pronoun.word));
  return fitting[fitting.length - 1]?.entityId;
}

/** The person a pronoun refers to: the previous sentence's person if the pronoun fits, else the last one named that fits. */
function pronounReferent(context: Context, sentence: Span, pronoun: string, previousTopic: string | undefined): string | undefined {
  if (previousTopic && pronounFits(context.dataset, previousTopic, pronoun)) return previousTopic;
  return lastPersonBefore(context, sentence.start, pronoun);
}

/**
 * The clause around an offset in its sentence: bounded by commas, semicolons, colons, dashes and
 * brackets. Asked again and again for the same figure and signal (once per candidate fact), so
 * remembered per offset.
 */
function clauseAround(context: Context, sentence: Span, offset: number): Span {
  const known = context.clauses.get(offset);
  if (known?.sentence === sentence) return known.clause;
  const clause = findClause(context, sentence, offset);
  context.clauses.set(offset, { sentence, clause });
  return clause;
}

/**
 * The clause breaks (CLAUSE_BREAK) before an offset are those of its whole sentence that end by
 * it, found once per sentence, with one exception: read up to the offset only, a comma or en dash
 * right before it is a break even between digits ("1,|200"), as nothing follows it there.
 */
function findClause(context: Context, sentence: Span, offset: number): Span {
  let ends = context.breakEnds.get(sentence);
  if (!ends) context.breakEnds.set(sentence, (ends = clauseBreakEnds(context.prose, sentence)));
  const endMatch = CLAUSE_BREAK_ONE.exec(context.prose.slice(offset, sentence.end));
  return { start: clauseStart(context.prose, sentence, ends, offset), end: endMatch ? offset + endMatch.index : sentence.end };
}

/** Where each clause break of a sentence ends, in order (exported for the tests). */
export function clauseBreakEnds(prose: string, sentence: Span): number[] {
  const text = prose.slice(sentence.start, sentence.end);
  const ends: number[] = [];
  CLAUSE_BREAK.lastIndex = 0;
  while (CLAUSE_BREAK.exec(text)) ends.push(sentence.start + CLAUSE_BREAK.lastIndex);
  return ends;
}

/** Where the clause of an offset in a sentence starts, given the ends of the sentence's breaks (exported for the tests). */
export function clauseStart(prose: string, sentence: Span, ends: readonly number[], offset: number): number {
  const unit = prose.charCodeAt(offset - 1);
  if (offset > sentence.start && (unit === 0x2c || unit === 0x2013)) return offset;
  for (let k = ends.length - 1; k >= 0; k--) if (ends[k] <= offset) return ends[k];
  return sentence.start;
}

/** How many clause breaks a text holds. */
function clauseBreaksIn(text: string): number {
  let count = 0;
  CLAUSE_BREAK.lastIndex = 0;
  while (CLAUSE_BREAK.exec(text)) count++;
  return count;
}

function isPerson(dataset: Dataset, entityId: string): boolean {
  return dataset.entities.get(entityId)?.kind === 'person';
}

/**
 * The dataset's facts indexed for matching, built once per dataset version: signal stems per
 * fact, how many facts share each signal, and which facts a word can point at — so that a
 * figure looks only at the facts its sentence names, never at every fact of the dataset.
 */
interface FactIndex {
  readonly stems: Lookup<Fact, readonly (readonly string[])[]>;
  /** For each fact, the competition key of each signal (parallel to `stems`). */
  readonly keys: Lookup<Fact, readonly string[]>;
  readonly shared: Lookup<string, number>;
  /** Facts by the stem of the first word of one of their signals; for a common word, only the first COMMON_WORD_FACTS + 1. */
  readonly bySignal: ReadonlyMap<string, readonly Fact[]>;
  /** Count facts by the stem of the first word of one of their counted nouns; capped as bySignal. */
  readonly byNoun: ReadonlyMap<string, readonly Fact[]>;
  /** Count facts by each of their values ("the remaining 19 of the 123"). */
  readonly countsByValue: ReadonlyMap<number, readonly Fact[]>;
  /** An entity's facts by the first stem of a signal and of a counted noun, made on first use. */
  readonly entityWords: Lookup<string, EntityWords>;
  /** An entity's facts by kind, made on first use: a figure asks for those of one kind or two. */
  readonly entityKinds: Lookup<string, ReadonlyMap<FactKind, readonly Fact[]>>;
}

interface EntityWords {
  readonly bySignal: ReadonlyMap<string, readonly Fact[]>;
  readonly byNoun: ReadonlyMap<string, readonly Fact[]>;
}

interface Lookup<K, V> {
  get(key: K): V | undefined;
}

/**
 * A signal word or counted noun that more facts than this share points at none of them by
 * itself: it then finds only the facts of the entities its sentence names. This keeps the cost
 * of a figure independent of the size of the dataset (a newsroom's "detained" is shared by
 * thousands of facts); the shipped and labelled datasets have no word this common.
 */
const COMMON_WORD_FACTS = 32;

const factIndexes = new WeakMap<Dataset, FactIndex>();

/**
 * Builds the fact index of a dataset now rather than at its first figure, in steps of so many
 * facts (a million facts in one go held a server's message loop for most of a second).
 */
export function* factIndexSteps(dataset: Dataset): Generator<void, void, void> {
  if (!factIndexes.has(dataset)) factIndexes.set(dataset, yield* buildFactIndex(dataset));
}

/** How many facts the fact index takes between two steps. */
const FACTS_PER_STEP = 50_000;

/** A map filled on first use of each key. */
function lazy<K, V>(compute: (key: K) => V): Lookup<K, V> {
  const values = new Map<K, V>();
  return {
    get(key: K): V {
      let value = values.get(key);
      if (value === undefined) {
        value = compute(key);
        values.set(key, value);
      }
      return value;
    },
  };
}

function factIndex(dataset: Dataset): FactIndex {
  let index = factIndexes.get(dataset);
  if (!index) {
    index = allSteps(buildFactIndex(dataset));
    factIndexes.set(dataset, index);
  }
  return index;
}

function* buildFactIndex(dataset: Dataset): Generator<void, FactIndex, void> {
  const bySignal = new Map<string, Fact[]>();
  const byNoun = new Map<string, Fact[]>();
  const countsByValue = new Map<number, Fact[]>();
  const add = <K>(map: Map<K, Fact[]>, key: K, fact: Fact) => {
    const list = map.get(key);
    if (!list) map.set(key, [fact]);
    else if (list[list.length - 1] !== fact) list.push(fact);
  };
  // A word's list is read whole only while the word is not common (see COMMON_WORD_FACTS): one
  // fact past that says all there is to say, and a common word's list of every fact that has it
  // would be tens of thousands long at newsroom scale.
  const addUpToCommon = (map: Map<string, Fact[]>, word: string, fact: Fact) => {
    const list = map.get(word);
    if (!list || list.length <= COMMON_WORD_FACTS) add(map, word, fact);
  };
  const stems = lazy((fact: Fact) => fact.signals.map(stemPhrase));
  const keys = lazy((fact: Fact) => stems.get(fact)!.map((phrase) => signalKey(dataset, fact, phrase)));
  for (let i = 0; i < dataset.facts.length; i++) {
    if (i > 0 && i % FACTS_PER_STEP === 0) yield;
    const fact = dataset.facts[i];
    for (const signal of fact.signals) addUpToCommon(bySignal, firstStem(signal), fact);
    for (const noun of fact.counts) addUpToCommon(byNoun, firstStem(noun), fact);
    // Every count fact's values read, none kept decoded, no quote decoded (see BuiltFact).
    if (fact.kind === 'count') for (const value of valuesWithoutQuotes(fact)) if (typeof value.value === 'number') add(countsByValue, value.value, fact);
  }
  // How many facts share each signal, over the whole dataset: needed only by group totals, so counted on first use.
  let allShared: Map<string, number> | undefined;
  const shared: Lookup<string, number> = { get: (key) => (allShared ??= sharedKeys(keys, dataset.facts)).get(key) };
  const entityKinds = lazy((entityId: string) => {
    const byKind = new Map<FactKind, Fact[]>();
    for (const fact of dataset.factsByEntity.get(entityId) ?? []) add(byKind, fact.kind, fact);
    return byKind;
  });
  const entityWords = lazy((entityId: string): EntityWords => {
    const words = { bySignal: new Map<string, Fact[]>(), byNoun: new Map<string, Fact[]>() };
    for (const fact of dataset.factsByEntity.get(entityId) ?? []) {
      for (const signal of fact.signals) add(words.bySignal, firstStem(signal), fact);
      for (const noun of fact.counts) add(words.byNoun, firstStem(noun), fact);
    }
    return words;
  });
  return { stems, keys, shared, bySignal, byNoun, countsByValue, entityWords, entityKinds };
}

const firstStems = new Map<string, string>();

/** The stem of a phrase's first word, remembered: signal phrases repeat across facts. */
function firstStem(phrase: string): string {
  let first = firstStems.get(phrase);
  if (first === undefined) {
    first = stemPhrase(phrase)[0] ?? '';
    if (firstStems.size < 100_000) firstStems.set(phrase, first);
  }
  return first;
}

/** How many of the facts that could be meant share each signal: a shared signal tells them apart less. */
function sharedAmong(index: FactIndex, facts: readonly Fact[]): Lookup<string, number> {
  // One fact shares no key with another (most figures have one fact left by now).
  return facts.length < 2 ? NOTHING_SHARED : sharedKeys(index.keys, facts);
}

const NOTHING_SHARED: Lookup<string, number> = { get: () => undefined };

function sharedKeys(keys: Lookup<Fact, readonly string[]>, facts: readonly Fact[]): Map<string, number> {
  const shared = new Map<string, number>();
  for (const fact of facts) {
    const own = keys.get(fact)!;
    // A fact counts once for each key, however many of its signals share it (a fact has a few: no set needed).
    for (let k = 0; k < own.length; k++) if (own.indexOf(own[k]) === k) shared.set(own[k], (shared.get(own[k]) ?? 0) + 1);
  }
  return shared;
}

function stemPhrase(phrase: string): string[] {
  return phrase.split(/\s+/).filter(Boolean).map((word) => stem(foldForMatch(word)));
}

const COUNTS: readonly FactKind[] = ['count'];

/**
 * The facts of the given kinds a figure could be about, looked up from its sentence: the facts
 * of the people it names or refers to, of the organisations and events it names, those whose
 * signal words it contains, and those that count the noun after the figure. (Facts of other
 * kinds are left out as they are found: a person has facts of every kind, and a figure's shape
 * allows one or two.)
 */
function candidatePool(context: Context, index: FactIndex, sentence: Span, figure: Figure, subjects: Subjects, kinds: readonly FactKind[], anyPerson = false): Fact[] {
  const { dataset } = context;
  const pool = new Set<Fact>();
  const addAll = (facts: readonly Fact[] | undefined) => {
    if (facts) for (const fact of facts) if (kinds.includes(fact.kind)) pool.add(fact);
  };
  // An entity's facts of one kind need no test of their kind.
  const addOfKinds = (entityId: string) => {
    const byKind = index.entityKinds.get(entityId)!;
    for (const kind of kinds) {
      const facts = byKind.get(kind);
      if (facts) for (const fact of facts) pool.add(fact);
    }
  };
  for (const person of subjects.all) addOfKinds(person);
  const mentions = mentionsIn(context, sentence);
  for (const mention of mentions) {
    if (mention.entityId && isNamedActor(dataset, mention.entityId)) addOfKinds(mention.entityId);
  }
  // A person's fact counts only when the person is a subject, and those facts are in already.
  // For a common word, the facts of the other entities the sentence names that the word points at
  // (the subjects' and the named actors' facts are all in already).
  const others = mentions.filter((mention) => mention.entityId && !subjects.all.includes(mention.entityId) && !isNamedActor(dataset, mention.entityId));
  const addWord = (facts: readonly Fact[] | undefined, word: string, ofEntity: (words: EntityWords) => ReadonlyMap<string, readonly Fact[]>) => {
    if (!facts) return;
    if (facts.length <= COMMON_WORD_FACTS) {
      for (const fact of facts) if (kinds.includes(fact.kind) && (anyPerson || !isPerson(dataset, fact.about))) pool.add(fact);
      return;
    }
    for (const mention of others) addAll(ofEntity(index.entityWords.get(mention.entityId!)!).get(word));
  };
  const { first, end: last } = tokenRange(context, sentence);
  for (let i = first; i < last; i++) addWord(index.bySignal.get(context.stems[i]), context.stems[i], signalsOf);
  const stems = followingStems(figure.following);
  for (let k = 0; k < Math.min(stems.length, 5); k++) addWord(index.byNoun.get(stems[k]), stems[k], nounsOf);
  return [...pool];
}

const signalsOf = (words: EntityWords) => words.bySignal;
const nounsOf = (words: EntityWords) => words.byNoun;

/**
 * Which facts compete for a signal: facts of one kind about one person (their sentence and
 * their age never compete with another person's), or all facts of one kind about anything else.
 */
function signalKey(dataset: Dataset, fact: Fact, phrase: readonly string[]): string {
  return `${fact.kind}:${isPerson(dataset, fact.about) ? fact.about : '*'}:${phrase.join(' ')}`;
}

/**
 * The facts a figure may be about: a person's fact only when the person is named or referred
 * to in the sentence, any other fact only when its signal words or its entity stand there. An
 * age needs no signal (a person has one age); every other fact does.
 */
function relevantCandidates(
  context: Context,
  signals: FactIndex,
  shared: Lookup<string, number>,
  sentence: Span,
  figure: Figure,
  facts: readonly Fact[],
  subjects: Subjects,
  cell?: Cell,
): Candidate[] {
  const candidates: Candidate[] = [];
  const column = cell ? new Set(cell.column.map(stem)) : NO_STEMS;
  // "| Ukrainian citizens among those freed | 6 |": a row's key names what the figure counts.
  // It is then the row's label, and the count it names is the only one the figure may be.
  const keyed = cell ? figureWith(figure, { following: foldedWords(context.prose.slice(cell.key.start, cell.key.end)) }) : undefined;
  const labelled = keyed && facts.find((fact) => fact.kind === 'count' && longestCountedNoun(fact, keyed.following) > 1 && hasDistinctNoun(signals, fact, keyed, context.prose));
  for (const fact of facts) {
    if (labelled && fact !== labelled && fact.kind === 'count') continue;
    const person = isPerson(context.dataset, fact.about);
    if (person && !subjects.all.includes(fact.about)) continue;
    // An organisation's year stays a rival when the organisation is not named, but it is never the one compared.
    const unsure = fact.kind === 'year' && isOrganisation(context.dataset, fact.about) && !namedNear(context, sentence, fact.about);
    let distance = signalDistance(context, signals, shared, sentence, figure, fact);
    if (!person && isNamedActor(context.dataset, fact.about)) distance = Math.min(distance, entityDistance(context, sentence, figure, fact.about));
    if (fact.kind === 'count' && hasDistinctNoun(signals, fact, figure, context.prose)) distance = Math.min(distance, DISTINCT_NOUN_DISTANCE);
    if (fact === labelled) distance = Math.min(distance, DISTINCT_NOUN_DISTANCE);
    if (fact.kind === 'age') distance = Math.min(distance, 1);
    // The column's name is the figure's own label ("sentence" over "14 years").
    if (column.size > 0 && (signals.stems.get(fact) ?? []).some((phrase) => phrase.every((part) => column.has(part)))) distance = Math.min(distance, 1);
    // A duration in another unit than the fact's ("two weeks" for a month) is a weaker match.
    if (fact.kind === 'duration' && (fact.unit ?? 'year') !== figure.unit) distance += OTHER_UNIT_PENALTY;
    if (distance > maxDistance(fact, figure)) continue;
    candidates.push({ fact, distance, person, subject: person && subjects.main === fact.about, unsure });
  }
  return candidates;
}

/**
 * How far evidence may stand. A year, date or weekday needs its signal close ("sentenced in
 * 2021"); a bare number that ends its clause ("Labkovich received seven.") is elliptical and
 * counts something only when a signal stands right next to it.
 */
function maxDistance(fact: Fact, figure: Figure): number {
  if (fact.kind === 'year' || fact.kind === 'date' || fact.kind === 'weekday') return MAX_TIME_DISTANCE;
  if (fact.kind === 'count' && figure.following.length === 0) return 6;
  return MAX_DISTANCE;
}

/**
 * "serving eight years imposed in 2023": a signal word alone ("imposed") does not make a year
 * that of an organisation's fact (Belaruskali's sanctions) — years are too common for that;
 * the organisation must be named in the sentence or the one before.
 */
function isOrganisation(dataset: Dataset, entityId: string): boolean {
  return dataset.entities.get(entityId)?.kind === 'organisation';
}

/** Is the entity named in the sentence or the one before ("…Belaruskali. The US sanctions on the company, imposed in 2020")? */
function namedNear(context: Context, sentence: Span, entityId: string): boolean {
  const index = context.sentences.indexOf(sentence);
  const from = index > 0 ? context.sentences[index - 1].start : sentence.start;
  return within(context.mentions, { start: from, end: sentence.end }).some((mention) => mention.candidates.includes(entityId));
}

/** An organisation or event named near a figure points at its facts; a country or city does not. */
function isNamedActor(dataset: Dataset, entityId: string): boolean {
  const kind = dataset.entities.get(entityId)?.kind;
  return kind === 'organisation' || kind === 'event';
}

/**
 * Does the figure count something that only this fact counts ("seven Ukrainian citizens")? The
 * longest counted noun decides: "political prisoners" counted by two facts points at neither.
 */
function hasDistinctNoun(index: FactIndex, fact: Fact, figure: Figure, prose: string): boolean {
  const own = longestCountedNoun(fact, figure.following);
  // One word ("names", "people") is too common to point at a fact by itself, unless it is a
  // nationality ("5 Ukrainians") that only this fact counts.
  if (own === 1) return isOnlyNationality(index, fact, figure, prose);
  if (own === 0) return false;
  const rivals = rivalCounts(index, figure);
  return rivals !== undefined && rivals.every((other) => other === fact || other.kind !== 'count' || longestCountedNoun(other, figure.following) < own);
}

/** Is the word right after the figure capitalised ("Ukrainians", not "people") and counted by this fact alone? */
function isOnlyNationality(index: FactIndex, fact: Fact, figure: Figure, prose: string): boolean {
  if (!/^\s+\p{Lu}\p{Ll}/u.test(prose.slice(figure.end, figure.end + 3))) return false;
  const counters = index.byNoun.get(stem(figure.following[0] ?? '')) ?? [];
  return counters.length === 1 && counters[0] === fact;
}

/** The facts that count a word after the figure, once per figure; undefined when a word is common. */
function rivalCounts(index: FactIndex, figure: Figure): readonly Fact[] | undefined {
  if (rivalsOfFigure.has(figure)) return rivalsOfFigure.get(figure);
  const lists = figure.following.slice(0, 5).map((word) => index.byNoun.get(stem(word)) ?? []);
  const rivals = lists.some((list) => list.length > COMMON_WORD_FACTS) ? undefined : [...new Set(lists.flat())];
  rivalsOfFigure.set(figure, rivals);
  return rivals;
}

/** The number of words of the longest of the fact's counted nouns that follows the figure (0 for none). */
function longestCountedNoun(fact: Fact, following: readonly string[]): number {
  const stems = followingStems(following);
  const read = Math.min(stems.length, 5); // the first five words
  const nouns = countedNounStems(fact);
  let longest = 0;
  for (let n = 0; n < nouns.length; n++) {
    if (fact.counts[n] === 'others') continue;
    const parts = nouns[n];
    for (let at = 0; at <= Math.min(2, read - parts.length); at++) {
      if (standsAt(stems, at, parts)) longest = Math.max(longest, parts.length);
    }
  }
  return longest;
}

/** Distance in tokens, plus a penalty for every clause boundary crossed. */
function tokenDistance(context: Context, from: number, to: number, fromOffset: number, toOffset: number): number {
  const [low, high] = fromOffset < toOffset ? [fromOffset, toOffset] : [toOffset, fromOffset];
  const breaks = clauseBreaksIn(context.prose.slice(low, high));
  return Math.abs(to - from) + Math.max(0, breaks - freeBreaks(context, low, high)) * CLAUSE_PENALTY;
}

/**
 * Breaks that do not separate a figure from its clause: the comma after a time phrase that opens
 * the sentence ("In 2021, a court sentenced him") and a fact box's label colon ("Newly recognised: 15").
 */
function freeBreaks(context: Context, low: number, high: number): number {
  const lineStart = context.prose.lastIndexOf('\n', low - 1) + 1;
  let free = context.freeBreaks.get(lineStart);
  if (free === undefined) {
    const lineEnd = context.prose.indexOf('\n', lineStart);
    const line = context.prose.slice(lineStart, lineEnd === -1 ? context.prose.length : Math.min(lineEnd, lineStart + 200));
    free = 0;
    if (/^[\s\-*+>#_]*(?:in|on|since|by|until|last|back in|from)\s+[\p{L}\d ,]{1,25},/iu.test(line)) free++;
    if (/^[\s\-*+>_]*[\p{L}][\p{L}'’-]*(?:\s+[\p{L}'’-]+){0,9}:\s*(?:about |more than |over |some )?\d/iu.test(line)) free++;
    context.freeBreaks.set(lineStart, free);
  }
  return high > lineStart ? free : 0;
}

/** `shared`: how many of the facts that compete for the figure share each signal key (see sharedAmong). */
function signalDistance(context: Context, signals: FactIndex, shared: Lookup<string, number>, sentence: Span, figure: Figure, fact: Fact): number {
  const { tokens } = context;
  const at = firstAtOrAfter(tokens, figure.numberStart);
  const after = Math.max(at, firstAtOrAfter(tokens, figure.end) - 1);
  const { first, end } = tokenRange(context, sentence);
  const last = end - 1;
  const skipUntil = describedGroupEnd(fact, figure, after);
  const timeLike = fact.kind === 'year' || fact.kind === 'date';
  const heading = (timeLike || fact.kind === 'weekday') && headsEntry(context.prose, figure);
  let best = Infinity;
  const phrases = signals.stems.get(fact) ?? [];
  const keys = signals.keys.get(fact) ?? [];
  // A sentence is a few dozen tokens and a fact has a signal or two: a scan for each signal's
  // first stem costs less than a map of where each stem stands (that map was a twentieth of a full analysis).
  for (let p = 0; p < phrases.length; p++) {
    const parts = phrases[p];
    const penalty = (shared.get(keys[p]) ?? 1) > 1 ? SHARED_SIGNAL_PENALTY : 0;
    for (let i = first; i <= last; i++) {
      if (context.stems[i] !== parts[0]) continue;
      if ((i >= at && i <= skipUntil) || isHedgeWord(context, i)) continue;
      const end = phraseEnd(context, i, parts, last);
      if (end === undefined) continue;
      if (!RELATIONAL.has(parts[0]) && namesReferenceEvent(tokens, Math.max(first, i - 4), i, at)) continue;
      if (negated(context, sentence, i, figure)) continue;
      if (describesWholeGroup(context, first, i)) continue;
      if ((timeLike || fact.kind === 'weekday') && isAttributive(tokens, i)) continue;
      if (i < at ? nearerFigureBefore(context, figure, tokens[i].end) : nearerFigureBetween(context, figure, figure.end, tokens[i].start)) continue;
      const distance = i < at
        ? tokenDistance(context, end, at, tokens[end].start, figure.numberStart)
        : tokenDistance(context, after, i, figure.end, tokens[i].start) + (timeLike ? AFTER_PENALTY : 0);
      // A timeline entry's date is the time of everything the entry says.
      best = Math.min(best, (heading ? Math.min(distance, ENTRY_HEADING_DISTANCE) : distance) + penalty);
    }
  }
  return best;
}

/**
 * "123 out, more than 1,200 still inside": a signal beyond another figure of the same shape is
 * that figure's, not this one's.
 */
function nearerFigureBetween(context: Context, figure: Figure, from: number, to: number): boolean {
  for (let k = firstAtOrAfter(context.figures, from); k < context.figures.length && context.figures[k].start < to; k++) {
    const other = context.figures[k];
    // "twelve of the 123 went to Lithuania": the group a part is of says nothing of its own.
    if (other !== figure && other.end <= to && sameShape(other, figure) && !PART_OF.test(context.prose.slice(figure.end, other.start))) return true;
  }
  return false;
}

/**
 * The same for a signal before the figure ("freed 123 prisoners, 114 of them to Ukraine"), except
 * where a name after the other figure starts a clause that shares the verb: "Znak received a
 * decade, Zolotova 11.5 years".
 */
function nearerFigureBefore(context: Context, figure: Figure, from: number): boolean {
  for (let k = firstAtOrAfter(context.figures, from); k < context.figures.length && context.figures[k].start < figure.start; k++) {
    const other = context.figures[k];
    if (other === figure || !sameShape(other, figure)) continue;
    const mention = context.mentions[firstAtOrAfter(context.mentions, other.end)];
    if (!mention || mention.start >= figure.start) return true;
  }
  return false;
}

const PART_OF = /^\s+of\s+(?:(?:the|those|these|all)\s+)?$/i;

function sameShape(a: Figure, b: Figure): boolean {
  return a.type === b.type && (a.unit === undefined) === (b.unit === undefined) && a.age === b.age;
}

/**
 * "On Sunday, four of the freed prisoners met reporters": a participle before a plural noun says
 * who the people are, not when the sentence's event happened, so it dates nothing.
 */
function isAttributive(tokens: readonly WordToken[], i: number): boolean {
  return ATTRIBUTIVE_BEFORE.has(tokens[i - 1]?.key ?? '') && /(?:ed|en)$/.test(tokens[i].key) && /s$/.test(tokens[i + 1]?.key ?? '');
}

const ATTRIBUTIVE_BEFORE = new Set(['the', 'those', 'these', 'newly', 'recently']);

const hedgeTokens = new WeakMap<Context, Set<number>>();

/** Is token i one of a figure's hedge words ("close to 1,500", "more than")? Those are never signals. */
function isHedgeWord(context: Context, i: number): boolean {
  let hedges = hedgeTokens.get(context);
  if (!hedges) {
    hedges = new Set();
    for (const figure of context.figures) {
      for (let k = firstAtOrAfter(context.tokens, figure.start); k < context.tokens.length && context.tokens[k].start < figure.numberStart; k++) hedges.add(k);
    }
    hedgeTokens.set(context, hedges);
  }
  return hedges.has(i);
}

/**
 * Where a signal phrase starting at token i ends, or undefined when it does not stand there.
 * A verb and its particle may take an object pronoun between them: "let him go" is "let go",
 * "picked her up" is "picked up".
 */
function phraseEnd(context: Context, i: number, parts: readonly string[], last: number): number | undefined {
  let at = i;
  for (let k = 0; k < parts.length; k++, at++) {
    if (k === 1 && parts.length === 2 && OBJECT_PRONOUNS.has(context.tokens[at]?.key ?? '') && context.stems[at + 1] === parts[1]) at++;
    if (at > last || context.stems[at] !== parts[k]) return undefined;
  }
  return at - 1;
}

/**
 * "not to Lithuania but to Ukraine", "Instead of being put across the border into Lithuania, …",
 * "rather than Vilnius": the signal names what did not happen. In another clause than the
 * figure's, a habit ("usually sent to Lithuania") or an attribution ("by early counts") is no
 * evidence either.
 */
function negated(context: Context, sentence: Span, i: number, figure: Figure): boolean {
  const { tokens } = context;
  const clause = clauseAround(context, sentence, tokens[i].start);
  // "who were not sent to Ukraine", "never taken to Lithuania": a negation up to three words before.
  for (let k = i - 1; k >= Math.max(0, i - 3) && tokens[k].start >= clause.start; k--) {
    if (NEGATIONS.has(tokens[k].key)) return true;
  }
  if (/^[\s*_"“]*(?:instead of|rather than)\b/i.test(context.prose.slice(clause.start, tokens[i].start))) return true;
  // "Lukashenko has usually sent freed opponents to Lithuania, but this time 104 …": a habit, not this event.
  const ownClause = figure.start >= clause.start && figure.start < clause.end;
  if (ownClause) return false;
  // "…, by early counts, …", "…, according to Viasna, …": whose figure it is, not what it counts.
  return HABITUAL.test(context.prose.slice(clause.start, clause.end)) || ATTRIBUTION.test(context.prose.slice(clause.start, tokens[i].start));
}

const ATTRIBUTION = /^[\s*_"“(]*(?:by|according to|per|in the words of)\b/i;

const NEGATIONS = new Set(['not', 'never', "n't", 'nt']);

const HABITUAL = /\b(?:usually|routinely|typically|normally|customarily|as a rule)\b/i;

const OBJECT_PRONOUNS = new Set(['him', 'her', 'them', 'it', 'us', 'me']);

/**
 * "a day after their release": a signal a few words after "after", "before", "since" or
 * "until" names the event the figure is measured from — unless the figure stands inside that
 * phrase itself ("after 132 people were freed", "before the 2020 vote").
 */
function namesReferenceEvent(tokens: readonly WordToken[], from: number, signal: number, figure: number): boolean {
  for (let r = signal - 1; r >= from; r--) {
    // "a month after the election and jailed in 2021": a new verb phrase ends the reference.
    if (tokens[r].key === 'and' || tokens[r].key === 'but') return false;
    if (RELATIONAL.has(tokens[r].key)) return !(r < figure && figure < signal);
  }
  return false;
}

/** How far any signal of a timeline entry stands from the date that heads it. */
const ENTRY_HEADING_DISTANCE = 8;

/** "- **December 14, 2025** — Four of them speak …": a date, year or weekday that heads a list entry. */
function headsEntry(prose: string, figure: Figure): boolean {
  const lineStart = prose.lastIndexOf('\n', figure.start - 1) + 1;
  return /^[\s\-*+>]*$/.test(prose.slice(lineStart, figure.start)) && /^[*_]*\s*(?:[\u2014\u2013:]|-\s)/.test(prose.slice(figure.end, figure.end + 6));
}

/**
 * "Most of the released detainees, 113 people, were driven into Ukraine": a signal inside "most
 * of the …" describes the whole group the figure is part of, not the figure.
 */
function describesWholeGroup(context: Context, first: number, at: number): boolean {
  // The last "of" of the four tokens before the signal, with a group word before it among them.
  const from = Math.max(first, at - 4);
  for (let r = at - 1; r >= from; r--) {
    if (context.tokens[r].key === 'of') return r > from && GROUP_WORDS.has(context.tokens[r - 1].key);
  }
  return false;
}

const GROUP_WORDS = new Set(['most', 'many', 'some', 'all', 'half', 'part', 'majority', 'rest', 'each', 'none', 'several', 'few']);

/**
 * Words right after the figure that only say what it counts ("132 political prisoners") or
 * which group it is part of ("104 of the released prisoners") are no signal of which fact it
 * is about: every fact counting that noun would share them. Returns the last such token.
 */
function describedGroupEnd(fact: Fact, figure: Figure, last: number): number {
  if (figure.following[0] === 'of' && PARTITIVE_DETERMINERS.has(figure.following[1] ?? '')) return last + 4;
  return last + countedNounLength(fact, figure.following);
}

const PARTITIVE_DETERMINERS = new Set(['the', 'those', 'them', 'these', 'all', 'his', 'her', 'their', 'its', 'our', 'my', 'your']);

function entityDistance(context: Context, sentence: Span, figure: Figure, entityId: string): number {
  const at = firstAtOrAfter(context.tokens, figure.numberStart);
  let best = Infinity;
  for (const mention of mentionsIn(context, sentence)) {
    if (mention.entityId !== entityId) continue;
    const before = mention.end <= figure.numberStart;
    const index = before ? firstAtOrAfter(context.tokens, mention.end) - 1 : firstAtOrAfter(context.tokens, mention.start);
    best = Math.min(best, before ? tokenDistance(context, index, at, mention.end, figure.numberStart) : tokenDistance(context, at, index, figure.end, mention.start));
  }
  return best;
}

interface TokenRange {
  /** The first token at or after the span's start. */
  readonly first: number;
  /** The first token at or after its end. */
  readonly end: number;
}

/** The tokens of a sentence, looked up once: every figure of it asks, once for each candidate fact. */
function tokenRange(context: Context, span: Span): TokenRange {
  let range = context.tokenRanges.get(span);
  if (!range) {
    range = { first: firstAtOrAfter(context.tokens, span.start), end: firstAtOrAfter(context.tokens, span.end) };
    context.tokenRanges.set(span, range);
  }
  return range;
}

/** The names that lie wholly inside a sentence, gathered once: every figure of the sentence asks for them several times. */
function mentionsIn(context: Context, sentence: Span): readonly NameMention[] {
  let found = context.sentenceMentions.get(sentence);
  if (!found) {
    found = within(context.mentions, sentence);
    context.sentenceMentions.set(sentence, found);
  }
  return found;
}

/** The items that lie wholly inside a span, from a list sorted by start. */
function within<T extends Span>(items: readonly T[], span: Span): T[] {
  const found: T[] = [];
  for (let i = firstAtOrAfter(items, span.start); i < items.length && items[i].start < span.end; i++) {
    if (items[i].end <= span.end) found.push(items[i]);
  }
  return found;
}


/** The candidate ranked first: the nearest, one about the subject before one that is not, then the earliest. */
function firstRanked(candidates: readonly Candidate[]): Candidate | undefined {
  let best: Candidate | undefined;
  for (const candidate of candidates) {
    if (!best || candidate.distance < best.distance || (candidate.distance === best.distance && candidate.subject && !best.subject)) best = candidate;
  }
  return best;
}

/**
 * The one fact clearly meant, or undefined when another stands about as close. Two facts that
 * give the same values (the same count reported for two dates) do not make a figure ambiguous.
 */
function clearTarget(candidates: readonly Candidate[]): Candidate | undefined {
  const best = firstRanked(candidates);
  if (!best || best.distance === Infinity) return undefined;
  // The nearest rival: the next in rank that gives other values.
  let rival = Infinity;
  for (const candidate of candidates) if (candidate !== best && candidate.distance < rival && !sameValues(candidate.fact, best.fact)) rival = candidate.distance;
  return rival - best.distance >= CLEAR_MARGIN ? best : undefined;
}

function sameValues(a: Fact, b: Fact): boolean {
  return a.values.length === b.values.length && a.values.every((value, i) => value.value === b.values[i].value && value.bound === b.values[i].bound);
}
