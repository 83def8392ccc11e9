// Editing the reference data while drafts are open: the language server reloads an open
// dataset document (about 200 ms after the last edit) and re-checks the open drafts; a broken
// dataset keeps the last good data in use. All edits are in memory and reverted; the dataset
// file on disk is never written.
// Loaded by ./index.ts after mocha's tdd globals exist.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  DIAG_TIMEOUT_MS, DiskGuard, closeEditorOf, describeDiagnostics, diagCode, isFactmark, log, mismatchLines,
  openExample, revertDocument, waitForDiagnostics, waitForDiagnosticsInOrder, type Planted,
} from './helpers';

const DATASET = 'belarus-2025.facts.yaml';

suite(`Editing the reference data (${DATASET})`, () => {
  let draftUri: vscode.Uri;
  let draft: vscode.TextDocument;
  let datasetUri: vscode.Uri;
  let dataset: vscode.TextDocument;
  let datasetText: string;
  let planted: Planted[];
  let plantedLines: number[];
  const disk = new DiskGuard();

  /** Exactly the planted figure-mismatch warnings, no more, no fewer. */
  const allPlanted = (ds: readonly vscode.Diagnostic[]) =>
    JSON.stringify(mismatchLines(ds)) === JSON.stringify(plantedLines);

  suiteSetup(async () => {
    const example = await openExample();
    ({ draftUri, draft, planted } = example);
    plantedLines = planted.map((p) => p.line).sort((a, b) => a - b);
    datasetUri = vscode.Uri.joinPath(example.workspaceUri, DATASET);
    disk.track(draftUri);
    disk.track(datasetUri);
    await waitForDiagnostics(draftUri, allPlanted, DIAG_TIMEOUT_MS, 'the planted warnings on draft.md');

    // Open the dataset in an editor beside the draft: from now on the server reads its text
    // from the editor, not from disk.
    dataset = await vscode.workspace.openTextDocument(datasetUri);
    await vscode.window.showTextDocument(dataset, { preview: false });
    datasetText = dataset.getText();
  });

  suiteTeardown(async () => {
    try {
      if (dataset) {
        await revertDocument(dataset);
        await closeEditorOf(dataset);
      }
      if (draft) await revertDocument(draft);
    } finally {
      disk.check();
    }
  });

  test('changing a value in the open dataset re-checks the draft', async () => {
    const p = planted.find((x) => /Zolatava/.test(x.draftSays));
    assert.ok(p, 'no planted Zolatava error in README.md');
    assert.ok(draft.lineAt(p.line).text.includes('15 years'), `draft line ${p.line + 1}: ${draft.lineAt(p.line).text}`);
    await waitForDiagnostics(draftUri, (ds) => mismatchLines(ds).includes(p.line),
      DIAG_TIMEOUT_MS, `the warning on "15 years" (line ${p.line + 1})`);

    // The fact zolatava-sentence: `value: 12` -> `value: 15`.
    const text = dataset.getText();
    const factAt = text.indexOf('- id: zolatava-sentence');
    const nextFact = text.indexOf('- id:', factAt + 1);
    const valueAt = text.indexOf('value: 12', factAt);
    assert.ok(factAt >= 0 && valueAt > factAt && (nextFact < 0 || valueAt < nextFact),
      'fact zolatava-sentence with "value: 12" not found in the dataset');
    const numberStart = dataset.positionAt(valueAt + 'value: '.length);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(datasetUri, new vscode.Range(numberStart, numberStart.translate(0, 2)), '15');
    try {
      assert.ok(await vscode.workspace.applyEdit(edit), 'applyEdit returned false');
      disk.noteEdit(dataset);
      assert.ok(dataset.isDirty, 'the dataset is not dirty after the edit');
      assert.equal(dataset.lineAt(numberStart.line).text.trim(), '- value: 15');

      const diags = await waitForDiagnostics(draftUri, (ds) => !mismatchLines(ds).includes(p.line),
        DIAG_TIMEOUT_MS, `the warning on "15 years" (line ${p.line + 1}) to go once the dataset says 15`);
      // Only that warning went.
      assert.deepEqual(mismatchLines(diags), plantedLines.filter((l) => l !== p.line),
        `other warnings changed too:\n${describeDiagnostics(draft, diags)}`);
      log(`dataset says 15: draft.md has ${mismatchLines(diags).length} figure-mismatch warnings; ` +
        `${DATASET}: ${vscode.languages.getDiagnostics(datasetUri).filter(isFactmark).length} Factmark diagnostic(s)`);
      assert.ok(disk.unchanged(datasetUri), `${DATASET} changed on disk`);
    } finally {
      await revertDocument(dataset);
    }
    assert.equal(dataset.getText(), datasetText);
    await waitForDiagnostics(draftUri, allPlanted,
      DIAG_TIMEOUT_MS, `the warning on "15 years" (line ${p.line + 1}) to come back after the dataset is reverted`);
  });

  test('a broken dataset keeps the last good data and says where it is broken', async () => {
    const isSyntax = (d: vscode.Diagnostic) => isFactmark(d) && diagCode(d) === 'dataset-syntax';
    assert.deepEqual(vscode.languages.getDiagnostics(datasetUri).filter(isFactmark), [],
      `${DATASET} has Factmark diagnostics before the edit`);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(datasetUri, new vscode.Position(1, 0), 'entities: [\n'); // becomes line 2
    try {
      // Subscribe before the edit: the dataset's problems come first, then the re-checked draft.
      const published = waitForDiagnosticsInOrder(
        datasetUri, (ds) => ds.some(isSyntax),
        draftUri, () => true,
        DIAG_TIMEOUT_MS, `a dataset-syntax error on ${DATASET}, then draft.md re-checked`);
      published.catch(() => { /* awaited below */ });
      assert.ok(await vscode.workspace.applyEdit(edit), 'applyEdit returned false');
      disk.noteEdit(dataset);
      assert.equal(dataset.lineAt(1).text, 'entities: [');

      const { first, second } = await published;
      log(`${DATASET} while broken:\n${describeDiagnostics(dataset, first.filter(isFactmark))}`);
      const syntax = first.filter(isSyntax);
      assert.ok(syntax.every((d) => d.severity === vscode.DiagnosticSeverity.Error),
        `dataset-syntax is not an error:\n${describeDiagnostics(dataset, syntax)}`);
      // (YAML reports the unclosed `[` at the next token after the comments, not on line 2.)
      assert.ok(syntax.every((d) => d.range.start.line >= 1 && d.range.end.line < dataset.lineCount),
        `dataset-syntax error outside the edited text:\n${describeDiagnostics(dataset, syntax)}`);
      // The last good data stays in use: the draft still has its 4 warnings, as re-checked
      // after the broken reload.
      assert.deepEqual(mismatchLines(second), plantedLines,
        `draft.md lost warnings while the dataset is broken:\n${describeDiagnostics(draft, second)}`);
      assert.ok(disk.unchanged(datasetUri), `${DATASET} changed on disk`);
    } finally {
      await revertDocument(dataset);
    }
    assert.equal(dataset.getText(), datasetText);
    await waitForDiagnostics(datasetUri, (ds) => ds.filter(isFactmark).length === 0,
      DIAG_TIMEOUT_MS, `the diagnostics of ${DATASET} to clear after revert`);
    await waitForDiagnostics(draftUri, allPlanted, DIAG_TIMEOUT_MS, 'the planted warnings on draft.md after revert');
  });
});
