/**
 * The binary container of the parse cache's packings (dataset files: dataset/packed.ts; name
 * indexes: nameIndexPacking.ts): strings, sections of 32-bit words and Float64 numbers.
 *
 * Layout (little-endian): a header of 8 words — magic, format, string count, text bytes, number
 * count, then the length of each section (at most 3; 0 for the rest) — the strings' UTF-8 end
 * offsets, the sections, the numbers (8-byte aligned), then the text: each string UTF-8 on its
 * own, concatenated.
 */

const HEADER_WORDS = 8;
const MAX_SECTIONS = HEADER_WORDS - 5;

/** The packed bytes; undefined when a string cannot be stored as UTF-8 (a lone surrogate). */
export function packContainer(magic: number, format: number, strings: readonly string[], sections: readonly Uint32Array[], numbers: readonly number[] = []): Uint8Array | undefined {
  if (sections.length > MAX_SECTIONS) throw new Error('too many sections');
  // UTF-8 cannot hold a lone surrogate (JSON can: "\ud800"). The first test, for any surrogate, is the quick one.
  const all = strings.join('');
  if (/[\uD800-\uDFFF]/.test(all) && /\p{Surrogate}/u.test(all)) return undefined;
  // Each string encoded on its own, so that each is decoded on its own (see unpackContainer).
  const encoder = new TextEncoder();
  const utf8 = new Uint8Array(all.length * 3);
  const ends = new Uint32Array(strings.length);
  let end = 0;
  for (let i = 0; i < strings.length; i++) ends[i] = end += encoder.encodeInto(strings[i], utf8.subarray(end)).written;
  const header = new Uint32Array(HEADER_WORDS);
  header.set([magic, format, ends.length, end, numbers.length, ...sections.map((section) => section.length)]);
  const words = HEADER_WORDS + ends.length + sections.reduce((sum, section) => sum + section.length, 0);
  const numbersAt = align8(words * 4);
  const out = new Uint8Array(numbersAt + numbers.length * 8 + end);
  const view = new Uint32Array(out.buffer, 0, words);
  view.set(header, 0);
  view.set(ends, HEADER_WORDS);
  let at = HEADER_WORDS + ends.length;
  for (const section of sections) {
    view.set(section, at);
    at += section.length;
  }
  new Float64Array(out.buffer, numbersAt, numbers.length).set(numbers);
  out.set(utf8.subarray(0, end), numbersAt + numbers.length * 8);
  return out;
}

export interface Container {
  readonly strings: PackedStrings;
  readonly sections: readonly Uint32Array[];
  readonly numbers: Float64Array;
}

/** What packContainer packed with this magic and format (and so many sections); undefined for any other bytes. */
export function unpackContainer(magic: number, format: number, sectionCount: number, bytes: Uint8Array): Container | undefined {
  // Typed-array views need aligned offsets; a Buffer from a pool may not be.
  if (bytes.byteOffset % 8 !== 0) bytes = bytes.slice();
  if (bytes.length < HEADER_WORDS * 4) return undefined;
  const header = new Uint32Array(bytes.buffer, bytes.byteOffset, HEADER_WORDS);
  const [packedMagic, packedFormat, stringCount, textBytes, numberCount] = header;
  if (packedMagic !== magic || packedFormat !== format) return undefined;
  const lengths = [...header.subarray(5, 5 + sectionCount)];
  const words = HEADER_WORDS + stringCount + lengths.reduce((sum, length) => sum + length, 0);
  const numbersAt = align8(words * 4);
  if (bytes.length !== numbersAt + numberCount * 8 + textBytes) return undefined;
  const all = new Uint32Array(bytes.buffer, bytes.byteOffset, words);
  const ends = all.subarray(HEADER_WORDS, HEADER_WORDS + stringCount);
  const text = bytes.subarray(numbersAt + numberCount * 8);
  const strings = PackedStrings.of(text, ends);
  if (!strings) return undefined;
  const sections: Uint32Array[] = [];
  let at = HEADER_WORDS + stringCount;
  for (const length of lengths) {
    sections.push(all.subarray(at, at + length));
    at += length;
  }
  return { strings, sections, numbers: new Float64Array(bytes.buffer, bytes.byteOffset + numbersAt, numberCount) };
}

