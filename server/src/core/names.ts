/**
 * Recognising names: every spelling in the dataset, longest match first, whole words only.
 * The index is a trie over folded word tokens, so matching costs the same whatever the number
 * of aliases. A name written with a capital in the dataset only matches a capitalised word.
 */
import { allSteps } from './steps';
import type { Dataset, Entity } from './dataset/model';
import { isEnglishWord, isTitle } from './english';
import { RunningHash } from './hash';
import { deletionNeighbours, editDistance, givenNameKey, romanisationKey } from './variants';
import { capitalisedRuns, foldSeparator, isCapitalisedAt, isSpace, letterRuns, TrailingWordPattern, wordTokens, type WordToken } from './text';

export interface AliasEnd {
  readonly entityId: string;
  readonly alias: string;
  /** For each token of the alias: must the draft's word be capitalised? */
  readonly capitals: readonly boolean[];
}

export interface TrieNode {
  /** The tokens that can follow; a node nothing follows has the one shared empty map, never written to. */
  next: Map<string, TrieNode>;
  /** The spellings that end here; a node none ends at has the one shared empty list, never written to. */
  ends: AliasEnd[];
}

export const NO_NEXT: Map<string, TrieNode> = new Map();
export const NO_ENDS: AliasEnd[] = [];

export interface NameIndex {
  readonly root: TrieNode;
  readonly aliasCount: number;
  /** People by the romanisation key of their surname, for spellings the dataset does not list. */
  readonly surnames: ReadonlyMap<string, readonly string[]>;
  /** Each person's given names, by given-name key. */
  readonly givenNames: ReadonlyMap<string, ReadonlySet<string>>;
  /** People's surname keys by each of their deletion neighbours, for "did you mean". */
  readonly nearPersonKeys: ReadonlyMap<string, readonly string[]>;
}

/** A capitalised word close to a known surname but not accepted as it: "did you mean". */
export interface NameSuggestion {
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly entityId: string;
}

export interface NameMention {
  readonly start: number;
  readonly end: number;
  /** The spelling the draft used. */
  readonly text: string;
  /** Every entity this spelling may name (two for a shared surname). */
  readonly candidates: readonly string[];
  /** The entity meant, when it is clear. */
  readonly entityId?: string;
  /** Followed by 's or ’s. */
  readonly possessive: boolean;
  /** Did the draft use more than one word (a full name)? */
  readonly fullName: boolean;
  /** A spelling the dataset does not list, recognised from its romanisation. */
  readonly variant: boolean;
}

export function buildNameIndex(dataset: Dataset): NameIndex {
  return allSteps(nameIndexSteps(dataset));
}

/** Entities (or surname keys) indexed per step of nameIndexSteps. */
const STEP_SIZE = 2000;

/**
 * Name indexes by what they were built from (nameIndexInputKey), while some dataset still uses
 * them: a dataset rebuilt after an edit to its facts alone has the same people and spellings, and
 * building the index again would cost seconds at newsroom scale.
 */
const indexesByInput = new Map<string, WeakRef<NameIndex>>();

/**
 * Builds the name index in steps of a few thousand entities: a caller that runs one step per
 * turn of its event loop is never blocked for long by a large dataset. A dataset whose entities
 * have the same ids, kinds and spellings, in the same order, as one indexed before gets that index.
 *
 * `stored`: the dataset's input key (nameIndexInputKey), and the index built from that input by
 * this code that the caller kept (the parse cache, see nameIndexPacking.ts), if any: it is taken
 * instead of building one.
 */
export function* nameIndexSteps(dataset: Dataset, stored?: { readonly key: string; readonly index?: NameIndex }): Generator<void, NameIndex, void> {
  const input = stored?.key ?? (yield* nameIndexInputKey(dataset));
  const known = knownNameIndex(input) ?? stored?.index;
  const index = known ?? (yield* buildNameIndexSteps(dataset));
  indexesByInput.set(input, new WeakRef(index));
  yield;
  // Worked out while preparing, not on the first draft's analysis (a pass over every surname key).
  phraseOpenings(index);
  return index;
}

