/**
 * The parse cache: a packed copy (core/dataset/packed.ts) of each large dataset file that passed
 * the fast path's check, kept in a folder of the editor's storage (or the CLI's --cache folder).
 * On the next start, a file whose disk signature (inode, size, times; see datasets.ts) is the one
 * it had when it was packed is unpacked instead of decoded, parsed and checked again — about a
 * fifth of the time. An entry is used only when everything it was made with is the same: the
 * file's URI and signature, the dataset schema and the packing's format; anything else (a missing,
 * stale, foreign or damaged entry) is a miss, and the file is parsed as if there were no cache.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { packDataset, packNameIndexSteps, RunningHash, unpackNameIndexSteps, type Dataset, type NameIndex, type RawDataset } from '../core';
import { stepPerTurn } from './datasets';
import schema from '../../schema/factmark-dataset.schema.json';

/** What an entry must have been made with, besides its file's URI and signature. */
const SCHEMA_KEY = new RunningHash().mix(JSON.stringify(schema)).key();

/**
 * A hash of the analysis core's sources, put in by the bundler (esbuild.mjs). A name index depends
 * on the code that built it (the romanisation rules, the folding) as much as on the entities, so
 * one is kept only with this stamp and used only by the same build. Run from the sources (tsx)
 * there is none, and name indexes are not kept unless the caller gives a stamp (the tests do).
 */
declare const FACTMARK_CORE_STAMP: string | undefined;
const CORE_STAMP = typeof FACTMARK_CORE_STAMP === 'string' ? FACTMARK_CORE_STAMP : undefined;

/** Entries neither read nor written for this long are removed by `prune` (a file renamed or deleted leaves its entry behind). */
export const UNUSED_ENTRY_DAYS = 30;
const ENTRY_SUFFIX = '.pack';
const DISTINCT_SUFFIX = '.ids.json';
const NAMES_SUFFIX = '.names';
let temporaryFiles = 0;

export class ParseCache {
  /** Why the last entry could not be written, until `takeWriteError` hands it on (to the log). */
  private writeError?: string;

  constructor(
    readonly dir: string,
    /** The build of the code name indexes are kept for (see CORE_STAMP); none: they are not kept. */
    private readonly coreStamp: string | undefined = CORE_STAMP,
  ) {}

  /** Are name indexes kept (see readNameIndex)? */
  get keepsNameIndexes(): boolean {
    return this.coreStamp !== undefined;
  }

  /**
   * The name index kept for a dataset folder, when it was built by this code from entities with
   * this input key (see nameIndexInputKey) — the dataset's own, against which it is unpacked, a
   * step per turn; undefined on a miss of any kind.
   */
  async readNameIndex(folder: string, input: string, dataset: Dataset): Promise<NameIndex | undefined> {
    if (this.coreStamp === undefined) return undefined;
    return this.readEntry(this.namesPath(folder), this.namesStamp(folder, input), (packed) => stepPerTurn(unpackNameIndexSteps(packed, dataset)));
  }

  /** Packs a folder's name index, a step per turn, and keeps it in place of the one kept before; never throws. */
  async writeNameIndex(folder: string, input: string, dataset: Dataset, index: NameIndex): Promise<void> {
    if (this.coreStamp === undefined) return;
    const packed = await stepPerTurn(packNameIndexSteps(index, dataset));
    if (packed) await this.writeAtomically(this.namesPath(folder), stamped(this.namesStamp(folder, input), packed));
  }

  /**
   * What `open` makes of the file's packing (core/dataset/packed.ts) stored with this signature;
   * undefined on a miss of any kind (`open` gives undefined for bytes that are not a packing).
   */
  async read<T>(uri: string, signature: string, open: (packed: Uint8Array) => T | undefined): Promise<T | undefined> {
    return this.readEntry(this.entryPath(uri), stampOf(uri, signature), open);
  }

  /** What `open` makes of an entry's packed bytes when the entry has this stamp; the entry is then marked as used. */
  private async readEntry<T>(file: string, stamp: string, open: (packed: Uint8Array) => T | undefined | Promise<T | undefined>): Promise<T | undefined> {
    let bytes: Buffer;
    try {
      bytes = await fs.readFile(file);
    } catch {
      return undefined;
    }
    const packed = packedPart(bytes, stamp);
    const data = packed && (await open(packed));
    if (data !== undefined) await markUsed(file);
    return data;
  }

  /** Why an entry could not be written since the last call, if one could not (a full disk, a folder not writable); then forgotten. */
  takeWriteError(): string | undefined {
    const error = this.writeError;
    this.writeError = undefined;
    return error;
  }

