/**
 * A fact as the builder makes it, whether built from a file's raw facts (build.ts) or unpacked
 * as built from the parse cache (packed.ts): one class, so that both give facts of one shape.
 */
import type { FactKind, Fact, FactValue, FileLocation } from './model';
import type { RawFact } from './parse';

/** A raw fact's own fields, values aside: what a fact's row holds. */
export type FactFields = Omit<RawFact, 'values'>;

/** The one empty word list of facts that have none. */
export const NONE: readonly string[] = Object.freeze([]);

/** Where a file's facts' values are kept packed, each fact's found by its index in the file (see packed.ts). */
export interface PackedValues {
  /** `quotes: false`: every quote left empty (see valuesWithoutQuotes). */
  valuesOf(index: number, quotes?: boolean): FactValue[];
  /** Does every value and citation of the fact pass the check (see valuesPass)? */
  pass(index: number, check: ValueCheck): boolean;
}

/** A check of each value of a fact and of each source it cites, in order; false from either stops it. */
export interface ValueCheck {
  value(value: number | string): boolean;
  citation(sourceId: string): boolean;
}

/** The strings a row's words name: a packing's (read when asked) or a build's own list. */
export interface StringColumn {
  at(index: number): string | undefined;
}

/** The words of a fact's row, in this order: its string fields (indexes into the strings), then its word lists (indexes into the lists). */
export const ID = 0;
export const ABOUT = 1;
export const MEASURE = 2;
export const KIND = 3;
export const UNIT = 4;
export const WHEN = 5;
export const NOTE = 6;
export const COUNTS = 7;
export const SIGNALS = 8;
export const ROW_WORDS = 9;
/** The word of an absent field or list. */
export const ABSENT = 0xffffffff;

/**
 * A file's facts' fields, a row of words per fact. Kept by column rather than as properties of
 * each fact: at newsroom scale a million facts were each an object of thirteen fields and an id
 * string, all made while loading and all surviving it, and copying them from one young-generation
 * space to the next was most of the time a load from the parse cache took.
 */
export class FactRows {
  constructor(
    private readonly words: Uint32Array,
    private readonly strings: StringColumn,
    private readonly lists: readonly (readonly string[])[],
    private readonly locate: (index: number) => FileLocation,
    /** The values of the file's facts, by their index in the file, when they are kept packed. */
    readonly packed?: PackedValues,
    /** Each row's fact's index in the file, when not the row's own (a build leaves out the facts with problems). */
    private readonly positions?: Uint32Array,
  ) {}

  /** A string field of a row; undefined where it is absent. */
  string(row: number, field: number): string | undefined {
    const index = this.words[row * ROW_WORDS + field];
    return index === ABSENT ? undefined : this.strings.at(index);
  }

  list(row: number, field: number): readonly string[] {
    const index = this.words[row * ROW_WORDS + field];
    return index === ABSENT ? NONE : this.lists[index];
  }

  /** The row's fact's index in its file. */
  position(row: number): number {
    return this.positions ? this.positions[row] : row;
  }

  definedAt(row: number): FileLocation {
    return this.locate(this.position(row));
  }
}

/** The rows of a build's facts, filled a raw fact at a time (see DatasetBuilder.addFact). */
export class BuiltRows {
  private readonly words: Uint32Array;
  private readonly strings: string[] = [];
  private readonly lists: (readonly string[])[] = [];
  private readonly positions: Uint32Array;
  private count = 0;
  readonly rows: FactRows;

  /** At most `capacity` facts of a file whose facts are located by `locate`. */
  constructor(capacity: number, locate: (index: number) => FileLocation) {
    this.words = new Uint32Array(capacity * ROW_WORDS);
    this.positions = new Uint32Array(capacity);
    this.rows = new FactRows(this.words, this.strings, this.lists, locate, undefined, this.positions);
  }

  /** The row of a fact made from the raw fact at `index` in the file. */
  add(fields: FactFields, index: number): number {
    const row = this.count++;
    const at = row * ROW_WORDS;
    this.positions[row] = index;
    this.words[at + ID] = this.string(fields.id);
    this.words[at + ABOUT] = this.string(fields.about);
    this.words[at + MEASURE] = this.string(fields.measure);
    this.words[at + KIND] = this.string(fields.kind);
    this.words[at + UNIT] = this.string(fields.unit);
    this.words[at + WHEN] = this.string(fields.when);
    this.words[at + NOTE] = this.string(fields.note);
    this.words[at + COUNTS] = this.list(fields.counts);
    this.words[at + SIGNALS] = this.list(fields.signals);
    return row;
  }

