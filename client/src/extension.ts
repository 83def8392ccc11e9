/**
 * The VS Code side of Factmark: starts the bundled language server for Markdown and plain-text
 * drafts and for dataset files, and shows what reference data is loaded in the status bar.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

interface FolderStatus {
  folder: string;
  files: number;
  entities: number;
  facts: number;
  sources: number;
  problems: number;
}

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.stdio },
    debug: { module: serverModule, transport: TransportKind.stdio, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const output = vscode.window.createOutputChannel('Factmark', { log: true });
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { language: 'markdown' },
      { language: 'plaintext' },
      { pattern: '**/*.facts.{yaml,yml,json}' },
    ],
    outputChannel: output,
    synchronize: { configurationSection: 'factmark' },
  };
  client = new LanguageClient('factmark', 'Factmark', serverOptions, clientOptions);

  const status = vscode.window.createStatusBarItem('factmark.status', vscode.StatusBarAlignment.Left, 10);
  status.name = 'Factmark';
  status.text = '$(loading~spin) Factmark';
  status.command = 'factmark.showLog';
  status.show();
  context.subscriptions.push(
    output,
    status,
    vscode.commands.registerCommand('factmark.showLog', () => output.show(true)),
    vscode.commands.registerCommand('factmark.reloadData', () => client?.sendRequest('workspace/executeCommand', { command: 'factmark.reloadData', arguments: [] })),
  );

  client.onNotification('factmark/status', (params: { loading: boolean; folders: FolderStatus[] }) => {
    const total = params.folders.reduce(
      (sum, f) => ({ entities: sum.entities + f.entities, facts: sum.facts + f.facts, sources: sum.sources + f.sources, problems: sum.problems + f.problems }),
      { entities: 0, facts: 0, sources: 0, problems: 0 },
    );
    const icon = params.loading ? '$(loading~spin)' : total.problems > 0 ? '$(warning)' : '$(book)';
    status.text = `${icon} Factmark: ${total.entities} entities, ${total.facts} facts`;
    status.tooltip = `Reference data: ${total.entities} entities, ${total.facts} facts, ${total.sources} sources${total.problems ? `; ${total.problems} problem(s) in dataset files` : ''}. Click to open the log.`;
  });
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