/**
 * A packing's strings, each decoded from its UTF-8 the first time it is read (and kept): a
 * dataset file's quotes are read only for the few facts a draft is about, and a million of them
 * decoded at every start were a long-lived string each. A string that is not UTF-8 throws
 * NotPacked when read — while a packing is unpacked, that makes the whole packing a miss (its
 * unpacker catches it) — and the strings kept past the unpacking (see `only`) are checked as they
 * are kept, so that reading them later cannot fail.
 */
export class PackedStrings {
  private readonly decoded: (string | undefined)[];
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });

  private constructor(
    private readonly text: Uint8Array,
    private readonly ends: Uint32Array,
  ) {
    this.decoded = new Array(ends.length);
  }

  /** The strings of `text`, ending at `ends`; undefined when the ends do not divide the text. */
  static of(text: Uint8Array, ends: Uint32Array): PackedStrings | undefined {
    let start = 0;
    for (let i = 0; i < ends.length; i++) {
      if (ends[i] < start) return undefined;
      start = ends[i];
    }
    return start === text.length ? new PackedStrings(text, ends) : undefined;
  }

  get length(): number {
    return this.ends.length;
  }

  /** The string at an index below length, kept once read. */
  at(index: number): string {
    return (this.decoded[index] ??= this.read(index));
  }

  /** The string at an index below length, not kept unless it was already (for a pass that drops what it reads). */
  read(index: number): string {
    const known = this.decoded[index];
    if (known !== undefined) return known;
    // Decoded on its own, not sliced from one decoded text: a slice is a larger object than a
    // string of its own and keeps the whole text alive.
    try {
      return this.decoder.decode(this.bytesOf(index));
    } catch {
      throw new NotPacked();
    }
  }

  /**
   * Just the strings at these indexes, the k-th at k: what a part of a packing keeps so that the
   * rest — and the bytes it was read from — can be let go of. Strings already read are shared;
   * the others stay UTF-8, checked here (NotPacked when one is not). Strings that stand next to
   * each other in the table and in `indexes` are copied in one go: given in the table's order,
   * a file's facts' strings are a few runs (8 ms for a file of 20,000 facts instead of 11 with a
   * loop over every byte; most of what is left is the UTF-8 check).
   */
  only(indexes: ArrayLike<number>): PackedStrings {
    // Offsets, not a view per string: a view object per string was a million objects at newsroom scale.
    const { ends, decoded, text: from } = this;
    let length = 0;
    for (let k = 0; k < indexes.length; k++) {
      const index = indexes[k];
      if (decoded[index] === undefined) length += ends[index] - this.startOf(index);
    }
    const text = new Uint8Array(length);
    const keptEnds = new Uint32Array(indexes.length);
    let end = 0;
    // The bytes of `from` not yet copied, which go at `copied` in `text`.
    let runStart = 0;
    let runEnd = 0;
    let copied = 0;
    for (let k = 0; k < indexes.length; k++) {
      const index = indexes[k];
      if (decoded[index] === undefined) {
        const start = this.startOf(index);
        // Each string UTF-8 on its own: the whole text is (checked below), and none starts on a continuation byte.
        if (start < ends[index] && (from[start] & 0xc0) === 0x80) throw new NotPacked();
        if (start !== runEnd) {
          text.set(from.subarray(runStart, runEnd), copied);
          copied += runEnd - runStart;
          runStart = start;
        }
        runEnd = ends[index];
        end += ends[index] - start;
      }
      keptEnds[k] = end;
    }
    text.set(from.subarray(runStart, runEnd), copied);
    if (!isWellFormedUtf8(text)) throw new NotPacked();
    const kept = new PackedStrings(text, keptEnds);
    for (let k = 0; k < indexes.length; k++) kept.decoded[k] = decoded[indexes[k]];
    return kept;
  }

  private startOf(index: number): number {
    return index === 0 ? 0 : this.ends[index - 1];
  }

  private bytesOf(index: number): Uint8Array {
    return this.text.subarray(this.startOf(index), this.ends[index]);
  }
}

