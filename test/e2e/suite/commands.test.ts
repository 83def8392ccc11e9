// The palette commands of package.json, run through the VS Code API, and where the extension
// was loaded from (the repo, or an unpacked VSIX: see test/e2e/launch-vsix.mjs).
// Loaded by ./index.ts after mocha's tdd globals exist.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  DIAG_TIMEOUT_MS, DiskGuard, EXTENSION_ID, closeEditorOf, describeDiagnostics, isFactmark, log, mismatchLines,
  openExample, positionOf, requestScreenshot, waitForDiagnostics, waitForEvent, withTimeout, type Planted,
} from './helpers';
import { SERVER_V8_FLAGS } from '../../../server/src/v8Flags';

const COMMANDS = ['factmark.reloadData', 'factmark.showSources', 'factmark.openSource', 'factmark.checkWorkspace', 'factmark.showLog'];
/** The source text seed-000 (quoted for Maryna Zolatava's sentence), as the dataset names it. */
const ZOLATAVA_SOURCE = 'sources/000_4f82dddac0057b50.txt';
/**
 * Extension bugs this suite has found and reports as a skipped test (with a `KNOWN BUG` line)
 * instead of a failure, until they are fixed; remove the entry once fixed so a regression fails.
 * - source-text-checked-as-draft: the server checks any open .txt/.md as a draft, including the
 *   source texts a dataset cites (checkWorkspace skips them; didOpen/didChange do not).
 */
const KNOWN_BUGS = new Set<string>();

