/**
 * The VS Code side of Factmark: starts the bundled language server for Markdown and plain-text
 * drafts and for dataset files, shows what reference data is loaded and how many problems the
 * active draft has in the status bar, and offers the palette commands. All analysis is in the server.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { SERVER_V8_FLAGS } from '../../server/src/v8Flags';

interface FolderStatus {
  folder: string;
  files: number;
  entities: number;
  facts: number;
  sources: number;
  problems: number;
}

interface Status {
  loading: boolean;
  folders: FolderStatus[];
}

interface Citation {
  fact: string;
  value: string;
  source: string;
  quote: string;
  location?: { uri: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } };
}

let client: LanguageClient | undefined;

/** The server's heap limit when the setting is missing or not a number (Node's own default on most machines). */
const DEFAULT_MAX_MEMORY_MB = 4096;
const MIN_MAX_MEMORY_MB = 512;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Factmark', { log: true });
  const status = new StatusBar();
  const startClient = async () => {
    client = new LanguageClient('factmark', 'Factmark', serverOptions(context), clientOptions(context, output));
    client.onNotification('factmark/status', (params: Status) => status.update(params));
    await client.start();
  };
  context.subscriptions.push(
    output,
    status,
    vscode.commands.registerCommand('factmark.showLog', () => output.show(true)),
    vscode.commands.registerCommand('factmark.reloadData', () => vscode.commands.executeCommand('factmark.server.reloadData')),
    vscode.commands.registerCommand('factmark.checkWorkspace', checkWorkspace),
    vscode.commands.registerCommand('factmark.showSources', showSources),
    vscode.commands.registerCommand('factmark.openSource', openSource),
    vscode.languages.onDidChangeDiagnostics(() => status.refresh()),
    vscode.window.onDidChangeActiveTextEditor(() => status.refresh()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('factmark.server.maxMemory')) void offerRestart(startClient);
    }),
  );
  await startClient();
}

/** The heap limit is a flag of the server process: it takes a new process, so ask first. */
async function offerRestart(startClient: () => Promise<void>): Promise<void> {
  const restart = 'Restart the server';
  const choice = await vscode.window.showInformationMessage(`Factmark's server will use at most ${maxMemoryMb()} MB once restarted.`, restart);
  if (choice !== restart) return;
  // A server that crashed (for instance for want of memory) has nothing left to stop.
  await client?.stop().catch(() => undefined);
  await startClient();
}

/** factmark.server.maxMemory, as a whole number of MB no smaller than the minimum. */
function maxMemoryMb(): number {
  const value = vscode.workspace.getConfiguration('factmark').get<unknown>('server.maxMemory');
  return typeof value === 'number' && Number.isFinite(value) ? Math.max(MIN_MAX_MEMORY_MB, Math.floor(value)) : DEFAULT_MAX_MEMORY_MB;
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}

function serverOptions(context: vscode.ExtensionContext): ServerOptions {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const flags = [`--max-old-space-size=${maxMemoryMb()}`, ...SERVER_V8_FLAGS];
  return {
    run: { module, transport: TransportKind.stdio, options: { execArgv: flags } },
    debug: { module, transport: TransportKind.stdio, options: { execArgv: [...flags, '--nolazy', '--inspect=6009'] } },
  };
}

function clientOptions(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClientOptions {
  // The workspace's own storage when there is one: the cache holds copies of that workspace's data.
  const storage = context.storageUri ?? context.globalStorageUri;
  return {
    initializationOptions: { parseCacheDir: path.join(storage.fsPath, 'parse-cache') },
    documentSelector: [
      { language: 'markdown' },
      { language: 'plaintext' },
      { pattern: '**/*.facts.{yaml,yml,json}' },
    ],
    outputChannel: output,
    synchronize: { configurationSection: 'factmark' },
  };
}

/** The status bar item: the reference data loaded, and the problems of the active draft. */
class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('factmark.status', vscode.StatusBarAlignment.Left, 10);
  private data: Status = { loading: true, folders: [] };

  constructor() {
    this.item.name = 'Factmark';
    this.item.command = 'factmark.showLog';
    this.refresh();
    this.item.show();
  }

  update(status: Status): void {
    this.data = status;
    this.refresh();
  }

  refresh(): void {
    const total = this.data.folders.reduce(
      (sum, f) => ({ entities: sum.entities + f.entities, facts: sum.facts + f.facts, sources: sum.sources + f.sources, problems: sum.problems + f.problems }),
      { entities: 0, facts: 0, sources: 0, problems: 0 },
    );
    const document = vscode.window.activeTextEditor?.document;
    const draftProblems = document ? vscode.languages.getDiagnostics(document.uri).filter((d) => d.source === 'factmark').length : 0;
    const icon = this.data.loading ? '$(loading~spin)' : total.problems > 0 ? '$(warning)' : '$(book)';
    this.item.text = `${icon} Factmark: ${total.entities} entities, ${total.facts} facts${document ? ` · ${draftProblems} in this file` : ''}`;
    this.item.tooltip = [
      this.data.loading ? 'Loading reference data…' : `Reference data: ${total.entities} entities, ${total.facts} facts, ${total.sources} sources.`,
      total.problems > 0 ? `${total.problems} problem(s) in dataset files.` : '',
      document ? `${draftProblems} Factmark finding(s) in the active file.` : '',
      'Click to open the Factmark log.',
    ].filter(Boolean).join('\n');
  }

  dispose(): void {
    this.item.dispose();
  }
}

async function checkWorkspace(): Promise<void> {
  const result = await vscode.commands.executeCommand<{ drafts: number; findings: number }>('factmark.server.checkWorkspace');
  if (result) void vscode.window.showInformationMessage(`Factmark checked ${result.drafts} draft(s) and found ${result.findings} problem(s); see the Problems panel.`);
}

async function citationsAtCursor(): Promise<Citation[] | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || !client) return undefined;
  const citations = await client.sendRequest<Citation[]>('factmark/citations', {
    textDocument: { uri: editor.document.uri.toString() },
    position: editor.selection.active,
  });
  if (citations.length === 0) void vscode.window.showInformationMessage('Factmark: no sourced fact under the cursor. Put the cursor on a highlighted name or figure.');
  return citations.length > 0 ? citations : undefined;
}

/** Lists every citation behind the fact under the cursor; choosing one opens the source at its quote. */
async function showSources(): Promise<void> {
  const citations = await citationsAtCursor();
  if (!citations) return;
  const picked = await vscode.window.showQuickPick(
    citations.map((citation) => ({ label: `${citation.value} — ${citation.source}`, description: citation.fact, detail: `“${citation.quote}”`, citation })),
    { title: 'Factmark: sources of this fact', matchOnDetail: true, placeHolder: 'Choose a source to open it at the quote' },
  );
  if (picked) await openSource(picked.citation.location);
}

/** Opens a source at its quote; without a location, the first quoted source of the fact under the cursor. */
async function openSource(location?: Citation['location']): Promise<void> {
  if (!location) {
    const citations = await citationsAtCursor();
    location = citations?.find((citation) => citation.location)?.location;
    if (!location) {
      if (citations) void vscode.window.showInformationMessage("Factmark: this fact's sources have no text in the workspace to open.");
      return;
    }
  }
  const { start, end } = location.range;
  const selection = new vscode.Range(start.line, start.character, end.line, end.character);
  await vscode.window.showTextDocument(vscode.Uri.parse(location.uri), { selection, preview: true });
}