/** The index built from this input (see nameIndexInputKey) while some dataset still uses it. */
export function knownNameIndex(input: string): NameIndex | undefined {
  for (const [key, ref] of indexesByInput) if (ref.deref() === undefined) indexesByInput.delete(key);
  return indexesByInput.get(input)?.deref();
}

/**
 * What the name index of a dataset is built from, hashed (see RunningHash): every entity's id,
 * kind and spellings, in order.
 */
export function* nameIndexInputKey(dataset: Dataset): Generator<void, string, void> {
  const hash = new RunningHash();
  let done = 0;
  for (const entity of dataset.entities.values()) {
    hash.mix(entity.id).mix(entity.kind);
    for (const alias of spellings(entity)) hash.mix(alias);
    hash.mix('');
    if (++done % STEP_SIZE === 0) yield;
  }
  return hash.key();
}

function* buildNameIndexSteps(dataset: Dataset): Generator<void, NameIndex, void> {
  const root: TrieNode = { next: new Map(), ends: NO_ENDS };
  const surnames = new Map<string, string[]>();
  const givenNames = new Map<string, Set<string>>();
  // Words recur across spellings (a surname alone is an alias too; given names are shared): their
  // keys are remembered for this build, whatever the bound of romanisationKey's own cache.
  const keys = new Map<string, string>();
  const keyOf = (word: string): string => {
    let key = keys.get(word);
    if (key === undefined) keys.set(word, (key = romanisationKey(word)));
    return key;
  };
  const capitals = new Map<string, readonly boolean[]>();
  let aliasCount = 0;
  let done = 0;
  for (const entity of dataset.entities.values()) {
    for (const alias of spellings(entity)) {
      if (addAlias(root, entity.id, alias, capitals)) aliasCount++;
      if (entity.kind === 'person') indexPersonName(entity.id, alias, surnames, givenNames, keyOf);
      else indexOtherName(entity.id, alias, surnames, keyOf);
    }
    if (++done % STEP_SIZE === 0) yield;
  }
  const nearPersonKeys = new Map<string, string[]>();
  for (const [key, ids] of surnames) {
    if (++done % STEP_SIZE === 0) yield;
    if (key.length < 5 || ids.length !== 1 || dataset.entities.get(ids[0])?.kind !== 'person') continue;
    for (const neighbour of deletionNeighbours(key)) {
      const list = nearPersonKeys.get(neighbour);
      if (list) list.push(key);
      else nearPersonKeys.set(neighbour, [key]);
    }
  }
  return { root, aliasCount, surnames, givenNames, nearPersonKeys };
}

/** The words of a spelling, split at white space. */
function wordsOf(spelling: string): string[] {
  return spelling.split(/\s+/).filter(Boolean);
}

/**
 * An organisation's or place's spelling by its key, word by word ("Nasha Niva" → "nasha nava"), so
 * that "Naša Niva", "Vyasna" or "Chernigov" are found too.
 */
function indexOtherName(entityId: string, spelling: string, keys: Map<string, string[]>, keyOf: (word: string) => string): void {
  const key = wordsOf(spelling).map(keyOf).join(' ');
  if (key.replace(/ /g, '').length < 5) return;
  addOnce(keys, key, entityId);
}

/**
 * Adds the entity to the key's list unless it is there. An entity's spellings are indexed one
 * after another, so it can only be the list's last: a key shared by thousands of entities (a
 * common surname) costs no look through the list, which made indexing quadratic in them.
 */
function addOnce(lists: Map<string, string[]>, key: string, entityId: string): void {
  const list = lists.get(key);
  if (!list) lists.set(key, [entityId]);
  else if (list[list.length - 1] !== entityId) list.push(entityId);
}

/** A person's surname key and given-name keys, from one of their spellings. */
function indexPersonName(
  entityId: string,
  spelling: string,
  surnames: Map<string, string[]>,
  givenNames: Map<string, Set<string>>,
  keyOf: (word: string) => string,
): void {
  const words = wordsOf(spelling);
  const surname = keyOf(words[words.length - 1]);
  if (surname.length >= 4) addOnce(surnames, surname, entityId);
  if (words.length > 1) {
    let given = givenNames.get(entityId);
    if (!given) givenNames.set(entityId, (given = new Set<string>()));
    given.add(givenNameKey(words[0]));
  }
}

