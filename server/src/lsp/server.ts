/**
 * The language server: a thin layer over the core. Each handler finds the document, asks the
 * core (through the per-version analysis cache) and converts the answer. Reference data is
 * loaded per workspace folder and reloaded when a dataset or source file changes.
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { fileURLToPath } from 'node:url';
import {
  CodeActionKind,
  DidChangeWatchedFilesNotification,
  TextDocumentSyncKind,
  TextDocuments,
  type CodeAction,
  type CodeActionParams,
  type Connection,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
  type TextDocumentPositionParams,
  type WorkspaceFolder,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  analyzeDraft,
  citationsAt,
  highlightSpans,
  hoverAt,
  LineIndex,
  RULES,
  type DraftAnalysis,
  type DraftLanguage,
} from '../core';
import { DATASET_PATTERN, DatasetFolder, isDatasetPath } from '../workspace/datasets';
import { ParseCache, UNUSED_ENTRY_DAYS } from '../workspace/parseCache';
import {
  citationToLsp,
  codeActionsFor,
  type CitationItem,
  findingToDiagnostic,
  hoverToLsp,
  noticeAtStart,
  problemToDiagnostic,
  SEMANTIC_TOKENS_LEGEND,
  spansToSemanticTokens,
  toOffset,
} from './convert';
import { DEFAULT_SETTINGS, normaliseSettings, type Settings } from './settings';

export const STATUS_NOTIFICATION = 'factmark/status';
export const RELOAD_COMMAND = 'factmark.server.reloadData';
export const CHECK_WORKSPACE_COMMAND = 'factmark.server.checkWorkspace';
export const CITATIONS_REQUEST = 'factmark/citations';

interface CachedAnalysis {
  readonly version: number;
  readonly analysis: DraftAnalysis;
  readonly lines: LineIndex;
}

/** Wait this long after the last keystroke in a dataset file before reloading it. */
const DATASET_EDIT_DELAY_MS = 200;

/**
 * Drafts are checked once the connection has been quiet this long. A burst of edits (a paste, a
 * replace-all, an editor catching up) arrives within microseconds, so it is coalesced into one
 * check of the latest version; keystrokes come tens of milliseconds apart, so each is checked.
 * cSpell waits 50 ms; this is less, to keep didChange → diagnostics within 30 ms.
 */
const QUIET_MS = 10;
/** Under a stream of messages that never pauses, a queued draft is still checked after this long, one every BUSY_STEP_MS. */
const MAX_WAIT_MS = 500;
const BUSY_STEP_MS = 100;
/**
 * A check blocks the server while it runs, so it starts only once the messages the connection has
 * read are handled (a hover behind a burst of edits answered first): after SETTLE_TURNS turns of
 * the event loop in which no message arrived or was handed over. A message arrives in one turn and
 * is handed over in a later one, one per turn, so one calm turn can still hide one; under a
 * stream that never lets two pass, a check waits no longer than SETTLE_MS for them.
 */
const SETTLE_TURNS = 2;
const SETTLE_MS = 20;

/**
 * Starts the server on a connection. `noteTraffic` is to be called as the client's data arrives on
 * the input and as the connection hands each message over to a handler (main.ts does both): the
 * connection hands its messages over one per turn, so a burst of edits waits in its queue for as
 * many turns, unseen by the handlers; without these calls, checks see only what reached them.
 */
