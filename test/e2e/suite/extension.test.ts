// End-to-end checks of the Factmark extension in a real VS Code, on the worked example
// examples/belarus-2025 (opened as the workspace folder by both launchers).
// Runs inside the extension host; loaded by ./index.ts after mocha's tdd globals exist.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'factmark.factmark';
const LOG_PREFIX = '[factmark-e2e] '; // same as index.ts / launch-offline.mjs
const DIAG_TIMEOUT_MS = 30_000;

const log = (msg: string) => console.log(LOG_PREFIX + msg);

// ------------------------------------------------------------------ helpers

function diagCode(d: vscode.Diagnostic): string | number | undefined {
  return typeof d.code === 'object' ? d.code.value : d.code;
}

function isMismatch(d: vscode.Diagnostic): boolean {
  return d.source === 'factmark' && diagCode(d) === 'figure-mismatch';
}

function describeDiagnostics(doc: vscode.TextDocument, diags: readonly vscode.Diagnostic[]): string {
  if (diags.length === 0) return '(none)';
  return diags
    .map((d) => `  line ${d.range.start.line + 1} [${d.source}/${String(diagCode(d))}] ` +
      `"${doc.getText(d.range)}": ${d.message.split('\n')[0]}`)
    .join('\n');
}

/**
 * Resolves with the diagnostics of `uri` once `predicate` holds for them: checks the current
 * state first, then re-checks on every onDidChangeDiagnostics for that uri. No fixed sleeps.
 */