/** An entity's name and aliases, each once, in that order. */
export function spellings(entity: Entity): string[] {
  const { name, aliases } = entity;
  if (aliases.length === 0) return [name];
  // Few aliases, usually all different: looked through rather than put in a set.
  const all = [name];
  for (const alias of aliases) if (!all.includes(alias)) all.push(alias);
  return all;
}

/**
 * Adds a spelling to the trie; false when the entity already had it. `capitals` holds one copy of
 * each capitalisation pattern ([true, true] for most names), shared by all spellings that have it.
 */
function addAlias(root: TrieNode, entityId: string, alias: string, capitals: Map<string, readonly boolean[]>): boolean {
  const tokens = wordTokens(alias);
  if (tokens.length === 0) return false;
  let node = root;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    const key = i === 0 ? token.key : foldSeparator(alias.slice(tokens[i - 1].end, token.start)) + token.key;
    let child = node.next.get(key);
    if (!child) {
      child = { next: NO_NEXT, ends: NO_ENDS };
      if (node.next === NO_NEXT) node.next = new Map();
      node.next.set(key, child);
    }
    node = child;
  }
  // The entity's spellings are added one after another: if it has this one already, it is the last end.
  if (node.ends[node.ends.length - 1]?.entityId === entityId) return false;
  let pattern = '';
  for (const token of tokens) pattern += isCapitalisedAt(alias, token.start) ? '1' : '0';
  let shared = capitals.get(pattern);
  if (!shared) capitals.set(pattern, (shared = Object.freeze([...pattern].map((bit) => bit === '1'))));
  const end: AliasEnd = { entityId, alias, capitals: shared };
  if (node.ends === NO_ENDS) node.ends = [end];
  else node.ends.push(end);
  return true;
}

/** All name mentions in the prose, left to right, resolved where the draft makes it clear. */
export function findNames(prose: string, index: NameIndex, tokens: readonly WordToken[] = wordTokens(prose)): NameMention[] {
  return resolveNames(prose, findNameMatches(prose, index, tokens));
}

/** A name found by one of its spellings or by its romanisation, before shared names are resolved. */
export type NameMatch = Pick<RawMatch, 'start' | 'end' | 'candidates' | 'tokenCount' | 'variant'> & {
  /** Followed by 's: read where the match is found, so that resolving the names of the whole draft again runs no pattern. */
  readonly possessive: boolean;
};

/**
 * The names in the prose, left to right, unresolved. What decides a match lies within a few
 * words of it (never across a blank line), which lets the analysis reuse a paragraph's matches.
 */
/** `runs`: the prose's runs of letters (letterRuns), when the caller has them. */
export function findNameMatches(prose: string, index: NameIndex, tokens: readonly WordToken[], runs = letterRuns(prose)): NameMatch[] {
  const listed = matchAliases(prose, index, tokens).map((match) => withVariantGivenName(prose, index, tokens, match));
  const titleCase = titleCaseLines(prose, runs);
  const matches = [...listed.filter((match) => isPlausible(prose, tokens, match, titleCase)), ...variantMatches(prose, index, tokens, listed)];
  return matches.sort((a, b) => a.start - b.start).map((match) => ({
    start: match.start,
    end: match.end,
    candidates: match.candidates,
    tokenCount: match.tokenCount,
    variant: match.variant,
    possessive: isPossessiveAt(prose, match.end),
  }));
}

