/**
 * The reference dataset as the analysis uses it: entities with their spellings, facts with
 * their sourced values, and sources. Built by `buildDataset` from one or more dataset files.
 */

export type EntityKind = 'person' | 'organisation' | 'place' | 'event';
export type FactKind = 'count' | 'duration' | 'age' | 'year' | 'date' | 'weekday' | 'percent' | 'money';
export type Bound = 'exact' | 'about' | 'more-than' | 'at-least' | 'less-than' | 'at-most';

/** Where something was written in a dataset file: the file and offsets into its text. */
export interface FileLocation {
  readonly uri: string;
  readonly start: number;
  readonly end: number;
}

export interface Source {
  readonly id: string;
  readonly title: string;
  readonly publisher?: string;
  readonly date?: string;
  readonly url?: string;
  /** The source text's URI, resolved against the dataset file; undefined when no path is given. */
  readonly textUri?: string;
  readonly definedAt: FileLocation;
}

export interface Entity {
  readonly id: string;
  readonly name: string;
  readonly kind: EntityKind;
  readonly aliases: readonly string[];
  readonly description?: string;
  readonly related: readonly string[];
  /** For a person: the ids of their parents, to tell apart people who share a surname. */
  readonly parents: readonly string[];
  /** For a person: the pronoun drafts use for them. */
  readonly pronoun?: 'he' | 'she' | 'they';
  readonly definedAt: FileLocation;
}

/** A place in a source text, with its line and column for links. */
export interface TextLocation extends FileLocation {
  readonly line: number;
  readonly character: number;
  readonly endLine: number;
  readonly endCharacter: number;
}

export interface Citation {
  readonly sourceId: string;
  readonly quote: string;
  /** Where the quote stands in the source text, when that text was available and contains it. */
  readonly quoteAt?: TextLocation;
}

export interface FactValue {
  /** A number for most kinds; YYYY-MM-DD (or YYYY-MM) for dates; the English day name for weekdays. */
  readonly value: number | string;
  readonly bound: Bound;
  readonly citations: readonly Citation[];
}

export interface Fact {
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
  readonly definedAt: FileLocation;
}

export interface Dataset {
  readonly sources: ReadonlyMap<string, Source>;
  readonly entities: ReadonlyMap<string, Entity>;
  readonly facts: readonly Fact[];
  readonly factsByEntity: ReadonlyMap<string, readonly Fact[]>;
  /** The dataset files this was built from, for messages and the status bar. */
  readonly files: readonly string[];
  readonly titles: readonly string[];
}

export function isDisputed(fact: Fact): boolean {
  return fact.values.length > 1;
}

export const EMPTY_DATASET: Dataset = {
  sources: new Map(),
  entities: new Map(),
  facts: [],
  factsByEntity: new Map(),
  files: [],
  titles: [],
};
