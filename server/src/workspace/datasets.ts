/**
 * The reference data of one workspace folder: finding dataset files, reading them and their
 * source texts from disk, and keeping the last good version of every file, so that a file
 * broken mid-edit never takes the data away. Shared by the language server and the CLI.
 */
import * as nodeFs from 'node:fs';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { glob } from 'tinyglobby';
import { readAtMost } from './read';
import type { DistinctFile, ParseCache } from './parseCache';
import {
  buildDatasetSteps,
  EMPTY_DATASET,
  knownNameIndex,
  nameIndexInputKey,
  nameIndexOf,
  prepareDataset,
  parseDatasetSteps,
  sourceTextUris,
  RunningHash,
  type BuildResult,
  type FactsPieces,
  type Reread,
  type Dataset,
  type DatasetProblem,
  type ParsedDatasetFile,
  type SourceText,
  unpackedFile,
} from '../core';

export const DATASET_PATTERN = '**/*.facts.{yaml,yml,json}';
const IGNORED = ['**/node_modules/**', '**/.git/**'];
/** Larger dataset or source files are refused with a message instead of being parsed. */
export const MAX_DATA_FILE_BYTES = 20 * 1024 * 1024;

export function isDatasetPath(fileOrUri: string): boolean {
  return /\.facts\.(?:ya?ml|json)$/i.test(fileOrUri);
}

export interface DatasetLoad {
  readonly dataset: Dataset;
  /** Problems by dataset file URI; every file of the folder has an entry, empty when clean. */
  readonly problems: ReadonlyMap<string, readonly DatasetProblem[]>;
  /** How many dataset files this load read and parsed; the others were unchanged since the last one. */
  readonly filesRead: number;
  /** How many of those read came from the parse cache instead of being parsed. */
  readonly filesFromCache: number;
  /** Did the name index come from the parse cache (see prepareIndexes)? */
  readonly nameIndexFromCache?: boolean;
}

/** Text of a file as an editor holds it, when it differs from the disk. */
export type OpenText = (uri: string) => string | undefined;

export class DatasetFolder {
  private readonly lastGood = new Map<string, ParsedDatasetFile>();
  /**
   * The text of each dataset file that has problems (or is open in the editor), as last read, for
   * turning problem offsets into positions. Clean files' texts are not kept: a newsroom's data is
   * hundreds of MB of text.
   */
  private readonly texts = new Map<string, { readonly text: string }>();
  /** How to get the text of a file read the fast way again, which is not kept even while loading. */
  private readonly rereads = new Map<string, Reread>();
  /**
   * The file on disk (see diskSignature) when it was last read and parsed cleanly. While it stays
   * the same, a reload uses that parse instead of reading the file again: at newsroom scale an edit
   * to one dataset file must not cost reading and parsing all the others.
   */
  private readonly signatures = new Map<string, string>();
  /** What the current dataset was built from: the parsed files and the source texts (hashed). */
  private lastBuild?: { readonly parsed: readonly ParsedDatasetFile[]; readonly texts: string; readonly result: BuildResult };
  /** Each file's built facts, reused by the next build while nothing they depend on changed. */
  private readonly factsPieces: FactsPieces = new WeakMap();
  private files: string[] = [];
  /** Folders source texts may be read from: the workspace folder, and the folder of each dataset named explicitly. */
  private sourceRoots: string[] = [];
  private sourceUris = new Set<string>();
  /** Were the dataset files named by the user (the CLI's --dataset) rather than found in the folder? */
  private named = false;
  private current: DatasetLoad = { dataset: EMPTY_DATASET, problems: new Map(), filesRead: 0, filesFromCache: 0 };
  /** Where large files parsed the fast way are kept packed, for the next start (see parseCache.ts); none by default. */
  cache?: ParseCache;
  /** The cache entries being written by this reload, done before it returns. */
  private cacheWrites: Promise<void>[] = [];
  /** Told before each dataset file is read, for progress reports. */
  onProgress?: (done: number, total: number) => void;
  /** Told when the files are read and the dataset is built from them, then when `prepare` runs, for progress reports. */
  onStage?: (stage: 'build' | 'prepare') => void;
  /**
   * Run on a newly built dataset before it replaces the current one (the server builds its
   * indexes: see prepareIndexes, whose answer — the name index came from the cache — the load keeps).
   */
  prepare?: (dataset: Dataset) => Promise<boolean | void>;
  /** The datasets prepareIndexes has prepared (a reload with nothing changed gives the same one again). */
  private readonly prepared = new WeakSet<Dataset>();

