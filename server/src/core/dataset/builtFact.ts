/**
 * A fact as the builder makes it, whether built from a file's raw facts (build.ts) or unpacked
 * as built from the parse cache (packed.ts): one class, so that both give facts of one shape.
 */
import type { FactKind, Fact, FactValue, FileLocation } from './model';
import type { RawFact } from './parse';

/** A raw fact's own fields, values aside: what BuiltFact copies. */
export type FactFields = Omit<RawFact, 'values'>;

/** The one empty word list of facts that have none. */
export const NONE: readonly string[] = Object.freeze([]);

/** Where a file's facts' values are kept packed, each fact's found by its index in the file (see packed.ts). */
export interface PackedValues {
  /** `quotes: false`: every quote left empty (see valuesWithoutQuotes). */
  valuesOf(index: number, quotes?: boolean): FactValue[];
}

/**
 * Where the fact was written is worked out when asked, from the file's locator and the fact's
 * index (an object per fact for it was a million objects more at newsroom scale). So are the
 * values of a fact unpacked from the parse cache: decoded from the packed words the first time
 * they are asked for, and kept from then on. A draft asks for those of a few hundred facts, and
 * the values of a million facts as objects were a third of the heap at newsroom scale.
 */
export class BuiltFact implements Fact {
  readonly id: string;
  readonly about: string;
  readonly measure: string;
  readonly kind: FactKind;
  readonly unit?: string;
  readonly counts: readonly string[];
  readonly signals: readonly string[];
  readonly when?: string;
  readonly note?: string;
  #values: readonly FactValue[] | undefined;
  readonly #packed: PackedValues | undefined;
  readonly #locate: (index: number) => FileLocation;
  readonly #index: number;

  constructor(fields: FactFields, values: readonly FactValue[] | PackedValues, locate: (index: number) => FileLocation, index: number) {
    this.id = fields.id;
    this.about = fields.about;
    this.measure = fields.measure;
    this.kind = fields.kind as FactKind;
    this.unit = fields.unit;
    this.counts = fields.counts ?? NONE;
    this.signals = fields.signals ?? NONE;
    this.when = fields.when;
    this.note = fields.note;
    if (Array.isArray(values)) this.#values = values;
    else this.#packed = values as PackedValues;
    this.#locate = locate;
    this.#index = index;
  }

  get values(): readonly FactValue[] {
    return (this.#values ??= this.#packed!.valuesOf(this.#index));
  }

  get definedAt(): FileLocation {
    return this.#locate(this.#index);
  }

  /** The values, without keeping them when they are still packed (see valuesOnce); `quotes: false` as valuesWithoutQuotes. */
  valuesOnce(quotes = true): readonly FactValue[] {
    return this.#values ?? this.#packed!.valuesOf(this.#index, quotes);
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
 * The same, every quote left empty where the values are still packed: for a pass that reads no
 * quote (the count index; the build's check where no source text is there to find them in). At
 * newsroom scale a start then decodes none of a million quotes.
 */
export function valuesWithoutQuotes(fact: Fact): readonly FactValue[] {
  return fact instanceof BuiltFact ? fact.valuesOnce(false) : fact.values;
}
