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

const log = (msg: string) => console.log(msg.split('\n').map((l) => LOG_PREFIX + l).join('\n'));

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
  let originalOnDisk: string | undefined;
  /** Every text the suite's edits gave draft.md, to recognise them if one ever reached disk. */
  const editedTexts = new Set<string>();
  let planted: Planted[];

  suiteSetup(async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'no workspace folder open');
    workspaceUri = folder.uri;
    draftUri = vscode.Uri.joinPath(workspaceUri, 'draft.md');
    const readme = Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(workspaceUri, 'README.md'))).toString('utf8');
    planted = readPlanted(readme);
    assert.ok(planted.length > 0, 'no planted errors listed in examples/belarus-2025/README.md');

    // The suite edits draft.md in memory and reverts; nothing may be saved. VS Code for the
    // web defaults to autoSave afterDelay, so make sure it is off (in the test profile only).
    originalOnDisk = fs.readFileSync(draftUri.fsPath, 'utf8');
    const files = vscode.workspace.getConfiguration('files');
    if (files.get('autoSave') !== 'off') {
      await files.update('autoSave', 'off', vscode.ConfigurationTarget.Global);
    }
    assert.equal(vscode.workspace.getConfiguration('files').get('autoSave'), 'off', 'files.autoSave must be off');

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
    // Last line of defence: the example must stay as it is on disk.
    const now = originalOnDisk === undefined ? undefined : fs.readFileSync(draftUri.fsPath, 'utf8');
    if (now !== undefined && now !== originalOnDisk) {
      // Put it back only if it is one of our own edits (never clobber someone else's change).
      if (editedTexts.has(now)) fs.writeFileSync(draftUri.fsPath, originalOnDisk!);
      throw new Error(`draft.md was changed on disk during the suite` +
        (editedTexts.has(now) ? ' by one of its edits (restored it)' : ' (not by this suite; left as it is)'));
    }
  });

  test('warns on exactly the planted wrong figures', async () => {
    const wanted = planted.map((p) => p.line);
    let diags: vscode.Diagnostic[];
    try {
      diags = await waitForDiagnostics(draftUri,
        (ds) => wanted.every((l) => mismatchLines(ds).includes(l)),
        DIAG_TIMEOUT_MS, `figure-mismatch warnings on lines ${wanted.map((l) => l + 1).join(', ')}`);
    } catch {
      diags = vscode.languages.getDiagnostics(draftUri); // report everything wrong below
    }
    log(`diagnostics on draft.md:\n${describeDiagnostics(doc, diags)}`);

    const problems: string[] = [];
    const mismatches = diags.filter(isMismatch);
    for (const d of mismatches.filter((x) => !wanted.includes(x.range.start.line))) {
      problems.push(`line ${d.range.start.line + 1}: figure-mismatch on "${doc.getText(d.range)}", which is not a planted error: ${d.message}`);
    }
    for (const p of planted) {
      const where = `line ${p.line + 1} (${p.draftSays})`;
      const onLine = mismatches.filter((d) => d.range.start.line === p.line);
      if (onLine.length !== 1) {
        problems.push(`${where}: expected one figure-mismatch warning, got ${onLine.length}`);
        continue;
      }
      const d = onLine[0];
      const text = doc.getText(d.range);
      const all = `${d.message}\n${(d.relatedInformation ?? []).map((r) => r.message).join('\n')}`;
      if (d.severity !== vscode.DiagnosticSeverity.Warning) problems.push(`${where}: severity ${d.severity}, not Warning`);
      if (!FIGURE_RE.test(text)) problems.push(`${where}: warning range "${text}" is not a figure`);
      if (!(p.draftSays.includes(text) || text.includes(figureSpellings(p.draftSays)[0] ?? '\u0000'))) {
        problems.push(`${where}: warning range "${text}" is not the wrong figure`);
      }
      if (!includesAny(all, p.expected)) {
        problems.push(`${where}: message does not give the sourced figure ${p.expected.join(' / ')} (${p.sourcesSay}): ${d.message}`);
      }
      if (p.sourceIds.length > 0 && !includesAny(all, p.sourceIds)) {
        problems.push(`${where}: message names none of ${p.sourceIds.join(', ')}: ${d.message}`);
      }
    }
    assert.equal(problems.length, 0, `\n${problems.join('\n')}\n`);
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
    // Hover on each planted wrong figure, found in the line's text (not via the warning,
    // so a missing warning does not hide the hover check).
    const problems: string[] = [];
    for (const p of planted) {
      const figure = figureSpellings(p.draftSays)[0];
      const col = figure ? doc.lineAt(p.line).text.indexOf(figure) : -1;
      if (col < 0) { problems.push(`line ${p.line + 1}: figure of "${p.draftSays}" not found`); continue; }
      const text = await hoverAt(doc, new vscode.Position(p.line, col + Math.min(1, figure.length - 1)));
      if (!text) problems.push(`line ${p.line + 1}: no hover on "${figure}"`);
      else if (!includesAny(text, p.expected)) {
        problems.push(`line ${p.line + 1}: hover on "${figure}" lacks ${p.expected.join(' / ')}; it says: ` +
          text.replace(/\s+/g, ' ').slice(0, 300));
      }
    }
    assert.equal(problems.length, 0, `\n${problems.join('\n')}\n`);
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
    // Any planted error that has its warning (the Bialiatski one first), so that one missing
    // warning (checked above) does not also hide the quick-fix path.
    const current = vscode.languages.getDiagnostics(draftUri).filter(isMismatch);
    const candidates = [...planted].sort((a, b) => Number(/Bialiatski/.test(b.draftSays)) - Number(/Bialiatski/.test(a.draftSays)));
    const p = candidates.find((x) => current.some((d) => d.range.start.line === x.line));
    assert.ok(p, 'no planted error has a warning to fix');
    const diag = current.find((d) => d.range.start.line === p.line)!;
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
      editedTexts.add(doc.getText());
      if (fix.command) await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []));
      // The line now holds the value the fix's title offers ("Replace with '63' (seed-002)").
      const m = fix.title.match(/^Replace with\s+(?:["'“‘]([^"'”’]+)["'”’]|(\S+))/);
      const offered = (m?.[1] ?? m?.[2] ?? '').trim();
      const fixedLine = doc.lineAt(p.line).text;
      assert.ok(offered && fixedLine.includes(offered), `line ${p.line + 1} after "${fix.title}": ${fixedLine}`);
      assert.ok(!fixedLine.includes(doc.getText(diag.range)) || originalText.split('\n')[p.line] !== fixedLine,
        `line ${p.line + 1} unchanged by the fix`);
      await waitForDiagnostics(draftUri, (ds) => !mismatchLines(ds).includes(p.line),
        DIAG_TIMEOUT_MS, `the warning on line ${p.line + 1} to go after the fix`);
      // The other warnings stay.
      const left = mismatchLines(vscode.languages.getDiagnostics(draftUri));
      for (const l of mismatchLines(current)) {
        if (l !== p.line) assert.ok(left.includes(l), `the warning on line ${l + 1} vanished too`);
      }
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
      editedTexts.add(doc.getText());
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
