/**
 * A compact binary form of a checked dataset file (RawDataset), for the parse cache: unpacking a
 * large file costs a fraction of decoding, parsing and checking its JSON again, and the unpacked
 * data shares its repeated strings and word lists as the check leaves them (see dataset/check.ts).
 *
 * Layout: the container of core/packing.ts — a string table, two sections of 32-bit words (the
 * word lists: a count, then string indexes, per list; the body: the file's fields in schema
 * order, NONE where a field is absent) and the numbers.
 *
 * `unpackDataset` checks every count and index it reads: bytes that are not a packing this code
 * wrote give undefined, never a throw or a half-built file.
 */
import type { Bound, Citation, Fact, FactValue, FileLocation } from './model';
import type { RawDataset, RawEntity, RawFact, RawSource, RawValue } from './parse';
import { ABOUT, BuiltFact, COUNTS, FactRows, ID, KIND, MEASURE, NOTE, ROW_WORDS, SIGNALS, UNIT, WHEN, type PackedValues, type ValueCheck } from './builtFact';
import { packContainer, type PackedStrings, StringTable, unpackContainer, WordReader, Words } from '../packing';

const MAGIC = 0x4b504d46; // "FMPK"
/** Bumped whenever the layout or what it holds changes: older packings are then refused. */
const FORMAT = 3;
/** An absent field, list or string. */
const NONE = 0xffffffff;
/** A value's tag: a number (index into the numbers) or a string. */
const NUMBER = 0;
const STRING = 1;

/** The packed bytes; undefined when a string cannot be stored as UTF-8 (a lone surrogate) and the file must be parsed instead. */
export function packDataset(data: RawDataset): Uint8Array | undefined {
  const packer = new Packer();
  packer.file(data);
  return packer.bytes();
}

/** The file's data as packed; undefined when the bytes are not a packing of this format. */
export function unpackDataset(bytes: Uint8Array): RawDataset | undefined {
  try {
    const unpacker = Unpacker.of(bytes);
    return unpacker?.file();
  } catch {
    return undefined;
  }
}

/**
 * The file's data as packed, its facts unpacked straight into the builder's facts (located by
 * `locate`) instead of raw ones: at newsroom scale that is a million facts not made twice. Each
 * citation's quoteAt is left for the build to find (see DatasetBuilder.addPrebuilt); `data`
 * holds everything but the facts. The facts' fields and values stay packed, in a copy of their
 * own words and strings (not the whole file's bytes), until they are asked for (see BuiltFact):
 * a start decodes none of a million fact ids.
 */
export function unpackBuilt(bytes: Uint8Array, locate: (index: number) => FileLocation): { data: RawDataset; facts: Fact[] } | undefined {
  try {
    const unpacked = Unpacker.of(bytes)?.fileAndRows(locate);
    if (!unpacked) return undefined;
    const facts = new Array<Fact>(unpacked.count);
    for (let row = 0; row < unpacked.count; row++) facts[row] = new BuiltFact(unpacked.rows, row);
    return { data: unpacked.data, facts };
  } catch {
    return undefined;
  }
}

class Packer {
  private body = new Words();
  private readonly listWords = new Words();
  private readonly numbers: number[] = [];
  private readonly table = new StringTable();
  private readonly listIndex = new Map<readonly string[], number>();

  file(data: RawDataset): void {
    this.optional(data.title);
    this.items(data.sources, (source) => this.source(source));
    this.items(data.entities, (entity) => this.entity(entity));
    this.items(data.facts, (fact) => this.fact(fact));
  }

  bytes(): Uint8Array | undefined {
    return packContainer(MAGIC, FORMAT, this.table.strings, [this.listWords.done(), this.body.done()], this.numbers);
  }

  private source(source: RawSource): void {
    this.unique(source.id);
    this.unique(source.title);
    this.optional(source.publisher);
    this.optional(source.date);
    this.optional(source.url);
    this.optional(source.path);
  }

  private entity(entity: RawEntity): void {
    this.unique(entity.id);
    this.unique(entity.name);
    this.string(entity.kind);
    this.list(entity.aliases);
    this.optional(entity.description);
    this.list(entity.related);
    this.list(entity.parents);
    this.optional(entity.pronoun);
  }

  private fact(fact: RawFact): void {
    this.unique(fact.id);
    this.string(fact.about);
    this.string(fact.measure);
    this.string(fact.kind);
    this.optional(fact.unit);
    this.list(fact.counts);
    this.list(fact.signals);
    this.optional(fact.when);
    this.optional(fact.note);
    this.items(fact.values, (value) => this.value(value));
  }

  private value(value: RawValue): void {
    if (typeof value.value === 'number') {
      this.body.push(NUMBER);
      this.body.push(this.numbers.push(value.value) - 1);
    } else {
      this.body.push(STRING);
      this.string(value.value);
    }
    this.optional(value.bound);
    this.items(value.cite, (citation) => {
      this.string(citation.source);
      this.string(citation.quote);
    });
  }

