/**
 * Recognising names: every spelling in the dataset, longest match first, whole words only.
 * The index is a trie over folded word tokens, so matching costs the same whatever the number
 * of aliases. A name written with a capital in the dataset only matches a capitalised word.
 */
import type { Dataset, Entity } from './dataset/model';
import { isEnglishWord, isTitle } from './english';
import { foldSeparator, isCapitalised, wordTokens, type WordToken } from './text';

interface AliasEnd {
  readonly entityId: string;
  readonly alias: string;
  /** For each token of the alias: must the draft's word be capitalised? */
  readonly capitals: readonly boolean[];
}

interface TrieNode {
  readonly next: Map<string, TrieNode>;
  ends: AliasEnd[];
}

export interface NameIndex {
  readonly root: TrieNode;
  readonly aliasCount: number;
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
}

export function buildNameIndex(dataset: Dataset): NameIndex {
  const root: TrieNode = { next: new Map(), ends: [] };
  let aliasCount = 0;
  for (const entity of dataset.entities.values()) {
    for (const alias of spellings(entity)) {
      if (addAlias(root, entity.id, alias)) aliasCount++;
    }
  }
  return { root, aliasCount };
}

export function spellings(entity: Entity): string[] {
  return [...new Set([entity.name, ...entity.aliases])];
}

function addAlias(root: TrieNode, entityId: string, alias: string): boolean {
  const tokens = wordTokens(alias);
  if (tokens.length === 0) return false;
  let node = root;
  tokens.forEach((token, i) => {
    const key = i === 0 ? token.key : foldSeparator(alias.slice(tokens[i - 1].end, token.start)) + token.key;
    let child = node.next.get(key);
    if (!child) {
      child = { next: new Map(), ends: [] };
      node.next.set(key, child);
    }
    node = child;
  });
  if (node.ends.some((end) => end.entityId === entityId)) return false;
  const capitals = tokens.map((token) => isCapitalised(alias.slice(token.start, token.end)));
  node.ends.push({ entityId, alias, capitals });
  return true;
}

/** All name mentions in the prose, left to right, resolved where the draft makes it clear. */
export function findNames(prose: string, index: NameIndex, tokens: readonly WordToken[] = wordTokens(prose)): NameMention[] {
  const matches = matchAliases(prose, index, tokens).filter((match) => isPlausible(prose, tokens, match));
  return resolveSharedNames(prose, matches);
}

/** Verbs that may follow a name that is also an English word at the start of a sentence ("Memorial said"). */
const REPORTING_VERBS = new Set(['said', 'says', 'has', 'have', 'had', 'is', 'was', 'were', 'are', 'reported', 'reports', 'called', 'added', 'noted', 'urged', 'warned', 'announced', 'counts', 'counted', 'estimates', 'estimated', 'documented', 'published', 'confirmed', 'welcomed']);

/**
 * Is a spelling match really the dataset's entity, given the words around it? Not when it is
 * part of someone else's name ("Eduard Shevardnadze", "Viktor Lukashenko", "Donald Trump Jr."),
 * of a longer proper noun ("Memorial Day"), or an ordinary word that opens a sentence
 * ("Memorial services were banned").
 */
function isPlausible(prose: string, tokens: readonly WordToken[], match: RawMatch): boolean {
  const last = match.first + match.tokenCount - 1;
  const after = prose.slice(tokens[last].end, tokens[last].end + 6);
  if (/^,?\s(?:Jr|Sr)/.test(after)) return false;
  if (match.tokenCount > 1 || isTitleCaseLine(prose, match.start)) return true;
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
  return isCapitalised(prose.slice(token.start, token.end));
}

function startsSentence(prose: string, offset: number): boolean {
  return /(?:^|[.!?]["'”’)]*\s+|\n\s*(?:[-*+>#]+\s*)?)["'“‘(*_]*$/.test(prose.slice(Math.max(0, offset - 12), offset));
}

/** A heading, or a line where most words are capitalised: capitals there say nothing. */
function isTitleCaseLine(prose: string, offset: number): boolean {
  const lineStart = prose.lastIndexOf('\n', offset - 1) + 1;
  const lineEnd = prose.indexOf('\n', offset);
  const line = prose.slice(lineStart, lineEnd === -1 ? prose.length : lineEnd);
  if (/^\s*#/.test(line)) return true;
  const words = line.match(/\p{L}+/gu) ?? [];
  return words.length >= 3 && words.filter((word) => isCapitalised(word)).length / words.length > 0.6;
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
    const candidates = node.ends.filter((end) => capitalsAgree(prose, tokens, first, end)).map((end) => end.entityId);
    if (candidates.length > 0) {
      best = { start: tokens[first].start, end: tokens[j].end, candidates: [...new Set(candidates)], first, tokenCount: j - first + 1 };
    }
    j++;
    if (j >= tokens.length) break;
    const gap = prose.slice(tokens[j - 1].end, tokens[j].start);
    if (gap.length > 3 || gap.includes('\n\n')) break;
    node = node.next.get(foldSeparator(gap) + tokens[j].key);
  }
  return best;
}

function capitalsAgree(prose: string, tokens: readonly WordToken[], first: number, end: AliasEnd): boolean {
  return end.capitals.every((capital, k) => !capital || isCapitalised(prose.slice(tokens[first + k].start, tokens[first + k].end)));
}

/**
 * A spelling shared by several entities (a surname shared by father and son) names the one
 * most recently named in full before it; with none, it stays unresolved.
 */
function resolveSharedNames(prose: string, matches: readonly RawMatch[]): NameMention[] {
  const lastSeen = new Map<string, number>();
  return matches.map((match, order) => {
    let entityId: string | undefined;
    if (match.candidates.length === 1) {
      entityId = match.candidates[0];
    } else {
      const seen = match.candidates.filter((id) => lastSeen.has(id)).sort((a, b) => lastSeen.get(b)! - lastSeen.get(a)!);
      entityId = seen[0];
    }
    if (entityId && match.candidates.length === 1 && match.tokenCount > 1) lastSeen.set(entityId, order);
    return {
      start: match.start,
      end: match.end,
      text: prose.slice(match.start, match.end),
      candidates: match.candidates,
      entityId,
      possessive: /^['\u2019](?:s\b|(?!\p{L}))/u.test(prose.slice(match.end, match.end + 3)),
      fullName: match.tokenCount > 1,
    };
  });
}
