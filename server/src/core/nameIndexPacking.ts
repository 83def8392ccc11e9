/**
 * The name index in the binary container of packing.ts, for the parse cache: unpacking it costs
 * a fraction of building it (romanisation keys, deletion neighbours, the trie's look-ups). What
 * it was built from, and by which code, is the caller's to stamp (see parseCache.ts): it is
 * unpacked against the very entities it was built from (nameIndexInputKey), whose ids and
 * spellings it names by number — the unpacked index shares their strings, as a built one does.
 *
 * One section of 32-bit words; entities by their place in the dataset's order, a spelling by
 * its place in its entity (0 the name, k the k-th alias), other strings by their index in the
 * string table:
 *   alias count; the trie in pre-order — per node, its child count, then each child's token key
 *   and subtree, then its end count and per end: entity, spelling, capitals (the token count,
 *   then one bit per token); surnames (a count, then per key: the key, a count, the entities);
 *   deletion neighbours (the same, with surname keys); given names (the same, by entity).
 *
 * `unpackNameIndex` checks every count and index: bytes that are not a packing give undefined,
 * never a throw.
 */
import type { Dataset, Entity } from './dataset/model';
import { NO_ENDS, NO_NEXT, type AliasEnd, type NameIndex, type TrieNode } from './names';
import { packContainer, type PackedStrings, StringTable, unpackContainer, WordReader, Words } from './packing';

const MAGIC = 0x494e4d46; // "FMNI"
/** Bumped whenever the layout or what it holds changes: older packings are then refused. */
const FORMAT = 1;
/** Capitals of up to this many tokens fit a word with their count. */
const MAX_PATTERN_TOKENS = 24;

/** Names (or list entries) packed or unpacked between two steps: at 100k entities a step is some 10 ms. */
const ITEMS_PER_STEP = 20_000;

/**
 * The packed bytes of the name index of these entities, in steps (a caller running one per turn
 * is never held for long); undefined when it cannot be packed (a lone surrogate, which UTF-8
 * cannot hold, or a spelling too long for a capitals word).
 */
export function* packNameIndexSteps(index: NameIndex, dataset: Dataset): Generator<void, Uint8Array | undefined, void> {
  return yield* new IndexPacker(dataset).pack(index);
}

/** The name index of these entities as packed, in steps; undefined when the bytes are not a packing of this format for them. */
export function* unpackNameIndexSteps(bytes: Uint8Array, dataset: Dataset): Generator<void, NameIndex | undefined, void> {
  try {
    const container = unpackContainer(MAGIC, FORMAT, 1, bytes);
    if (!container) return undefined;
    yield;
    return yield* new IndexReader(container.strings, container.sections[0], [...dataset.entities.values()]).index();
  } catch {
    // A count or index out of range (NotPacked), or nesting deeper than the stack.
    return undefined;
  }
}

class IndexPacker {
  private readonly table = new StringTable();
  private readonly words = new Words();
  private readonly ordinals = new Map<string, number>();
  /** Set when an end or list names what the entities do not have: the index is then not packed. */
  private failed = false;

  constructor(private readonly dataset: Dataset) {
    for (const id of dataset.entities.keys()) this.ordinals.set(id, this.ordinals.size);
  }

  *pack(index: NameIndex): Generator<void, Uint8Array | undefined, void> {
    let done = 0;
    this.words.push(index.aliasCount);
    // The root's children (a name's first token) a step at a time; each subtree is a few nodes deep.
    this.words.push(index.root.next.size);
    for (const [key, child] of index.root.next) {
      this.string(key);
      this.node(child);
      if (++done % ITEMS_PER_STEP === 0) yield;
    }
    this.ends(index.root);
    this.words.push(index.surnames.size);
    for (const [key, ids] of index.surnames) {
      // The surname keys again among the deletion neighbours' values: looked up, the others are new.
      this.string(key);
      this.entities(ids);
      if (++done % ITEMS_PER_STEP === 0) yield;
    }
    this.words.push(index.nearPersonKeys.size);
    for (const [neighbour, keys] of index.nearPersonKeys) {
      this.unique(neighbour);
      this.words.push(keys.length);
      for (const key of keys) this.string(key);
      if (++done % ITEMS_PER_STEP === 0) yield;
    }
    this.words.push(index.givenNames.size);
    for (const [id, keys] of index.givenNames) {
      this.entity(id);
      this.words.push(keys.size);
      for (const key of keys) this.string(key);
      if (++done % ITEMS_PER_STEP === 0) yield;
    }
    yield;
    return this.failed ? undefined : packContainer(MAGIC, FORMAT, this.table.strings, [this.words.done()]);
  }

  private node(trieNode: TrieNode): void {
    this.words.push(trieNode.next.size);
    for (const [key, child] of trieNode.next) {
      this.string(key);
      this.node(child);
    }
    this.ends(trieNode);
  }

