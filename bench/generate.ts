/**
 * Synthetic newsroom-scale reference data and drafts for `npm run bench:scale`.
 *
 * Deterministic: every entity is a pure function of its index (a seeded PRNG, never
 * Math.random), so the 1k dataset is the first thousand entities of the 10k one, and so on; the
 * drafts mention only entities among the first thousand, so the same draft can be analysed
 * against every dataset size.
 *
 * - Entities: 70 % people (Belarusian, Russian and Polish name shapes: "Aliaksandr Kalesnikau" /
 *   "Alexander Kolesnikov" / "Kalesnikau"), 15 % organisations, 10 % places, 5 % events; about
 *   three spellings each.
 * - Ten facts per entity (counts, durations, ages, years, dates, weekdays) with signals, counted
 *   nouns, `when`, one or two citations with short quotes, some disputed; sources have no `path`,
 *   so no quote is looked up in a source text.
 * - Written as `*.facts.yaml` (or `*.facts.json`) shards of 2,000 entities (about 6 MB each,
 *   under the 20 MB a DatasetFolder accepts per file), one folder per size:
 *   `bench/data/yaml-10k/part-0003.facts.yaml`.
 * - Drafts of 1k, 10k and 50k words in Markdown (front matter, headings, lists, links): every
 *   spelling of a name, possessives, pronouns, right and wrong figures next to signal words.
 *
 * Files are written only when missing or when GENERATOR_VERSION changes.
 * Usage: `npx tsx bench/generate.ts [1k|10k|100k|1M ...] [--json] [--force]`.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

/** Bump when the output changes: the data under bench/data is then written again. */
export const GENERATOR_VERSION = 1;

// Loaded through tsx from an ES module script, __dirname is not a folder (it was a `data:text/…`
// string, and the data went into a folder of that name in the working directory).
if (!path.isAbsolute(__dirname)) throw new Error(`bench/generate.ts must be loaded as CommonJS (as bench/*.ts are); its __dirname here is '${__dirname.slice(0, 40)}'`);
export const DATA_DIR = path.join(__dirname, 'data');

export const DATASET_SIZES = { '1k': 1_000, '10k': 10_000, '100k': 100_000, '1M': 1_000_000 } as const;
export type SizeName = keyof typeof DATASET_SIZES;
export const DRAFT_WORDS = { '1k': 1_000, '10k': 10_000, '50k': 50_000 } as const;
export type DraftName = keyof typeof DRAFT_WORDS;
export type Format = 'yaml' | 'json';

/** Entities per dataset file. */
export const SHARD_ENTITIES = 2_000;
/** Drafts mention only entities below this index, so that they exist in every dataset size. */
export const CAST_SIZE = 1_000;

const SEED = 0x5eed_f4c7;

// ------------------------------------------------------------------------------------------------
// Seeded randomness

/** mulberry32: a small, fast, seeded PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hash(...parts: number[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    h = Math.imul(h ^ (part & 0xffff), 0x01000193);
    h = Math.imul(h ^ (part >>> 16), 0x01000193);
  }
  return h >>> 0;
}

class Random {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = prng(seed);
  }
  float(): number {
    return this.next();
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  /** k distinct items, in a random order. */
  sample<T>(items: readonly T[], k: number): T[] {
    const pool = [...items];
    for (let i = 0; i < Math.min(k, pool.length); i++) {
      const j = i + Math.floor(this.next() * (pool.length - i));
      [pool[i], pool[j]] = [pool[j], pool[i]];
    }
    return pool.slice(0, k);
  }
}

// ------------------------------------------------------------------------------------------------
// Names

/** Given names: [Belarusian romanisation, Russian transliteration]. */
const MALE_GIVEN: readonly (readonly [string, string])[] = [
  ['Aliaksandr', 'Alexander'], ['Siarhei', 'Sergei'], ['Uladzimir', 'Vladimir'], ['Viktar', 'Viktor'], ['Mikalai', 'Nikolai'],
  ['Dzmitry', 'Dmitry'], ['Yauhen', 'Yevgeny'], ['Ihar', 'Igor'], ['Aliaksei', 'Alexei'], ['Raman', 'Roman'],
  ['Kanstantsin', 'Konstantin'], ['Valiantsin', 'Valentin'], ['Maksim', 'Maxim'], ['Artsiom', 'Artyom'], ['Yury', 'Yuri'],
  ['Vasil', 'Vasily'], ['Anatol', 'Anatoly'], ['Pavel', 'Pavel'], ['Andrei', 'Andrei'], ['Ales', 'Oleg'],
  ['Mikhail', 'Mikhail'], ['Leanid', 'Leonid'], ['Ryhor', 'Grigory'], ['Uladzislau', 'Vladislav'], ['Ilya', 'Ilya'],
  ['Stsiapan', 'Stepan'], ['Anton', 'Anton'], ['Eduard', 'Eduard'], ['Yahor', 'Yegor'], ['Kiryl', 'Kirill'],
];
const FEMALE_GIVEN: readonly (readonly [string, string])[] = [
  ['Maryia', 'Maria'], ['Sviatlana', 'Svetlana'], ['Tatsiana', 'Tatiana'], ['Maryna', 'Marina'], ['Volha', 'Olga'],
  ['Iryna', 'Irina'], ['Natallia', 'Natalia'], ['Liudmila', 'Lyudmila'], ['Hanna', 'Anna'], ['Kseniya', 'Ksenia'],
  ['Alena', 'Yelena'], ['Katsiaryna', 'Yekaterina'], ['Palina', 'Polina'], ['Darya', 'Daria'], ['Yuliya', 'Yulia'],
  ['Valiantsina', 'Valentina'], ['Halina', 'Galina'], ['Veranika', 'Veronika'], ['Nadzeya', 'Nadezhda'], ['Lizaveta', 'Yelizaveta'],
];
/** Polish given names: [Polish, Russian transliteration, pronoun]. */
const POLISH_GIVEN: readonly (readonly [string, string, 'he' | 'she'])[] = [
  ['Andrzej', 'Andrei', 'he'], ['Paweł', 'Pavel', 'he'], ['Wojciech', 'Voitsekh', 'he'], ['Tomasz', 'Tomash', 'he'], ['Piotr', 'Pyotr', 'he'],
  ['Józef', 'Yuzef', 'he'], ['Stanisław', 'Stanislav', 'he'], ['Krzysztof', 'Kshishtof', 'he'], ['Katarzyna', 'Katazhina', 'she'],
  ['Małgorzata', 'Malgozhata', 'she'], ['Agnieszka', 'Agneshka', 'she'], ['Anżelika', 'Anzhelika', 'she'], ['Irena', 'Irena', 'she'],
];

