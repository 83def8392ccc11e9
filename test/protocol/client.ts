/**
 * A minimal LSP client for tests: spawns the built server (`dist/server.js --stdio`) and speaks
 * JSON-RPC over its stdio, as an editor does. Diagnostics are awaited by event, never by sleeping.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import * as path from 'node:path';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type Diagnostic,
  type InitializeResult,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { SERVER_V8_FLAGS } from '../../server/src/v8Flags';

export const SERVER = path.join(__dirname, '..', '..', 'dist', 'server.js');

export class TestClient {
  readonly connection: ProtocolConnection;
  readonly diagnostics = new Map<string, Diagnostic[]>();
  /** The document version each latest publication was for. */
  readonly publishedVersions = new Map<string, number | undefined>();
  readonly log: string[] = [];
  /** Every work-done progress notification, in order. */
  readonly progress: { token: unknown; value: { kind: 'begin' | 'report' | 'end'; title?: string; message?: string; percentage?: number } }[] = [];
  /** Every factmark/status notification, in order. */
  readonly statuses: { loading: boolean; folders: { facts: number; problems: number }[] }[] = [];
  private readonly events = new EventEmitter();
  private readonly process: ChildProcess;
  private versions = new Map<string, number>();

  private exitedWith: string | undefined;

  /**
   * The server runs with the V8 flags the extension gives it (SERVER_V8_FLAGS), so that what is
   * measured here is the server as shipped; nodeArgs go to its Node as well, e.g. a heap cap under
   * which unbounded growth is fatal.
   */
  constructor(settings: Record<string, unknown> = {}, nodeArgs: string[] = []) {
    this.process = spawn(process.execPath, [...SERVER_V8_FLAGS, ...nodeArgs, SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.process.stderr!.on('data', (chunk) => this.log.push(String(chunk)));
    this.events.setMaxListeners(0);
    // A server that dies fails every wait at once, with its log, instead of at the wait's timeout.
    this.process.once('exit', (code, signal) => {
      this.exitedWith = `the server exited (code ${code}, signal ${signal})`;
      this.events.emit('exit');
    });
    this.connection = createProtocolConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.diagnostics.set(params.uri, params.diagnostics);
      this.publishedVersions.set(params.uri, params.version);
      this.events.emit('diagnostics', params.uri);
    });
    this.connection.onNotification('window/logMessage', (params: { message: string }) => {
      this.log.push(params.message);
    });
    this.connection.onNotification('factmark/status', (params: TestClient['statuses'][number]) => {
      this.statuses.push(params);
      this.events.emit('status', params);
    });
    this.connection.onNotification('$/progress', (params: TestClient['progress'][number]) => {
      this.progress.push(params);
    });
    this.connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => settings));
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.listen();
  }

  get pid(): number | undefined {
    return this.process.pid;
  }

  /**
   * `minimal`: a client as bare as LSP allows — only a rootUri, no workspace folders and no
   * workspace, window or document capabilities (as simple editors and scripts send).
   */
  async initialize(rootUri: string, minimal = false, initializationOptions?: unknown): Promise<InitializeResult> {
    const result = await this.connection.sendRequest<InitializeResult>('initialize', minimal ? { processId: process.pid, rootUri, capabilities: {} } : {
      processId: process.pid,
      rootUri,
      initializationOptions,
      workspaceFolders: [{ uri: rootUri, name: 'test' }],
      capabilities: {
        workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true }, workspaceFolders: true },
        window: { workDoneProgress: true },
        textDocument: { publishDiagnostics: { relatedInformation: true } },
      },
    });
    const loaded = this.nextStatus((status) => !status.loading && status.folders.length > 0);
    await this.connection.sendNotification('initialized', {});
    await loaded;
    return result;
  }

  /** Resolves with the next status notification that satisfies the predicate. */
  nextStatus(predicate: (status: { loading: boolean; folders: { facts: number; problems: number }[] }) => boolean, timeoutMs = 10000): Promise<void> {
    return this.waitFor('status', predicate as (value: unknown) => boolean, timeoutMs, 'status');
  }

  open(uri: string, text: string, languageId = 'markdown'): void {
    this.versions.set(uri, 1);
    void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  }

  /** Replaces the whole text of an open document. */
  change(uri: string, text: string): void {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    void this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  /** Applies one incremental edit to an open document. */
  changeRange(uri: string, range: { start: { line: number; character: number }; end: { line: number; character: number } }, text: string): void {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    void this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text }] });
  }

  versionOf(uri: string): number | undefined {
    return this.versions.get(uri);
  }

  /** Waits until the diagnostics published for uri satisfy the predicate (checking what is already there first). */
  async diagnosticsFor(uri: string, predicate: (diagnostics: Diagnostic[], version?: number) => boolean, timeoutMs = 10000): Promise<Diagnostic[]> {
    const holds = () => this.diagnostics.has(uri) && predicate(this.diagnostics.get(uri)!, this.publishedVersions.get(uri));
    if (holds()) return this.diagnostics.get(uri)!;
    await this.waitFor('diagnostics', (published) => published === uri && holds(), timeoutMs, `diagnostics for ${uri}`);
    return this.diagnostics.get(uri)!;
  }

  private waitFor(event: string, predicate: (value: unknown) => boolean, timeoutMs: number, what: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const fail = (why: string) => {
        clearTimeout(timer);
        this.events.off(event, listener);
        this.events.off('exit', onExit);
        reject(new Error(`${why} waiting for ${what}; server log:\n${this.log.join('\n')}`));
      };
      const onExit = () => fail(this.exitedWith!);
      const timer = setTimeout(() => fail(`timed out after ${timeoutMs} ms`), timeoutMs);
      const listener = (value: unknown) => {
        if (!predicate(value)) return;
        clearTimeout(timer);
        this.events.off(event, listener);
        this.events.off('exit', onExit);
        resolve();
      };
      if (this.exitedWith) return fail(this.exitedWith);
      this.events.on(event, listener);
      this.events.once('exit', onExit);
    });
  }

  async shutdown(): Promise<void> {
    if (this.exitedWith) return this.connection.dispose();
    const exited = new Promise((resolve) => this.process.once('exit', resolve));
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } catch {
      this.process.kill();
    }
    await exited;
    this.connection.dispose();
  }
}