  private ends(trieNode: TrieNode): void {
    this.words.push(trieNode.ends.length);
    for (const end of trieNode.ends) {
      const entity = this.dataset.entities.get(end.entityId);
      const spelling = entity === undefined ? -1 : end.alias === entity.name ? 0 : entity.aliases.indexOf(end.alias) + 1;
      if (spelling < 0 || end.capitals.length > MAX_PATTERN_TOKENS) this.failed = true;
      this.entity(end.entityId);
      this.words.push(spelling);
      let bits = 0;
      end.capitals.forEach((capital, i) => (bits |= capital ? 1 << i : 0));
      this.words.push(end.capitals.length);
      this.words.push(bits);
    }
  }

  private entities(ids: readonly string[]): void {
    this.words.push(ids.length);
    for (const id of ids) this.entity(id);
  }

  private entity(id: string): void {
    const ordinal = this.ordinals.get(id);
    if (ordinal === undefined) this.failed = true;
    this.words.push(ordinal ?? 0);
  }

  private string(value: string): void {
    this.words.push(this.table.indexOf(value));
  }

  /** A string no other place names (a deletion neighbour): stored without the look-up. */
  private unique(value: string): void {
    this.words.push(this.table.add(value));
  }
}

class IndexReader extends WordReader {
  /** One capitals list per pattern, shared as the build shares them. */
  private readonly capitals = new Map<number, readonly boolean[]>();

  constructor(
    strings: PackedStrings,
    words: Uint32Array,
    private readonly entities: readonly Entity[],
  ) {
    super(strings, words);
  }

  *index(): Generator<void, NameIndex | undefined, void> {
    let done = 0;
    const aliasCount = this.word();
    const root: TrieNode = { next: new Map(), ends: NO_ENDS };
    for (let i = this.count(3); i > 0; i--) {
      const key = this.string();
      root.next.set(key, this.node());
      if (++done % ITEMS_PER_STEP === 0) yield;
    }
    root.ends = this.ends();
    const surnames = new Map<string, string[]>();
    for (let i = this.count(2); i > 0; i--) {
      const key = this.string();
      const ids = new Array<string>(this.count(1));
      for (let k = 0; k < ids.length; k++) ids[k] = this.entity().id;
      surnames.set(key, ids);
      if (++done % ITEMS_PER_STEP === 0) yield;
    }
    const nearPersonKeys = new Map<string, string[]>();
    for (let i = this.count(2); i > 0; i--) {
      const neighbour = this.string();
      const keys = new Array<string>(this.count(1));
      for (let k = 0; k < keys.length; k++) keys[k] = this.string();
      nearPersonKeys.set(neighbour, keys);
      if (++done % ITEMS_PER_STEP === 0) yield;
    }
    const givenNames = new Map<string, Set<string>>();
    for (let i = this.count(2); i > 0; i--) {
      const id = this.entity().id;
      const keys = new Set<string>();
      for (let k = this.count(1); k > 0; k--) keys.add(this.string());
      givenNames.set(id, keys);
      if (++done % ITEMS_PER_STEP === 0) yield;
    }
    return this.atEnd ? { root, aliasCount, surnames, givenNames, nearPersonKeys } : undefined;
  }

  private node(): TrieNode {
    const children = this.count(3);
    let next = NO_NEXT;
    if (children > 0) {
      next = new Map();
      for (let i = 0; i < children; i++) {
        const key = this.string();
        next.set(key, this.node());
      }
    }
    return { next, ends: this.ends() };
  }

  private ends(): AliasEnd[] {
    const endCount = this.count(4);
    let ends = NO_ENDS;
    if (endCount > 0) {
      ends = new Array<AliasEnd>(endCount);
      for (let i = 0; i < endCount; i++) {
        const entity = this.entity();
        const spelling = this.word();
        const alias = spelling === 0 ? entity.name : entity.aliases[spelling - 1];
        if (alias === undefined) this.fail();
        ends[i] = { entityId: entity.id, alias, capitals: this.capitalsOf(this.word(), this.word()) };
      }
    }
    return ends;
  }

  private capitalsOf(tokens: number, bits: number): readonly boolean[] {
    if (tokens > MAX_PATTERN_TOKENS) this.fail();
    const pattern = tokens * 2 ** MAX_PATTERN_TOKENS + bits;
    let shared = this.capitals.get(pattern);
    if (!shared) this.capitals.set(pattern, (shared = Object.freeze(Array.from({ length: tokens }, (_, i) => (bits & (1 << i)) !== 0))));
    return shared;
  }

  private entity(): Entity {
    const ordinal = this.word();
    if (ordinal >= this.entities.length) this.fail();
    return this.entities[ordinal];
  }

  /** A count of items that take at least `wordsEach` words each: a larger one is not a packing (and must not allocate). */
  private count(wordsEach: number): number {
    const count = this.word();
    if (count * wordsEach > this.left) this.fail();
    return count;
  }

}