  /** Each string as it comes, not looked up: the check already shares repeated strings (see dataset/check.ts). */
  private string(value: string | undefined): number {
    return value === undefined ? ABSENT : this.strings.push(value) - 1;
  }

  private list(value: readonly string[] | undefined): number {
    return value === undefined ? ABSENT : this.lists.push(value) - 1;
  }
}

/**
 * A fact: its row (its fields) and, once asked for, its values. Where the fact was written is
 * worked out when asked, from the file's locator and the fact's index (an object per fact for it
 * was a million objects more at newsroom scale). So are the values of a fact unpacked from the
 * parse cache: decoded from the packed words the first time they are asked for, and kept from
 * then on. A draft asks for those of a few hundred facts, and the values of a million facts as
 * objects were a third of the heap at newsroom scale.
 */
export class BuiltFact implements Fact {
  readonly #rows: FactRows;
  readonly #row: number;
  #values: readonly FactValue[] | undefined;

  /** `values`: the fact's values, or none to read them from the rows' packed values. */
  constructor(rows: FactRows, row: number, values?: readonly FactValue[]) {
    this.#rows = rows;
    this.#row = row;
    this.#values = values;
  }

  get id(): string {
    return this.#rows.string(this.#row, ID)!;
  }

  get about(): string {
    return this.#rows.string(this.#row, ABOUT)!;
  }

  get measure(): string {
    return this.#rows.string(this.#row, MEASURE)!;
  }

  get kind(): FactKind {
    return this.#rows.string(this.#row, KIND) as FactKind;
  }

  get unit(): string | undefined {
    return this.#rows.string(this.#row, UNIT);
  }

  get when(): string | undefined {
    return this.#rows.string(this.#row, WHEN);
  }

  get note(): string | undefined {
    return this.#rows.string(this.#row, NOTE);
  }

  get counts(): readonly string[] {
    return this.#rows.list(this.#row, COUNTS);
  }

  get signals(): readonly string[] {
    return this.#rows.list(this.#row, SIGNALS);
  }

  get values(): readonly FactValue[] {
    return (this.#values ??= this.#rows.packed!.valuesOf(this.#rows.position(this.#row)));
  }

  get definedAt(): FileLocation {
    return this.#rows.definedAt(this.#row);
  }

  /** The values, without keeping them when they are still packed (see valuesOnce); `quotes: false` as valuesWithoutQuotes. */
  valuesOnce(quotes = true): readonly FactValue[] {
    return this.#values ?? this.#rows.packed!.valuesOf(this.#rows.position(this.#row), quotes);
  }

  /** See valuesPass. */
  valuesPass(check: ValueCheck): boolean {
    return this.#values ? everyValuePasses(this.#values, check) : this.#rows.packed!.pass(this.#rows.position(this.#row), check);
  }

  /** Keeps values that valuesOnce gave and the caller completed (the build sets where quotes stand). */
  keepValues(values: readonly FactValue[]): void {
    this.#values = values;
  }
}

/**
 * A fact's values without unpacking them for good: for a pass over every fact of a dataset (a
 * build's check, the count index), which would otherwise keep every fact's values decoded.
 */
export function valuesOnce(fact: Fact): readonly FactValue[] {
  return fact instanceof BuiltFact ? fact.valuesOnce() : fact.values;
}

/**
 * Does every value of the fact, and every source it cites, pass the check? Values still packed
 * are read without being made: a build's check of a million facts made five short-lived objects
 * each, two hundred megabytes, and the scavenges they cost.
 */
export function valuesPass(fact: Fact, check: ValueCheck): boolean {
  return fact instanceof BuiltFact ? fact.valuesPass(check) : everyValuePasses(fact.values, check);
}

function everyValuePasses(values: readonly FactValue[], check: ValueCheck): boolean {
  for (const value of values) {
    if (!check.value(value.value)) return false;
    for (const citation of value.citations) if (!check.citation(citation.sourceId)) return false;
  }
  return true;
}

/**
 * The same, every quote left empty where the values are still packed: for a pass that reads no
 * quote (the count index; the build's check where no source text is there to find them in). At
 * newsroom scale a start then decodes none of a million quotes.
 */
export function valuesWithoutQuotes(fact: Fact): readonly FactValue[] {
  return fact instanceof BuiltFact ? fact.valuesOnce(false) : fact.values;
}