  /**
   * @param root the folder's path; source texts must lie inside it
   * @param extraPatterns paths or globs (relative to root) naming more dataset files
   */
  constructor(
    readonly root: string,
    private extraPatterns: readonly string[] = [],
    private readonly openText: OpenText = () => undefined,
  ) {}

  get dataset(): Dataset {
    return this.current.dataset;
  }

  get load(): DatasetLoad {
    return this.current;
  }

  textOf(uri: string): string {
    return this.texts.get(uri)?.text ?? this.rereads.get(uri)?.() ?? this.unchangedText(uri) ?? '';
  }

  /** The text of a file whose last clean parse is still in use, read again while the file is unchanged. */
  private unchangedText(uri: string): string | undefined {
    const signature = this.signatures.get(uri);
    if (signature === undefined) return undefined;
    try {
      const file = fileURLToPath(uri);
      if (diskSignatureSync(file).key !== signature) return undefined;
      const text = decodeUtf8(nodeFs.readFileSync(file));
      return typeof text === 'string' ? text : undefined;
    } catch {
      return undefined;
    }
  }

  setExtraPatterns(patterns: readonly string[]): void {
    this.extraPatterns = patterns;
  }

  /** Is this URI one of the folder's dataset files or source texts (so a change must reload)? */
  concerns(uri: string): boolean {
    return this.files.includes(uri) || this.sourceUris.has(uri) || (isDatasetPath(uri) && this.contains(uri));
  }

  /** Is this URI the text of one of the folder's sources (and so not a draft)? */
  isSourceText(uri: string): boolean {
    return this.sourceUris.has(uri);
  }

  /** Every Markdown and plain-text file of the folder that is not reference data: the drafts. */
  async findDrafts(): Promise<string[]> {
    const found = await glob(['**/*.{md,markdown,txt}'], { cwd: this.root, absolute: true, ignore: IGNORED, dot: false, followSymbolicLinks: false });
    return found.map((file) => pathToFileURL(file).toString()).filter((uri) => !this.sourceUris.has(uri)).sort();
  }

  contains(uri: string): boolean {
    const file = localPath(uri);
    return typeof file === 'string' && isInside(this.root, file);
  }

  /**
   * Finds the dataset files again, reads and parses those that changed (see `signatures`), and
   * builds the dataset again unless its inputs are the same as last time (see `build`).
   */
  async reload(explicitFiles?: readonly string[]): Promise<DatasetLoad> {
    this.files = explicitFiles ? explicitFiles.map((file) => pathToFileURL(path.resolve(file)).toString()) : await this.discover();
    this.sourceRoots = [this.root, ...(explicitFiles ?? []).map((file) => path.dirname(path.resolve(file)))];
    this.named = explicitFiles !== undefined;
    const problems = new Map<string, DatasetProblem[]>();
    const parsed: ParsedDatasetFile[] = [];
    const good = new Map<string, ParsedDatasetFile>();
    /** Files whose current text parsed: build problems have offsets into that text. */
    const current = new Set<string>();
    let filesRead = 0;
    let filesFromCache = 0;
    for (const [done, uri] of this.files.entries()) {
      this.onProgress?.(done, this.files.length);
      // One file at a time, each in its own turn, so a large folder never blocks the caller's message loop for long.
      if (done > 0) await nextTurn();
      // Taken before any reading: a write during the read then makes the next reload read the file again.
      const onDisk = this.openText(uri) === undefined ? await diskSignature(fileURLToPath(uri)).catch(() => undefined) : undefined;
      const unchanged = this.unchangedParse(uri, onDisk);
      if (!unchanged) filesRead++;
      const result = unchanged ? { file: unchanged, problems: [] } : await this.parseFile(uri, onDisk);
      if (result.fromCache) filesFromCache++;
      problems.set(uri, [...result.problems]);
      if (result.file) current.add(uri);
      const file = result.file ?? this.lastGood.get(uri);
      if (file) {
        good.set(uri, file);
        parsed.push(file);
      }
    }

    await Promise.all(this.cacheWrites.splice(0));
    this.onStage?.('build');
    const uris = sourceTextUris(parsed);
    this.sourceUris = new Set(uris);
    // In the order of `uris`, whichever read ends first: the build and its key read them in that order.
    const texts = new Map(await Promise.all(uris.map(async (uri) => [uri, await this.readSource(uri)] as const)));
    const built = await this.build(parsed, texts);
    // A broken file shows the problems of its text only: those of its last good version (still in
    // use) have offsets into a text that is no longer there.
    for (const problem of built.problems) if (current.has(problem.uri)) problems.get(problem.uri)?.push(problem);
    // Only now, with the whole reload done, do the new versions become the last good ones.
    this.lastGood.clear();
    for (const [uri, file] of good) this.lastGood.set(uri, file);
    for (const uri of [...this.texts.keys()]) {
      if (!problems.get(uri)?.length && this.openText(uri) === undefined) this.texts.delete(uri);
    }
    for (const uri of [...this.rereads.keys()]) if (!problems.get(uri)?.length) this.rereads.delete(uri);
    for (const uri of [...this.signatures.keys()]) if (!good.has(uri)) this.signatures.delete(uri);
    let nameIndexFromCache = false;
    if (this.prepare) {
      this.onStage?.('prepare');
      nameIndexFromCache = (await this.prepare(built.dataset)) === true;
    }
    this.current = { dataset: built.dataset, problems, filesRead, filesFromCache, nameIndexFromCache };
    return this.current;
  }

