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

/**
 * Where the fact was written is worked out when asked, from the file's locator and the fact's
 * index (an object per fact for it was a million objects more at newsroom scale).
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
  readonly values: readonly FactValue[];
  readonly #locate: (index: number) => FileLocation;
  readonly #index: number;

  constructor(fields: FactFields, values: readonly FactValue[], locate: (index: number) => FileLocation, index: number) {
    this.id = fields.id;
    this.about = fields.about;
    this.measure = fields.measure;
    this.kind = fields.kind as FactKind;
    this.unit = fields.unit;
    this.counts = fields.counts ?? NONE;
    this.signals = fields.signals ?? NONE;
    this.when = fields.when;
    this.note = fields.note;
    this.values = values;
    this.#locate = locate;
    this.#index = index;
  }

  get definedAt(): FileLocation {
    return this.#locate(this.#index);
  }
}
