// Restricted Mode (issue 7): package.json declares `capabilities.untrustedWorkspaces` as
// `limited`, with `factmark.datasets` restricted. In an untrusted workspace the extension must
// still activate and check drafts against the workspace's dataset files, while VS Code withholds
// the workspace's value of `factmark.datasets`.
//
// Runs only when VS Code opened the workspace untrusted: `node test/e2e/launch-offline.mjs
// --untrusted` (part of `npm run test:e2e`) runs this suite alone that way, on a scratch copy of
// examples/belarus-2025 with the files in RESTRICTED_FILES, and sets
// FACTMARK_E2E_EXPECT_UNTRUSTED=1 so that a trusted workspace fails the suite instead of
// skipping it. The other launchers pass --disable-workspace-trust; there it skips itself with a
// log line, and on examples/belarus-2025 itself the factmark.datasets test skips.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { DIAG_TIMEOUT_MS, describeDiagnostics, diagCode, isFactmark, log, mismatchLines, openExample, waitForDiagnostics, type Planted } from './helpers';

/**
 * What a workspace prepared for this suite holds besides a copy of examples/belarus-2025:
 * `.vscode/settings.json` = {"factmark.datasets": ["data/extra.yaml"]}; `data/extra.yaml`, a
 * dataset the default pattern does not find, with a person "Quux Insider" aged 30; and
 * `quux.md`, a draft that says "Quux Insider, 31, …" and "Belarus freed 132 political prisoners."
 */
export const RESTRICTED_FILES = {
  settings: '.vscode/settings.json',
  dataset: 'data/extra.yaml',
  draft: 'quux.md',
};

suite('Factmark in Restricted Mode (an untrusted workspace)', () => {
  let workspaceUri: vscode.Uri;
  let planted: Planted[];

  suiteSetup(async function () {
    if (vscode.workspace.isTrusted) {
      if (process.env.FACTMARK_E2E_EXPECT_UNTRUSTED === '1') {
        throw new Error('FACTMARK_E2E_EXPECT_UNTRUSTED=1 but the workspace is trusted: VS Code was started with workspace trust disabled');
      }
      log('Restricted Mode suite skipped: the workspace is trusted (the launcher passes --disable-workspace-trust).');
      this.skip();
    }
    const example = await openExample(); // activates the extension and opens draft.md
    ({ workspaceUri, planted } = example);
  });

  test('the extension is active although the workspace is not trusted', () => {
    assert.equal(vscode.workspace.isTrusted, false);
    const ext = vscode.extensions.getExtension('factmark.factmark');
    assert.ok(ext?.isActive, 'factmark.factmark is active');
  });

  test('drafts are still checked against the workspace dataset files', async () => {
    const draftUri = vscode.Uri.joinPath(workspaceUri, 'draft.md');
    const wanted = planted.map((p) => p.line);
    const diags = await waitForDiagnostics(draftUri, (ds) => wanted.every((l) => mismatchLines(ds).includes(l)),
      DIAG_TIMEOUT_MS, `figure-mismatch warnings on lines ${wanted.map((l) => l + 1).join(', ')} in Restricted Mode`);
    assert.deepEqual(mismatchLines(diags), wanted);
  });

  test('the workspace value of factmark.datasets is withheld, and the dataset it names is not loaded', async function () {
    const settingsFile = vscode.Uri.joinPath(workspaceUri, RESTRICTED_FILES.settings).fsPath;
    const quuxUri = vscode.Uri.joinPath(workspaceUri, RESTRICTED_FILES.draft);
    if (!fs.existsSync(settingsFile) || !fs.existsSync(quuxUri.fsPath)) {
      log(`Restricted Mode: this workspace has no ${RESTRICTED_FILES.settings} and ${RESTRICTED_FILES.draft}; the factmark.datasets check is skipped.`);
      this.skip();
    }
    const config = vscode.workspace.getConfiguration('factmark');
    const inspected = config.inspect<string[]>('datasets');
    log(`Restricted Mode: factmark.datasets: workspace value ${JSON.stringify(inspected?.workspaceValue)}, in effect ${JSON.stringify(config.get('datasets'))}`);
    // The prepared workspace sets it; in Restricted Mode VS Code leaves it out even of inspect().
    const written = JSON.parse(fs.readFileSync(settingsFile, 'utf8')) as Record<string, unknown>;
    assert.deepEqual(written['factmark.datasets'], [RESTRICTED_FILES.dataset], `${RESTRICTED_FILES.settings} names ${RESTRICTED_FILES.dataset}`);
    assert.deepEqual(config.get('datasets'), [], 'VS Code withholds a restricted setting from an untrusted workspace');

    const doc = await vscode.workspace.openTextDocument(quuxUri);
    await vscode.window.showTextDocument(doc, { preview: false });
    // The wrong "132" shows the draft was checked; "31" is about a person only the withheld dataset knows.
    const diags = await waitForDiagnostics(quuxUri, (ds) => ds.some((d) => isFactmark(d) && doc.getText(d.range) === '132'),
      DIAG_TIMEOUT_MS, 'the figure-mismatch on "132" in quux.md');
    log(`quux.md in Restricted Mode:\n${describeDiagnostics(doc, diags)}`);
    assert.deepEqual(diags.filter(isFactmark).map((d) => `${String(diagCode(d))} ${doc.getText(d.range)}`), ['figure-mismatch 132']);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