  /**
   * What analyses of the dataset need (prepareDataset), a step per turn. With a parse cache that
   * keeps name indexes, the name index is taken from it when it was built from these very
   * entities by this build of the code, and is packed into it when built (the packing goes on
   * after this returns; `cacheWritten` waits for it). Whether the name index came from the cache.
   */
  async prepareIndexes(dataset: Dataset): Promise<boolean> {
    const cache = this.cache?.keepsNameIndexes ? this.cache : undefined;
    if (!cache || this.prepared.has(dataset)) {
      await stepPerTurn(prepareDataset(dataset));
      return false;
    }
    this.prepared.add(dataset);
    const key = await stepPerTurn(nameIndexInputKey(dataset));
    const known = knownNameIndex(key);
    const stored = known ? undefined : await cache.readNameIndex(this.cacheKey(), key, dataset);
    await stepPerTurn(prepareDataset(dataset, { key, index: stored }));
    if (!known && !stored) this.cacheWrites.push(cache.writeNameIndex(this.cacheKey(), key, dataset, nameIndexOf(dataset)));
    return stored !== undefined;
  }

  /** Waits for the cache entries still being written (a command-line run must not end before). */
  async cacheWritten(): Promise<void> {
    await Promise.all(this.cacheWrites.splice(0));
  }

  /**
   * The dataset built from these files and source texts, a file per turn; or the current one when
   * it was built from the very same parses and texts (a reload after a settings change, or when
   * nothing changed, then costs only the reading of the source texts). A build reads and keeps the
   * parse cache's record of distinct ids (see knownDistinct).
   */
  private async build(parsed: readonly ParsedDatasetFile[], texts: ReadonlyMap<string, SourceText>): Promise<BuildResult> {
    const textsKey = sourceTextsKey(texts);
    const last = this.lastBuild;
    if (last && last.texts === textsKey && last.parsed.length === parsed.length && last.parsed.every((file, i) => file === parsed[i])) return last.result;
    const distinct = await this.knownDistinct(parsed);
    const result = await stepPerTurn(buildDatasetSteps(parsed, texts, this.factsPieces, distinct.length));
    await this.recordDistinct(parsed, result, distinct);
    this.lastBuild = { parsed: [...parsed], texts: textsKey, result };
    return result;
  }

  /**
   * The leading files whose content (by disk signature) is that of a build the parse cache
   * recorded as defining no fact id twice (see ParseCache.readDistinctIds): their ids need no
   * checking in this build. None without a cache.
   */
  private async knownDistinct(parsed: readonly ParsedDatasetFile[]): Promise<readonly DistinctFile[]> {
    if (!this.cache) return [];
    const recorded = await this.cache.readDistinctIds(this.cacheKey());
    const now = this.settledFiles(parsed);
    let same = 0;
    while (same < now.length && same < recorded.length && now[same].uri === recorded[same].uri && now[same].signature === recorded[same].signature) same++;
    return now.slice(0, same);
  }

