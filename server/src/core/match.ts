/**
 * Which fact is a figure about? The figure's own shape narrows the kind (an age, a duration in
 * years, a count of prisoners, a weekday); its sentence supplies the people and the signal words.
 * A figure is compared only when one fact is clearly meant; otherwise it stays unchecked, because
 * a false alarm costs more trust than a missed error.
 */
import type { Dataset, Fact, FactKind, FactValue } from './dataset/model';
import { agrees } from './compare';
import type { Figure } from './figures';
import { MONTH_NAMES } from './figures';
import type { NameMention } from './names';
import { foldForMatch, spanIndexAt, type Span, type WordToken } from './text';

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

export interface DraftContext {
  readonly prose: string;
  readonly dataset: Dataset;
  readonly sentences: readonly Span[];
  readonly tokens: readonly WordToken[];
  readonly mentions: readonly NameMention[];
  readonly figures: readonly Figure[];
}

/** Words that may follow a bare number without naming what it counts ("123 were freed"). */
const BARE_FOLLOWERS = new Set([
  'of', 'were', 'was', 'are', 'is', 'have', 'had', 'has', 'remain', 'remained', 'remains', 'who', 'which', 'that', 'in',
  'to', 'from', 'and', 'or', 'more', 'others', 'other', 'freed', 'released', 'more', 'still', 'had', 'will', 'would', 'now',
  'at', 'on', 'for', 'with', 'by', 'among', 'all', 'out', 'left', 'behind', 'being', 'been', 'be', 'others',
]);
const PRONOUNS = /\b(?:he|she|his|her|him|hers)\b/i;
const TEMPORAL_PREPOSITIONS = new Set(['in', 'since', 'until', 'till', 'by', 'before', 'after', 'during', 'from', 'of']);
const MONTH_WORD = /\b(January|February|March|April|June|July|August|September|October|November|December)\b/g;

export function checkFigures(context: DraftContext): FigureCheck[] {
  return context.figures.map((figure) => checkFigure(context, figure));
}

interface Candidate {
  readonly fact: Fact;
  /** Token distance from the figure to the nearest signal of the fact, or to its entity. */
  readonly distance: number;
  readonly subject: boolean;
}

function checkFigure(context: DraftContext, figure: Figure): FigureCheck {
  const kinds = candidateKinds(context, figure);
  const sentenceIndex = spanIndexAt(context.sentences, figure.start);
  if (kinds.length === 0 || sentenceIndex === -1) return unchecked(figure, 'Not a kind of figure the dataset records.');
  const sentence = context.sentences[sentenceIndex];
  const compatible = context.dataset.facts.filter((fact) => kinds.includes(fact.kind) && fitsShape(fact, figure));
  if (compatible.length === 0) return unchecked(figure, 'No fact in the dataset has this kind and unit.');
  const timely = compatible.filter((fact) => !otherTime(context, sentence, figure, fact));
  if (timely.length === 0) return unchecked(figure, 'The sentence is about another time than the facts of this kind.');

  const subjects = subjectsOf(context, sentence, figure);
  const relevant = relevantCandidates(context, sentence, figure, timely, subjects);
  if (relevant.length === 0) return unchecked(figure, 'No fact of this kind is clearly about this sentence.');

  const agreeing = relevant.filter((candidate) => candidate.fact.values.some((value) => agrees(figure, value)));
  if (agreeing.length > 0) {
    const best = rank(agreeing)[0];
    const values = best.fact.values.filter((value) => agrees(figure, value));
    const status = values.length < best.fact.values.length ? 'disputed' : 'agrees';
    return { figure, status, fact: best.fact, agreeing: values };
  }
  const target = clearTarget(relevant);
  if (!target) return unchecked(figure, `More than one fact could be meant: ${relevant.map((c) => c.fact.id).join(', ')}.`);
  return { figure, status: 'mismatch', fact: target.fact, agreeing: [] };
}