/**
 * Is the text UTF-8 as a fatal TextDecoder takes it (no stray continuation byte, overlong form,
 * surrogate or code point past U+10FFFF)? Checked without making a string: a fifth of the time
 * decoding takes.
 */
export function isWellFormedUtf8(bytes: Uint8Array): boolean {
  const length = bytes.length;
  let i = 0;
  while (i < length) {
    const lead = bytes[i];
    if (lead < 0x80) {
      i++;
      continue;
    }
    // The continuation bytes a lead takes, and the range of the first (narrower after E0, ED, F0, F4).
    let count: number;
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) count = 1;
    else if (lead >= 0xe0 && lead <= 0xef) {
      count = 2;
      if (lead === 0xe0) low = 0xa0;
      else if (lead === 0xed) high = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      count = 3;
      if (lead === 0xf0) low = 0x90;
      else if (lead === 0xf4) high = 0x8f;
    } else return false;
    if (i + count >= length) return false;
    const second = bytes[i + 1];
    if (second < low || second > high) return false;
    for (let k = 2; k <= count; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return false;
    i += count + 1;
  }
  return true;
}

/** The strings of a packing as it is written, each stored once (by `indexOf`) or as it comes (by `add`). */
export class StringTable {
  readonly strings: string[] = [];
  private readonly indexes = new Map<string, number>();

  /** The string's index, the same for the same string. */
  indexOf(value: string): number {
    let index = this.indexes.get(value);
    if (index === undefined) {
      index = this.strings.push(value) - 1;
      this.indexes.set(value, index);
    }
    return index;
  }

  /**
   * A string stored as it comes, without the look-up that costs most of a packing: for strings
   * that seldom or never repeat (ids, names, titles, deletion neighbours).
   */
  add(value: string): number {
    return this.strings.push(value) - 1;
  }
}

/** Thrown by a WordReader (and caught by the unpacking it serves) when the bytes are not a packing: a count or index out of range. */
export class NotPacked extends Error {}

/**
 * Reads a section of words in order, with the container's strings. Every read is checked: past
 * the end, or an index out of range, throws NotPacked — bytes this code did not write never make
 * a half-built result.
 */
export class WordReader {
  protected at = 0;

  constructor(
    protected readonly strings: PackedStrings,
    protected readonly words: Uint32Array,
  ) {}

  /** Has every word been read? (A packing has no words left over.) */
  protected get atEnd(): boolean {
    return this.at === this.words.length;
  }

  /** How many words are left to read. */
  protected get left(): number {
    return this.words.length - this.at;
  }

  protected word(): number {
    if (this.at >= this.words.length) this.fail();
    return this.words[this.at++];
  }

  /** The string at the next word's index. */
  protected string(): string {
    return this.stringAt(this.word());
  }

  /** Checks that the next word is a string's index, without reading the string. */
  protected skipString(): void {
    this.stringIndex();
  }

  /** The next word, checked to be a string's index (the string is not read). */
  protected stringIndex(): number {
    const index = this.word();
    return index < this.strings.length ? index : this.fail();
  }

  protected stringAt(index: number): string {
    return index < this.strings.length ? this.strings.at(index) : this.fail();
  }

  protected fail(): never {
    throw new NotPacked();
  }
}

/** A growing list of 32-bit words. */
export class Words {
  private words = new Uint32Array(1024);
  #length = 0;

  get length(): number {
    return this.#length;
  }

  push(word: number): void {
    if (this.#length === this.words.length) {
      const larger = new Uint32Array(this.words.length * 2);
      larger.set(this.words);
      this.words = larger;
    }
    this.words[this.#length++] = word;
  }

  /** Appends words[start] to words[end - 1]. */
  pushRange(words: Uint32Array, start: number, end: number): void {
    for (let i = start; i < end; i++) this.push(words[i]);
  }

  done(): Uint32Array {
    return this.words.subarray(0, this.#length);
  }
}

function align8(bytes: number): number {
  return Math.ceil(bytes / 8) * 8;
}
