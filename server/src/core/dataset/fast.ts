/**
 * The fast path for large dataset files. `parseDatasetFile` parses with `yaml`, which keeps the
 * offsets of every node (about 4 ms per entity: minutes and gigabytes for a newsroom's data).
 * A `.facts.json` file is read with JSON.parse and checked against the same JSON Schema instead
 * (by hand, dataset/check.ts); offsets are worked out only when something asks where a node was
 * written (a problem to report), by parsing that one file again the slow way. Repeated strings
 * and word lists (kinds, units, signals, counted nouns, source ids) are shared by that check.
 * Anything the fast path cannot vouch for — a syntax or schema error, YAML — goes the slow way,
 * so problems are reported exactly as before.
 */
import { allSteps } from '../steps';
import { checkAndShare } from './check';
import type { Fact, FileLocation } from './model';
import { unpackBuilt } from './packed';
import { parseDatasetFile, type ParseResult, type ParsedDatasetFile, type RawDataset, type RawFact } from './parse';

/** Smaller files gain nothing from the fast path: they take the slow one, positions and all. */
export const FAST_PATH_MIN_CHARS = 256 * 1024;

/** Gives a file's text again, or undefined when it is no longer the text that was parsed. */
export type Reread = () => string | undefined;

/**
 * A dataset file parsed the fast way where it can be, else the slow way. A file read the fast way
 * does not keep its text: when offsets are asked for, `reread` gives it again (by default the text
 * is kept for that; a caller holding hundreds of MB of data reads the file again instead).
 */
export function parseDataset(uri: string, text: string, reread: Reread = () => text): ParseResult {
  return allSteps(parseDatasetSteps(uri, text, reread));
}

/**
 * parseDataset in steps: a caller that runs one per turn of its event loop is held for one of
 * JSON.parse, the schema check and the duplicate-key count at a time, not for all three.
 */
export function* parseDatasetSteps(uri: string, text: string, reread: Reread = () => text): Generator<void, ParseResult, void> {
  return (yield* parseFast(uri, text, reread)) ?? parseDatasetFile(uri, text);
}

/**
 * Where a node was written, looked up only when asked (the lookup parses the file again). Its raw
 * facts, most of a large file's memory, may be let go of once they are built (`releaseFacts`):
 * `data.facts` is then undefined, and `rawFacts` parses the file again for them.
 */
export interface LazyParsedDatasetFile extends ParsedDatasetFile {
  locate(section: string, index: number): FileLocation;
  releaseFacts(): void;
}

/** The facts of a parsed file as written; undefined when they were let go of and the file is no longer as it was. */
export function rawFacts(file: ParsedDatasetFile): RawFact[] | undefined {
  return 'rawFacts' in file ? (file as LazyFile).rawFacts() : (file.data.facts ?? []);
}

/**
 * The facts a file unpacked from the parse cache came with, in built form (see unpackedFile),
 * handed over once: the build takes them or builds the file's facts from its raw ones.
 */
export function takePrebuiltFacts(file: ParsedDatasetFile): Fact[] | undefined {
  return 'takePrebuilt' in file ? (file as LazyFile).takePrebuilt() : undefined;
}

interface LazyFile extends LazyParsedDatasetFile {
  rawFacts(): RawFact[] | undefined;
  takePrebuilt(): Fact[] | undefined;
}

function* parseFast(uri: string, text: string, reread: Reread): Generator<void, ParseResult | undefined, void> {
  if (text.length < FAST_PATH_MIN_CHARS || !/\.json$/i.test(uri)) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  yield;
  const properties = checkAndShare(data);
  if (properties === -1) return undefined;
  yield;
  // JSON.parse keeps the last of two equal keys where the slow path reports them: any doubt, go slow.
  if (keysWritten(text) !== properties) return undefined;
  return { ok: true, file: lazyFile(uri, data as RawDataset, reread) };
}

/**
 * A file whose data was checked the fast way before and comes back from a packing of it (see
 * dataset/packed.ts); undefined when the bytes are not one. It behaves as the fast path's parse
 * of the same text, positions and all, but for its facts: they come unpacked in built form (see
 * takePrebuiltFacts), and its raw facts are as if let go of after a build (parsed again from the
 * text if a build needs them).
 */
export function unpackedFile(uri: string, packed: Uint8Array, reread: Reread): LazyParsedDatasetFile | undefined {
  let file: LazyFile | undefined;
  const unpacked = unpackBuilt(packed, (index) => file!.locate('facts', index));
  if (!unpacked) return undefined;
  file = lazyFile(uri, unpacked.data, reread, unpacked.facts);
  return file;
}

/** The parsed file, with offsets worked out by parsing its text again the slow way on first use. */
function lazyFile(uri: string, data: RawDataset, reread: Reread, prebuilt?: Fact[]): LazyFile {
  let slow: ParseResult | undefined;
  const rangeOf = (path: readonly (string | number)[]) => {
    if (!slow) {
      const text = reread();
      // The file changed since: its offsets are gone (and a reload is on its way).
      if (text === undefined) return { start: 0, end: 0 };
      slow = parseDatasetFile(uri, text);
    }
    return slow.ok ? slow.file.rangeOf(path) : { start: 0, end: 0 };
  };
  let released = prebuilt !== undefined;
  return {
    uri,
    data,
    rangeOf,
    locate: (section, index) => new LazyLocation(uri, rangeOf, section, index),
    releaseFacts: () => {
      released = true;
      delete data.facts;
    },
    rawFacts: () => {
      if (!released) return data.facts ?? [];
      const again = parsedAgain(reread);
      return again && (again.facts ?? []);
    },
    takePrebuilt: () => {
      const facts = prebuilt;
      prebuilt = undefined;
      return facts;
    },
  };
}

/** The file's data parsed again from its text the fast way, when the text is still what was parsed (and so passes again). */
function parsedAgain(reread: Reread): RawDataset | undefined {
  const text = reread();
  if (text === undefined) return undefined;
  try {
    const data: unknown = JSON.parse(text);
    return checkAndShare(data) === -1 ? undefined : (data as RawDataset);
  } catch {
    return undefined;
  }
}

/**
 * How many property names the text has: every `"…":` whose quote is not escaped (a string can
 * hold `":` only as `\":`, and a string before a colon is always a name in JSON that parsed).
 */
function keysWritten(text: string): number {
  let count = 0;
  for (let i = text.indexOf('":'); i !== -1; i = text.indexOf('":', i + 2)) if (!escaped(text, i)) count++;
  if (/"\s+:/.test(text)) for (const match of text.matchAll(/"\s+:/g)) if (!escaped(text, match.index!)) count++;
  return count;
}

/** Is the quote at this offset escaped (an odd number of backslashes before it)? */
function escaped(text: string, quote: number): boolean {
  let backslashes = 0;
  for (let i = quote - 1; i >= 0 && text.charCodeAt(i) === 92; i--) backslashes++;
  return backslashes % 2 === 1;
}

/** A FileLocation whose offsets are worked out on first use. */
class LazyLocation implements FileLocation {
  private range?: { start: number; end: number };
  constructor(
    readonly uri: string,
    private readonly rangeOf: ParsedDatasetFile['rangeOf'],
    private readonly section: string,
    private readonly index: number,
  ) {}

  get start(): number {
    return (this.range ??= this.rangeOf([this.section, this.index])).start;
  }

  get end(): number {
    return (this.range ??= this.rangeOf([this.section, this.index])).end;
  }
}