const RU_ONSETS = ['b', 'v', 'g', 'd', 'z', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'f', 'kh', 'ts', 'ch', 'sh', 'zh', 'sm', 'kr', 'pr', 'gr', 'st', 'sv', 'dr', 'br', 'tr'];
const RU_VOWELS = ['a', 'o', 'e', 'i', 'u'];
const RU_MIDDLES = ['b', 'v', 'd', 'z', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'ch', 'sh', 'zh', 'sk', 'sn', 'rt', 'lk', 'sl'];
const RU_CODAS = ['snik', 'nik', 'k', 'n', 'r', 'l', 'sh', 'ch', 't', 'b', 'd', 'm', 'shk', 'lk', 'rk', 'z'];
/** Surname endings: [Russian masculine, Belarusian masculine, Russian feminine, Belarusian feminine]. */
const ENDINGS: readonly (readonly [string, string, string, string])[] = [
  ['ov', 'au', 'ova', 'ava'], ['ov', 'au', 'ova', 'ava'], ['ev', 'eu', 'eva', 'eva'], ['in', 'in', 'ina', 'ina'],
  ['sky', 'ski', 'skaya', 'skaya'], ['ovsky', 'ouski', 'ovskaya', 'ouskaya'], ['ovich', 'ovich', 'ovich', 'ovich'],
  ['enko', 'enka', 'enko', 'enka'], ['yuk', 'iuk', 'yuk', 'iuk'], ['chik', 'chyk', 'chik', 'chyk'],
];
const PL_ONSETS = ['Cz', 'Sz', 'W', 'K', 'P', 'M', 'N', 'D', 'B', 'G', 'Ż', 'S', 'Ś', 'Rz', 'Ł', 'Ch', 'Z'];
const PL_VOWELS = ['a', 'o', 'e', 'i', 'y', 'ó', 'ę'];
const PL_MIDDLES = ['cz', 'sz', 'w', 'k', 'p', 'm', 'n', 'd', 'b', 'ł', 'l', 'r', 'rz', 'ś', 'ń', 't'];
const PL_FINALS = ['k', 'l', 'n', 'r', 'w', 'ch', 'cz', 'sz', 'b', 'd', 'ł'];
/** Polish surname endings: [masculine, feminine]. */
const PL_ENDINGS: readonly (readonly [string, string])[] = [['ski', 'ska'], ['ewski', 'ewska'], ['owicz', 'owicz'], ['czyk', 'czyk'], ['ak', 'ak'], ['ut', 'ut']];

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** A rough Belarusian romanisation of a Russian-transliterated stem: akanne, h for g, ia for e, u for v. */
function belarusianStem(ru: string, flavour: number): string {
  let s = ru.toLowerCase().replace(/g/g, 'h').replace(/o/g, 'a');
  if (flavour % 2 === 0) s = s.replace(/^([^aeiu]{1,3})e/, '$1ia');
  s = s.replace(/v(?=[bdfhklmnprstz])/g, 'u');
  return capitalise(s);
}

/** Russian transliteration of a Polish word, as Russian-language media write it. */
function russianFromPolish(pl: string): string {
  return pl
    .replace(/rz/g, 'zh').replace(/Rz/g, 'Zh').replace(/cz/g, 'ch').replace(/Cz/g, 'Ch').replace(/sz/g, 'sh').replace(/Sz/g, 'Sh')
    .replace(/w/g, 'v').replace(/W/g, 'V').replace(/ł/g, 'l').replace(/Ł/g, 'L').replace(/[śŚ]/g, (c) => (c === 'ś' ? 's' : 'S'))
    .replace(/ń/g, 'n').replace(/ó/g, 'u').replace(/ę/g, 'e').replace(/ą/g, 'on').replace(/ż/g, 'zh').replace(/Ż/g, 'Zh')
    .replace(/ski$/, 'sky').replace(/owicz$/, 'ovich').replace(/vich$/, 'vich');
}

/** Polish without diacritics, as many English-language outlets print it. */
function asciiPolish(pl: string): string {
  return pl.replace(/ł/g, 'l').replace(/Ł/g, 'L').normalize('NFD').replace(/\p{M}+/gu, '');
}

function russianStem(r: Random): string {
  return capitalise(r.pick(RU_ONSETS) + r.pick(RU_VOWELS) + r.pick(RU_MIDDLES) + r.pick(RU_VOWELS) + r.pick(RU_CODAS));
}

function polishStem(r: Random): string {
  return r.pick(PL_ONSETS) + r.pick(PL_VOWELS) + r.pick(PL_MIDDLES) + r.pick(PL_VOWELS) + r.pick(PL_FINALS);
}

/** A town: [Belarusian, Russian]. */
function townNames(r: Random): [string, string] {
  const stem = r.pick(RU_ONSETS) + r.pick(RU_VOWELS) + r.pick(RU_MIDDLES) + r.pick(RU_VOWELS);
  const [ru, be] = r.pick([['sk', 'sk'], ['ichi', 'ichy'], ['ovo', 'ava'], ['in', 'in'], ['any', 'any'], ['ets', 'ets'], ['no', 'na'], ['ino', 'ina']] as const);
  const ruName = capitalise(stem + ru);
  return [belarusianStem(stem, stem.length) + be, ruName];
}