  /** A list section: NONE when absent, else its length and its items. */
  private items<T>(items: readonly T[] | undefined, write: (item: T) => void): void {
    if (items === undefined) return this.body.push(NONE);
    this.body.push(items.length);
    for (const item of items) write(item);
  }

  private optional(value: string | undefined): void {
    if (value === undefined) this.body.push(NONE);
    else this.string(value);
  }

  private string(value: string): void {
    this.body.push(this.table.indexOf(value));
  }

  /** A string that seldom repeats (ids, names, titles): unpacked as a string of its own, as JSON.parse gives it. */
  private unique(value: string): void {
    this.body.push(this.table.add(value));
  }

  /** A word list, once per list object: lists the check shared stay shared when unpacked. */
  private list(values: readonly string[] | undefined): void {
    if (values === undefined) return this.body.push(NONE);
    let index = this.listIndex.get(values);
    if (index === undefined) {
      index = this.listIndex.size;
      this.listIndex.set(values, index);
      this.listWords.push(values.length);
      for (const value of values) this.listWords.push(this.table.indexOf(value));
    }
    this.body.push(index);
  }
}

/** Reads the body; throws NotPacked (caught by unpackDataset and unpackBuilt) on bytes that are not a packing. */
class Unpacker extends WordReader {
  private readonly lists: string[][] = [];

  private constructor(
    strings: PackedStrings,
    private readonly listWords: Uint32Array,
    body: Uint32Array,
    private readonly numbers: Float64Array,
  ) {
    super(strings, body);
  }

  static of(bytes: Uint8Array): Unpacker | undefined {
    const container = unpackContainer(MAGIC, FORMAT, 2, bytes);
    if (!container) return undefined;
    const [listWords, body] = container.sections;
    return new Unpacker(container.strings, listWords, body, container.numbers);
  }

  file(): RawDataset | undefined {
    const file = this.definitions();
    const facts = this.items(() => this.fact());
    if (facts) file.facts = facts;
    return this.atEnd ? file : undefined;
  }

  /** The file without its facts, and the rows of its facts (see unpackBuilt). */
  fileAndRows(locate: (index: number) => FileLocation): { data: RawDataset; rows: FactRows; count: number } | undefined {
    const data = this.definitions();
    const count = this.word();
    if (count !== NONE && count > this.left) this.fail();
    const facts = new PackedFacts(count === NONE ? 0 : count, this.numbers.slice());
    for (let index = 0; index < facts.count; index++) this.factRow(facts, index);
    if (!this.atEnd) return undefined;
    return { data, rows: facts.seal(this.strings, this.lists, locate), count: facts.count };
  }

  /** The file's title, sources and entities. */
  private definitions(): RawDataset {
    const file: RawDataset = { factmark: 1 };
    const title = this.optional();
    if (title !== undefined) file.title = title;
    const sources = this.items(() => this.source());
    if (sources) file.sources = sources;
    const entities = this.items(() => this.entity());
    if (entities) file.entities = entities;
    return file;
  }

  private source(): RawSource {
    const source: RawSource = { id: this.string(), title: this.string() };
    setIfThere(source, 'publisher', this.optional());
    setIfThere(source, 'date', this.optional());
    setIfThere(source, 'url', this.optional());
    setIfThere(source, 'path', this.optional());
    return source;
  }

  private entity(): RawEntity {
    const entity: RawEntity = { id: this.string(), name: this.string(), kind: this.string() };
    setIfThere(entity, 'aliases', this.list());
    setIfThere(entity, 'description', this.optional());
    setIfThere(entity, 'related', this.list());
    setIfThere(entity, 'parents', this.list());
    setIfThere(entity, 'pronoun', this.optional() as RawEntity['pronoun']);
    return entity;
  }

  private fact(): RawFact {
    const fact = { id: this.string(), about: this.string(), measure: this.string(), kind: this.string() } as RawFact;
    setIfThere(fact, 'unit', this.optional());
    setIfThere(fact, 'counts', this.list());
    setIfThere(fact, 'signals', this.list());
    setIfThere(fact, 'when', this.optional());
    setIfThere(fact, 'note', this.optional());
    fact.values = this.items(() => this.value()) ?? this.fail();
    return fact;
  }

