/**
 * Spellings the dataset does not list. Names from Belarus reach English copy in Belarusian,
 * Russian, Polish and Łacinka romanisations at once (Kalesnikava / Kolesnikova, Tsikhanouskaya /
 * Cichanoŭskaja, Fiaduta / Feduta); `romanisationKey` maps such spellings of one name to one key.
 * The comparison with Daitch–Mokotoff and Double Metaphone is in ARCHITECTURE.md.
 */

/** Letters that Unicode does not decompose, and digraphs that stand for one sound. */
const LETTERS: [RegExp, string][] = [
  [/[łŁ]/g, 'l'], [/[šŠ]/g, 'sh'], [/[žŽżŻ]/g, 'zh'], [/[čČćĆ]/g, 'ch'], [/[ŭŬ]/g, 'u'], [/ß/g, 'ss'], [/[øØ]/g, 'o'], [/[đĐ]/g, 'd'],
];

const SOUNDS: [RegExp, string][] = [
  [/cki$|cky$/g, 'tski'], // Polish -cki: Białiacki / Bialiatski
  [/c$/g, 'ts'], // Polish final c: Sieviaryniec / Seviarynets
  [/tsch|tch|cz/g, 'ch'],
  [/sch|sz/g, 'sh'],
  [/rz/g, 'zh'],
  [/kh|gh|g|h/g, 'h'], // Belarusian and Ukrainian h for Russian g: Chernihiv / Chernigov
  [/ph/g, 'f'],
  [/w/g, 'v'],
  [/x/g, 'ks'],
  [/q|ck/g, 'k'],
  [/tz/g, 'ts'],
  [/c(?=[eiy])/g, 'ts'], // Polish and Łacinka c: Cichanoŭski
  [/c(?!h)/g, 'k'],
  [/j/g, 'y'],
  [/([ao])u(?=[^aeiouy]|$)/g, '$1v'], // Belarusian ŭ for v: Tsikhanouskaya / Tsikhanovskaya, Kalesnikau / Kalesnikov
  [/ts(?=[iey])/g, 't'], // Belarusian ts and dz for a soft t and d: Tsikhanouskaya / Tikhanovskaya, Tatsiana / Tatiana
  [/dz(?=[iey])/g, 'd'],
  [/([bdfklmnprstvz])\1/g, '$1'], // Natallia / Natalia
  [/(?:aya|aja|aia|aja)$/g, 'q'], // keep a feminine ending apart: Tsikhanouskaya (she) / Tsikhanouski (he)
  [/re$/g, 'er'], // British and American spelling: Centre / Center
  [/[aeiouy]+/g, 'a'], // vowels differ most between romanisations: Kalesnikava / Kolesnikova
];

const NON_ASCII = /[^\x00-\x7F]/;

const keyCache = new Map<string, string>();
const KEY_CACHE_LIMIT = 50_000;

/** A key shared by the romanisations of one surname ("Kalesnikava", "Kolesnikova" → "kalasnakava"). */
export function romanisationKey(word: string): string {
  let key = keyCache.get(word);
  if (key !== undefined) return key;
  key = computeKey(word);
  if (keyCache.size >= KEY_CACHE_LIMIT) keyCache.clear();
  keyCache.set(word, key);
  return key;
}

function computeKey(word: string): string {
  let key = word;
  // LETTERS and the marks NFD splits off are all outside ASCII, which most names are written in.
  if (NON_ASCII.test(key)) {
    for (const [pattern, replacement] of LETTERS) key = key.replace(pattern, replacement);
    key = key.normalize('NFD').replace(/\p{M}+/gu, '');
  }
  key = key.toLowerCase().replace(/[^a-z]/g, '');
  for (const [pattern, replacement] of SOUNDS) key = key.replace(pattern, replacement);
  return key;
}

/** Given names whose romanisations differ in more than their vowels. */
const GIVEN_NAME_EQUIVALENTS: readonly (readonly string[])[] = [
  ['uladzimir', 'vladimir', 'uladzimer', 'wladimir'],
  ['andrzej', 'andrei', 'andrey', 'andrej', 'andrew'],
  ['eduard', 'edward', 'edvard'],
  ['ales', 'alesj', 'alex', 'aleksei', 'alexei', 'alexey'],
  ['siarhei', 'sergei', 'sergey', 'siarhiej', 'serhiy'],
  ['evgeniy', 'yevhen', 'evgeny', 'yevgeny', 'eugene'],
  ['volodymyr', 'vladimir', 'wolodymyr'],
  ['pavel', 'paval', 'pavlo', 'pawel', 'paul'],
];

/** A looser key for given names, which vary in their vowels and endings ("Aliaksandr", "Alexander" → "lksndr"). */
export function givenNameKey(word: string): string {
  const folded = romanisationKey(word);
  return (equivalentKeys().get(folded) ?? folded).replace(/a/g, '');
}

let equivalents: Map<string, string> | undefined;

/** The key of each name of GIVEN_NAME_EQUIVALENTS → the key of the first name of its group (the first group that has it). */
function equivalentKeys(): Map<string, string> {
  if (equivalents) return equivalents;
  equivalents = new Map();
  for (const names of GIVEN_NAME_EQUIVALENTS) {
    for (const name of names) {
      const key = romanisationKey(name);
      if (!equivalents.has(key)) equivalents.set(key, romanisationKey(names[0]));
    }
  }
  return equivalents;
}

/**
 * Every string one deletion away from a key, and the key itself: two keys are at most one edit
 * apart exactly when these sets meet, so near misses are found by lookup, not by comparing a
 * word with every known name.
 */
export function deletionNeighbours(key: string): string[] {
  const neighbours = [key];
  for (let i = 0; i < key.length; i++) neighbours.push(key.slice(0, i) + key.slice(i + 1));
  return neighbours;
}

/** Levenshtein distance, for "did you mean" suggestions on near misses. */
export function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