function unchecked(figure: Figure, reason: string): FigureCheck {
  return { figure, status: 'unchecked', agreeing: [], reason };
}

/** The kinds of fact a figure can be about, read off its shape and the words around it. */
function candidateKinds(context: DraftContext, figure: Figure): FactKind[] {
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
  if (isAppositiveAge(context, figure) || /^(?:who|which) (?:is|was|turned)$/.test(figure.preceding.slice(-2).join(' '))) return ['age'];
  return ['count'];
}

/** "Babaryka, 62, a former banker": a bare number set off by commas right after a person's name. */
function isAppositiveAge(context: DraftContext, figure: Figure): boolean {
  if (!/,\s*$/.test(context.prose.slice(Math.max(0, figure.start - 3), figure.start))) return false;
  if (!/^\s*[,;.\u2014)]/.test(context.prose.slice(figure.end, figure.end + 3)) && !/^\s*$/.test(context.prose.slice(figure.end, figure.end + 1))) return false;
  return personEndingAt(context, figure.start) !== undefined;
}

/** The person whose name ends just before offset (", " between). */
function personEndingAt(context: DraftContext, offset: number): string | undefined {
  const mention = context.mentions.find((m) => m.end <= offset && /^[\s,'’s]*$/.test(context.prose.slice(m.end, offset)));
  return mention?.entityId && isPerson(context.dataset, mention.entityId) ? mention.entityId : undefined;
}

function fitsShape(fact: Fact, figure: Figure): boolean {
  if (fact.kind === 'duration') return (fact.unit ?? 'year') === figure.unit;
  if (fact.kind !== 'count') return true;
  const nouns = figure.following;
  if (nouns.length === 0 || BARE_FOLLOWERS.has(nouns[0])) return true;
  return countsMatch(fact, nouns);
}

/** Does one of the fact's counted nouns stand among the first words after the figure? */
function countsMatch(fact: Fact, following: readonly string[]): boolean {
  const stems = following.map(stem);
  return fact.counts.some((noun) => {
    const nounStems = noun.split(/\s+/).map((word) => stem(foldForMatch(word)));
    for (let at = 0; at <= Math.min(2, stems.length - nounStems.length); at++) {
      if (nounStems.every((s, k) => stems[at + k] === s)) return true;
    }
    return false;
  });
}

/** A crude stem so that "sentenced", "sentence" and "sentences" meet. */
export function stem(word: string): string {
  const stripped = word.replace(/'s$/, '').replace(/(?:ing|ed|es|e|s|d)$/, '');
  return stripped.length >= 3 ? stripped : word;
}

/** Is the figure's sentence about another time than the fact ("in June", "since July 2024")? */
function otherTime(context: DraftContext, sentence: Span, figure: Figure, fact: Fact): boolean {
  if (!fact.when) return false;
  const [year, month] = fact.when.split('-').map(Number);
  const text = context.prose.slice(sentence.start, sentence.end);
  for (const match of text.matchAll(MONTH_WORD)) {
    const at = sentence.start + match.index!;
    if (at >= figure.start && at < figure.end) continue;
    if (month !== undefined && MONTH_NAMES.indexOf(match[1].toLowerCase()) + 1 !== month) return true;
  }
  for (const other of context.figures) {
    if (other === figure || other.start < sentence.start || other.end > sentence.end) continue;
    if (other.type === 'date' && other.date?.year !== undefined && other.date.year !== year) return true;
    if (other.type === 'year' && other.value !== year && TEMPORAL_PREPOSITIONS.has(other.preceding[other.preceding.length - 1] ?? '')) return true;
  }
  return false;
}

/** Who the figure is about: the person it is set against, the people of its sentence, or the one a pronoun refers to. */
function subjectsOf(context: DraftContext, sentence: Span, figure: Figure): Set<string> {
  const appositive = personEndingAt(context, figure.start);
  if (appositive && isAppositiveAge(context, figure)) return new Set([appositive]);
  const inSentence = context.mentions.filter(
    (m) => m.start >= sentence.start && m.end <= sentence.end && m.entityId && isPerson(context.dataset, m.entityId),
  );
  if (inSentence.length > 0) return new Set(inSentence.map((m) => m.entityId!));
  if (!PRONOUNS.test(context.prose.slice(sentence.start, sentence.end))) return new Set();
  const previous = [...context.mentions].reverse().find((m) => m.end <= sentence.start && m.entityId && isPerson(context.dataset, m.entityId));
  return previous ? new Set([previous.entityId!]) : new Set();
}

function isPerson(dataset: Dataset, entityId: string): boolean {
  return dataset.entities.get(entityId)?.kind === 'person';
}

/**
 * The facts a figure may be about: a person's fact only when the person is the figure's subject,
 * any other fact only when its signal words or its entity stand in the sentence. An age needs no
 * signal (a person has one age); every other fact does.
 */
function relevantCandidates(context: DraftContext, sentence: Span, figure: Figure, facts: readonly Fact[], subjects: Set<string>): Candidate[] {
  const figureToken = tokenIndexAt(context.tokens, figure.numberStart);
  const first = tokenIndexAt(context.tokens, sentence.start);
  const last = tokenIndexAt(context.tokens, sentence.end) - 1;
  const candidates: Candidate[] = [];
  for (const fact of facts) {
    const person = isPerson(context.dataset, fact.about);
    if (person && !subjects.has(fact.about)) continue;
    if (!person && subjects.size > 0 && !fact.signals.length) continue;
    const signalDistance = nearestSignal(context.tokens, first, last, figureToken, figure, fact.signals);
    const entityDistance = person ? Infinity : nearestEntity(context, sentence, figureToken, fact.about);
    const distance = Math.min(signalDistance, entityDistance);
    if (distance === Infinity && fact.kind !== 'age') continue;
    candidates.push({ fact, distance: fact.kind === 'age' ? Math.min(distance, 1) : distance, subject: person });
  }
  return candidates;
}

function tokenIndexAt(tokens: readonly WordToken[], offset: number): number {
  let low = 0;
  let high = tokens.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (tokens[mid].start < offset) low = mid + 1;
    else high = mid;
  }
  return low;
}

function nearestSignal(tokens: readonly WordToken[], first: number, last: number, at: number, figure: Figure, signals: readonly string[]): number {
  let best = Infinity;
  for (const signal of signals) {
    const parts = signal.split(/\s+/).map((word) => stem(foldForMatch(word)));
    for (let i = first; i + parts.length - 1 <= last; i++) {
      if (tokens[i].start >= figure.numberStart && tokens[i].start < figure.numberEnd) continue;
      if (!parts.every((part, k) => stem(tokens[i + k].key) === part)) continue;
      const distance = i < at ? at - (i + parts.length - 1) : i - at;
      best = Math.min(best, distance);
    }
  }
  return best;
}

function nearestEntity(context: DraftContext, sentence: Span, at: number, entityId: string): number {
  let best = Infinity;
  for (const mention of context.mentions) {
    if (mention.entityId !== entityId || mention.start < sentence.start || mention.end > sentence.end) continue;
    best = Math.min(best, Math.abs(tokenIndexAt(context.tokens, mention.start) - at));
  }
  return best;
}

function rank(candidates: readonly Candidate[]): Candidate[] {
  return [...candidates].sort((a, b) => Number(b.subject) - Number(a.subject) || a.distance - b.distance);
}

/** Tokens by which the nearest fact must beat the next before a disagreement is reported. */
const CLEAR_MARGIN = 3;

/** The one fact clearly meant, or undefined when two stand about as close. */
function clearTarget(candidates: readonly Candidate[]): Candidate | undefined {
  const [best, second] = rank(candidates);
  if (!second) return best;
  if (best.subject !== second.subject) return best;
  return second.distance - best.distance >= CLEAR_MARGIN ? best : undefined;
}