export function startServer(connection: Connection): { noteTraffic: () => void } {
  const documents = new TextDocuments(TextDocument);
  const folders = new Map<string, DatasetFolder>();
  const reloads = new Map<string, Promise<void>>();
  /** Folder reloads running now: the status bar shows loading while there is one. */
  let reloadsRunning = 0;
  const cache = new Map<string, CachedAnalysis>();
  const settingsCache = new Map<string, Promise<Settings>>();
  /** The settings each open draft was last checked with, so that hovers and tokens use the same. */
  const draftSettings = new Map<string, Settings>();
  const publishedDatasetUris = new Map<string, Set<string>>();
  /** Drafts waiting to be checked, with the time each was first queued. */
  const pendingValidation = new Map<string, number>();
  /** Is a step of the check runner scheduled or running? One at a time. */
  let runnerActive = false;
  /** When a check last ran although the connection was busy (its draft had waited MAX_WAIT_MS). */
  let lastForcedCheck = 0;
  /** When the client last sent something: checks wait for a quiet connection. */
  let lastActivity = 0;
  /** How often the client's messages were seen arriving or handed over (activity() counts them). */
  let traffic = 0;
  /** A check about to start, waiting for the connection to settle: the traffic seen at its last step, the calm turns since, and since when it waits. */
  let settling: { traffic: number; calmTurns: number; since: number } | undefined;
  let datasetEditTimer: NodeJS.Timeout | undefined;
  let canAskConfiguration = false;
  let canWatchFiles = false;
  let canReportProgress = false;
  let canFollowFolders = false;
  /** Where large dataset files are kept packed between starts (the client's storage; see parseCache.ts); none if not given. */
  let parseCache: ParseCache | undefined;

  const openText = (uri: string) => documents.get(uri)?.getText();

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    canAskConfiguration = Boolean(params.capabilities.workspace?.configuration);
    canFollowFolders = Boolean(params.capabilities.workspace?.workspaceFolders);
    canWatchFiles = Boolean(params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration);
    canReportProgress = Boolean(params.capabilities.window?.workDoneProgress);
    const cacheDir = (params.initializationOptions as { parseCacheDir?: unknown } | undefined)?.parseCacheDir;
    if (typeof cacheDir === 'string' && path.isAbsolute(cacheDir)) parseCache = new ParseCache(cacheDir);
    for (const folder of initialFolders(params)) addFolder(folder);
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        semanticTokensProvider: { legend: SEMANTIC_TOKENS_LEGEND, full: true },
        executeCommandProvider: { commands: [RELOAD_COMMAND, CHECK_WORKSPACE_COMMAND] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'factmark', version: '0.1.0' },
    };
  });

  connection.onInitialized(async () => {
    // A dataset too large for the heap crashes the server: say what the limit is (factmark.server.maxMemory).
    connection.console.log(`Factmark server started (Node ${process.version}, heap limit ${Math.round(getHeapStatistics().heap_size_limit / 2 ** 20)} MB).`);
    if (canWatchFiles) {
      await connection.client.register(DidChangeWatchedFilesNotification.type, {
        // Datasets named by factmark.datasets may have any YAML or JSON name, and a source's text
        // any of the text formats; the folder decides which changes concern it.
        watchers: [{ globPattern: DATASET_PATTERN }, { globPattern: '**/*.{yaml,yml,json}' }, { globPattern: '**/*.{txt,md,markdown,text,html,htm}' }],
      });
    }
    // A client that gives only a rootUri has no workspace folders to follow (asking would throw).
    if (canFollowFolders) {
      connection.workspace.onDidChangeWorkspaceFolders(async (event) => {
        for (const removed of event.removed) folders.delete(removed.uri);
        for (const added of event.added) addFolder(added);
        await reloadAll();
      });
    }
    await reloadAll();
    // Once the data is loaded (and its entries marked as used): the entries of files renamed or deleted long ago go.
    const pruned = await (parseCache?.prune() ?? 0);
    if (pruned > 0) connection.console.log(`Removed ${pruned} parse cache entr${pruned === 1 ? 'y' : 'ies'} unused for ${UNUSED_ENTRY_DAYS} days.`);
  });

  function initialFolders(params: InitializeParams): WorkspaceFolder[] {
    if (params.workspaceFolders?.length) return params.workspaceFolders;
    if (params.rootUri) return [{ uri: params.rootUri, name: path.basename(fileURLToPath(params.rootUri)) }];
    return [];
  }

  function addFolder(folder: WorkspaceFolder): void {
    if (!folder.uri.startsWith('file:')) return;
    const data = new DatasetFolder(fileURLToPath(folder.uri), [], openText);
    // The indexes of new reference data are built a step per turn before drafts see it, so that
    // neither the loading nor the first keystroke after it blocks the server for seconds.
    data.prepare = (dataset) => data.prepareIndexes(dataset);
    folders.set(folder.uri, data);
  }

  /** The folder a document belongs to: the innermost workspace folder that contains it. */
  function folderOf(uri: string): DatasetFolder | undefined {
    let best: DatasetFolder | undefined;
    for (const folder of folders.values()) {
      if (folder.contains(uri) && (!best || folder.root.length > best.root.length)) best = folder;
    }
    return best;
  }

  function settingsFor(uri: string): Promise<Settings> {
    if (!canAskConfiguration) return Promise.resolve(DEFAULT_SETTINGS);
    const key = folderOf(uri)?.root ?? uri;
    let settings = settingsCache.get(key);
    if (!settings) {
      settings = connection.workspace
        .getConfiguration({ scopeUri: uri, section: 'factmark' })
        .then(normaliseSettings, () => DEFAULT_SETTINGS);
      settingsCache.set(key, settings);
    }
    return settings;
  }

  async function reloadAll(): Promise<void> {
    const progress = canReportProgress && folders.size > 0 ? await connection.window.createWorkDoneProgress() : undefined;
    progress?.begin('Factmark: loading reference data', 0, undefined, false);
    reloadsRunning++; // loading until every folder is done
    sendStatus(true);
    let done = 0;
    for (const folder of folders.values()) {
      const name = path.basename(folder.root);
      // Of each folder's share: reading its files the first half, building the dataset and its indexes the rest.
      const report = (part: number, message: string) => progress?.report(Math.round(((done + part) / folders.size) * 100), `${name}: ${message}`);
      folder.onProgress = (file, files) => {
        if (files > 1) report((file / files) / 2, `file ${file + 1} of ${files}`);
      };
      folder.onStage = (stage) => (stage === 'build' ? report(0.5, 'building the dataset') : report(0.75, 'indexing names and facts'));
      await reloadFolder(folder);
      folder.onProgress = undefined;
      folder.onStage = undefined;
      done++;
      progress?.report(Math.round((done / folders.size) * 100), `${done} of ${folders.size} folders`);
    }
    progress?.done();
    reloadsRunning--;
    sendStatus(reloadsRunning > 0);
  }

  /** Reloads a folder's data; reloads of one folder run one after another, never interleaved. */
  function reloadFolder(folder: DatasetFolder): Promise<void> {
    const previous = reloads.get(folder.root) ?? Promise.resolve();
    const next = previous.then(async () => {
      // The status bar spins while any folder reloads, also after an edit to a dataset file.
      reloadsRunning++;
      sendStatus(true);
      const folderUri = [...folders.entries()].find(([, f]) => f === folder)?.[0];
      const settings = folderUri ? await settingsFor(folderUri) : DEFAULT_SETTINGS;
      folder.setExtraPatterns(settings.datasets);
      folder.cache = settings.datasetCache ? parseCache : undefined;
      const started = Date.now();
      const load = await folder.reload();
      connection.console.log(
        `Loaded ${load.dataset.files.length} dataset file(s) in ${folder.root}: ${load.dataset.entities.size} entities, ${load.dataset.facts.length} facts, ${load.dataset.sources.size} sources (${Date.now() - started} ms; ${unchangedNote(load.filesRead, load.problems.size)}${load.filesFromCache > 0 ? `, ${load.filesFromCache} of them from the parse cache` : ''}${load.nameIndexFromCache ? '; the name index from the parse cache' : ''}).`,
      );
      const cacheError = folder.cache?.takeWriteError();
      if (cacheError) connection.console.warn(`Factmark could not write to its parse cache in ${folder.cache!.dir} (the next start parses those files again): ${cacheError}`);
      publishDatasetProblems(folder, settings);
      revalidateOpenDrafts(folder);
    }).catch((error) => connection.console.error(`Factmark could not load the reference data: ${describe(error)}`)).finally(() => {
      reloadsRunning--;
      sendStatus(reloadsRunning > 0);
    });
    reloads.set(folder.root, next);
    return next;
  }

  function publishDatasetProblems(folder: DatasetFolder, settings: Settings): void {
    const published = publishedDatasetUris.get(folder.root) ?? new Set<string>();
    const now = new Set<string>();
    for (const [uri, problems] of folder.load.problems) {
      // Lines are counted only in a file that has problems (a newsroom's data is hundreds of MB).
      const lines = problems.length > 0 ? new LineIndex(folder.textOf(uri)) : undefined;
      const diagnostics = !lines ? [] : problems
        .map((problem) => problemToDiagnostic(lines, problem, RULES[problem.code].severity, (code) => settings.severity[code]))
        .filter((d): d is Diagnostic => d !== undefined);
      connection.sendDiagnostics({ uri, diagnostics });
      now.add(uri);
    }
    for (const uri of published) if (!now.has(uri)) connection.sendDiagnostics({ uri, diagnostics: [] });
    publishedDatasetUris.set(folder.root, now);
  }

  function revalidateOpenDrafts(folder: DatasetFolder): void {
    for (const document of documents.all()) {
      if (folderOf(document.uri) === folder) scheduleValidation(document.uri);
    }
  }

  function datasetFor(uri: string) {
    return folderOf(uri)?.dataset;
  }

  function languageOf(document: TextDocument): DraftLanguage {
    return document.languageId === 'markdown' || /\.(?:md|markdown)$/i.test(document.uri) ? 'markdown' : 'plaintext';
  }

  /** A Markdown or text document that is neither a dataset file nor the text of a source. */
  function isDraft(document: TextDocument, settings: Settings): boolean {
    if (isDatasetPath(document.uri) || folderOf(document.uri)?.isSourceText(document.uri)) return false;
    return settings.enable && settings.languages.includes(document.languageId);
  }

  /**
   * The analysis of a document's current version: computed once per version and dataset, on
   * demand when a hover or tokens ask before the check has run. Undefined for a draft over
   * factmark.maxFileSize, which is never analysed (its check publishes a notice that says so).
   */
  function analysisOf(document: TextDocument): CachedAnalysis | undefined {
    const dataset = datasetFor(document.uri);
    if (!dataset) return undefined;
    const cached = cache.get(document.uri);
    if (cached && cached.version === document.version && cached.analysis.dataset === dataset) return cached;
    const settings = draftSettings.get(document.uri) ?? DEFAULT_SETTINGS;
    if (document.getText().length > settings.maxFileSize) return undefined;
    const text = document.getText();
    // The previous version's analysis lets only the changed paragraphs be analysed again.
    const previous = cached?.analysis.dataset === dataset ? cached.analysis : undefined;
    const analysis = analyzeDraft(text, dataset, { language: languageOf(document), nameStyle: settings.nameStyle, previous });
    if (analysis.internalError) connection.console.error(`Factmark could not analyse ${document.uri}: ${analysis.internalError}`);
    const entry = { version: document.version, analysis, lines: new LineIndex(text) };
    cache.set(document.uri, entry);
    return entry;
  }

  /**
   * Queues a check of the draft's latest version. Checks run one at a time, each in its own turn
   * of the event loop and only once the connection has been quiet for QUIET_MS, so that a burst
   * of edits is checked once and a hover never waits behind the checks of superseded versions.
   */
  function scheduleValidation(uri: string): void {
    if (!pendingValidation.has(uri)) pendingValidation.set(uri, Date.now());
    if (!runnerActive) {
      runnerActive = true;
      setTimeout(runValidations, QUIET_MS);
    }
  }

  function runValidations(): void {
    const next = pendingValidation.entries().next();
    if (next.done) {
      runnerActive = false;
      settling = undefined;
      return;
    }
    const [uri, queuedAt] = next.value;
    const now = Date.now();
    const quietFor = now - lastActivity;
    const busy = quietFor < QUIET_MS;
    if (busy && (now - queuedAt < MAX_WAIT_MS || now - lastForcedCheck < BUSY_STEP_MS)) {
      settling = undefined;
      setTimeout(runValidations, Math.max(1, QUIET_MS - quietFor));
      return;
    }
    if (!settled(now)) {
      setImmediate(runValidations);
      return;
    }
    if (busy) lastForcedCheck = now;
    pendingValidation.delete(uri);
    validate(uri)
      .catch((error) => connection.console.error(`Factmark could not check ${uri}: ${describe(error)}`))
      .finally(() => {
        // The next step in a later turn: messages that came during the check are read first, and
        // handled before another check starts (see SETTLE_TURNS).
        setImmediate(runValidations);
      });
  }

  /** Has the connection handled what it has read: SETTLE_TURNS calm turns, counted one per call, or SETTLE_MS of waiting? */
  function settled(now: number): boolean {
    if (!settling) {
      settling = { traffic, calmTurns: 0, since: now };
      return false;
    }
    settling.calmTurns = traffic === settling.traffic ? settling.calmTurns + 1 : 0;
    settling.traffic = traffic;
    if (settling.calmTurns < SETTLE_TURNS && now - settling.since < SETTLE_MS) return false;
    settling = undefined;
    return true;
  }

  async function validate(uri: string): Promise<void> {
    const document = documents.get(uri);
    if (!document) return;
    const settings = await settingsFor(uri);
    draftSettings.set(uri, settings);
    // Edited while the settings were fetched: the newer version is queued and checked instead.
    if (pendingValidation.has(uri)) return;
    if (!isDraft(document, settings)) {
      if (!isDatasetPath(uri)) connection.sendDiagnostics({ uri, diagnostics: [] });
      return;
    }
    const version = document.version;
    if (document.getText().length > settings.maxFileSize) {
      const message = `This draft is larger than factmark.maxFileSize (${settings.maxFileSize} characters), so Factmark does not check it.`;
      connection.sendDiagnostics({ uri, version, diagnostics: [noticeAtStart('draft-too-large', message)] });
      return;
    }
    const entry = analysisOf(document);
    const diagnostics = (entry?.analysis.findings ?? [])
      .map((finding) => findingToDiagnostic(entry!.lines, finding, (code) => settings.severity[code]))
      .filter((d): d is Diagnostic => d !== undefined);
    connection.sendDiagnostics({ uri, version, diagnostics });
  }

  function scheduleDatasetEdit(uri: string): void {
    clearTimeout(datasetEditTimer);
    datasetEditTimer = setTimeout(() => {
      const folder = folderOf(uri);
      if (folder) void reloadFolder(folder);
    }, DATASET_EDIT_DELAY_MS);
  }

  function sendStatus(loading: boolean): void {
    const summary = [...folders.values()].map((folder) => ({
      folder: folder.root,
      files: folder.dataset.files.length,
      entities: folder.dataset.entities.size,
      facts: folder.dataset.facts.length,
      sources: folder.dataset.sources.size,
      problems: [...folder.load.problems.values()].reduce((sum, list) => sum + list.length, 0),
    }));
    void connection.sendNotification(STATUS_NOTIFICATION, { loading, folders: summary });
  }

  /** Notes that the client sent something, so that queued checks wait for a quiet connection. */
  const activity = () => {
    lastActivity = Date.now();
    traffic++;
  };

  documents.onDidOpen((event) => {
    activity();
    if (isDatasetPath(event.document.uri)) scheduleDatasetEdit(event.document.uri);
    else scheduleValidation(event.document.uri);
  });
  documents.onDidChangeContent((event) => {
    activity();
    if (isDatasetPath(event.document.uri)) scheduleDatasetEdit(event.document.uri);
    else scheduleValidation(event.document.uri);
  });
  documents.onDidClose((event) => {
    cache.delete(event.document.uri);
    pendingValidation.delete(event.document.uri);
    draftSettings.delete(event.document.uri);
    if (isDatasetPath(event.document.uri)) scheduleDatasetEdit(event.document.uri);
    else connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
  });

  connection.onDidChangeWatchedFiles((params) => {
    const touched = new Set<DatasetFolder>();
    for (const change of params.changes) {
      for (const folder of folders.values()) if (folder.concerns(change.uri)) touched.add(folder);
    }
    for (const folder of touched) void reloadFolder(folder);
  });

  connection.onDidChangeConfiguration(async () => {
    settingsCache.clear();
    cache.clear();
    await reloadAll();
  });

  connection.onExecuteCommand(async (params) => {
    if (params.command === RELOAD_COMMAND) await reloadAll();
    if (params.command === CHECK_WORKSPACE_COMMAND) return checkWorkspace();
    return undefined;
  });

  /**
   * Checks every draft of every folder, open or not, and publishes what it finds, so the
   * Problems panel lists the whole desk's work. Returns how many drafts and findings there were.
   */
  async function checkWorkspace(): Promise<{ drafts: number; findings: number }> {
    const progress = canReportProgress ? await connection.window.createWorkDoneProgress() : undefined;
    progress?.begin('Factmark: checking drafts', 0, undefined, true);
    let drafts = 0;
    let findings = 0;
    try {
      for (const folder of folders.values()) {
        const uris = await folder.findDrafts();
        for (const uri of uris) {
          if (progress?.token.isCancellationRequested) return { drafts, findings };
          const settings = await settingsFor(uri);
          const document = documents.get(uri) ?? (await readDocument(uri));
          if (!document || !settings.enable) continue;
          drafts++;
          progress?.report(Math.round((drafts / uris.length) * 100), path.basename(fileURLToPath(uri)));
          if (document.getText().length > settings.maxFileSize) continue;
          const analysis = documents.get(uri) ? analysisOf(document)!.analysis : analyzeDraft(document.getText(), folder.dataset, { language: languageOf(document) });
          const lines = new LineIndex(document.getText());
          const diagnostics = analysis.findings
            .map((finding) => findingToDiagnostic(lines, finding, (code) => settings.severity[code]))
            .filter((d): d is Diagnostic => d !== undefined);
          findings += diagnostics.length;
          connection.sendDiagnostics({ uri, diagnostics });
        }
      }
    } finally {
      progress?.done();
    }
    return { drafts, findings };
  }

  connection.onRequest(CITATIONS_REQUEST, (params: TextDocumentPositionParams) => guard('sources', [] as CitationItem[], () => {
    const document = documents.get(params.textDocument.uri);
    const entry = document && analysisOf(document);
    if (!entry) return [];
    return citationsAt(entry.analysis, toOffset(entry.lines, params.position)).map(citationToLsp);
  }));

  connection.onHover((params) => guard('hover', null, () => {
    const document = documents.get(params.textDocument.uri);
    const entry = document && analysisOf(document);
    if (!entry) return null;
    const card = hoverAt(entry.analysis, toOffset(entry.lines, params.position));
    return card ? hoverToLsp(entry.lines, card) : null;
  }));

  connection.languages.semanticTokens.on((params) => guard('semantic tokens', { data: [] }, () => {
    const document = documents.get(params.textDocument.uri);
    const entry = document && !isDatasetPath(document.uri) ? analysisOf(document) : undefined;
    if (!entry) return { data: [] };
    return spansToSemanticTokens(entry.lines, highlightSpans(entry.analysis));
  }));

  connection.onCodeAction((params: CodeActionParams) => guard('code actions', [] as CodeAction[], () => {
    const document = documents.get(params.textDocument.uri);
    const entry = document && analysisOf(document);
    if (!entry) return [];
    return codeActionsFor(entry.lines, params.textDocument.uri, entry.analysis.findings, params.range, params.context.diagnostics);
  }));

  /** A handler that fails answers with an empty result and a log line, never with a crash. */
  function guard<T>(what: string, fallback: T, handler: () => T): T {
    activity();
    try {
      return handler();
    } catch (error) {
      connection.console.error(`Factmark ${what} failed: ${describe(error)}`);
      return fallback;
    }
  }

  documents.listen(connection);
  // A parse cache entry still being written (a name index is packed after the data is loaded) is finished before the server exits.
  connection.onShutdown(async () => {
    await Promise.all([...folders.values()].map((folder) => folder.cacheWritten()));
  });

  connection.listen();
  return { noteTraffic: activity };
}

async function readDocument(uri: string): Promise<TextDocument | undefined> {
  try {
    const text = await readFile(fileURLToPath(uri), 'utf8');
    return TextDocument.create(uri, /\.(?:md|markdown)$/i.test(uri) ? 'markdown' : 'plaintext', 0, text);
  } catch {
    return undefined;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

/** "2 read, 48 unchanged since the last load": how much of a reload read files, for the output log. */
function unchangedNote(read: number, files: number): string {
  const unchanged = files - read;
  return unchanged > 0 ? `${read} read, ${unchanged} unchanged since the last load` : `${read} read`;
}