function waitForDiagnostics(
  uri: vscode.Uri,
  predicate: (diags: vscode.Diagnostic[]) => boolean,
  timeoutMs = DIAG_TIMEOUT_MS,
  what = 'the expected diagnostics',
): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const key = uri.toString();
    let settled = false;
    const finish = (err: Error | undefined, diags?: vscode.Diagnostic[]) => {
      if (settled) return;
      settled = true;
      sub.dispose();
      clearTimeout(timer);
      if (err) reject(err);
      else resolve(diags!);
    };
    const check = () => {
      const diags = vscode.languages.getDiagnostics(uri);
      if (predicate(diags)) finish(undefined, diags);
    };
    // Subscribe before the first check so no change can slip between the two.
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === key)) check();
    });
    const timer = setTimeout(() => {
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
      const now = vscode.languages.getDiagnostics(uri);
      finish(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; diagnostics now:\n` +
        (doc ? describeDiagnostics(doc, now) : `${now.length} diagnostic(s)`)));
    }, timeoutMs);
    check();
  });
}

const mismatchLines = (diags: readonly vscode.Diagnostic[]) =>
  [...new Set(diags.filter(isMismatch).map((d) => d.range.start.line))].sort((a, b) => a - b);

/** Text of hover results, markdown and plain alike. */
function hoverText(hovers: vscode.Hover[] | undefined): string {
  const parts: string[] = [];
  for (const h of hovers ?? []) {
    for (const c of h.contents) {
      if (typeof c === 'string') parts.push(c);
      else if (c instanceof vscode.MarkdownString) parts.push(c.value);
      else if (c && typeof (c as { value?: unknown }).value === 'string') parts.push((c as { value: string }).value);
    }
  }
  return parts.join('\n');
}

async function hoverAt(doc: vscode.TextDocument, pos: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, pos);
  return hoverText(hovers);
}

/** Position inside the first occurrence of `needle` in the document (at `offset` into it). */
function positionOf(doc: vscode.TextDocument, needle: string, offset = 1, fromLine = 0): vscode.Position {
  const start = doc.offsetAt(new vscode.Position(fromLine, 0));
  const idx = doc.getText().indexOf(needle, start);
  assert.ok(idx >= 0, `"${needle}" not found in ${path.basename(doc.uri.fsPath)}`);
  return doc.positionAt(idx + offset);
}

const NUMBER_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten',
  'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen', 'twenty'];
const FIGURE_RE = new RegExp(`\\d|\\b(${NUMBER_WORDS.join('|')})\\b`, 'i');

/** The first figure in a text, as the spellings a message could use ("twelve" -> ["twelve", "12"]). */
function figureSpellings(text: string): string[] {
  const m = text.match(new RegExp(`\\d[\\d,.]*\\d|\\d|\\b(${NUMBER_WORDS.join('|')})\\b`, 'i'));
  if (!m) return [];
  const word = m[0].toLowerCase();
  const n = NUMBER_WORDS.indexOf(word);
  return n >= 0 ? [word, String(n)] : [m[0], m[0].replace(/,/g, '')];
}

const includesAny = (text: string, options: string[]) =>
  options.some((o) => text.toLowerCase().includes(o.toLowerCase()));

interface Planted {
  line: number; // 0-based
  draftSays: string;
  sourcesSay: string;
  expected: string[]; // spellings of the sourced figure
  sourceIds: string[];
}

/** The planted wrong figures, from the table in the example's README.md. */
function readPlanted(readme: string): Planted[] {
  const section = readme.split(/^## Planted errors.*$/m)[1]?.split(/^## /m)[0] ?? '';
  const rows: Planted[] = [];
  for (const line of section.split('\n')) {
    const cells = line.split('|').slice(1, -1).map((c) => c.trim());
    if (cells.length < 3 || !/^\d+$/.test(cells[0])) continue; // header, separator, prose
    rows.push({
      line: Number(cells[0]) - 1,
      draftSays: cells[1],
      sourcesSay: cells[2],
      expected: figureSpellings(cells[2]),
      sourceIds: [...new Set(cells[2].match(/seed-\d+/g) ?? [])],
    });
  }
  return rows;
}

/**
 * Asks the offline launcher for a screenshot of the page and waits for its acknowledgement
 * file. `waitFor` are CSS selectors the launcher waits to see before it shoots. Under a
 * launcher without screenshots (test-electron) FACTMARK_E2E_ACK_DIR is unset: no-op.
 */
async function requestScreenshot(name: string, waitFor: string[] = [], timeoutMs = 60_000):
  Promise<{ file: string; missing: string[] } | undefined> {
  const dir = process.env.FACTMARK_E2E_ACK_DIR;
  if (!dir) {
    log(`(no screenshot "${name}": not under the offline launcher)`);
    return undefined;
  }
  const done = path.join(dir, `${name}.done`);
  const failed = path.join(dir, `${name}.failed`);
  for (const f of [done, failed]) fs.rmSync(f, { force: true });
  log(`FACTMARK_SCREENSHOT ${name}${waitFor.map((s) => ` ${encodeURIComponent(s)}`).join('')}`);
  const start = Date.now();
  for (;;) {
    if (fs.existsSync(done)) return JSON.parse(fs.readFileSync(done, 'utf8'));
    if (fs.existsSync(failed)) throw new Error(`screenshot ${name} failed: ${fs.readFileSync(failed, 'utf8')}`);
    if (Date.now() - start > timeoutMs) throw new Error(`no screenshot acknowledgement for ${name} in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Reverts the draft to its saved state (the file on disk is never written). */
async function revertDraft(doc: vscode.TextDocument): Promise<void> {
  if (!doc.isDirty) return;
  await vscode.window.showTextDocument(doc, { preview: false });
  await vscode.commands.executeCommand('workbench.action.files.revert');
  assert.equal(doc.isDirty, false, 'draft.md is still dirty after revert');
}

// ------------------------------------------------------------------ the suite

suite('Factmark in VS Code (examples/belarus-2025)', () => {
  let workspaceUri: vscode.Uri;
  let draftUri: vscode.Uri;
  let doc: vscode.TextDocument;
  let originalText: string;
  let planted: Planted[];

  suiteSetup(async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'no workspace folder open');
    workspaceUri = folder.uri;
    draftUri = vscode.Uri.joinPath(workspaceUri, 'draft.md');
    const readme = Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(workspaceUri, 'README.md'))).toString('utf8');
    planted = readPlanted(readme);
    assert.ok(planted.length > 0, 'no planted errors listed in examples/belarus-2025/README.md');

    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
    await ext.activate();
    assert.ok(ext.isActive, 'extension did not activate');

    doc = await vscode.workspace.openTextDocument(draftUri);
    await vscode.window.showTextDocument(doc, { preview: false });
    originalText = doc.getText();
  });

  suiteTeardown(async () => {
    if (doc) await revertDraft(doc);
  });

  test('warns on exactly the planted wrong figures', async () => {
    const wanted = planted.map((p) => p.line);
    const diags = await waitForDiagnostics(draftUri,
      (ds) => wanted.every((l) => mismatchLines(ds).includes(l)),
      DIAG_TIMEOUT_MS, `figure-mismatch warnings on lines ${wanted.map((l) => l + 1).join(', ')}`);
    log(`diagnostics on draft.md:\n${describeDiagnostics(doc, diags)}`);

    const mismatches = diags.filter(isMismatch);
    const extra = mismatches.filter((d) => !wanted.includes(d.range.start.line));
    assert.equal(extra.length, 0, `figure-mismatch on lines that are right:\n${describeDiagnostics(doc, extra)}`);

    for (const p of planted) {
      const onLine = mismatches.filter((d) => d.range.start.line === p.line);
      assert.equal(onLine.length, 1, `line ${p.line + 1}: expected one figure-mismatch, got ${onLine.length}`);
      const d = onLine[0];
      const text = doc.getText(d.range);
      assert.equal(d.severity, vscode.DiagnosticSeverity.Warning, `line ${p.line + 1}: not a warning`);
      assert.match(text, FIGURE_RE, `line ${p.line + 1}: warning range "${text}" is not a figure`);
      assert.ok(p.draftSays.includes(text) || text.includes(figureSpellings(p.draftSays)[0] ?? '\u0000'),
        `line ${p.line + 1}: warning range "${text}" is not the wrong figure in "${p.draftSays}"`);
      const related = (d.relatedInformation ?? []).map((r) => r.message).join('\n');
      const all = `${d.message}\n${related}`;
      assert.ok(includesAny(all, p.expected),
        `line ${p.line + 1}: message does not give the sourced figure (${p.expected.join(' / ')}): ${d.message}`);
      assert.ok(p.sourceIds.length === 0 || includesAny(all, p.sourceIds) || /source/i.test(all),
        `line ${p.line + 1}: message names no source: ${d.message}`);
    }
  });

  test('hover on a name shows the preferred name', async () => {
    // Line 19 uses the alias "Maria Kolesnikova"; the dataset's name is "Maria Kalesnikava".
    const text = await hoverAt(doc, positionOf(doc, 'Maria Kolesnikova', 8));
    assert.ok(text.length > 0, 'no hover on "Maria Kolesnikova"');
    assert.ok(text.includes('Maria Kalesnikava'), `hover does not name Maria Kalesnikava:\n${text}`);
    const text2 = await hoverAt(doc, positionOf(doc, 'Ales Bialiatski', 6));
    assert.ok(text2.includes('Ales Bialiatski'), `hover on Ales Bialiatski:\n${text2}`);
  });

  test('hover on a wrong figure shows the sourced value', async () => {
    const diags = vscode.languages.getDiagnostics(draftUri).filter(isMismatch);
    for (const p of planted) {
      const d = diags.find((x) => x.range.start.line === p.line);
      assert.ok(d, `no warning on line ${p.line + 1}`);
      const text = await hoverAt(doc, d.range.start.translate(0, 1));
      assert.ok(text.length > 0, `no hover on "${doc.getText(d.range)}" (line ${p.line + 1})`);
      assert.ok(includesAny(text, p.expected),
        `hover on "${doc.getText(d.range)}" (line ${p.line + 1}) lacks ${p.expected.join(' / ')}:\n${text}`);
    }
  });

  test('semantic tokens mark names and figures', async () => {
    const legend = await vscode.commands.executeCommand<vscode.SemanticTokensLegend>(
      'vscode.provideDocumentSemanticTokensLegend', draftUri);
    assert.ok(legend, 'no semantic tokens legend');
    for (const t of ['factmarkName', 'factmarkFigure']) {
      assert.ok(legend.tokenTypes.includes(t), `legend lacks ${t}: ${legend.tokenTypes.join(', ')}`);
    }
    const tokens = await vscode.commands.executeCommand<vscode.SemanticTokens>(
      'vscode.provideDocumentSemanticTokens', draftUri);
    assert.ok(tokens && tokens.data.length > 0, 'no semantic tokens');
    assert.equal(tokens.data.length % 5, 0);

    const decoded: { type: string; text: string; line: number }[] = [];
    let line = 0;
    let char = 0;
    for (let i = 0; i < tokens.data.length; i += 5) {
      const [dLine, dChar, length, type] = tokens.data.slice(i, i + 4);
      line += dLine;
      char = dLine === 0 ? char + dChar : dChar;
      const range = new vscode.Range(line, char, line, char + length);
      decoded.push({ type: legend.tokenTypes[type], text: doc.getText(range), line });
    }
    const names = decoded.filter((t) => t.type === 'factmarkName').map((t) => t.text);
    const figures = decoded.filter((t) => t.type === 'factmarkFigure').map((t) => t.text);
    log(`semantic tokens: ${decoded.length} (${names.length} names, ${figures.length} figures)`);
    assert.ok(names.some((n) => /Bialiatski/.test(n)), `no factmarkName token on Bialiatski: ${names.join(', ')}`);
    assert.ok(names.some((n) => /Kalesnikava|Kolesnikova/.test(n)), `no factmarkName token on Kalesnikava: ${names.join(', ')}`);
    assert.ok(figures.some((f) => f.includes('123')), `no factmarkFigure token on 123: ${figures.join(', ')}`);
  });

  test('quick fix replaces a wrong figure and its warning goes', async () => {
    const p = planted.find((x) => /Bialiatski/.test(x.draftSays)) ?? planted[0];
    const diag = vscode.languages.getDiagnostics(draftUri).filter(isMismatch).find((d) => d.range.start.line === p.line);
    assert.ok(diag, `no warning on line ${p.line + 1}`);
    const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
      'vscode.executeCodeActionProvider', draftUri, diag.range, vscode.CodeActionKind.QuickFix.value);
    const fixes = (actions ?? []).filter((a): a is vscode.CodeAction =>
      'title' in a && a.title.startsWith('Replace with') && !!(a as vscode.CodeAction).edit);
    assert.ok(fixes.length > 0, `no "Replace with" quick fix; got: ${(actions ?? []).map((a) => a.title).join(' | ')}`);
    const fix = fixes[0];
    assert.ok(!fix.kind || vscode.CodeActionKind.QuickFix.contains(fix.kind), `kind ${fix.kind?.value}`);
    log(`applying quick fix: ${fix.title}`);

    try {
      assert.ok(await vscode.workspace.applyEdit(fix.edit!), 'applyEdit returned false');
      if (fix.command) await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []));
      const fixedLine = doc.lineAt(p.line).text;
      assert.ok(includesAny(fixedLine, p.expected), `line ${p.line + 1} after the fix: ${fixedLine}`);
      await waitForDiagnostics(draftUri, (ds) => !mismatchLines(ds).includes(p.line),
        DIAG_TIMEOUT_MS, `the warning on line ${p.line + 1} to go after the fix`);
      // The other planted warnings stay.
      const left = mismatchLines(vscode.languages.getDiagnostics(draftUri));
      for (const q of planted) if (q !== p) assert.ok(left.includes(q.line), `warning on line ${q.line + 1} vanished too`);
    } finally {
      await revertDraft(doc);
    }
    assert.equal(doc.getText(), originalText);
    await waitForDiagnostics(draftUri, (ds) => mismatchLines(ds).includes(p.line),
      DIAG_TIMEOUT_MS, `the warning on line ${p.line + 1} to come back after revert`);
  });

  test('a wrong figure typed into the draft gets a warning', async () => {
    const sentence = 'Ales Bialiatski, 73, said he would carry on with Viasna.';
    const at = new vscode.Position(doc.lineCount, 0);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(draftUri, at, `\n${sentence}\n`);
    try {
      assert.ok(await vscode.workspace.applyEdit(edit), 'applyEdit returned false');
      const line = positionOf(doc, sentence, 0, at.line).line;
      const diags = await waitForDiagnostics(draftUri, (ds) => mismatchLines(ds).includes(line),
        DIAG_TIMEOUT_MS, `a figure-mismatch on the inserted line ${line + 1}`);
      const d = diags.filter(isMismatch).find((x) => x.range.start.line === line)!;
      assert.equal(doc.getText(d.range).replace(/\D/g, ''), '73', `warning range: "${doc.getText(d.range)}"`);
      assert.ok(d.message.includes('63'), `message does not give 63: ${d.message}`);
    } finally {
      await revertDraft(doc);
    }
    assert.equal(doc.getText(), originalText);
    await waitForDiagnostics(draftUri, (ds) => mismatchLines(ds).every((l) => l < doc.lineCount),
      DIAG_TIMEOUT_MS, 'the inserted line\'s warning to go after revert');
  });

  test('screenshot: highlighted draft, a hover card and the Problems panel', async () => {
    const editor = await vscode.window.showTextDocument(doc, { preview: false });
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
    const p = planted.find((x) => /Bialiatski/.test(x.draftSays)) ?? planted[0];
    const pos = positionOf(doc, 'Ales Bialiatski', 6, p.line);
    editor.selection = new vscode.Selection(pos, pos);
    editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.InCenter);
    await vscode.commands.executeCommand('editor.action.showHover');
    const shot = await requestScreenshot('editor', [
      '.monaco-editor .monaco-hover:not(.hidden) .hover-contents', // the hover card
      '.markers-panel', // the Problems panel
    ]);
    assert.deepEqual(shot?.missing ?? [], [], 'not on screen when the screenshot was taken');
    // Disk untouched.
    const onDisk = fs.readFileSync(draftUri.fsPath, 'utf8');
    assert.equal(onDisk, originalText, 'draft.md on disk changed');
  });
});