  /** A fact's fields into its row, as the indexes of their strings and lists (checked, not read), and its values' words into the store. */
  private factRow(facts: PackedFacts, index: number): void {
    const row = facts.words;
    const at = index * ROW_WORDS;
    row[at + ID] = this.stringIndex();
    row[at + ABOUT] = this.stringIndex();
    row[at + MEASURE] = this.stringIndex();
    row[at + KIND] = this.stringIndex();
    row[at + UNIT] = this.optionalIndex();
    row[at + COUNTS] = this.listIndex();
    row[at + SIGNALS] = this.listIndex();
    row[at + WHEN] = this.optionalIndex();
    row[at + NOTE] = this.optionalIndex();
    const start = this.at;
    this.skipValues();
    facts.values.add(this.words, start, this.at);
  }

  private optionalIndex(): number {
    const index = this.word();
    if (index !== NONE && index >= this.strings.length) this.fail();
    return index;
  }

  /** The next word as a list's index, checked as list() checks it. */
  private listIndex(): number {
    const index = this.word();
    if (index === NONE) return index;
    if (this.lists.length === 0) this.readLists();
    return index < this.lists.length ? index : this.fail();
  }

  /** Reads past a fact's values, checking every word as value() would, without making them or reading their strings. */
  private skipValues(): void {
    const count = this.word();
    if (count === NONE || count > this.left) this.fail();
    for (let i = 0; i < count; i++) {
      const tag = this.word();
      if (tag === STRING) this.skipString();
      else if (tag !== NUMBER || this.word() >= this.numbers.length) this.fail();
      const bound = this.word();
      if (bound !== NONE && bound >= this.strings.length) this.fail();
      const citations = this.word();
      if (citations === NONE || citations > this.left) this.fail();
      for (let j = 0; j < citations; j++) {
        this.skipString();
        this.skipString();
      }
    }
  }

  private value(): RawValue {
    const value = this.valueItself();
    const bound = this.optional();
    const cite = this.items(() => ({ source: this.string(), quote: this.string() })) ?? this.fail();
    return bound === undefined ? { value, cite } : { value, bound, cite };
  }

  /** A value's number or string, after its tag. */
  private valueItself(): number | string {
    const tag = this.word();
    if (tag === STRING) return this.string();
    if (tag !== NUMBER) return this.fail();
    const index = this.word();
    return index < this.numbers.length ? this.numbers[index] : this.fail();
  }

  private items<T>(read: (index: number) => T): T[] | undefined {
    const count = this.word();
    if (count === NONE) return undefined;
    // Each item takes at least one word: a larger count is not a packing (and must not allocate).
    if (count > this.left) this.fail();
    const items = new Array<T>(count);
    for (let i = 0; i < count; i++) items[i] = read(i);
    return items;
  }

  private optional(): string | undefined {
    const index = this.word();
    return index === NONE ? undefined : this.stringAt(index);
  }

  /** The list at the next word's index, the same array for the same index. */
  private list(): string[] | undefined {
    const index = this.word();
    if (index === NONE) return undefined;
    if (this.lists.length === 0) this.readLists();
    return this.lists[index] ?? this.fail();
  }

  private readLists(): void {
    const words = this.listWords;
    for (let at = 0; at < words.length; ) {
      const count = words[at++];
      if (count > words.length - at) this.fail();
      const list = new Array<string>(count);
      for (let i = 0; i < count; i++) list[i] = this.stringAt(words[at++]);
      this.lists.push(list);
    }
  }
}

function setIfThere<T extends object, K extends keyof T>(item: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) item[key] = value;
}

/**
 * A file's facts as unpacked: their rows (see FactRows) and their values' words. Once sealed,
 * both name just the strings of their own table, so that the file's bytes can be let go of.
 */
class PackedFacts {
  readonly words: Uint32Array;
  readonly values: ValueStore;

  constructor(
    readonly count: number,
    numbers: Float64Array,
  ) {
    this.words = new Uint32Array(count * ROW_WORDS);
    this.values = new ValueStore(numbers);
  }

  /** The rows, their strings and the values' renumbered into a table of just those (the ids and quotes mostly still UTF-8). */
  seal(strings: PackedStrings, lists: readonly (readonly string[])[], locate: (index: number) => FileLocation): FactRows {
    const kept = new KeptStrings(strings.length);
    this.eachString((words, at) => kept.name(words[at]));
    const indexes = kept.number();
    this.eachString((words, at) => (words[at] = kept.of(words[at])));
    const own = strings.only(indexes);
    this.values.seal(own);
    return new FactRows(this.words, own, lists, locate, this.values);
  }

  /** Calls `visit` with each word of the rows and the values that names a string. */
  private eachString(visit: (words: Uint32Array, at: number) => void): void {
    const { words } = this;
    for (let at = 0; at < words.length; at += ROW_WORDS) {
      for (const field of STRING_FIELDS) if (words[at + field] !== NONE) visit(words, at + field);
    }
    this.values.eachString(visit);
  }
}

/** The words of a row that name strings (the others name lists). */
const STRING_FIELDS = [ID, ABOUT, MEASURE, KIND, UNIT, WHEN, NOTE];