  /**
   * Removes the entries not used for UNUSED_ENTRY_DAYS, and temporary files left by a process that
   * stopped mid-write; how many were removed. Never throws (a folder that cannot be listed has nothing to prune).
   */
  async prune(now = Date.now()): Promise<number> {
    let names: string[];
    try {
      names = await fs.readdir(this.dir);
    } catch {
      return 0;
    }
    let removed = 0;
    for (const name of names) {
      if (![ENTRY_SUFFIX, DISTINCT_SUFFIX, NAMES_SUFFIX, '.tmp'].some((suffix) => name.endsWith(suffix))) continue;
      const file = path.join(this.dir, name);
      const stat = await fs.stat(file).catch(() => undefined);
      if (!stat || now - stat.mtimeMs < UNUSED_ENTRY_DAYS * 86_400_000) continue;
      await fs.rm(file, { force: true }).then(() => removed++, () => undefined);
    }
    return removed;
  }

  /** Packs the file's data and stores it (atomically: a reader never sees half an entry); never throws. */
  async write(uri: string, signature: string, data: RawDataset): Promise<void> {
    const packed = packDataset(data);
    if (!packed) return;
    // The packing above is done before the first await: the caller may let go of the data then.
    await this.writeAtomically(this.entryPath(uri), stamped(stampOf(uri, signature), packed));
  }

  /**
   * The dataset files, in build order, that a build of a folder (named by `folder`) found to
   * define no fact id twice between them, each with the disk signature of the content built:
   * while they come first and unchanged, their ids need no checking (see buildDatasetSteps).
   * Empty when none is known.
   */
  async readDistinctIds(folder: string): Promise<readonly DistinctFile[]> {
    const file = this.distinctPath(folder);
    try {
      const record = JSON.parse(await fs.readFile(file, 'utf8')) as { folder?: unknown; files?: unknown };
      if (record.folder !== folder || !Array.isArray(record.files)) return [];
      const files = record.files.filter((item): item is DistinctFile => typeof item?.uri === 'string' && typeof item?.signature === 'string');
      await markUsed(file);
      return files;
    } catch {
      return [];
    }
  }

  /** Records the files of a build that reported no duplicate id (see readDistinctIds); never throws. */
  async writeDistinctIds(folder: string, files: readonly DistinctFile[]): Promise<void> {
    await this.writeAtomically(this.distinctPath(folder), Buffer.from(JSON.stringify({ folder, files })));
  }

  private async writeAtomically(file: string, bytes: Buffer): Promise<void> {
    // Unique to this write: two folders of a workspace may hold the same file and write its entry at once.
    const temporary = `${file}.${process.pid}.${++temporaryFiles}.tmp`;
    try {
      await fs.mkdir(this.dir, { recursive: true });
      await fs.writeFile(temporary, bytes);
      await fs.rename(temporary, file);
    } catch (error) {
      this.writeError = (error as Error).message;
      await fs.rm(temporary, { force: true }).catch(() => undefined);
    }
  }

  private namesStamp(folder: string, input: string): string {
    return JSON.stringify({ cache: 'factmark name index', core: this.coreStamp, folder, input });
  }

  private namesPath(folder: string): string {
    return this.pathFor(folder, NAMES_SUFFIX);
  }

  private distinctPath(folder: string): string {
    return this.pathFor(folder, DISTINCT_SUFFIX);
  }

  /** One entry per dataset file, named by its URI's hash: a file written again replaces its entry. */
  private entryPath(uri: string): string {
    return this.pathFor(uri, ENTRY_SUFFIX);
  }

  /** An entry's file: named by the hash of what it is kept for (a file's URI, a folder), one kind per suffix. */
  private pathFor(key: string, suffix: string): string {
    return path.join(this.dir, `${createHash('sha1').update(key).digest('hex')}${suffix}`);
  }
}

/** A dataset file as a build used it: its URI and the disk signature of the content built. */
export interface DistinctFile {
  readonly uri: string;
  readonly signature: string;
}

function stampOf(uri: string, signature: string): string {
  return JSON.stringify({ cache: 'factmark parse cache', schema: SCHEMA_KEY, uri, signature });
}

/** Marks an entry as used (its modification time), so that prune keeps it. */
async function markUsed(file: string): Promise<void> {
  const now = new Date();
  await fs.utimes(file, now, now).catch(() => undefined);
}

/** An entry: the stamp's length and the stamp, then the packed bytes (8-byte aligned). */
function stamped(stamp: string, packed: Uint8Array): Buffer {
  const stampBytes = Buffer.from(stamp);
  const header = Buffer.alloc(align8(4 + stampBytes.length));
  header.writeUInt32LE(stampBytes.length, 0);
  stampBytes.copy(header, 4);
  return Buffer.concat([header, packed]);
}

/** The packed bytes after the entry's stamp, when the stamp is the expected one. */
function packedPart(bytes: Buffer, expected: string): Uint8Array | undefined {
  if (bytes.length < 4) return undefined;
  const length = bytes.readUInt32LE(0);
  if (length !== Buffer.byteLength(expected) || 4 + length > bytes.length) return undefined;
  if (bytes.toString('utf8', 4, 4 + length) !== expected) return undefined;
  return bytes.subarray(align8(4 + length));
}

function align8(bytes: number): number {
  return Math.ceil(bytes / 8) * 8;
}
