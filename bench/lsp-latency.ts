/**
 * End-to-end latency of the real language server (`dist/server.js --stdio`), as an editor sees
 * it: from sending `textDocument/didChange` to receiving the `textDocument/publishDiagnostics`
 * of that document version. The client is the approach of test/protocol/client.ts: spawn,
 * initialize with the dataset folder as rootUri, wait until the reference data is loaded,
 * didOpen, then single-character edits, each awaited until its diagnostics arrive.
 */
import { spawn } from 'node:child_process';
import { SERVER_V8_FLAGS } from '../server/src/v8Flags';
import { EventEmitter } from 'node:events';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { median, nowMs, percentile } from './measure';
import { midEdit } from './scale-worker';

export const SERVER = path.join(__dirname, '..', 'dist', 'server.js');

export interface LspLatency {
  readonly folder: string;
  readonly draftWords: number;
  /** From `initialized` to the status notification saying the data is loaded. */
  readonly loadMs: number;
  readonly entities?: number;
  readonly facts?: number;
  /** From didOpen to the first diagnostics (the first analysis: indexes, JIT). */
  readonly openMs: number;
  readonly diagnostics: number;
  readonly warmupEdits: number;
  readonly samples: readonly number[];
  readonly medianMs: number;
  readonly p95Ms: number;
  readonly serverPeakRssBytes?: number;
}

interface Status {
  loading: boolean;
  folders: { entities: number; facts: number; problems: number }[];
}

/** `parseCacheDir`: given to the server as its editor gives it (initializationOptions), for a start with the parse cache. */
export async function measureLsp(folder: string, text: string, options: { edits: number; warmup: number; timeoutMs: number; log: (line: string) => void; parseCacheDir?: string }): Promise<LspLatency> {
  const child = spawn(process.execPath, [...SERVER_V8_FLAGS, SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const stderr: string[] = [];
  child.stderr.on('data', (chunk) => stderr.push(String(chunk)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const events = new EventEmitter();
  const log: string[] = [];
  connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
    events.emit('diagnostics', params);
  });
  connection.onNotification('factmark/status', (params: Status) => {
    events.emit('status', params);
  });
  connection.onNotification('window/logMessage', (params: { message: string }) => {
    log.push(params.message);
  });
  connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => ({})));
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.listen();

  const waitFor = <T>(event: string, predicate: (value: T) => boolean, what: string): Promise<T> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        events.off(event, listener);
        reject(new Error(`timed out after ${options.timeoutMs} ms waiting for ${what}; server log: ${[...log, ...stderr].slice(-5).join(' | ')}`));
      }, options.timeoutMs);
      const listener = (value: T) => {
        if (!predicate(value)) return;
        clearTimeout(timer);
        events.off(event, listener);
        resolve(value);
      };
      events.on(event, listener);
      void exited.then((code) => {
        clearTimeout(timer);
        events.off(event, listener);
        reject(new Error(`the server exited (code ${code}) while waiting for ${what}; ${[...log, ...stderr].slice(-5).join(' | ')}`));
      });
    });

  try {
    const rootUri = pathToFileURL(folder).toString();
    await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      initializationOptions: options.parseCacheDir ? { parseCacheDir: options.parseCacheDir } : undefined,
      workspaceFolders: [{ uri: rootUri, name: 'bench' }],
      capabilities: {
        workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true }, workspaceFolders: true },
        window: { workDoneProgress: true },
        textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true } },
      },
    });
    const loadStarted = nowMs();
    const loaded = waitFor<Status>('status', (status) => !status.loading && status.folders.length > 0 && status.folders[0].entities > 0, 'the reference data');
    await connection.sendNotification('initialized', {});
    const status = await loaded;
    const loadMs = nowMs() - loadStarted;
    options.log(`server loaded ${status.folders[0].entities.toLocaleString('en')} entities in ${(loadMs / 1000).toFixed(1)} s`);

    const uri = `${rootUri}/bench-draft.md`;
    let version = 1;
    const diagnosticsOf = (v: number) => waitFor<PublishDiagnosticsParams>('diagnostics', (params) => params.uri === uri && params.version === v, `diagnostics of version ${v}`);
    const openStarted = nowMs();
    const opened = diagnosticsOf(version);
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version, text } });
    const firstDiagnostics = await opened;
    const openMs = nowMs() - openStarted;
    options.log(`first diagnostics after ${(openMs / 1000).toFixed(2)} s (${firstDiagnostics.diagnostics.length} diagnostics)`);

    // Type a character in the middle of the draft, then delete it, and so on: the text stays the same size.
    const { offset } = midEdit(text);
    const position = positionAt(text, offset);
    const samples: number[] = [];
    for (let i = 0; i < options.warmup + options.edits; i++) {
      version++;
      const insert = i % 2 === 0;
      const change = insert
        ? { range: { start: position, end: position }, text: 'e' }
        : { range: { start: position, end: { line: position.line, character: position.character + 1 } }, text: '' };
      const arrived = diagnosticsOf(version);
      const started = nowMs();
      await connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
      await arrived;
      if (i >= options.warmup) samples.push(nowMs() - started);
    }
    const serverPeakRssBytes = await peakRssOf(child.pid);
    return {
      folder,
      draftWords: text.split(/\s+/).filter(Boolean).length,
      loadMs,
      entities: status.folders[0].entities,
      facts: status.folders[0].facts,
      openMs,
      diagnostics: firstDiagnostics.diagnostics.length,
      warmupEdits: options.warmup,
      samples,
      medianMs: median(samples),
      p95Ms: percentile(samples, 95),
      serverPeakRssBytes,
    };
  } finally {
    try {
      await Promise.race([connection.sendRequest('shutdown').then(() => connection.sendNotification('exit')), new Promise((resolve) => setTimeout(resolve, 2000))]);
    } catch {
      // the server is gone already
    }
    const stop = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(stop);
    connection.dispose();
  }
}

function positionAt(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, character: offset - lineStart };
}

/** The server process's peak RSS (VmHWM), where /proc tells it. */
async function peakRssOf(pid: number | undefined): Promise<number | undefined> {
  if (pid === undefined) return undefined;
  try {
    const { readFile } = await import('node:fs/promises');
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = /VmHWM:\s+(\d+)\s+kB/.exec(status)?.[1];
    return kb ? Number(kb) * 1024 : undefined;
  } catch {
    return undefined;
  }
}