/** Does 's or ’s (or a bare apostrophe after a plural) follow? The pattern only after an apostrophe: most names have none. */
function isPossessiveAt(prose: string, end: number): boolean {
  const unit = prose.charCodeAt(end);
  return (unit === 0x27 || unit === 0x2019) && /^['\u2019](?:s\b|(?!\p{L}))/u.test(prose.slice(end, end + 3));
}

/** Mentions from matches: a shared spelling resolved by the names around it, anywhere in the draft. */
export function resolveNames(prose: string, matches: readonly NameMatch[]): NameMention[] {
  return resolveSharedNames(prose, matches);
}

/**
 * "Maxim Znak": a listed surname after a given name that is a variant of the person's own
 * ("Maksim") is a full name of that person, not someone else's.
 */
function withVariantGivenName(prose: string, index: NameIndex, tokens: readonly WordToken[], match: RawMatch): RawMatch {
  const previous = tokens[match.first - 1];
  if (match.tokenCount !== 1 || !previous || prose.slice(previous.end, match.start) !== ' ' || !isCapitalisedToken(prose, previous)) return match;
  const key = givenNameKey(prose.slice(previous.start, previous.end));
  const candidates = match.candidates.filter((id) => index.givenNames.get(id)?.has(key));
  if (candidates.length === 0) return match;
  return { ...match, start: previous.start, first: match.first - 1, tokenCount: 2, candidates, variant: true };
}

/**
 * Spellings the dataset does not list ("Svetlana Tikhanovskaya", "Zalatava", "Belyatsky"): a
 * capitalised word that is not an English word and whose romanisation key is a person's
 * surname key, with the given name before it when that is one of the person's.
 */
function variantMatches(prose: string, index: NameIndex, tokens: readonly WordToken[], listed: readonly RawMatch[]): RawMatch[] {
  const covered = new TokenSet(tokens.length);
  for (const match of listed) for (let k = 0; k < match.tokenCount; k++) covered.add(match.first + k);
  const found: RawMatch[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const phrase = phraseVariantAt(prose, index, tokens, i, covered);
    if (phrase) {
      found.push(phrase);
      for (let k = 0; k < phrase.tokenCount; k++) covered.add(i + k);
      i += phrase.tokenCount - 1;
      continue;
    }
    const candidates = surnameVariantOf(prose, index, tokens[i], covered.has(i));
    if (!candidates) continue;
    const previous = tokens[i - 1];
    const withGiven = previous && !covered.has(i - 1) && prose.slice(previous.end, tokens[i].start) === ' ' && isCapitalisedToken(prose, previous)
      ? candidates.filter((id) => index.givenNames.get(id)?.has(givenNameKey(prose.slice(previous.start, previous.end))))
      : [];
    if (withGiven.length > 0) found.push({ start: previous.start, end: tokens[i].end, candidates: withGiven, first: i - 1, tokenCount: 2, variant: true });
    else if (!previous || prose.slice(previous.end, tokens[i].start) !== ' ' || !isCapitalisedToken(prose, previous) || isTitle(previous.key) || covered.has(i - 1)) {
      found.push({ start: tokens[i].start, end: tokens[i].end, candidates: [...candidates], first: i, tokenCount: 1, variant: true });
    }
  }
  return found;
}

/** Token indexes of a draft, as a set: a byte per token, where a Set of numbers would cost a hash per token. */
class TokenSet {
  private readonly members: Uint8Array;
  constructor(tokenCount: number) {
    this.members = new Uint8Array(tokenCount);
  }
  add(i: number): void {
    this.members[i] = 1;
  }
  has(i: number): boolean {
    return this.members[i] === 1;
  }
}

/** A name of several words spelled another way ("Naša Niva", "Centre for Civil Liberties"). */
function phraseVariantAt(prose: string, index: NameIndex, tokens: readonly WordToken[], first: number, covered: TokenSet): RawMatch | undefined {
  if (covered.has(first) || !isCapitalisedToken(prose, tokens[first])) return undefined;
  // A key of several words starts with its first word's key: a word no such key starts with starts no name.
  if (!phraseOpenings(index).has(romanisationKey(prose.slice(tokens[first].start, tokens[first].end)))) return undefined;
  for (let count = 4; count >= 2; count--) {
    const last = first + count - 1;
    if (last >= tokens.length || covered.has(last)) continue;
    const span = prose.slice(tokens[first].start, tokens[last].end);
    if (span.length > 60 || /[.,;:!?\n]/.test(span) || !isCapitalisedToken(prose, tokens[last])) continue;
    const key = tokens.slice(first, last + 1).map((token) => romanisationKey(prose.slice(token.start, token.end))).join(' ');
    const candidates = index.surnames.get(key);
    if (candidates) return { start: tokens[first].start, end: tokens[last].end, candidates: [...candidates], first, tokenCount: count, variant: true };
  }
  return undefined;
}

const openingsOf = new WeakMap<NameIndex, ReadonlySet<string>>();

/**
 * The first words of the index's keys of several words (a word's key never holds a space), worked
 * out once per index: nearly every capitalised word of a draft opens none, and is then spared
 * the keys of the three phrases it could open.
 */
function phraseOpenings(index: NameIndex): ReadonlySet<string> {
  let openings = openingsOf.get(index);
  if (!openings) {
    const found = new Set<string>();
    for (const key of index.surnames.keys()) {
      const space = key.indexOf(' ');
      if (space !== -1) found.add(key.slice(0, space));
    }
    openingsOf.set(index, (openings = found));
  }
  return openings;
}

/** The people a word may be a surname variant of, or undefined. */
function surnameVariantOf(prose: string, index: NameIndex, token: WordToken, covered: boolean): readonly string[] | undefined {
  // The capital first: it is read from one character, where the English word list is a lookup of the whole word.
  if (covered || token.end - token.start < 4 || !isCapitalisedAt(prose, token.start) || isEnglishWord(token.key)) return undefined;
  const text = prose.slice(token.start, token.end);
  if (/\d/.test(text)) return undefined;
  return index.surnames.get(romanisationKey(text));
}

/** Capitalised words one letter away from a person's known surname: worth a "did you mean", never a name. */
export function nameSuggestions(prose: string, index: NameIndex, tokens: readonly WordToken[], mentions: readonly { readonly start: number; readonly end: number }[]): NameSuggestion[] {
  const suggestions: NameSuggestion[] = [];
  let next = 0;
  for (const token of tokens) {
    while (next < mentions.length && mentions[next].end <= token.start) next++;
    if (next < mentions.length && mentions[next].start <= token.start) continue;
    if (token.end - token.start < 5 || !isCapitalisedAt(prose, token.start) || isEnglishWord(token.key)) continue;
    const text = prose.slice(token.start, token.end);
    if (startsSentenceOnly(prose, token)) continue;
    const key = romanisationKey(text);
    if (key.length < 5 || index.surnames.has(key)) continue;
    const surname = nearSurname(index, key);
    if (surname) suggestions.push({ start: token.start, end: token.end, text, entityId: index.surnames.get(surname)![0] });
  }
  return suggestions;
}

/** The first known surname key one edit from a key, looked up through the key's deletion neighbours. */
function nearSurname(index: NameIndex, key: string): string | undefined {
  for (const neighbour of deletionNeighbours(key)) {
    for (const candidate of index.nearPersonKeys.get(neighbour) ?? []) if (editDistance(key, candidate) === 1) return candidate;
  }
  return undefined;
}

/** Capitals at the start of a sentence say nothing about a word. */
function startsSentenceOnly(prose: string, token: WordToken): boolean {
  return startsSentence(prose, token.start);
}

/** Verbs that may follow a name that is also an English word at the start of a sentence ("Memorial said"). */
const REPORTING_VERBS = new Set(['said', 'says', 'has', 'have', 'had', 'is', 'was', 'were', 'are', 'reported', 'reports', 'called', 'added', 'noted', 'urged', 'warned', 'announced', 'counts', 'counted', 'estimates', 'estimated', 'documented', 'published', 'confirmed', 'welcomed']);

/**
 * Is a spelling match really the dataset's entity, given the words around it? Not when it is
 * part of someone else's name ("Eduard Shevardnadze", "Viktor Lukashenko", "Donald Trump Jr."),
 * of a longer proper noun ("Memorial Day"), or an ordinary word that opens a sentence
 * ("Memorial services were banned").
 */
function isPlausible(prose: string, tokens: readonly WordToken[], match: RawMatch, isTitleCaseLine: (offset: number) => boolean): boolean {
  const last = match.first + match.tokenCount - 1;
  const after = prose.slice(tokens[last].end, tokens[last].end + 6);
  if ((after.startsWith(',') || isSpace(after.charCodeAt(0))) && /^,?\s(?:Jr|Sr)\b/.test(after)) return false;
  if (match.tokenCount > 1 || isTitleCaseLine(match.start)) return true;
  const next = tokens[last + 1];
  if (next && prose.slice(tokens[last].end, next.start) === ' ' && isCapitalisedToken(prose, next) && !match.nextIsName) return false;
  const previous = tokens[match.first - 1];
  if (previous && prose.slice(previous.end, match.start) === ' ' && isCapitalisedToken(prose, previous) && !match.previousIsName && !isTitle(previous.key)) return false;
  if (isEnglishWord(tokens[match.first].key) && startsSentence(prose, match.start)) {
    return !next || /^[,;:.]/.test(prose.slice(tokens[last].end).trimStart()) || REPORTING_VERBS.has(next.key);
  }
  return true;
}

function isCapitalisedToken(prose: string, token: WordToken): boolean {
  return isCapitalisedAt(prose, token.start);
}

function startsSentence(prose: string, offset: number): boolean {
  return /(?:^|[.!?]["'”’)]*\s+|\n\s*(?:[-*+>#]+\s*)?)["'“‘(*_]*$/.test(prose.slice(Math.max(0, offset - 12), offset));
}

/**
 * Is the line at an offset a heading, or a line where most words are capitalised (capitals there
 * say nothing)? Each line is read once however many names it holds, so a long line costs linear time.
 */
function titleCaseLines(prose: string, runs: Int32Array): (offset: number) => boolean {
  // The last line read: offsets come left to right, so most questions are about it.
  let start = -1;
  let end = -1;
  let titleCase = false;
  return (offset) => {
    if (offset >= start && offset < end) return titleCase;
    start = prose.lastIndexOf('\n', offset - 1) + 1;
    const lineEnd = prose.indexOf('\n', offset);
    end = lineEnd === -1 ? prose.length : lineEnd;
    titleCase = /^\s*#/.test(prose.slice(start, end)) || mostlyCapitalised(prose, runs, start, end);
    return titleCase;
  };
}

/** Does a line have three words or more (runs of letters), more than 60 % of them capitalised? */
function mostlyCapitalised(prose: string, letterRuns: Int32Array, start: number, end: number): boolean {
  const { runs, capitalised } = capitalisedRuns(prose, letterRuns, start, end);
  return runs >= 3 && capitalised / runs > 0.6;
}

interface RawMatch {
  start: number;
  end: number;
  candidates: string[];
  /** Index of the match's first token, and how many tokens it spans. */
  first: number;
  tokenCount: number;
  /** Is the word before (after) the match itself part of a recognised name? */
  previousIsName?: boolean;
  nextIsName?: boolean;
  /** Not a listed spelling: recognised from its romanisation. */
  variant?: boolean;
}

function matchAliases(prose: string, index: NameIndex, tokens: readonly WordToken[]): RawMatch[] {
  const matches: RawMatch[] = [];
  let i = 0;
  while (i < tokens.length) {
    const match = longestMatchAt(prose, index, tokens, i);
    if (match) {
      const previous = matches[matches.length - 1];
      if (previous && previous.first + previous.tokenCount === match.first) {
        previous.nextIsName = true;
        match.previousIsName = true;
      }
      matches.push(match);
      i += match.tokenCount;
    } else {
      i++;
    }
  }
  return matches;
}

function longestMatchAt(prose: string, index: NameIndex, tokens: readonly WordToken[], first: number): RawMatch | undefined {
  let node = index.root.next.get(tokens[first].key);
  let best: RawMatch | undefined;
  let j = first;
  while (node) {
    const candidates = agreeingEntities(prose, tokens, first, node.ends);
    if (candidates.length > 0) best = { start: tokens[first].start, end: tokens[j].end, candidates, first, tokenCount: j - first + 1 };
    j++;
    if (j >= tokens.length) break;
    const gap = prose.slice(tokens[j - 1].end, tokens[j].start);
    if (gap.length > 3 || gap.includes('\n\n')) break;
    node = node.next.get(foldSeparator(gap) + tokens[j].key);
  }
  return best;
}

/**
 * The entities of the spellings ending here whose capitals the text has. Each entity ends at a
 * node at most once (addAlias), so none is listed twice. Spellings share a few capitalisation
 * patterns (one array each), and the ends of a common surname mostly have the same one: the
 * text is looked at once per run of a pattern, not once per entity (a surname shared by
 * thousands of people).
 */
function agreeingEntities(prose: string, tokens: readonly WordToken[], first: number, ends: readonly AliasEnd[]): string[] {
  const entities: string[] = [];
  let pattern: readonly boolean[] | undefined;
  let agrees = false;
  for (const end of ends) {
    if (end.capitals !== pattern) {
      pattern = end.capitals;
      agrees = pattern.every((capital, k) => !capital || isCapitalisedAt(prose, tokens[first + k].start));
    }
    if (agrees) entities.push(end.entityId);
  }
  return entities;
}

/**
 * A spelling shared by several entities (a surname shared by father and son) names the one
 * most recently named in full before it; with none, it stays unresolved.
 */
/** How far after a shared surname its full name may stand, when none stood before it. */
const LOOKAHEAD = 600;

/** The entity of the first full name within LOOKAHEAD after a shared spelling, that the spelling may name. */
function fullNameSoonAfter(prose: string, matches: readonly NameMatch[], order: number): string | undefined {
  const match = matches[order];
  for (let k = order + 1; k < matches.length && matches[k].start - match.end < LOOKAHEAD; k++) {
    const later = matches[k];
    if (namesInFull(later) && !introducedAsRelative(prose, later) && match.candidates.includes(later.candidates[0])) return later.candidates[0];
  }
  return undefined;
}

/** Does this match name one person in full? */
function namesInFull(match: NameMatch): boolean {
  return match.tokenCount > 1 && match.candidates.length === 1;
}

function introducedAsRelative(prose: string, match: NameMatch): boolean {
  return RELATIVE_BEFORE.test(prose.slice(Math.max(0, match.start - 16), match.start));
}

const RELATIVE_BEFORE = new TrailingWordPattern(/\b(?:son|daughter|father|mother|brother|sister|wife|husband|nephew|niece)\s*,?\s*$/i, [
  'son', 'daughter', 'father', 'mother', 'brother', 'sister', 'wife', 'husband', 'nephew', 'niece',
]);

/** For the tests: it must give what its pattern gives. */
export const TRAILING_WORD_PATTERNS = [RELATIVE_BEFORE];

/**
 * "His son Eduard Babaryka remains in prison. Babaryka, 61, said …" may mean either: once a full
 * name is introduced as a relative ("his son", "the banker's son,") of someone already named,
 * the shared surname stays open until one of them is named in full again.
 */
function resolveSharedNames(prose: string, matches: readonly NameMatch[]): NameMention[] {
  const lastSeen = new Map<string, number>();
  let contested = false;
  return matches.map((match, order) => {
    let entityId: string | undefined;
    if (match.candidates.length === 1) {
      entityId = match.candidates[0];
    } else if (!contested || !match.candidates.every((id) => lastSeen.has(id))) {
      const seen = match.candidates.filter((id) => lastSeen.has(id)).sort((a, b) => lastSeen.get(b)! - lastSeen.get(a)!);
      // No one named in full yet (a headline before the story): the first full name soon after it.
      entityId = seen[0] ?? fullNameSoonAfter(prose, matches, order);
    }
    if (entityId && namesInFull(match)) {
      contested = introducedAsRelative(prose, match) && lastSeen.size > 0;
      lastSeen.set(entityId, order);
    }
    return {
      start: match.start,
      end: match.end,
      text: prose.slice(match.start, match.end),
      candidates: match.candidates,
      entityId,
      possessive: match.possessive,
      fullName: match.tokenCount > 1,
      variant: match.variant === true,
    };
  });
}
