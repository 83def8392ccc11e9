// End-to-end checks of the Factmark extension in a real VS Code, on the worked example
// examples/belarus-2025 (opened as the workspace folder by both launchers).
// Runs inside the extension host; loaded by ./index.ts after mocha's tdd globals exist.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import {
  DIAG_TIMEOUT_MS, DiskGuard, FIGURE_RE, describeDiagnostics, figureSpellings, hoverAt, includesAny, isMismatch, log,
  mismatchLines, openExample, positionOf, requestScreenshot, revertDocument, waitForDiagnostics, type Planted,
} from './helpers';

// ------------------------------------------------------------------ the suite

suite('Factmark in VS Code (examples/belarus-2025)', () => {
  let draftUri: vscode.Uri;
  let doc: vscode.TextDocument;
  let originalText: string;
  /** draft.md on disk, and every text the suite's edits gave it (see DiskGuard). */
  const disk = new DiskGuard();
  let planted: Planted[];

  suiteSetup(async () => {
    const example = await openExample();
    ({ draftUri, planted } = example);
    doc = example.draft;
    disk.track(draftUri);
    originalText = doc.getText();
  });

  suiteTeardown(async () => {
    if (doc) await revertDocument(doc);
    // Last line of defence: the example must stay as it is on disk.
    disk.check();
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
      disk.noteEdit(doc);
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
      await revertDocument(doc);
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
      disk.noteEdit(doc);
      const line = positionOf(doc, sentence, 0, at.line).line;
      const diags = await waitForDiagnostics(draftUri, (ds) => mismatchLines(ds).includes(line),
        DIAG_TIMEOUT_MS, `a figure-mismatch on the inserted line ${line + 1}`);
      const d = diags.filter(isMismatch).find((x) => x.range.start.line === line)!;
      assert.equal(doc.getText(d.range).replace(/\D/g, ''), '73', `warning range: "${doc.getText(d.range)}"`);
      assert.ok(d.message.includes('63'), `message does not give 63: ${d.message}`);
    } finally {
      await revertDocument(doc);
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
