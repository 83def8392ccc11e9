/**
 * Building the dataset from parsed files: cross-file ids, references between sections, values
 * that fit their kind, and quotes checked against the source texts the caller read. Anything
 * that cannot be explained from a source is left out and reported, never guessed.
 */
import { allSteps } from '../steps';
import type { FindingCode } from '../rules';
import { RunningHash } from '../hash';
import { LineIndex } from '../positions';
import type { Bound, Citation, Dataset, Entity, EntityKind, Fact, FactValue, FileLocation, Source, TextLocation } from './model';
import type { DatasetProblem, ParsedDatasetFile, RawFact, RawValue } from './parse';
import { rawFacts, takePrebuiltFacts, type LazyParsedDatasetFile } from './fast';
import { BuiltFact, BuiltRows, valuesOnce, valuesPass, type ValueCheck } from './builtFact';

/** What the caller found at a source's path: its text, or why there is none. */
export type SourceText =
  | { readonly status: 'ok'; readonly text: string }
  | { readonly status: 'unavailable'; readonly reason: string }
  | { readonly status: 'outside-workspace' };

export interface BuildResult {
  readonly dataset: Dataset;
  readonly problems: readonly DatasetProblem[];
}

/**
 * What one file's facts were built into, and from what: the next build takes them as they are
 * while the file's parse is the same object and what they were checked against is as it was —
 * the entities and sources the facts name (see `stillHolds`) and the fact ids earlier files
 * define. An entity added, or a fact, in one file of fifty leaves the other files' facts alone.
 */
export interface FactsPiece {
  readonly facts: readonly Fact[];
  readonly problems: readonly DatasetProblem[];
  /** The fact ids the file defined first, in order (a later file's fact with one is a duplicate). */
  readonly ids: readonly string[];
  /** The file's fact ids an earlier file had defined, with that file (named in the problem). */
  readonly clashes: ReadonlyMap<string, string>;
  /** The entity ids the facts name, each once, and whether each was an entity ('1' or '0' per id). */
  readonly abouts: readonly string[];
  readonly known: string;
  /** The source ids the facts cite, each once, and what each was (see `sourceState`). */
  readonly cited: readonly string[];
  readonly citedStates: readonly string[];
}

/** Each file's uri and the piece its facts came from, in the order of a build's files. */
type PieceOrder = readonly { readonly uri: string; readonly piece: FactsPiece | undefined }[];

/** The pieces of the last build made with a FactsPieces, in file order (see `idsAsBefore`). */
const lastOrders = new WeakMap<FactsPieces, PieceOrder>();

/** The pieces of earlier builds, by the parse they were built from. */
export type FactsPieces = WeakMap<ParsedDatasetFile, FactsPiece>;

/** The source text URIs a set of files refers to, so the caller can read them before building. */
export function sourceTextUris(files: readonly ParsedDatasetFile[]): string[] {
  const uris = new Set<string>();
  for (const file of files) {
    for (const source of file.data.sources ?? []) {
      if (source.path) uris.add(resolveSourceUri(file.uri, source.path));
    }
  }
  return [...uris];
}

/**
 * The URI of a source's `path`: a file path (never a URL reference, so "#", "?" and "%" are
 * characters of the name) relative to the dataset file's folder, "." and ".." resolved, and
 * percent-encoded as Node's pathToFileURL does, so the URI names the file the path names. A path
 * with a scheme ("https://…", "file://host/…") is taken as the URL it is; the caller decides whether
 * it may be read.
 */