suite('Factmark commands', () => {
  let workspaceUri: vscode.Uri;
  let draftUri: vscode.Uri;
  let draft: vscode.TextDocument;
  let planted: Planted[];
  let plantedLines: number[];
  const disk = new DiskGuard();

  const allPlanted = (ds: readonly vscode.Diagnostic[]) =>
    JSON.stringify(mismatchLines(ds)) === JSON.stringify(plantedLines);

  /** Shows draft.md with the cursor inside "15 years" (Maryna Zolatava's sentence). */
  async function cursorOnZolatavaSentence(): Promise<vscode.TextEditor> {
    const p = planted.find((x) => /Zolatava/.test(x.draftSays));
    assert.ok(p, 'no planted Zolatava error in README.md');
    const editor = await vscode.window.showTextDocument(draft, { preview: false });
    const pos = positionOf(draft, '15 years', 1, p.line);
    editor.selection = new vscode.Selection(pos, pos);
    return editor;
  }

  suiteSetup(async () => {
    const example = await openExample();
    ({ workspaceUri, draftUri, draft, planted } = example);
    plantedLines = planted.map((p) => p.line).sort((a, b) => a - b);
    disk.track(draftUri);
    await waitForDiagnostics(draftUri, allPlanted, DIAG_TIMEOUT_MS, 'the planted warnings on draft.md');
  });

  suiteTeardown(() => {
    disk.check();
  });

  test('the language server runs with the heap limit of factmark.server.maxMemory and the V8 flags it ships with', function () {
    const limit = vscode.workspace.getConfiguration('factmark').get<number>('server.maxMemory');
    assert.equal(limit, 4096, 'the default');
    if (process.platform !== 'linux') {
      log('server heap limit: not checked (reads the process table in /proc, Linux only)');
      this.skip();
    }
    const server = path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'dist', 'server.js');
    const commandLines = fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name)).flatMap((pid) => {
      try {
        return [fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')];
      } catch {
        return []; // the process ended meanwhile
      }
    });
    const servers = commandLines.filter((args) => args.includes(server));
    log(`server process: ${servers.map((args) => args.join(' ')).join(' | ')}`);
    assert.equal(servers.length, 1, `one process runs ${server}`);
    assert.ok(servers[0].includes(`--max-old-space-size=${limit}`), 'started with the heap limit');
    for (const flag of SERVER_V8_FLAGS) assert.ok(servers[0].includes(flag), `started with ${flag}`);
  });

  test('the extension runs from its install folder, which has what it needs', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    log(`extension loaded from ${ext.extensionPath}`);
    const expected = process.env.FACTMARK_E2E_EXTENSION_PATH; // set by launch-vsix.mjs
    if (expected) {
      assert.equal(fs.realpathSync(ext.extensionPath), fs.realpathSync(expected),
        'VS Code did not load the extension from the unpacked VSIX');
      // An unpacked VSIX has no sources: this is not the repo checkout.
      assert.ok(!fs.existsSync(path.join(ext.extensionPath, 'client', 'src')), 'the extension folder has client/src: a checkout, not a VSIX');
    }
    // What package.json points at must be in the folder (a VSIX ships only what .vscodeignore lets through).
    const pkg = ext.packageJSON as { main: string; icon?: string; contributes: Record<string, { path?: string; url?: string }[]> };
    const needed = [pkg.main, 'dist/server.js', pkg.icon,
      ...(pkg.contributes.grammars ?? []).map((g) => g.path),
      ...[...(pkg.contributes.jsonValidation ?? []), ...(pkg.contributes.yamlValidation ?? [])].map((v) => v.url)];
    const missing = needed.filter((f): f is string => !!f).filter((f) => !fs.existsSync(path.resolve(ext.extensionPath, f)));
    assert.deepEqual(missing, [], `files package.json refers to are missing from ${ext.extensionPath}`);
  });

  test('every contributed command is registered', async () => {
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: { commands: { command: string }[] } };
    const contributed = pkg.contributes.commands.map((c) => c.command).sort();
    assert.deepEqual(contributed, [...COMMANDS].sort(), 'package.json contributes other commands than the suite knows');
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = COMMANDS.filter((c) => !registered.has(c));
    assert.deepEqual(missing, [], 'contributed but not registered');
  });

  test('Reload Reference Data re-publishes the diagnostics', async () => {
    // Only a publication after the command counts (changedOnly), not the state before it.
    const republished = waitForDiagnostics(draftUri, allPlanted, DIAG_TIMEOUT_MS,
      'draft.md\'s 4 warnings re-published after factmark.reloadData', { changedOnly: true });
    republished.catch(() => { /* awaited below */ });
    await withTimeout(vscode.commands.executeCommand('factmark.reloadData'), DIAG_TIMEOUT_MS, 'factmark.reloadData');
    const diags = await republished;
    assert.equal(diags.filter((d) => isFactmark(d) && d.severity === vscode.DiagnosticSeverity.Warning).length, 4,
      `after reload:\n${describeDiagnostics(draft, diags)}`);
  });

  test('Check All Drafts publishes the drafts\' diagnostics, none for the sources', async () => {
    await withTimeout(vscode.commands.executeCommand('factmark.checkWorkspace'), DIAG_TIMEOUT_MS, 'factmark.checkWorkspace');
    // The server publishes before it answers, on the same connection: no wait needed.
    const withFactmark = vscode.languages.getDiagnostics()
      .filter(([, ds]) => ds.some(isFactmark))
      .map(([uri, ds]) => ({ uri, count: ds.filter(isFactmark).length }));
    log(`after checkWorkspace, Factmark diagnostics on: ${withFactmark.map((f) =>
      `${path.relative(workspaceUri.fsPath, f.uri.fsPath)} (${f.count})`).join(', ') || '(nothing)'}`);
    assert.ok(withFactmark.some((f) => f.uri.toString() === draftUri.toString()), 'no Factmark diagnostics for draft.md');
    assert.ok(allPlanted(vscode.languages.getDiagnostics(draftUri)), 'draft.md does not have exactly its 4 warnings');
    const sourcesDir = vscode.Uri.joinPath(workspaceUri, 'sources').fsPath + path.sep;
    const onSources = withFactmark.filter((f) => f.uri.fsPath.startsWith(sourcesDir));
    assert.deepEqual(onSources.map((f) => path.basename(f.uri.fsPath)), [], 'source texts got Factmark diagnostics');
  });

  test('Open Source at Quote opens the quoted source text at the quote', async () => {
    await cursorOnZolatavaSentence();
    const isSource = (e: vscode.TextEditor | undefined) => !!e && e.document.uri.path.endsWith(`/${ZOLATAVA_SOURCE}`);
    const opened = waitForEvent(vscode.window.onDidChangeActiveTextEditor, isSource, DIAG_TIMEOUT_MS,
      `${ZOLATAVA_SOURCE} to become the active editor`);
    opened.catch(() => { /* awaited below */ });
    await withTimeout(vscode.commands.executeCommand('factmark.openSource'), DIAG_TIMEOUT_MS, 'factmark.openSource');
    const editor = (await opened)!;
    try {
      // The selection may reach the extension host just after the editor does.
      const quoted = (s: vscode.Selection) => editor.document.getText(s).includes('twelve years');
      await waitForEvent(vscode.window.onDidChangeTextEditorSelection, (e) => e.textEditor === editor && quoted(e.selections[0]),
        DIAG_TIMEOUT_MS, `a selection on "twelve years" in ${ZOLATAVA_SOURCE} (now "${editor.document.getText(editor.selection)}")`,
        () => ({ textEditor: editor, selections: editor.selections, kind: undefined }));
      log(`openSource selected: "${editor.document.getText(editor.selection)}" (line ${editor.selection.start.line + 1})`);
      assert.equal(vscode.window.activeTextEditor?.document, editor.document);
    } finally {
      await closeEditorOf(editor.document);
    }
  });

  test('a source text opened in an editor is not checked as a draft', async function () {
    const sourceUri = vscode.Uri.joinPath(workspaceUri, ZOLATAVA_SOURCE);
    const source = await vscode.workspace.openTextDocument(sourceUri);
    await vscode.window.showTextDocument(source, { preview: true });
    try {
      // Sync point: the server checks a newly opened document right away (setImmediate), long
      // before checkWorkspace (which first asks VS Code for a progress bar and globs the folder)
      // answers, and both go back over the same connection in order.
      await withTimeout(vscode.commands.executeCommand('factmark.checkWorkspace'), DIAG_TIMEOUT_MS, 'factmark.checkWorkspace');
      const diags = vscode.languages.getDiagnostics(sourceUri).filter(isFactmark);
      if (diags.length > 0 && KNOWN_BUGS.has('source-text-checked-as-draft')) {
        log(`KNOWN BUG source-text-checked-as-draft: ${ZOLATAVA_SOURCE} got ${diags.length} Factmark diagnostic(s) once opened:\n` +
          describeDiagnostics(source, diags));
        this.skip();
      }
      assert.deepEqual(diags.map((d) => d.message), [], `${ZOLATAVA_SOURCE} is checked as a draft:\n${describeDiagnostics(source, diags)}`);
    } finally {
      await closeEditorOf(source);
    }
  });

  test('Show Sources lists the sources in a quick pick', async () => {
    await cursorOnZolatavaSentence();
    let settled = false;
    const running = Promise.resolve(vscode.commands.executeCommand('factmark.showSources'))
      .finally(() => { settled = true; });
    running.catch(() => { /* awaited below */ });
    // Under the offline launcher the page can be watched: wait for the quick pick, with the
    // source of "15 years" (seed-000) as an item, and shoot it.
    const shot = await requestScreenshot('quickpick', ['.quick-input-widget .monaco-list-row:has-text("seed-000")']);
    if (shot) {
      assert.deepEqual(shot.missing, [], 'the quick pick with seed-000 was not seen');
      assert.equal(settled, false, 'factmark.showSources finished while its quick pick is open');
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    } else {
      // Not observable here: close until the command lets go (it may not be open yet).
      log('(quick pick visibility not checked: not under the offline launcher)');
      const deadline = Date.now() + DIAG_TIMEOUT_MS;
      while (!settled && Date.now() < deadline) {
        await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
        await Promise.race([running.catch(() => undefined), new Promise((r) => setTimeout(r, 100))]);
      }
    }
    assert.equal(await withTimeout(running, 10_000, 'factmark.showSources after the quick pick closed'), undefined);
  });

  test('Show Output Log runs', async () => {
    await withTimeout(vscode.commands.executeCommand('factmark.showLog'), DIAG_TIMEOUT_MS, 'factmark.showLog');
  });
});