  /** Records the files of a build that reported no duplicate id, unless what is recorded already says as much. */
  private async recordDistinct(parsed: readonly ParsedDatasetFile[], built: BuildResult, known: readonly DistinctFile[]): Promise<void> {
    if (!this.cache || built.problems.some((problem) => problem.code === 'dataset-duplicate-id')) return;
    const files = this.settledFiles(parsed);
    if (files.length > known.length) await this.cache.writeDistinctIds(this.cacheKey(), files);
  }

  /** The leading files whose parse in use is of a content on disk with a signature (see `signatures`), with it. */
  private settledFiles(parsed: readonly ParsedDatasetFile[]): DistinctFile[] {
    const files: DistinctFile[] = [];
    for (const file of parsed) {
      const signature = this.signatures.get(file.uri);
      if (signature === undefined) break;
      files.push({ uri: file.uri, signature });
    }
    return files;
  }

  private cacheKey(): string {
    return `${this.named ? 'named files' : 'folder'} ${this.root}`;
  }

  /** The last clean parse of a file, if the file is on disk as it was then (`onDisk` is undefined while an editor holds it). */
  private unchangedParse(uri: string, onDisk: DiskSignature | undefined): ParsedDatasetFile | undefined {
    const signature = this.signatures.get(uri);
    return signature !== undefined && onDisk?.key === signature ? this.lastGood.get(uri) : undefined;
  }

  private async discover(): Promise<string[]> {
    const patterns = [DATASET_PATTERN, ...this.extraPatterns];
    const found = await glob(patterns, { cwd: this.root, absolute: true, ignore: IGNORED, dot: false, followSymbolicLinks: false, fs: DATASET_LINKS_AS_FILES });
    return [...new Set(found.map((file) => pathToFileURL(file).toString()))].sort();
  }

  /** `before`: the file's signature taken before reading it, kept if it parses cleanly from disk. */
  private async parseFile(uri: string, before: DiskSignature | undefined): Promise<{ file?: ParsedDatasetFile; problems: readonly DatasetProblem[]; fromCache?: true }> {
    this.signatures.delete(uri);
    // Only a file on disk, not written just now, has a signature that vouches for its content.
    const settled = before !== undefined && !before.racy && this.openText(uri) === undefined ? before : undefined;
    const cached = settled && (await this.fromCache(uri, settled));
    if (cached) return { file: cached, problems: [], fromCache: true };
    const text = await this.readText(uri);
    if (typeof text !== 'string') {
      this.texts.set(uri, { text: '' });
      return { problems: [{ uri, code: 'dataset-syntax', start: 0, end: 0, message: text.error }] };
    }
    const kept = { text };
    this.texts.set(uri, kept);
    const reread = this.reread(uri, new WeakRef(kept));
    // Decoding a large file holds the loop for a while: parsing it starts in a turn of its own.
    await nextTurn();
    const result = await stepPerTurn(parseDatasetSteps(uri, text, reread));
    this.rereads.delete(uri);
    const fast = result.ok && 'locate' in result.file && this.openText(uri) === undefined;
    if (fast) {
      this.texts.delete(uri);
      this.rereads.set(uri, reread);
    }
    if (result.ok && settled) this.signatures.set(uri, settled.key);
    if (fast && settled && this.cache) {
      // Packing a large file is a step of its own too; the writing goes on while the next file is read.
      await nextTurn();
      this.cacheWrites.push(this.cache.write(uri, settled.key, result.file.data));
    }
    return result.ok ? { file: result.file, problems: [] } : { problems: result.problems };
  }

  /**
   * The file as packed in the cache when it was last parsed with this very signature; undefined
   * on a miss. The file itself is not read: where its parts were written is found, when asked, by
   * reading it then (if it still has the signature it was packed with).
   */
  private async fromCache(uri: string, onDisk: DiskSignature): Promise<ParsedDatasetFile | undefined> {
    if (!this.cache) return undefined;
    const file = fileURLToPath(uri);
    // The same refusal as reading it: a link leading out of the folder is not read, cached or not.
    if (await this.linkLeavingFolder(file).catch(() => 'unreadable')) return undefined;
    const reread = this.reread(uri);
    const unpacked = await this.cache.read(uri, onDisk.key, (packed) => unpackedFile(uri, packed, reread));
    if (!unpacked) return undefined;
    this.rereads.set(uri, reread);
    this.signatures.set(uri, onDisk.key);
    return unpacked;
  }