/**
 * The strings a part of a packing keeps, numbered anew in the table's order (so that
 * PackedStrings.only copies them in runs): each is named, then they are numbered.
 */
class KeptStrings {
  /** By the table's index: 1 once named, the new index plus 1 once numbered (0: not kept). An array, not a map: a file's facts name a hundred thousand strings. */
  private readonly renumbered: Uint32Array;
  private named = 0;

  constructor(tableLength: number) {
    this.renumbered = new Uint32Array(tableLength);
  }

  name(index: number): void {
    if (this.renumbered[index] === 0) this.named++;
    this.renumbered[index] = 1;
  }

  /** Numbers the strings named; their indexes in the table, in order. */
  number(): Uint32Array {
    const { renumbered } = this;
    const indexes = new Uint32Array(this.named);
    let kept = 0;
    for (let index = 0; index < renumbered.length; index++) {
      if (renumbered[index] !== 0) {
        indexes[kept] = index;
        renumbered[index] = ++kept;
      }
    }
    return indexes;
  }

  /** The new index of a string named, once numbered. */
  of(index: number): number {
    return this.renumbered[index] - 1;
  }
}

/**
 * The values of a file's facts as packed, each fact's decoded when asked for: the words were
 * checked as they were copied here (see Unpacker.skipValues), so decoding them cannot fail. Once
 * sealed, the store reads the strings of its facts' own table (see PackedFacts.seal).
 */
class ValueStore implements PackedValues {
  private pending: Words | undefined = new Words();
  private pendingStarts: Words | undefined = new Words();
  private words = new Uint32Array(0);
  private starts = new Uint32Array(0);
  private strings: PackedStrings | undefined;

  constructor(private readonly numbers: Float64Array) {}

  /** The next fact's values, as packed: words[start] to words[end - 1] (not a view of them: that was an object per fact). */
  add(words: Uint32Array, start: number, end: number): void {
    this.pendingStarts!.push(this.pending!.length);
    this.pending!.pushRange(words, start, end);
  }

  /** Calls `visit` with each word that names a string; the first call keeps the words added in an array of their exact size. */
  eachString(visit: (words: Uint32Array, at: number) => void): void {
    if (this.pending) this.keepAdded();
    const { words } = this;
    for (let at = 0; at < words.length; ) {
      const count = words[at++];
      for (let i = 0; i < count; i++) {
        if (words[at++] === STRING) visit(words, at);
        at++;
        if (words[at] !== NONE) visit(words, at);
        at++;
        const citations = words[at++];
        for (let j = 0; j < 2 * citations; j++, at++) visit(words, at);
      }
    }
  }

  /** Done: the words, renumbered by eachString, name the strings of this table (see PackedFacts.seal). */
  seal(strings: PackedStrings): void {
    if (this.pending) this.keepAdded();
    this.strings = strings;
  }

  private keepAdded(): void {
    this.words = this.pending!.done().slice();
    this.starts = this.pendingStarts!.done().slice();
    this.pending = this.pendingStarts = undefined;
  }

  /** Does every value and cited source of the fact pass the check? Read from the words as valuesOf reads them, nothing made but a string value. */
  pass(index: number, check: ValueCheck): boolean {
    const { words, numbers } = this;
    const strings = this.strings!;
    let at = this.starts[index];
    const count = words[at++];
    for (let i = 0; i < count; i++) {
      const tag = words[at++];
      const item = words[at++];
      // A string value (a date, a weekday) kept once read: few of them, shared by many facts, and decoded for each was most of this pass's garbage.
      if (!check.value(tag === NUMBER ? numbers[item] : strings.at(item))) return false;
      at++; // the bound
      const citations = words[at++];
      for (let j = 0; j < citations; j++, at += 2) if (!check.citation(strings.at(words[at]))) return false;
    }
    return true;
  }

  /** The fact's values; `quotes: false` leaves every quote empty, for a pass that reads none (see valuesWithoutQuotes). */
  valuesOf(index: number, quotes = true): FactValue[] {
    const { words, numbers } = this;
    const strings = this.strings!;
    let at = this.starts[index];
    const values = new Array<FactValue>(words[at++]);
    for (let i = 0; i < values.length; i++) {
      const tag = words[at++];
      const item = words[at++];
      const value = tag === NUMBER ? numbers[item] : strings.read(item);
      const bound = words[at++];
      const citations = new Array<Citation>(words[at++]);
      for (let j = 0; j < citations.length; j++) {
        const sourceId = strings.at(words[at++]);
        const quote = quotes ? strings.read(words[at]) : '';
        at++;
        citations[j] = { sourceId, quote, quoteAt: undefined };
      }
      values[i] = { value, bound: (bound === NONE ? 'exact' : strings.at(bound)) as Bound, citations };
    }
    return values;
  }
}