export function resolveSourceUri(datasetUri: string, path: string): string {
  const slashed = path.replace(/\\/g, '/');
  if (/^[A-Za-z][A-Za-z0-9+.-]+:\/\//.test(slashed)) return slashed;
  const [, prefix = '', datasetPath = ''] = /^((?:[A-Za-z][A-Za-z0-9+.-]*:)?(?:\/\/[^/?#]*)?)([^?#]*)/.exec(datasetUri) ?? [];
  const segments = datasetPath.split('/').slice(0, -1); // the dataset file's folder, already encoded
  // An absolute path ("/…", or "C:/…" on Windows) starts from the root instead.
  if (slashed.startsWith('/') || /^[A-Za-z]:\//.test(slashed)) segments.splice(0, segments.length, '');
  for (const segment of slashed.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (segments.length > 1) segments.pop();
    } else {
      segments.push(encodePathSegment(segment));
    }
  }
  return `${prefix}${segments.join('/') || '/'}`;
}

/** Characters pathToFileURL leaves as they are (Node 20); every other one is percent-encoded as UTF-8. */
const URI_PATH_SAFE = /^[A-Za-z0-9!$&'()*+,\-.:;=@_]$/;

function encodePathSegment(segment: string): string {
  let encoded = '';
  for (const char of wellFormed(segment)) {
    if (URI_PATH_SAFE.test(char)) encoded += char;
    else if (char.charCodeAt(0) < 0x80) encoded += `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;
    else encoded += encodeURIComponent(char);
  }
  return encoded;
}

/** Lone surrogates (which encodeURIComponent refuses) become U+FFFD, as in pathToFileURL. */
function wellFormed(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

export function buildDataset(files: readonly ParsedDatasetFile[], sourceTexts: ReadonlyMap<string, SourceText>, pieces?: FactsPieces, distinctIds = 0): BuildResult {
  return allSteps(buildDatasetSteps(files, sourceTexts, pieces, distinctIds));
}

/**
 * buildDataset a file at a time: a caller that runs one step per turn is never blocked long by
 * many files. With `pieces`, a file's facts are taken from an earlier build when nothing they
 * depend on has changed (an edit to one file of fifty rebuilds that file's facts only), and the
 * pieces of this build are put there for the next one. The result is the same either way.
 *
 * `distinctIds`: the first so many files are known to define no fact id twice between them (the
 * caller saw a build of these very files report no duplicate id). Their facts unpacked in built
 * form (see addPrebuilt) then go in without their ids being looked up or registered one by one —
 * a million of each at newsroom scale — unless a later file needs them (see `registerEarlier`).
 * Wrongly given, duplicates would go unreported: the caller must know.
 */
export function* buildDatasetSteps(files: readonly ParsedDatasetFile[], sourceTexts: ReadonlyMap<string, SourceText>, pieces?: FactsPieces, distinctIds = 0): Generator<void, BuildResult, void> {
  const builder = new DatasetBuilder(sourceTexts, pieces, distinctIds);
  for (const file of files) {
    builder.addDefinitions(file);
    yield;
  }
  for (const file of files) {
    yield* builder.addFacts(file);
    yield;
  }
  return yield* builder.finish(files);
}

class DatasetBuilder {
  private readonly sources = new Map<string, Source>();
  private readonly entities = new Map<string, Entity>();
  private readonly facts: Fact[] = [];
  /**
   * The file of each fact id seen, whether or not the fact could be used: a later one with its id
   * is a duplicate. Filled only as far as `registered` files: see `idsAsBefore`.
   */
  private readonly factFiles = new Map<string, string>();
  private registered = 0;
  /**
   * Whether every file so far defines the fact ids it defined at its place in the last build (same
   * file, same ids and clashes). While it does, a piece that was at its place then has no new
   * clash, so its ids need neither checking nor registering — at 100k entities a million of each
   * in a reload after an edit to one file. A file that must be checked or built registers the
   * ids of the files before it first.
   */
  private idsAsBefore: boolean;
  private readonly lastOrder: PieceOrder;
  private readonly order: { uri: string; piece: FactsPiece | undefined }[] = [];
  private readonly problems: DatasetProblem[] = [];
  private readonly lineIndexes = new Map<string, LineIndex>();
  /** The related and parent ids not yet an entity when named: checked once every entity is in (see finish). */
  private readonly pendingRelated: { file: ParsedDatasetFile; path: (string | number)[]; id: string }[] = [];
  /** The fact ids the file being added defines first, and those an earlier file had defined (with it). */
  private ids: string[] = [];
  private clashes = new Map<string, string>();
  /** The entity ids and source ids the facts of the file being added name. */
  private readonly abouts = new Set<string>();
  private readonly cited = new Set<string>();
  /** Each cited source's state (see `sourceState`) and each source text's hash, worked out once per build. */
  private readonly sourceStates = new Map<string, string>();
  private readonly textHashes = new Map<string, string>();
  /** The check of the values of facts taken as built, one for every fact (see fitsAsBuilt). */
  private readonly valueCheck = new PrebuiltValueCheck(this.sources, this.cited, (source) => this.sourceText(source) !== undefined);
  /** Lists filled while a fact (or a value) is built, then copied at their size. */
  private readonly valuesScratch: FactValue[] = [];
  private readonly citationsScratch: Citation[] = [];

  constructor(
    private readonly sourceTexts: ReadonlyMap<string, SourceText>,
    private readonly pieces?: FactsPieces,
    /** See buildDatasetSteps; only with pieces, whose ids are registered when a later file needs them. */
    private readonly distinctIds = 0,
  ) {
    this.lastOrder = (pieces && lastOrders.get(pieces)) ?? [];
    this.idsAsBefore = this.lastOrder.length > 0;
  }

  addDefinitions(file: ParsedDatasetFile): void {
    (file.data.sources ?? []).forEach((raw, index) => {
      const path = ['sources', index];
      if (this.isDuplicate(this.sources.get(raw.id)?.definedAt.uri, raw.id, 'source', file, path)) return;
      const textUri = raw.path ? resolveSourceUri(file.uri, raw.path) : undefined;
      // Written out, not spread from the raw source: a spread object took four times the memory (380 bytes against 96).
      const source: Source = { id: raw.id, title: raw.title, publisher: raw.publisher, date: raw.date, url: raw.url, textUri, definedAt: this.at(file, 'sources', index) };
      this.sources.set(raw.id, source);
      if (textUri) this.reportUnreadableSource(file, [...path, 'path'], raw.id, textUri);
    });
    (file.data.entities ?? []).forEach((raw, index) => {
      const path = ['entities', index];
      if (this.isDuplicate(this.entities.get(raw.id)?.definedAt.uri, raw.id, 'entity', file, path)) return;
      if (isBlank(raw.name)) {
        this.report(file, [...path, 'name'], 'dataset-schema', `The name of entity '${raw.id}' has no character but spaces; the entity is ignored.`);
        return;
      }
      this.entities.set(raw.id, {
        id: raw.id,
        name: raw.name,
        kind: raw.kind as EntityKind,
        aliases: this.spelledAliases(file, path, raw.aliases ?? []),
        description: raw.description,
        related: raw.related ?? [],
        parents: raw.parents ?? [],
        pronoun: raw.pronoun,
        definedAt: this.at(file, 'entities', index),
      });
      // An id that is an entity already stays one: only the others wait (at newsroom scale most name an earlier entity).
      (raw.related ?? []).forEach((id, i) => this.entities.has(id) || this.pendingRelated.push({ file, path: [...path, 'related', i], id }));
      (raw.parents ?? []).forEach((id, i) => this.entities.has(id) || this.pendingRelated.push({ file, path: [...path, 'parents', i], id }));
    });
  }

  /** Adds a file's facts, a step of so many at a time (a file of 20,000 facts had held a server's loop for up to 0.2 s). */
  *addFacts(file: ParsedDatasetFile): Generator<void, void, void> {
    const piece = this.pieces?.get(file);
    const before = this.lastOrder[this.order.length];
    const inPlace = this.idsAsBefore && piece !== undefined && before?.piece === piece && before.uri === file.uri;
    if (inPlace && this.sourcesAndEntitiesHold(piece)) return this.reuse(file, piece, false);
    const firstFact = this.facts.length;
    const firstProblem = this.problems.length;
    this.startFile();
    const prebuilt = takePrebuiltFacts(file);
    const register = this.pieces === undefined || this.order.length >= this.distinctIds;
    if (register) this.registerEarlier();
    if (prebuilt && this.addPrebuilt(file, prebuilt, register)) return this.record(file.uri, this.pieces ? this.keep(file, firstFact, firstProblem, true) : undefined, register);
    this.registerEarlier();
    if (piece && this.stillHolds(piece)) return this.reuse(file, piece);
    const raw = rawFacts(file);
    // Let go of after an earlier build and no longer on disk as they were (a reload is on its way): the last ones stay.
    if (raw === undefined) {
      if (piece) return this.reuse(file, piece);
      return this.record(file.uri, undefined, true);
    }
    const rows = new BuiltRows(raw.length, locator(file, 'facts'));
    // A loop with paths made only for a problem: at newsroom scale this runs a million times.
    for (let index = 0; index < raw.length; index++) {
      if (index > 0 && index % FACTS_PER_BUILD_STEP === 0) yield;
      this.addFact(file, raw[index], index, rows);
    }
    this.record(file.uri, this.pieces ? this.keep(file, firstFact, firstProblem) : undefined, true);
  }

  /**
   * Takes the facts a file came with from the parse cache, already in built form, when building
   * them from the raw facts would give these very facts and no problem: no id defined before or
   * twice, every entity and cited source known, every value fitting its kind, every quote found
   * in a source text that was read. That is the usual case, and it costs a fraction of building
   * them. Otherwise nothing is taken (false: the facts are then built from the raw ones, and
   * problems reported as ever). Without `register`, the ids are known to be new (see
   * buildDatasetSteps) and are registered only when a later file needs them: they are then not
   * even read (the file's piece reads them from its facts when asked, see idsOfFacts).
   */
  private addPrebuilt(file: ParsedDatasetFile, facts: readonly Fact[], register: boolean): boolean {
    for (let i = 0; i < facts.length; i++) {
      const fact = facts[i];
      if ((register && this.factFiles.has(fact.id)) || !this.entities.has(fact.about) || !this.fitsAsBuilt(fact)) {
        if (register) for (let j = 0; j < i; j++) this.factFiles.delete(facts[j].id);
        this.startFile();
        return false;
      }
      if (register) this.factFiles.set(fact.id, file.uri);
      this.abouts.add(fact.about);
    }
    for (const fact of facts) this.facts.push(fact);
    return true;
  }

  /** Empties what is gathered of the file being added. */
  private startFile(): void {
    this.ids = [];
    this.clashes = new Map();
    this.abouts.clear();
    this.cited.clear();
  }

  /**
   * Do the fact's values fit its kind and its citations their sources (see addPrebuilt)? Finds
   * each quote in its source text. The values are checked without being made (see valuesPass),
   * and made (not kept: see valuesOnce) only when a source text is there to find their quotes in;
   * values whose quote was found are kept with where it stands.
   */
  private fitsAsBuilt(fact: Fact): boolean {
    const check = this.valueCheck.start(fact.kind);
    return valuesPass(fact, check) && (!check.quoted || this.locatesQuotes(fact));
  }

  /** Finds each of the fact's quotes that has a source text in it; false when one is not there. */
  private locatesQuotes(fact: Fact): boolean {
    const values = valuesOnce(fact);
    for (const value of values) {
      for (const citation of value.citations) {
        const source = this.sources.get(citation.sourceId)!;
        const text = this.sourceText(source);
        if (text === undefined) continue;
        const at = findQuote(text, citation.quote);
        if (at === -1) return false;
        // Unpacked for this build alone (see unpackBuilt): the citation is set in place, as buildValue would have made it.
        (citation as { quoteAt?: TextLocation }).quoteAt = this.quoteLocation(source.textUri!, text, at, citation.quote.length);
      }
    }
    if (fact instanceof BuiltFact) fact.keepValues(values);
    return true;
  }

  /** The text of a source when it was read (a source without one, or whose file is unreadable, has none to find quotes in). */
  private sourceText(source: Source): string | undefined {
    const text = source.textUri ? this.sourceTexts.get(source.textUri) : undefined;
    return text?.status === 'ok' ? text.text : undefined;
  }

  /**
   * Notes where a file's facts came from, whether its ids are in factFiles now, and whether the
   * fact ids so far are still those of the last build (see `idsAsBefore`).
   */
  private record(uri: string, piece: FactsPiece | undefined, registered: boolean): void {
    const before = this.lastOrder[this.order.length];
    this.order.push({ uri, piece });
    if (registered) this.registered = this.order.length;
    this.idsAsBefore &&= piece !== undefined && before?.uri === uri && before.piece !== undefined && sameIds(piece, before.piece);
  }

  /** The piece of the file just added; `prebuilt`: its facts were taken as unpacked, and its ids are theirs (see addPrebuilt). */
  private keep(file: ParsedDatasetFile, firstFact: number, firstProblem: number, prebuilt = false): FactsPiece {
    const abouts = [...this.abouts];
    const cited = [...this.cited];
    const facts = this.facts.slice(firstFact);
    const problems = this.problems.slice(firstProblem);
    const rest = { facts, problems, clashes: this.clashes, abouts, known: this.known(abouts), cited, citedStates: cited.map((id) => this.sourceState(id)) };
    const piece: FactsPiece = prebuilt ? idsOfFacts(rest) : { ...rest, ids: this.ids };
    this.pieces!.set(file, piece);
    // Built and kept, a large file's raw facts are most of its memory: a later build that needs them parses the file again.
    if ('releaseFacts' in file) (file as LazyParsedDatasetFile).releaseFacts();
    return piece;
  }

  /** Takes a piece as it is; `register`: its ids go into factFiles now (else when a later file needs them). */
  private reuse(file: ParsedDatasetFile, piece: FactsPiece, register = true): void {
    if (register) for (const id of piece.ids) this.factFiles.set(id, file.uri);
    for (const fact of piece.facts) this.facts.push(fact);
    for (const problem of piece.problems) this.problems.push(problem);
    this.record(file.uri, piece, register);
  }

  /** Puts the ids of the files taken without registering them into factFiles, in order. */
  private registerEarlier(): void {
    for (; this.registered < this.order.length; this.registered++) {
      const { uri, piece } = this.order[this.registered];
      for (const id of piece?.ids ?? []) this.factFiles.set(id, uri);
    }
  }

  /** Would the piece's facts be built the same now, with the entities, sources and fact ids defined so far? */
  private stillHolds(piece: FactsPiece): boolean {
    for (const id of piece.ids) if (this.factFiles.has(id)) return false;
    for (const [id, first] of piece.clashes) if (this.factFiles.get(id) !== first) return false;
    return this.sourcesAndEntitiesHold(piece);
  }

  /** Are the sources the piece's facts cite, and the entities they name, as they were? */
  private sourcesAndEntitiesHold(piece: FactsPiece): boolean {
    for (let i = 0; i < piece.cited.length; i++) if (this.sourceState(piece.cited[i]) !== piece.citedStates[i]) return false;
    return this.known(piece.abouts) === piece.known;
  }

  /** Whether each of these ids is an entity: '1' or '0' each. */
  private known(ids: readonly string[]): string {
    let known = '';
    for (const id of ids) known += this.entities.has(id) ? '1' : '0';
    return known;
  }

  /**
   * What a citation of this source is built from: whether the source exists, and its text's URI
   * and what was found there (quotes are located in it); worked out once per build.
   */
  private sourceState(id: string): string {
    let state = this.sourceStates.get(id);
    if (state === undefined) {
      const source = this.sources.get(id);
      const text = source?.textUri ? this.sourceTexts.get(source.textUri) : undefined;
      state = !source ? '-' : !source.textUri ? '' : `${source.textUri}\u0000${text?.status ?? 'none'}\u0000${text?.status === 'ok' ? this.textHash(source.textUri, text.text) : ''}`;
      this.sourceStates.set(id, state);
    }
    return state;
  }

  private textHash(uri: string, text: string): string {
    let hash = this.textHashes.get(uri);
    if (hash === undefined) {
      hash = new RunningHash().mix(text).key();
      this.textHashes.set(uri, hash);
    }
    return hash;
  }

  private addFact(file: ParsedDatasetFile, raw: RawFact, index: number, rows: BuiltRows): void {
    const first = this.factFiles.get(raw.id);
    if (first !== undefined && first !== file.uri) this.clashes.set(raw.id, first);
    // The path is made only for a duplicate: this runs a million times at newsroom scale.
    if (first !== undefined && this.isDuplicate(first, raw.id, 'fact', file, ['facts', index])) return;
    this.factFiles.set(raw.id, file.uri);
    this.ids.push(raw.id);
    this.abouts.add(raw.about);
    if (!this.entities.has(raw.about)) {
      this.report(file, ['facts', index, 'about'], 'dataset-unknown-reference', `No entity has the id '${raw.about}'; the fact '${raw.id}' is ignored.`);
      return;
    }
    const values = this.valuesScratch;
    values.length = 0;
    for (let i = 0; i < raw.values.length; i++) {
      const value = this.buildValue(file, raw, raw.values[i], index, i);
      if (value) values.push(value);
    }
    if (values.length === 0) return;
    // The values copied from the scratch list: an array grown by push keeps room for 17 items, and there are a million of these.
    this.facts.push(new BuiltFact(rows.rows, rows.add(raw, index), values.slice()));
  }

  /**
   * The aliases that spell something. The schema refuses blank ones; this keeps them from the
   * name index (which cannot take a spelling without a word) whatever the data came through.
   */
  private spelledAliases(file: ParsedDatasetFile, path: (string | number)[], aliases: readonly string[]): readonly string[] {
    if (!aliases.some(isBlank)) return aliases; // the same array: the fast path shares word lists
    aliases.forEach((alias, i) => {
      if (isBlank(alias)) this.report(file, [...path, 'aliases', i], 'dataset-schema', 'This alias has no character but spaces; it is ignored.');
    });
    return aliases.filter((alias) => !isBlank(alias));
  }

  /** The dataset, with the facts grouped by entity a step of so many facts at a time (at 1M entities there are ten million). */
  *finish(files: readonly ParsedDatasetFile[]): Generator<void, BuildResult, void> {
    if (this.pieces) lastOrders.set(this.pieces, this.order);
    for (const { file, path, id } of this.pendingRelated) {
      if (!this.entities.has(id)) this.report(file, path, 'dataset-unknown-reference', `No entity has the id '${id}'.`);
    }
    const factsByEntity = new Map<string, Fact[]>();
    for (let i = 0; i < this.facts.length; i++) {
      if (i > 0 && i % FACTS_PER_GROUPING_STEP === 0) yield;
      const fact = this.facts[i];
      const list = factsByEntity.get(fact.about);
      if (list) list.push(fact);
      else factsByEntity.set(fact.about, [fact]);
    }
    const dataset: Dataset = {
      sources: this.sources,
      entities: this.entities,
      facts: this.facts,
      factsByEntity,
      files: files.map((file) => file.uri),
      titles: files.map((file) => file.data.title).filter((title): title is string => Boolean(title)),
    };
    return { dataset, problems: this.problems };
  }

  private buildValue(file: ParsedDatasetFile, fact: RawFact, raw: RawValue, factIndex: number, valueIndex: number): FactValue | undefined {
    const valueProblem = checkValue(fact.kind, raw.value);
    if (valueProblem) {
      this.report(file, ['facts', factIndex, 'values', valueIndex, 'value'], 'dataset-bad-value', `${valueProblem} The value is ignored.`);
      return undefined;
    }
    const citations = this.citationsScratch;
    citations.length = 0;
    for (let i = 0; i < raw.cite.length; i++) {
      const cite = raw.cite[i];
      this.cited.add(cite.source);
      const source = this.sources.get(cite.source);
      if (!source) {
        this.report(file, ['facts', factIndex, 'values', valueIndex, 'cite', i, 'source'], 'dataset-unknown-reference', `No source has the id '${cite.source}'; this citation is ignored.`);
        continue;
      }
      const quoteAt = source.textUri ? this.locateQuote(file, factIndex, valueIndex, i, source, cite.quote) : undefined;
      citations.push({ sourceId: source.id, quote: cite.quote, quoteAt });
    }
    if (citations.length === 0) return undefined;
    return { value: raw.value, bound: (raw.bound ?? 'exact') as Bound, citations: citations.slice() };
  }

  /** Where a citation's quote stands in its source's text; the indexes say where the citation was written, for a problem. */
  private locateQuote(file: ParsedDatasetFile, factIndex: number, valueIndex: number, citeIndex: number, source: Source, quote: string): TextLocation | undefined {
    if (!source.textUri) return undefined;
    const text = this.sourceTexts.get(source.textUri);
    if (text?.status !== 'ok') return undefined;
    const at = findQuote(text.text, quote);
    if (at === -1) {
      this.report(file, ['facts', factIndex, 'values', valueIndex, 'cite', citeIndex, 'quote'], 'quote-not-found', `This quote does not occur in the text of source '${source.id}' (${source.textUri}).`);
      return undefined;
    }
    return this.quoteLocation(source.textUri, text.text, at, quote.length);
  }

  private quoteLocation(uri: string, text: string, at: number, length: number): TextLocation {
    const lines = this.lineIndex(uri, text);
    const end = lines.positionAt(at + length);
    return { uri, start: at, end: at + length, ...lines.positionAt(at), endLine: end.line, endCharacter: end.character };
  }

  private lineIndex(uri: string, text: string): LineIndex {
    let index = this.lineIndexes.get(uri);
    if (!index) {
      index = new LineIndex(text);
      this.lineIndexes.set(uri, index);
    }
    return index;
  }

  private reportUnreadableSource(file: ParsedDatasetFile, path: (string | number)[], id: string, uri: string): void {
    const text = this.sourceTexts.get(uri);
    if (text?.status === 'outside-workspace') {
      this.report(file, path, 'source-outside-workspace', `The text of source '${id}' lies outside the workspace folder; it is not read and its quotes are not checked.`);
    } else if (text?.status === 'unavailable') {
      this.report(file, path, 'source-unavailable', `The text of source '${id}' cannot be read (${text.reason}); its quotes are not checked.`);
    }
  }

  /** Reports an id already defined (in `firstUri`); the first definition stays in use. */
  private isDuplicate(firstUri: string | undefined, id: string, what: string, file: ParsedDatasetFile, path: (string | number)[]): boolean {
    if (firstUri === undefined) return false;
    const where = firstUri === file.uri ? 'is defined twice' : `is already defined in ${relativeFileUri(file.uri, firstUri)}`;
    this.report(file, [...path, 'id'], 'dataset-duplicate-id', `The ${what} id '${id}' ${where}; this one is ignored.`);
    return true;
  }

  private at(file: ParsedDatasetFile, section: string, index: number): FileLocation {
    return locator(file, section)(index);
  }

  private report(file: ParsedDatasetFile, path: (string | number)[], code: FindingCode, message: string): void {
    this.problems.push({ uri: file.uri, code, ...file.rangeOf(path), message });
  }
}

/** fitsAsBuilt's check of one fact's values: each fits the fact's kind, each cited source is known (and noted as cited). */
class PrebuiltValueCheck implements ValueCheck {
  private kind = '';
  /** Does a source the fact cites have a text to find its quote in? */
  quoted = false;

  constructor(
    private readonly sources: ReadonlyMap<string, Source>,
    private readonly cited: Set<string>,
    private readonly hasText: (source: Source) => boolean,
  ) {}

  /** Ready for the values of a fact of this kind. */
  start(kind: string): this {
    this.kind = kind;
    this.quoted = false;
    return this;
  }

  value(value: number | string): boolean {
    return checkValue(this.kind, value) === undefined;
  }

  citation(sourceId: string): boolean {
    this.cited.add(sourceId);
    const source = this.sources.get(sourceId);
    if (!source) return false;
    this.quoted ||= this.hasText(source);
    return true;
  }
}

/** How many facts `addFacts` builds, and `finish` groups by entity, between two steps. */
const FACTS_PER_BUILD_STEP = 5_000;
const FACTS_PER_GROUPING_STEP = 200_000;

/**
 * A piece whose fact ids are those of its facts (taken as unpacked, with no clash and no fact left
 * out), read from them the first time they are asked for: a start from the parse cache then
 * decodes none of a million ids, and a later reload that needs them decodes them once.
 */
function idsOfFacts(piece: Omit<FactsPiece, 'ids'>): FactsPiece {
  let ids: readonly string[] | undefined;
  return {
    ...piece,
    get ids() {
      return (ids ??= piece.facts.map((fact) => fact.id));
    },
  };
}

/** Do two pieces define the same fact ids, and clash with the same earlier files? */
function sameIds(a: FactsPiece, b: FactsPiece): boolean {
  if (a === b) return true;
  if (a.ids.length !== b.ids.length || a.clashes.size !== b.clashes.size) return false;
  for (let i = 0; i < a.ids.length; i++) if (a.ids[i] !== b.ids[i]) return false;
  for (const [id, first] of a.clashes) if (b.clashes.get(id) !== first) return false;
  return true;
}

/** Where the items of a section of the file were written, by index. */
function locator(file: ParsedDatasetFile, section: string): (index: number) => FileLocation {
  // A file read the fast way (dataset/fast.ts) works its offsets out only when they are read.
  if ('locate' in file) {
    const lazy = file as LazyParsedDatasetFile;
    return (index) => lazy.locate(section, index);
  }
  return (index) => ({ uri: file.uri, ...file.rangeOf([section, index]) });
}

/** How the file `to` is reached from the folder of `from` ("other.facts.yaml", "../desk/b.facts.yaml"), for messages. */
function relativeFileUri(from: string, to: string): string {
  const fromParts = from.split('/').slice(0, -1);
  const toParts = to.split('/');
  let common = 0;
  while (common < fromParts.length && common < toParts.length - 1 && fromParts[common] === toParts[common]) common++;
  // Not even the scheme and host ("file://") in common: named in full.
  if (common < 3) return to;
  const ups = fromParts.slice(common).map(() => '..');
  return [...ups, ...toParts.slice(common)].map(decodeSegment).join('/');
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function isBlank(spelling: string): boolean {
  return !/\S/.test(spelling);
}

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** Why a value does not fit its fact's kind, or undefined when it does. */
function checkValue(kind: string, value: number | string): string | undefined {
  if (kind === 'date') {
    return typeof value === 'string' && isCalendarDate(value) ? undefined : `A date must be written YYYY-MM-DD or YYYY-MM, not '${value}'.`;
  }
  if (kind === 'weekday') {
    return typeof value === 'string' && WEEKDAYS.includes(value.toLowerCase()) ? undefined : `A weekday must be a day name such as Saturday, not '${value}'.`;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) return `A ${kind} must be a number, not '${value}'.`;
  if (value < 0 && kind !== 'percent' && kind !== 'money') return `A ${kind} cannot be negative.`;
  if (kind === 'age' && value > 130) return `An age of ${value} is not possible.`;
  if (kind === 'year' && (!Number.isInteger(value) || value < 1000 || value > 2200)) return `${value} is not a calendar year.`;
  return undefined;
}

function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(value);
  if (!match) return false;
  const month = Number(match[2]);
  const day = match[3] === undefined ? 1 : Number(match[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(Number(match[1]), month);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * Where a quote stands in a source text, or -1. Quotes are verbatim, but curly and straight
 * quotation marks and non-breaking spaces are treated alike (they are invisible in most editors);
 * the folding keeps every character in place, so the offset is exact in the original.
 */
export function findQuote(text: string, quote: string): number {
  const exact = text.indexOf(quote);
  if (exact !== -1) return exact;
  return foldPunctuation(text).indexOf(foldPunctuation(quote));
}

function foldPunctuation(text: string): string {
  return text.replace(/[\u2018\u2019\u02BC]/g, "'").replace(/[\u201C\u201D\u00AB\u00BB]/g, '"').replace(/[\u00A0\u202F]/g, ' ').replace(/[\u2013\u2014]/g, '-');
}