  /**
   * The text of a dataset file again, for the offsets of a file read the fast way: the text while
   * it is kept (weakly: holding it would keep every file's text), else the file read again if it
   * still has the size and modification time it had when it was parsed.
   */
  private reread(uri: string, kept?: WeakRef<{ readonly text: string }>): Reread {
    const file = fileURLToPath(uri);
    const stat = this.openText(uri) === undefined ? statOrUndefined(file) : undefined;
    return () => {
      const text = kept?.deref()?.text;
      if (text !== undefined) return text;
      const now = statOrUndefined(file);
      if (!stat || !now || now.size !== stat.size || now.mtimeMs !== stat.mtimeMs || now.size > MAX_DATA_FILE_BYTES) return undefined;
      const again = decodeUtf8(nodeFs.readFileSync(file));
      return typeof again === 'string' ? again : undefined;
    };
  }

  private async readText(uri: string): Promise<string | { error: string }> {
    try {
      const file = fileURLToPath(uri);
      const leaves = await this.linkLeavingFolder(file);
      if (leaves) return { error: leaves };
      const open = this.openText(uri);
      if (open !== undefined) return open;
      const stat = await fs.stat(file);
      // A named pipe or a device (/dev/zero) reports size 0 and then never ends (a folder fails to read by itself).
      if (isPipeOrDevice(stat)) return { error: 'The dataset file is a pipe or a device, not a regular file; it is not read.' };
      if (stat.size > MAX_DATA_FILE_BYTES) return { error: tooLarge(`${Math.round(stat.size / 1048576)} MB`) };
      // Bounded whatever the stat said: the file may have grown since.
      const bytes = await readAtMost(file, MAX_DATA_FILE_BYTES);
      return bytes.length > MAX_DATA_FILE_BYTES ? { error: tooLarge(`larger than ${MAX_DATA_FILE_BYTES / 1048576} MB`) } : decodeUtf8(bytes);
    } catch (error) {
      return { error: `Cannot read the dataset file: ${(error as Error).message}` };
    }
  }

  /**
   * Why a dataset file found in the folder must not be read: it is a symbolic link whose target
   * lies outside the folder (a workspace is untrusted; it could point at any file of the user's).
   */
  private async linkLeavingFolder(file: string): Promise<string | undefined> {
    if (this.named || !isInside(this.root, file) || !(await fs.lstat(file)).isSymbolicLink()) return undefined;
    const [real, realRoot] = await Promise.all([fs.realpath(file), fs.realpath(this.root)]);
    if (isInside(realRoot, real)) return undefined;
    return `The dataset file is a symbolic link to ${real}, outside the workspace folder; it is not read.`;
  }