function slug(text: string): string {
  return asciiPolish(text).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

// ------------------------------------------------------------------------------------------------
// Entities and facts

export type Kind = 'person' | 'organisation' | 'place' | 'event';
export type FactKind = 'count' | 'duration' | 'age' | 'year' | 'date' | 'weekday';
type Bound = 'exact' | 'about' | 'more-than';

export interface GenValue {
  readonly value: number | string;
  readonly bound: Bound;
  readonly cite: readonly { readonly source: string; readonly quote: string }[];
}

export interface GenFact {
  readonly id: string;
  /** The template the fact and its sentences come from. */
  readonly key: string;
  readonly about: string;
  readonly measure: string;
  readonly kind: FactKind;
  readonly unit?: string;
  readonly counts?: readonly string[];
  readonly signals: readonly string[];
  readonly when?: string;
  readonly note?: string;
  readonly values: readonly GenValue[];
}

export interface GenEntity {
  readonly index: number;
  readonly id: string;
  readonly name: string;
  readonly kind: Kind;
  readonly aliases: readonly string[];
  readonly description: string;
  readonly related: readonly string[];
  readonly pronoun?: 'he' | 'she';
  /** For people: the surname spellings (for "Kalesnikau said"), preferred first. */
  readonly surnames: readonly string[];
  readonly facts: readonly GenFact[];
}

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const PUBLISHERS = ['Reuters', 'AP', 'AFP', 'Meduza', 'Zerkalo', 'Nasha Niva', 'RFE/RL', 'Viasna', 'Euroradio', 'Belsat', 'BelTA', 'Novaya Gazeta Europe'];
const OCCUPATIONS = ['teacher', 'journalist', 'lawyer', 'doctor', 'factory worker', 'student', 'engineer', 'priest', 'musician', 'blogger', 'trade unionist', 'programmer', 'pensioner', 'artist', 'entrepreneur'];
const INDUSTRIES = ['Tractor', 'Motor', 'Textile', 'Glass', 'Potash', 'Steel', 'Dairy', 'Chemical', 'Timber', 'Radio', 'Bearing', 'Cement', 'Printing', 'Sugar'];
const PLANT_TYPES = ['Works', 'Plant', 'Factory', 'Combine'];
const OUTLET_WORDS = [['Nasha', 'Nash'], ['Novy', 'Novy'], ['Svabodny', 'Svobodny'], ['Narodny', 'Narodny'], ['Volny', 'Volny']] as const;
const OUTLET_NOUNS = ['Niva', 'Chas', 'Dzen', 'Hazeta', 'Slova', 'Kuryer', 'Vestnik'];
const EVENT_TYPES = [['Strike', 'strike'], ['Trial', 'trial'], ['March', 'march'], ['Raid', 'raid'], ['Rally', 'rally']] as const;
const CHARGES = ['organising mass riots', 'tax evasion', 'insulting the president', 'extremism', 'treason', 'defamation', 'inciting hatred'];

function isoDate(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function weekdayOf(year: number, month: number, day: number): string {
  return WEEKDAYS[(new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7];
}

interface FactSpec {
  readonly key: string;
  readonly measure: string;
  readonly kind: FactKind;
  readonly unit?: string;
  readonly counts?: readonly string[];
  readonly signals: readonly string[];
  /** The value, and when the fact is about (YYYY or YYYY-MM) if it has a time. */
  readonly value: (r: Random) => { value: number | string; when?: string };
  /** A short quote stating the value; {v} is the value as written, {n} the entity's short name. */
  readonly quote: string;
}

const PERSON_FACTS: readonly FactSpec[] = [
  { key: 'age', measure: 'age', kind: 'age', signals: ['aged', 'year-old', 'age', 'old'], value: (r) => ({ value: r.int(19, 78), when: '2025-12' }), quote: '{n}, aged {v}' },
  {
    key: 'sentence', measure: 'prison sentence', kind: 'duration', unit: 'year',
    signals: ['sentenced', 'sentence', 'term', 'prison term', 'prison sentence', 'serving', 'jailed', 'given', 'handed', 'received', 'in prison', 'colony'],
    value: (r) => ({ value: r.int(1, 25) }), quote: '{n} was sentenced to {v} years in prison',
  },
  { key: 'sentence-year', measure: 'year of the verdict', kind: 'year', signals: ['convicted', 'verdict', 'found guilty', 'trial ended'], value: (r) => ({ value: r.int(2011, 2025) }), quote: '{n} was convicted in {v}' },
  { key: 'arrest-date', measure: 'date of arrest', kind: 'date', signals: ['arrested', 'detained', 'detention', 'taken into custody', 'seized', 'picked up'], value: (r) => ({ value: isoDate(r.int(2020, 2025), r.int(1, 12), r.int(1, 28)) }), quote: '{n} was detained on {v}' },
  { key: 'arrest-weekday', measure: 'day of the week of the arrest', kind: 'weekday', signals: ['arrested', 'detained', 'police came', 'raid', 'picked up'], value: () => ({ value: '' }), quote: '{n} was detained on a {v}' },
  {
    key: 'detention-days', measure: 'days in detention', kind: 'duration', unit: 'day', signals: ['detention', 'custody', 'behind bars', 'in detention', 'spent', 'held', 'in jail'],
    value: (r) => ({ value: r.int(30, 1900) }), quote: '{n} has spent {v} days behind bars',
  },
  { key: 'co-defendants', measure: 'co-defendants', kind: 'count', counts: ['co-defendants', 'defendants', 'others', 'people'], signals: ['tried with', 'co-defendants', 'alongside', 'together with', 'case', 'dock'], value: (r) => ({ value: r.int(1, 30) }), quote: '{n} was tried alongside {v} co-defendants' },
  { key: 'charges', measure: 'criminal charges', kind: 'count', counts: ['charges', 'criminal charges', 'counts'], signals: ['charged', 'faces', 'accused', 'indictment', 'charges'], value: (r) => ({ value: r.int(1, 12) }), quote: '{n} faces {v} criminal charges' },
  { key: 'release-weekday', measure: 'day of the week of the release', kind: 'weekday', signals: ['released', 'freed', 'walked free', 'let go', 'release'], value: (r) => ({ value: r.pick(WEEKDAYS), when: '2025-12' }), quote: '{n} was released on {v}' },
  { key: 'hunger-strike', measure: 'length of the hunger strike', kind: 'duration', unit: 'day', signals: ['hunger strike', 'refused food', 'strike'], value: (r) => ({ value: r.int(3, 60) }), quote: '{n} was on hunger strike for {v} days' },
  { key: 'birth-year', measure: 'year of birth', kind: 'year', signals: ['born', 'birth'], value: () => ({ value: 0 }), quote: '{n}, born in {v}' },
  { key: 'appeals', measure: 'appeals filed', kind: 'count', counts: ['appeals', 'complaints'], signals: ['appealed', 'appeal', 'appeals court', 'rejected', 'filed'], value: (r) => ({ value: r.int(1, 9) }), quote: '{n} filed {v} appeals' },
];

const ORGANISATION_FACTS: readonly FactSpec[] = [
  { key: 'employees', measure: 'employees', kind: 'count', counts: ['employees', 'workers', 'staff', 'people'], signals: ['employs', 'employed', 'workforce', 'staff', 'payroll'], value: (r) => ({ value: r.int(40, 18000) }), quote: '{n} employs {v} people' },
  { key: 'staff-detained', measure: 'staff detained in the raid', kind: 'count', counts: ['employees', 'staff', 'journalists', 'workers', 'people'], signals: ['detained', 'arrested', 'raid', 'searched', 'taken in'], value: (r) => ({ value: r.int(2, 60), when: `${r.int(2020, 2025)}` }), quote: 'police detained {v} {n} employees' },
  { key: 'founded', measure: 'year founded', kind: 'year', signals: ['founded', 'established', 'set up', 'created', 'launched'], value: (r) => ({ value: r.int(1925, 2015) }), quote: '{n}, founded in {v}' },
  { key: 'years-operating', measure: 'years in operation', kind: 'duration', unit: 'year', signals: ['operated', 'existed', 'running', 'history', 'worked'], value: (r) => ({ value: r.int(3, 90) }), quote: '{n} operated for {v} years' },
  { key: 'closure-date', measure: 'date of closure', kind: 'date', signals: ['closed', 'shut down', 'liquidated', 'dissolved', 'blocked'], value: (r) => ({ value: isoDate(r.int(2020, 2025), r.int(1, 12), r.int(1, 28)) }), quote: '{n} was liquidated on {v}' },
  { key: 'raid-weekday', measure: 'day of the week of the raid', kind: 'weekday', signals: ['raided', 'raid', 'searched', 'police', 'officers'], value: (r) => ({ value: r.pick(WEEKDAYS), when: `${r.int(2020, 2025)}` }), quote: 'officers raided {n} on {v}' },
  { key: 'branches', measure: 'branches', kind: 'count', counts: ['branches', 'offices', 'outlets', 'sites'], signals: ['branches', 'network', 'offices', 'operates', 'runs'], value: (r) => ({ value: r.int(2, 140) }), quote: '{n} runs {v} branches' },
  { key: 'members', measure: 'members', kind: 'count', counts: ['members', 'volunteers', 'activists', 'people'], signals: ['members', 'membership', 'joined', 'peak'], value: (r) => ({ value: r.int(20, 9000) }), quote: '{n} had {v} members' },
  { key: 'sanctions-year', measure: 'year of sanctions', kind: 'year', signals: ['sanctions', 'sanctioned', 'blacklisted', 'designated'], value: (r) => ({ value: r.int(2006, 2025) }), quote: '{n} was sanctioned in {v}' },
  { key: 'days-blocked', measure: 'days the website was blocked', kind: 'duration', unit: 'day', signals: ['blocked', 'offline', 'inaccessible', 'website'], value: (r) => ({ value: r.int(2, 400) }), quote: 'the website of {n} was blocked for {v} days' },
];

const PLACE_FACTS: readonly FactSpec[] = [
  { key: 'protesters-detained', measure: 'protesters detained', kind: 'count', counts: ['protesters', 'people', 'demonstrators', 'residents'], signals: ['detained', 'arrested', 'protest', 'rally', 'police'], value: (r) => ({ value: r.int(10, 900), when: `2020-${String(r.int(8, 12)).padStart(2, '0')}` }), quote: 'police detained {v} protesters in {n}' },
  { key: 'population', measure: 'population', kind: 'count', counts: ['residents', 'people', 'inhabitants'], signals: ['population', 'residents', 'inhabitants', 'home to', 'lives'], value: (r) => ({ value: r.int(3, 400) * 1000 }), quote: '{n}, home to {v} people' },
  { key: 'protest-date', measure: 'date of the largest protest', kind: 'date', signals: ['protest', 'rally', 'march', 'demonstration', 'largest'], value: (r) => ({ value: isoDate(2020, r.int(8, 12), r.int(1, 28)) }), quote: 'the largest rally in {n} was on {v}' },
  { key: 'protest-weekday', measure: 'day of the week of the first protest', kind: 'weekday', signals: ['protest', 'rally', 'marched', 'gathered', 'crowds'], value: (r) => ({ value: r.pick(WEEKDAYS), when: '2020-08' }), quote: 'crowds gathered in {n} on {v}' },
  { key: 'political-prisoners', measure: 'political prisoners from the town', kind: 'count', counts: ['political prisoners', 'prisoners'], signals: ['political prisoners', 'jailed', 'behind bars', 'in prison'], value: (r) => ({ value: r.int(2, 160) }), quote: '{v} political prisoners from {n}' },
  { key: 'curfew', measure: 'length of the curfew', kind: 'duration', unit: 'hour', signals: ['curfew', 'lockdown', 'closed off'], value: (r) => ({ value: r.int(4, 72) }), quote: 'a {v}-hour curfew in {n}' },
  { key: 'first-mentioned', measure: 'year first mentioned', kind: 'year', signals: ['first mentioned', 'chronicles', 'dates back'], value: (r) => ({ value: r.int(1005, 1890) }), quote: '{n} was first mentioned in {v}' },
  { key: 'protest-days', measure: 'days of protests', kind: 'duration', unit: 'day', signals: ['protests', 'demonstrations', 'unrest', 'lasted'], value: (r) => ({ value: r.int(2, 120) }), quote: 'protests in {n} lasted {v} days' },
  { key: 'polling-stations', measure: 'polling stations', kind: 'count', counts: ['polling stations', 'stations'], signals: ['polling', 'vote', 'election', 'ballot'], value: (r) => ({ value: r.int(5, 300) }), quote: '{n} had {v} polling stations' },
  { key: 'criminal-cases', measure: 'criminal cases opened', kind: 'count', counts: ['criminal cases', 'cases', 'trials'], signals: ['prosecutors', 'opened', 'cases', 'investigators'], value: (r) => ({ value: r.int(3, 700) }), quote: 'prosecutors in {n} opened {v} criminal cases' },
];

const EVENT_FACTS: readonly FactSpec[] = [
  { key: 'participants', measure: 'participants', kind: 'count', counts: ['participants', 'people', 'protesters', 'workers'], signals: ['took part', 'joined', 'participants', 'drew', 'turnout'], value: (r) => ({ value: r.int(50, 40000) }), quote: 'the {n} drew {v} people' },
  { key: 'event-date', measure: 'date', kind: 'date', signals: ['began', 'started', 'took place', 'held'], value: (r) => ({ value: isoDate(r.int(2020, 2025), r.int(1, 12), r.int(1, 28)) }), quote: 'the {n} began on {v}' },
  { key: 'event-weekday', measure: 'day of the week it began', kind: 'weekday', signals: ['began', 'started', 'opened', 'kicked off'], value: (r) => ({ value: r.pick(WEEKDAYS), when: `${r.int(2020, 2025)}` }), quote: 'the {n} began on a {v}' },
  { key: 'event-days', measure: 'duration', kind: 'duration', unit: 'day', signals: ['lasted', 'went on', 'ran for'], value: (r) => ({ value: r.int(1, 90) }), quote: 'the {n} lasted {v} days' },
  { key: 'arrests', measure: 'arrests', kind: 'count', counts: ['people', 'participants', 'protesters', 'workers'], signals: ['arrested', 'detained', 'arrests', 'detentions'], value: (r) => ({ value: r.int(3, 2000), when: `${r.int(2020, 2025)}` }), quote: '{v} people were arrested at the {n}' },
  { key: 'defendants', measure: 'defendants', kind: 'count', counts: ['defendants', 'people', 'accused'], signals: ['defendants', 'in the dock', 'accused', 'tried'], value: (r) => ({ value: r.int(1, 40) }), quote: 'the {n} had {v} defendants' },
  { key: 'event-year', measure: 'year', kind: 'year', signals: ['year', 'anniversary', 'since'], value: (r) => ({ value: r.int(2011, 2025) }), quote: 'the {n} of {v}' },
  { key: 'injured', measure: 'people injured', kind: 'count', counts: ['people', 'injured', 'protesters'], signals: ['injured', 'hurt', 'wounded', 'hospital'], value: (r) => ({ value: r.int(1, 300) }), quote: '{v} people were injured at the {n}' },
  { key: 'verdicts-hours', measure: 'hours of deliberation', kind: 'duration', unit: 'hour', signals: ['deliberated', 'deliberation', 'jury', 'judge'], value: (r) => ({ value: r.int(1, 40) }), quote: 'the judge deliberated for {v} hours' },
  { key: 'sentenced', measure: 'people sentenced', kind: 'count', counts: ['people', 'defendants', 'participants'], signals: ['sentenced', 'convicted', 'jailed', 'verdicts'], value: (r) => ({ value: r.int(1, 400) }), quote: '{v} people were sentenced after the {n}' },
];

const KIND_FACTS: Record<Kind, readonly FactSpec[]> = { person: PERSON_FACTS, organisation: ORGANISATION_FACTS, place: PLACE_FACTS, event: EVENT_FACTS };

function kindOf(index: number): Kind {
  const slot = hash(SEED, index, 1) % 20;
  return slot < 14 ? 'person' : slot < 17 ? 'organisation' : slot < 19 ? 'place' : 'event';
}

/** The sources the facts of entity `index` cite: four per eight entities, defined in the same shard. */
export function sourceIdsFor(index: number): string[] {
  const base = Math.floor(index / 8) * 4;
  return [0, 1, 2, 3].map((k) => `src-${base + k}`);
}

export interface GenSource {
  readonly id: string;
  readonly title: string;
  readonly publisher: string;
  readonly date: string;
  readonly url: string;
}

export function sourceAt(n: number): GenSource {
  const r = new Random(hash(SEED, n, 7));
  const publisher = r.pick(PUBLISHERS);
  const date = isoDate(r.int(2020, 2025), r.int(1, 12), r.int(1, 28));
  const verb = r.pick(['Court jails', 'Police detain', 'Rights group lists jailed', 'Authorities release', 'Trial opens for', 'EU sanctions officials over']);
  const who = r.pick(['activists', 'journalists', 'workers', 'opposition figures', 'students']);
  return { id: `src-${n}`, title: `${verb} ${who} (report ${n})`, publisher, date, url: `https://news.example/${slug(publisher)}/${date}/${n}` };
}

/** Entity number `index`: the same whatever the size of the dataset it is written into. */
export function entityAt(index: number): GenEntity {
  const r = new Random(hash(SEED, index));
  const kind = kindOf(index);
  let name: string;
  let aliases: string[];
  let surnames: string[] = [];
  let pronoun: 'he' | 'she' | undefined;
  let description: string;
  let shortName: string;
  const place = townNames(new Random(hash(SEED, index, 3)));
  if (kind === 'person') {
    const polish = r.chance(0.12);
    if (polish) {
      const [given, givenRu, p] = r.pick(POLISH_GIVEN);
      pronoun = p;
      const [male, female] = r.pick(PL_ENDINGS);
      const surname = capitalise(polishStem(r).toLowerCase()) + (p === 'he' ? male : female);
      const surnameRu = russianFromPolish(surname);
      name = `${given} ${surname}`;
      surnames = [...new Set([surname, asciiPolish(surname), surnameRu])];
      aliases = [`${givenRu} ${surnameRu}`, asciiPolish(name), surname];
      if (r.chance(0.5)) aliases.push(surnameRu);
    } else {
      pronoun = r.chance(0.6) ? 'he' : 'she';
      const [givenBe, givenRu] = r.pick(pronoun === 'he' ? MALE_GIVEN : FEMALE_GIVEN);
      const stem = russianStem(r);
      const [ruM, beM, ruF, beF] = r.pick(ENDINGS);
      const surnameRu = stem + (pronoun === 'he' ? ruM : ruF);
      const surnameBe = belarusianStem(stem, index) + (pronoun === 'he' ? beM : beF);
      name = `${givenBe} ${surnameBe}`;
      surnames = [...new Set([surnameBe, surnameRu])];
      aliases = [`${givenRu} ${surnameRu}`, surnameBe];
      if (r.chance(0.5)) aliases.push(surnameRu);
      // Łacinka now and then: "Kalesnikaŭ" (folded for matching, a spelling of its own for consistency).
      if (surnameBe.endsWith('au') && r.chance(0.1)) aliases.push(`${givenBe} ${surnameBe.slice(0, -1)}ŭ`);
    }
    shortName = surnames[0];
    description = `${capitalise(r.pick(OCCUPATIONS))} from ${place[0]}${r.chance(0.5) ? ', a political prisoner' : ''}.`;
  } else if (kind === 'organisation') {
    const style = r.int(0, 3);
    if (style === 0) {
      const industry = r.pick(INDUSTRIES);
      const type = r.pick(PLANT_TYPES);
      name = `${place[0]} ${industry} ${type}`;
      aliases = [`${place[1]} ${industry} ${type}`];
      if (r.chance(0.3)) aliases.push(`${place[0][0]}${industry[0]}${type[0]}`);
    } else if (style === 1) {
      const stem = russianStem(r);
      name = `${belarusianStem(stem, index)}bank`;
      aliases = [`${stem}bank`, `${belarusianStem(stem, index)} Bank`];
    } else if (style === 2) {
      const [be, ru] = r.pick(OUTLET_WORDS);
      const noun = r.pick(OUTLET_NOUNS);
      name = `${place[0]} ${be} ${noun}`;
      aliases = [`${place[1]} ${ru} ${noun}`];
    } else {
      const industry = r.pick(INDUSTRIES);
      name = `Independent Union of ${place[0]} ${industry} Workers`;
      aliases = [`Independent Union of ${place[1]} ${industry} Workers`, `${place[0]} ${industry} Union`];
    }
    shortName = name;
    description = `Organisation based in ${place[0]}.`;
  } else if (kind === 'place') {
    name = place[0];
    aliases = place[1] !== place[0] ? [place[1], `${place[0]} district`] : [`${place[0]} district`];
    shortName = name;
    description = `Town in the ${r.pick(['Minsk', 'Hrodna', 'Brest', 'Viciebsk', 'Homiel', 'Mahiliou'])} region.`;
  } else {
    const [type, lower] = r.pick(EVENT_TYPES);
    name = `${place[0]} ${type}`;
    aliases = [`${place[1]} ${lower}`, `${place[0]} ${lower}`];
    shortName = name;
    description = `A ${lower} in ${place[0]}.`;
  }
  const id = `${slug(name)}-${index}`;
  const related = index % 8 !== 0 ? [`${slug(entityNameOnly(index - (index % 8)))}-${index - (index % 8)}`] : [];
  const facts = factsFor(r, index, id, kind, shortName);
  return { index, id, name, kind, aliases: [...new Set(aliases)].filter((alias) => alias !== name), description, related, pronoun, surnames, facts };
}

/** The preferred name of an entity, without building its facts (for `related`). */
const nameCache = new Map<number, string>();
function entityNameOnly(index: number): string {
  let name = nameCache.get(index);
  if (name === undefined) {
    name = entityAt(index).name;
    if (nameCache.size > 10_000) nameCache.clear();
    nameCache.set(index, name);
  }
  return name;
}

function factsFor(r: Random, index: number, entityId: string, kind: Kind, shortName: string): GenFact[] {
  const specs = KIND_FACTS[kind];
  const chosen = specs.length > 10 ? r.sample(specs, 10) : [...specs];
  const sources = sourceIdsFor(index);
  // Values that depend on each other: the weekday of a dated arrest, a birth year that fits the age.
  const values = new Map<string, { value: number | string; when?: string }>();
  for (const spec of specs) values.set(spec.key, spec.value(r));
  const arrest = values.get('arrest-date');
  if (arrest && typeof arrest.value === 'string') {
    const [y, m, d] = arrest.value.split('-').map(Number);
    values.set('arrest-weekday', { value: weekdayOf(y, m, d), when: arrest.value.slice(0, 7) });
  }
  const age = values.get('age');
  if (age) values.set('birth-year', { value: 2025 - Number(age.value) - (r.chance(0.5) ? 1 : 0) });
  return chosen.map((spec) => {
    const { value, when } = values.get(spec.key)!;
    const disputed = spec.kind !== 'age' && spec.kind !== 'year' && r.chance(0.08);
    const bound: Bound = spec.kind === 'count' && Number(value) >= 100 ? (r.chance(0.15) ? 'about' : r.chance(0.05) ? 'more-than' : 'exact') : 'exact';
    const cite = (v: number | string, k: number) => {
      const written = typeof v === 'number' ? (bound === 'about' ? `about ${withCommas(v)}` : bound === 'more-than' ? `more than ${withCommas(v)}` : withCommas(v)) : String(v);
      return { source: sources[k % sources.length], quote: spec.quote.replace('{v}', written).replace('{n}', shortName) };
    };
    const first: GenValue = { value, bound, cite: r.chance(0.3) ? [cite(value, 0), cite(value, 1)] : [cite(value, r.int(0, 3))] };
    const stated: GenValue[] = [first];
    let note: string | undefined;
    if (disputed) {
      const other = otherValue(r, spec.kind, value);
      stated.push({ value: other, bound, cite: [cite(other, 2)] });
      note = 'The sources disagree; neither figure has been confirmed independently.';
    }
    const fact: GenFact = {
      id: `${entityId}.${spec.key}`,
      key: spec.key,
      about: entityId,
      measure: spec.measure,
      kind: spec.kind,
      unit: spec.unit,
      counts: spec.counts,
      signals: spec.signals,
      when,
      note,
      values: stated,
    };
    return fact;
  });
}

/** A different value of the same kind: for disputed facts, and for the wrong figures in drafts. */
export function otherValue(r: Random, kind: FactKind, value: number | string): number | string {
  if (kind === 'weekday') return WEEKDAYS[(WEEKDAYS.indexOf(String(value)) + r.int(1, 6)) % 7];
  if (kind === 'date') {
    const [y, m, d] = String(value).split('-').map(Number);
    return isoDate(y, m, ((d - 1 + r.int(1, 20)) % 28) + 1);
  }
  const v = Number(value);
  if (kind === 'year' || kind === 'age') return v + (r.chance(0.5) ? 1 : -1) * r.int(1, 4);
  const delta = Math.max(1, Math.round(v * (0.3 + r.float() * 0.5)));
  return r.chance(0.5) || v - delta < 1 ? v + delta : v - delta;
}

function withCommas(value: number): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

// ------------------------------------------------------------------------------------------------
// Writing datasets

function yamlString(text: string): string {
  return /^[\w][\w .()'’/-]*$/u.test(text) && !/^\d/.test(text) && !/[ ]$/.test(text) && !/: /.test(text) ? text : JSON.stringify(text);
}

function yamlFlow(items: readonly string[]): string {
  return `[${items.map((item) => (/^[\p{L}][\p{L}\p{M} '’.-]*$/u.test(item) ? item : JSON.stringify(item))).join(', ')}]`;
}

function entityYaml(e: GenEntity, out: string[]): void {
  out.push(`  - id: ${e.id}`, `    name: ${yamlString(e.name)}`, `    kind: ${e.kind}`);
  if (e.aliases.length > 0) out.push(`    aliases: ${yamlFlow(e.aliases)}`);
  out.push(`    description: ${yamlString(e.description)}`);
  if (e.related.length > 0) out.push(`    related: [${e.related.join(', ')}]`);
  if (e.pronoun) out.push(`    pronoun: ${e.pronoun}`);
}

function factYaml(f: GenFact, out: string[]): void {
  out.push(`  - id: ${f.id}`, `    about: ${f.about}`, `    measure: ${yamlString(f.measure)}`, `    kind: ${f.kind}`);
  if (f.unit) out.push(`    unit: ${f.unit}`);
  if (f.when) out.push(`    when: "${f.when}"`);
  if (f.counts) out.push(`    counts: ${yamlFlow(f.counts)}`);
  out.push(`    signals: ${yamlFlow(f.signals)}`);
  if (f.note) out.push(`    note: ${yamlString(f.note)}`);
  out.push('    values:');
  for (const v of f.values) {
    out.push(`      - value: ${typeof v.value === 'number' ? v.value : JSON.stringify(v.value)}`);
    if (v.bound !== 'exact') out.push(`        bound: ${v.bound}`);
    out.push('        cite:');
    for (const c of v.cite) out.push(`          - source: ${c.source}`, `            quote: ${JSON.stringify(c.quote)}`);
  }
}

function sourceYaml(s: GenSource, out: string[]): void {
  out.push(`  - id: ${s.id}`, `    title: ${yamlString(s.title)}`, `    publisher: ${yamlString(s.publisher)}`, `    date: "${s.date}"`, `    url: ${s.url}`);
}

/** The plain data of one shard, as the schema has it (for JSON). */
function shardData(first: number, end: number, sizeName: string, part: number): object {
  const entities = range(first, end).map(entityAt);
  const strip = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
  return {
    factmark: 1,
    title: `Synthetic newsroom data (${sizeName}), part ${part}`,
    sources: range(first / 2, end / 2).map(sourceAt),
    entities: entities.map((e) => strip({ id: e.id, name: e.name, kind: e.kind, aliases: e.aliases.length ? e.aliases : undefined, description: e.description, related: e.related.length ? e.related : undefined, pronoun: e.pronoun })),
    facts: entities.flatMap((e) => e.facts.map((f) => strip({
      id: f.id, about: f.about, measure: f.measure, kind: f.kind, unit: f.unit, counts: f.counts, signals: f.signals, when: f.when, note: f.note,
      values: f.values.map((v) => strip({ value: v.value, bound: v.bound === 'exact' ? undefined : v.bound, cite: v.cite })),
    }))),
  };
}

function shardYaml(first: number, end: number, sizeName: string, part: number): string {
  const out: string[] = [
    '# yaml-language-server: $schema=../../../server/schema/factmark-dataset.schema.json',
    `# Synthetic reference data written by bench/generate.ts (version ${GENERATOR_VERSION}); do not edit.`,
    'factmark: 1',
    `title: Synthetic newsroom data (${sizeName}), part ${part}`,
    '',
    'sources:',
  ];
  for (let n = first / 2; n < end / 2; n++) sourceYaml(sourceAt(n), out);
  const entities = range(first, end).map(entityAt);
  out.push('', 'entities:');
  for (const e of entities) entityYaml(e, out);
  out.push('', 'facts:');
  for (const e of entities) for (const f of e.facts) factYaml(f, out);
  out.push('');
  return out.join('\n');
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
}

export function datasetDir(size: SizeName, format: Format): string {
  return path.join(DATA_DIR, `${format}-${size}`);
}

interface Stamp {
  readonly version: number;
  readonly entities: number;
  readonly format: Format;
  readonly files: number;
  readonly bytes: number;
  readonly generateMs: number;
}

function readStamp(dir: string): Stamp | undefined {
  try {
    return JSON.parse(readFileSync(path.join(dir, 'generated.json'), 'utf8')) as Stamp;
  } catch {
    return undefined;
  }
}

export interface DatasetInfo extends Stamp {
  readonly dir: string;
  /** Was it written by this call (false: it was already there)? */
  readonly written: boolean;
}

/** The folder holding the dataset of one size and format, written first if missing or stale. */
export function ensureDataset(size: SizeName, format: Format, log: (line: string) => void = () => {}, force = false): DatasetInfo {
  const dir = datasetDir(size, format);
  const count = DATASET_SIZES[size];
  const stamp = readStamp(dir);
  if (!force && stamp && stamp.version === GENERATOR_VERSION && stamp.entities === count && stamp.format === format) return { ...stamp, dir, written: false };
  log(`generating the ${size} dataset (${count.toLocaleString('en')} entities) as ${format} in ${path.relative(process.cwd(), dir)} …`);
  const started = process.hrtime.bigint();
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  let bytes = 0;
  let files = 0;
  for (let first = 0, part = 0; first < count; first += SHARD_ENTITIES, part++) {
    const end = Math.min(count, first + SHARD_ENTITIES);
    const text = format === 'yaml' ? shardYaml(first, end, size, part) : `${JSON.stringify(shardData(first, end, size, part))}\n`;
    const file = path.join(tmp, `part-${String(part).padStart(4, '0')}.facts.${format}`);
    writeFileSync(file, text);
    bytes += Buffer.byteLength(text);
    files++;
    if (part % 50 === 49) log(`  … ${end.toLocaleString('en')} entities written`);
  }
  const generateMs = Number(process.hrtime.bigint() - started) / 1e6;
  const done: Stamp = { version: GENERATOR_VERSION, entities: count, format, files, bytes, generateMs };
  writeFileSync(path.join(tmp, 'generated.json'), `${JSON.stringify(done, null, 2)}\n`);
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  log(`  ${files} files, ${(bytes / 2 ** 20).toFixed(1)} MiB, ${(generateMs / 1000).toFixed(1)} s`);
  return { ...done, dir, written: true };
}

// ------------------------------------------------------------------------------------------------
// Drafts

const NUMBER_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];

class DraftWriter {
  private readonly r: Random;
  private readonly cast: GenEntity[];
  private readonly byKind: Record<Kind, GenEntity[]> = { person: [], organisation: [], place: [], event: [] };
  private readonly lines: string[] = [];
  private words = 0;
  /** Statistics of what was planted, for the benchmark's sanity columns. */
  readonly planted = { figures: 0, wrong: 0, mentions: 0 };

  constructor(private readonly target: number) {
    this.r = new Random(hash(SEED, target, 99));
    this.cast = range(0, CAST_SIZE).map(entityAt);
    for (const e of this.cast) this.byKind[e.kind].push(e);
  }

  write(): string {
    const lead = this.r.pick(this.byKind.person);
    this.lines.push('---', `title: ${lead.name} and ${this.r.int(12, 180)} others jailed in a week of trials`, 'desk: World', 'status: draft, for subbing', '---', '');
    this.heading(1, `Courts jail ${this.name(lead, 'full')} and others as the crackdown goes on`);
    while (this.words < this.target) this.section();
    return `${this.lines.join('\n')}\n`;
  }

  private emit(line: string): void {
    this.lines.push(line);
    this.words += line.split(/\s+/).filter(Boolean).length;
  }

  private heading(level: number, text: string): void {
    this.emit(`${'#'.repeat(level)} ${text}`);
    this.lines.push('');
  }

  /** A spelling of the entity: the full name in any of its spellings, or (for people) a surname alone. */
  private name(e: GenEntity, form: 'full' | 'any' | 'short'): string {
    this.planted.mentions++;
    const full = [e.name, ...e.aliases.filter((alias) => alias.includes(' ') || e.kind !== 'person')];
    if (form === 'full' || e.kind !== 'person') return this.r.chance(0.7) ? e.name : this.r.pick(full);
    if (form === 'short' || this.r.chance(0.6)) return this.r.chance(0.75) ? e.surnames[0] : this.r.pick(e.surnames);
    return this.r.pick(full);
  }

  private section(): void {
    const kind = this.r.pick<Kind>(['person', 'person', 'person', 'organisation', 'place', 'event']);
    const focus = this.r.pick(this.byKind[kind]);
    const others = this.r.sample(this.byKind.person.filter((p) => p !== focus), 2);
    this.heading(2, kind === 'person' ? `${this.name(focus, 'full')}: ${this.r.pick(['the verdict', 'years behind bars', 'a family waits', 'the appeal', 'freed at last'])}` : `${this.r.pick(['Inside', 'What happened at', 'The case of', 'After'])} the ${this.name(focus, 'full')}`);
    const paragraphs = this.r.int(2, 4);
    for (let p = 0; p < paragraphs; p++) {
      if (this.r.chance(0.25)) this.list(focus, others);
      else this.paragraph(focus, others, p === 0);
    }
  }

  private paragraph(focus: GenEntity, others: GenEntity[], first: boolean): void {
    const sentences: string[] = [];
    const count = this.r.int(3, 6);
    for (let i = 0; i < count; i++) {
      if (this.r.chance(0.4)) sentences.push(this.filler(focus));
      else if (this.r.chance(0.2) && others.length > 0) sentences.push(this.factSentence(this.r.pick(others), true));
      else sentences.push(this.factSentence(focus, first && i === 0));
    }
    this.emit(sentences.join(' '));
    this.lines.push('');
  }

  private list(focus: GenEntity, others: GenEntity[]): void {
    this.emit(this.r.pick(['Key figures in the case:', 'What the court heard:', 'The record so far:']));
    this.lines.push('');
    const items = this.r.int(3, 5);
    for (let i = 0; i < items; i++) this.emit(`- ${this.factSentence(this.r.chance(0.7) ? focus : this.r.pick(others), true)}`);
    this.lines.push('');
  }

  private filler(e: GenEntity): string {
    if (e.kind !== 'person') {
      return this.alt(
        () => 'The court did not respond to a request for comment.',
        () => 'Rights groups called the case politically motivated and said the evidence had been gathered under pressure.',
        () => `According to [Viasna](https://spring96.org/en), ${this.name(e, 'any')} was named in the indictment.`,
        () => 'The authorities deny holding any political prisoners and describe those convicted as criminals.',
        () => 'State television showed footage of the search but gave no details.',
      );
    }
    const he = e.pronoun === 'she' ? 'She' : 'He';
    return this.alt(
      () => 'The court did not respond to a request for comment.',
      () => 'Rights groups called the case politically motivated and said the evidence had been gathered under pressure.',
      () => `“We will not give up,” ${this.name(e, 'short')} said in a letter passed on by relatives.`,
      () => `According to [Viasna](https://spring96.org/en), the hearing was closed to the public.`,
      () => `${this.name(e, 'short')}'s lawyer said the defence would appeal.`,
      () => 'The authorities deny holding any political prisoners and describe those convicted as criminals.',
      () => `Supporters gathered outside the courthouse, where ${this.name(e, 'short')}'s name was read out.`,
      () => 'Diplomats from several embassies were not allowed into the courtroom.',
      () => `${he} has been recognised as a political prisoner by Belarusian human rights groups.`,
      () => `Relatives say ${e.pronoun === 'she' ? 'her' : 'his'} health has worsened in custody and that letters often do not arrive.`,
    );
  }

  /** One of several ways to write something; only the one chosen is written (and counted). */
  private alt(...options: (() => string)[]): string {
    return this.r.pick(options)();
  }

  /** A figure as a draft writes it: right (about 80 %) or wrong, in digits or words, with its hedge. */
  private figure(fact: GenFact, form?: (value: number | string) => string): string {
    this.planted.figures++;
    const value = fact.values[0];
    let v = value.value;
    if (this.r.chance(0.2)) {
      v = otherValue(this.r, fact.kind, v);
      this.planted.wrong++;
    }
    if (form) return form(v);
    if (fact.kind === 'date') {
      const [y, m, d] = String(v).split('-').map(Number);
      return `${MONTHS[m - 1]} ${d}, ${y}`;
    }
    if (typeof v !== 'number') return String(v);
    const hedge = value.bound === 'about' ? 'about ' : value.bound === 'more-than' ? 'more than ' : '';
    if (fact.kind === 'year') return String(v);
    const digits = v <= 10 && fact.kind !== 'age' && this.r.chance(0.35) ? NUMBER_WORDS[v] : withCommas(v);
    return hedge + digits;
  }

  private factSentence(e: GenEntity, introduce: boolean): string {
    const fact = this.r.pick(e.facts);
    const f = (form?: (value: number | string) => string) => this.figure(fact, form);
    if (e.kind === 'person') {
      const he = e.pronoun === 'she' ? 'She' : 'He';
      const his = e.pronoun === 'she' ? 'Her' : 'His';
      const ref = introduce ? this.name(e, 'full') : this.r.chance(0.3) ? he : this.name(e, 'any');
      const possessive = () => `${this.name(e, 'short')}'s`;
      switch (fact.key) {
        case 'age': return this.alt(() => `${this.name(e, 'full')}, ${f()}, is a ${this.r.pick(OCCUPATIONS)}.`, () => `The ${f((v) => `${v}-year-old`)} ${this.r.pick(OCCUPATIONS)} ${this.name(e, 'short')} denies the charges.`);
        case 'sentence': return this.alt(() => `${ref} was sentenced to ${f()} years in prison.`, () => `${ref} is serving a ${f((v) => `${v}-year`)} sentence in a penal colony.`, () => `${possessive()} prison term is ${f()} years.`);
        case 'sentence-year': return `${ref} was convicted in ${f()} after a closed trial.`;
        case 'arrest-date': return `${ref} was detained on ${f()}, according to relatives.`;
        case 'arrest-weekday': return `Police came for ${this.name(e, 'any')} early on a ${f()} morning.`;
        case 'detention-days': return this.alt(() => `${ref} had spent ${f()} days in detention.`, () => `By then ${this.name(e, 'short')} had been held for ${f()} days.`);
        case 'co-defendants': return `${ref} was tried alongside ${f()} co-defendants.`;
        case 'charges': return `${ref} faces ${f()} charges, including ${this.r.pick(CHARGES)}.`;
        case 'release-weekday': return `${ref} walked free on ${f()}.`;
        case 'hunger-strike': return `${his} family said ${this.name(e, 'short')} had refused food on a hunger strike for ${f()} days.`;
        case 'birth-year': return `${this.name(e, 'any')} was born in ${f()}.`;
        case 'appeals': return `${ref} filed ${f()} appeals, all of which were rejected.`;
      }
    }
    const n = this.name(e, introduce ? 'full' : 'any');
    switch (fact.key) {
      case 'employees': return `${n} employs ${f()} people.`;
      case 'staff-detained': return `Police detained ${f()} ${n} employees in a raid.`;
      case 'founded': return `${n} was founded in ${f()}.`;
      case 'years-operating': return `${n} operated for ${f()} years before the authorities shut it down.`;
      case 'closure-date': return `A court ordered ${n} liquidated on ${f()}.`;
      case 'raid-weekday': return `Officers raided the offices of ${n} on ${f()}.`;
      case 'branches': return `${n} runs ${f()} branches across the country.`;
      case 'members': return `At its peak ${n} had ${f()} members.`;
      case 'sanctions-year': return `${n} was sanctioned by the EU in ${f()}.`;
      case 'days-blocked': return `The website of ${n} was blocked for ${f()} days.`;
      case 'protesters-detained': return `Police detained ${f()} protesters in ${n}.`;
      case 'population': return `${n}, home to ${f()} residents, voted heavily against the incumbent.`;
      case 'protest-date': return `The largest rally in ${n} took place on ${f()}.`;
      case 'protest-weekday': return `Crowds first gathered in ${n} on ${f()}.`;
      case 'political-prisoners': return `${n} alone has ${f()} political prisoners behind bars.`;
      case 'curfew': return `A curfew of ${f()} hours was imposed in ${n}.`;
      case 'first-mentioned': return `${n} was first mentioned in chronicles in ${f()}.`;
      case 'protest-days': return `Protests in ${n} lasted ${f()} days.`;
      case 'polling-stations': return `${n} had ${f()} polling stations in the election.`;
      case 'criminal-cases': return `Prosecutors in ${n} opened ${f()} criminal cases.`;
      case 'participants': return `The ${n} drew ${f()} people.`;
      case 'event-date': return `The ${n} began on ${f()}.`;
      case 'event-weekday': return `The ${n} started on ${f()}.`;
      case 'event-days': return `The ${n} lasted ${f()} days.`;
      case 'arrests': return `Police arrested ${f()} people during the ${n}.`;
      case 'defendants': return `The ${n} put ${f()} defendants in the dock.`;
      case 'event-year': return `This year marks the anniversary of the ${n} of ${f()}.`;
      case 'injured': return `${f()} people were injured at the ${n}, doctors said.`;
      case 'verdicts-hours': return `At the ${n} the judge deliberated for ${f()} hours.`;
      case 'sentenced': return `After the ${n}, ${f()} people were sentenced.`;
    }
    return this.filler(e);
  }
}

export function draftPath(name: DraftName): string {
  return path.join(DATA_DIR, 'drafts', `draft-${name}.md`);
}

/** The three drafts, written first if missing or stale; returns their paths. */
export function ensureDrafts(log: (line: string) => void = () => {}, force = false): Record<DraftName, string> {
  const dir = path.join(DATA_DIR, 'drafts');
  const stamp = readStamp(dir);
  const paths = Object.fromEntries((Object.keys(DRAFT_WORDS) as DraftName[]).map((name) => [name, draftPath(name)])) as Record<DraftName, string>;
  if (!force && stamp?.version === GENERATOR_VERSION && Object.values(paths).every((file) => existsSync(file))) return paths;
  log('generating drafts of 1k, 10k and 50k words …');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  let bytes = 0;
  for (const [name, words] of Object.entries(DRAFT_WORDS) as [DraftName, number][]) {
    const writer = new DraftWriter(words);
    const text = writer.write();
    writeFileSync(paths[name], text);
    bytes += Buffer.byteLength(text);
    log(`  ${path.relative(process.cwd(), paths[name])}: ${text.split(/\s+/).filter(Boolean).length} words, ${writer.planted.figures} figures (${writer.planted.wrong} wrong), ${writer.planted.mentions} name mentions`);
  }
  writeFileSync(path.join(dir, 'generated.json'), `${JSON.stringify({ version: GENERATOR_VERSION, entities: CAST_SIZE, format: 'yaml', files: 3, bytes, generateMs: 0 }, null, 2)}\n`);
  return paths;
}

/** Size on disk of a folder's dataset files. */
export function datasetBytes(dir: string): number {
  return readdirSync(dir).filter((file) => file.includes('.facts.')).reduce((sum, file) => sum + statSync(path.join(dir, file)).size, 0);
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const sizes = args.filter((arg): arg is SizeName => arg in DATASET_SIZES);
  const format: Format = args.includes('--json') ? 'json' : 'yaml';
  const force = args.includes('--force');
  const log = (line: string) => console.log(line);
  ensureDrafts(log, force);
  for (const size of sizes.length > 0 ? sizes : (['1k', '10k', '100k'] as SizeName[])) {
    const info = ensureDataset(size, format, log, force);
    if (!info.written) log(`${size} (${format}): up to date in ${path.relative(process.cwd(), info.dir)} (${info.files} files, ${(info.bytes / 2 ** 20).toFixed(1)} MiB)`);
  }
}