  private async readSource(uri: string): Promise<SourceText> {
    const file = localPath(uri);
    if (typeof file !== 'string') return file;
    const roots = this.sourceRoots.filter((root) => isInside(root, file));
    if (roots.length === 0) return { status: 'outside-workspace' };
    try {
      const real = await fs.realpath(file);
      const realRoots = await Promise.all(roots.map((root) => fs.realpath(root)));
      if (!realRoots.some((root) => isInside(root, real))) return { status: 'outside-workspace' };
      const stat = await fs.stat(real);
      if (isPipeOrDevice(stat)) return { status: 'unavailable', reason: 'a pipe or a device, not a regular file' };
      if (stat.size > MAX_DATA_FILE_BYTES) return { status: 'unavailable', reason: 'the file is too large' };
      const open = this.openText(uri);
      const text = open ?? (await readSourceText(real));
      return typeof text === 'string' ? { status: 'ok', text } : { status: 'unavailable', reason: text.error };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return { status: 'unavailable', reason: code === 'ENOENT' ? 'no such file' : (error as Error).message };
    }
  }
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Runs a generator a step per turn of the event loop, so that messages are answered in between. */
export async function stepPerTurn<T>(steps: Generator<void, T, void>): Promise<T> {
  let step = steps.next();
  while (!step.done) {
    await nextTurn();
    step = steps.next();
  }
  return step.value;
}

/** The file a source URI names, or why it names none that may be read. */
function localPath(uri: string): string | Exclude<SourceText, { status: 'ok' }> {
  if (!uri.startsWith('file:')) return { status: 'unavailable', reason: 'not a local file' };
  try {
    return path.resolve(fileURLToPath(uri));
  } catch (error) {
    // "file://host/…" names a file on another machine: not one of the workspace's.
    if ((error as NodeJS.ErrnoException).code === 'ERR_INVALID_FILE_URL_HOST') return { status: 'outside-workspace' };
    return { status: 'unavailable', reason: `not a file path: ${(error as Error).message}` };
  }
}

/**
 * The real file system for discovery, except that a symbolic link named like a dataset file is
 * listed as a file (tinyglobby either follows every link, folders too, or drops them all). It is
 * not followed here; reading it checks where it leads. Linked folders are still never entered.
 */
const DATASET_LINKS_AS_FILES = {
  readdir: ((dir: string, options: unknown, callback: (error: NodeJS.ErrnoException | null, entries: nodeFs.Dirent[]) => void) =>
    nodeFs.readdir(dir, { withFileTypes: true }, (error, entries) => callback(error, entries?.map(datasetLinkAsFile)))) as unknown as typeof nodeFs.readdir,
};

function datasetLinkAsFile(entry: nodeFs.Dirent): nodeFs.Dirent {
  if (!entry.isSymbolicLink() || !isDatasetPath(entry.name)) return entry;
  return Object.assign(Object.create(entry) as nodeFs.Dirent, { isFile: () => true, isSymbolicLink: () => false });
}

function tooLarge(size: string): string {
  return `The dataset file is ${size}; Factmark reads dataset files up to ${MAX_DATA_FILE_BYTES / 1048576} MB.`;
}

/** A source text, read with the cap however large its stat said it was. */
async function readSourceText(file: string): Promise<string | { error: string }> {
  const bytes = await readAtMost(file, MAX_DATA_FILE_BYTES);
  return bytes.length > MAX_DATA_FILE_BYTES ? { error: 'the file is too large' } : decodeUtf8(bytes);
}

function isPipeOrDevice(stat: nodeFs.Stats): boolean {
  return !stat.isFile() && !stat.isDirectory();
}

interface DiskSignature {
  readonly key: string;
  /**
   * Written so recently that a second write of the same size could still get the same times
   * (file systems keep times to a clock tick, some to two seconds): such a file is read again next
   * time, as git does with "racy" files.
   */
  readonly racy: boolean;
}

/** Files modified less than this long ago are racy (see DiskSignature). */
const RACY_MS = 3000;

/**
 * What identifies a file's content on disk without reading it, as make and git do: the link
 * itself (a symbolic link may be pointed elsewhere) and the file it leads to — device, inode,
 * size, and modification and change times to the nanosecond.
 */
async function diskSignature(file: string): Promise<DiskSignature> {
  const [link, target] = await Promise.all([fs.lstat(file, { bigint: true }), fs.stat(file, { bigint: true })]);
  return signatureOf(link, target);
}

function diskSignatureSync(file: string): DiskSignature {
  return signatureOf(nodeFs.lstatSync(file, { bigint: true }), nodeFs.statSync(file, { bigint: true }));
}

function signatureOf(link: nodeFs.BigIntStats, target: nodeFs.BigIntStats): DiskSignature {
  return {
    key: [link.ino, link.ctimeNs, target.dev, target.ino, target.size, target.mtimeNs, target.ctimeNs].join(':'),
    racy: Date.now() - Number(target.mtimeMs) < RACY_MS,
  };
}

function statOrUndefined(file: string): nodeFs.Stats | undefined {
  try {
    return nodeFs.statSync(file);
  } catch {
    return undefined;
  }
}

function isInside(root: string, file: string): boolean {
  const relative = path.relative(root, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/**
 * The source texts a build read, as one key to compare: each URI with its status and what was
 * found there (hashed: holding the texts themselves would keep every source in memory).
 */
function sourceTextsKey(texts: ReadonlyMap<string, SourceText>): string {
  const hash = new RunningHash();
  for (const [uri, text] of texts) {
    hash.mix(uri).mix(text.status);
    if (text.status === 'ok') hash.mix(text.text);
    else if (text.status === 'unavailable') hash.mix(text.reason);
  }
  return hash.key();
}

/** UTF-8 text without a byte order mark, or an error for binary and non-UTF-8 content. */
function decodeUtf8(bytes: Buffer): string | { error: string } {
  if (bytes.includes(0)) return { error: 'The file is binary (it contains NUL bytes), not text.' };
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return { error: 'The file is not valid UTF-8 text.' };
  }
}
