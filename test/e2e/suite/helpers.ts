// Helpers shared by the e2e test files. Plain module (no mocha globals), so the test files
// may import it at the top.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'factmark.factmark';
export const LOG_PREFIX = '[factmark-e2e] '; // same as index.ts / launch-offline.mjs
export const DIAG_TIMEOUT_MS = 30_000;

export const log = (msg: string) => console.log(msg.split('\n').map((l) => LOG_PREFIX + l).join('\n'));

// ------------------------------------------------------------------ diagnostics

export function diagCode(d: vscode.Diagnostic): string | number | undefined {
  return typeof d.code === 'object' ? d.code.value : d.code;
}

export function isMismatch(d: vscode.Diagnostic): boolean {
  return d.source === 'factmark' && diagCode(d) === 'figure-mismatch';
}

export const isFactmark = (d: vscode.Diagnostic) => d.source === 'factmark';

export function describeDiagnostics(doc: vscode.TextDocument | undefined, diags: readonly vscode.Diagnostic[]): string {
  if (diags.length === 0) return '(none)';
  return diags
    .map((d) => `  line ${d.range.start.line + 1} [${d.source}/${String(diagCode(d))}] ` +
      (doc ? `"${doc.getText(d.range)}": ` : '') + d.message.split('\n')[0])
    .join('\n');
}

export const mismatchLines = (diags: readonly vscode.Diagnostic[]) =>
  [...new Set(diags.filter(isMismatch).map((d) => d.range.start.line))].sort((a, b) => a - b);

const openDoc = (uri: vscode.Uri) => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());

/**
 * Resolves with the diagnostics of `uri` once `predicate` holds for them: checks the current
 * state first, then re-checks on every onDidChangeDiagnostics for that uri. No fixed sleeps.
 * With `changedOnly`, the current state does not count: only a change published from now on
 * (to see that something was re-published, e.g. after a reload command).
 */
export function waitForDiagnostics(
  uri: vscode.Uri,
  predicate: (diags: vscode.Diagnostic[]) => boolean,
  timeoutMs = DIAG_TIMEOUT_MS,
  what = 'the expected diagnostics',
  { changedOnly = false } = {},
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
      finish(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; ` +
        `diagnostics of ${path.basename(uri.fsPath)} now:\n` +
        describeDiagnostics(openDoc(uri), vscode.languages.getDiagnostics(uri))));
    }, timeoutMs);
    if (!changedOnly) check();
  });
}

/**
 * Waits for `first` to hold on `firstUri`, then for `second` to hold on `secondUri` in that
 * same onDidChangeDiagnostics event or a later one (VS Code merges the changes of several
 * files into one event). Checks the order in which the server publishes: e.g. a dataset's
 * problems, then the drafts it re-checked against that dataset.
 */
export function waitForDiagnosticsInOrder(
  firstUri: vscode.Uri, first: (diags: vscode.Diagnostic[]) => boolean,
  secondUri: vscode.Uri, second: (diags: vscode.Diagnostic[]) => boolean,
  timeoutMs = DIAG_TIMEOUT_MS, what = 'the expected diagnostics',
): Promise<{ first: vscode.Diagnostic[]; second: vscode.Diagnostic[] }> {
  return new Promise((resolve, reject) => {
    const [k1, k2] = [firstUri.toString(), secondUri.toString()];
    let firstSeen: vscode.Diagnostic[] | undefined;
    let settled = false;
    const finish = (err: Error | undefined, secondDiags?: vscode.Diagnostic[]) => {
      if (settled) return;
      settled = true;
      sub.dispose();
      clearTimeout(timer);
      if (err) reject(err);
      else resolve({ first: firstSeen!, second: secondDiags! });
    };
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      const keys = e.uris.map((u) => u.toString());
      if (!firstSeen && keys.includes(k1)) {
        const d1 = vscode.languages.getDiagnostics(firstUri);
        if (first(d1)) firstSeen = d1;
      }
      if (firstSeen && keys.includes(k2)) {
        const d2 = vscode.languages.getDiagnostics(secondUri);
        if (second(d2)) finish(undefined, d2);
      }
    });
    const timer = setTimeout(() => {
      finish(new Error(`timed out after ${timeoutMs} ms waiting for ${what} ` +
        `(${firstSeen ? 'first step seen' : 'first step not seen'}); now:\n` +
        `${path.basename(firstUri.fsPath)}:\n${describeDiagnostics(openDoc(firstUri), vscode.languages.getDiagnostics(firstUri))}\n` +
        `${path.basename(secondUri.fsPath)}:\n${describeDiagnostics(openDoc(secondUri), vscode.languages.getDiagnostics(secondUri))}`));
    }, timeoutMs);
  });
}

// ------------------------------------------------------------------ events and promises

/** Resolves with the first value of `event` that satisfies `predicate` (checking `current` first, if given). */
export function waitForEvent<T>(
  event: vscode.Event<T>, predicate: (value: T) => boolean, timeoutMs: number, what: string,
  current?: () => T,
): Promise<T> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (err: Error | undefined, value?: T) => {
      if (settled) return;
      settled = true;
      sub.dispose();
      clearTimeout(timer);
      if (err) reject(err);
      else resolve(value as T);
    };
    const sub = event((value) => { if (predicate(value)) finish(undefined, value); });
    const timer = setTimeout(() => finish(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
    if (current) {
      const value = current();
      if (predicate(value)) finish(undefined, value);
    }
  });
}

/** The promise, or a rejection naming `what` if it has not settled in `timeoutMs`. */
export function withTimeout<T>(promise: PromiseLike<T>, timeoutMs: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what}: not settled after ${timeoutMs} ms`)), timeoutMs);
    Promise.resolve(promise).then(
      (v) => { clearTimeout(timer); resolve(v); },
      (e) => { clearTimeout(timer); reject(e); },
    );
  });
}

// ------------------------------------------------------------------ documents

/** Text of hover results, markdown and plain alike. */
export function hoverText(hovers: vscode.Hover[] | undefined): string {
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

export async function hoverAt(doc: vscode.TextDocument, pos: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, pos);
  return hoverText(hovers);
}

/** Position inside the first occurrence of `needle` in the document (at `offset` into it). */
export function positionOf(doc: vscode.TextDocument, needle: string, offset = 1, fromLine = 0): vscode.Position {
  const start = doc.offsetAt(new vscode.Position(fromLine, 0));
  const idx = doc.getText().indexOf(needle, start);
  assert.ok(idx >= 0, `"${needle}" not found in ${path.basename(doc.uri.fsPath)}`);
  return doc.positionAt(idx + offset);
}

/** Reverts an edited document to its saved state (the file on disk is never written). */
export async function revertDocument(doc: vscode.TextDocument): Promise<void> {
  if (!doc.isDirty) return;
  await vscode.window.showTextDocument(doc, { preview: false });
  await vscode.commands.executeCommand('workbench.action.files.revert');
  assert.equal(doc.isDirty, false, `${path.basename(doc.uri.fsPath)} is still dirty after revert`);
}

/** Closes the editor of a document that has no unsaved edits (never prompts). */
export async function closeEditorOf(doc: vscode.TextDocument): Promise<void> {
  if (doc.isDirty) throw new Error(`${path.basename(doc.uri.fsPath)} has unsaved edits; revert it first`);
  if (!vscode.window.visibleTextEditors.some((e) => e.document === doc)) return;
  await vscode.window.showTextDocument(doc, { preview: false });
  await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
}

/**
 * The example's files must stay exactly as they are on disk. Records the text of each tracked
 * file and every text the suite's edits gave it; `check()` fails if a file changed, and puts it
 * back only when the change is one of the suite's own edits (never clobbers someone else's).
 */
export class DiskGuard {
  private readonly files = new Map<string, { original: string; edited: Set<string> }>();

  track(uri: vscode.Uri): void {
    if (!this.files.has(uri.fsPath)) this.files.set(uri.fsPath, { original: fs.readFileSync(uri.fsPath, 'utf8'), edited: new Set() });
  }

  noteEdit(doc: vscode.TextDocument): void {
    this.files.get(doc.uri.fsPath)?.edited.add(doc.getText());
  }

  unchanged(uri: vscode.Uri): boolean {
    const f = this.files.get(uri.fsPath);
    return !f || fs.readFileSync(uri.fsPath, 'utf8') === f.original;
  }

  check(): void {
    const problems: string[] = [];
    for (const [file, { original, edited }] of this.files) {
      const now = fs.readFileSync(file, 'utf8');
      if (now === original) continue;
      if (edited.has(now)) {
        fs.writeFileSync(file, original);
        problems.push(`${path.basename(file)} was changed on disk by one of the suite's edits (restored it)`);
      } else {
        problems.push(`${path.basename(file)} was changed on disk during the suite (not by this suite; left as it is)`);
      }
    }
    if (problems.length > 0) throw new Error(problems.join('\n'));
  }
}

// ------------------------------------------------------------------ the example

const NUMBER_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten',
  'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen', 'twenty'];
export const FIGURE_RE = new RegExp(`\\d|\\b(${NUMBER_WORDS.join('|')})\\b`, 'i');

/** The first figure in a text, as the spellings a message could use ("twelve" -> ["twelve", "12"]). */
export function figureSpellings(text: string): string[] {
  const m = text.match(new RegExp(`\\d[\\d,.]*\\d|\\d|\\b(${NUMBER_WORDS.join('|')})\\b`, 'i'));
  if (!m) return [];
  const word = m[0].toLowerCase();
  const n = NUMBER_WORDS.indexOf(word);
  return n >= 0 ? [word, String(n)] : [m[0], m[0].replace(/,/g, '')];
}

export const includesAny = (text: string, options: string[]) =>
  options.some((o) => text.toLowerCase().includes(o.toLowerCase()));

export interface Planted {
  line: number; // 0-based
  draftSays: string;
  sourcesSay: string;
  expected: string[]; // spellings of the sourced figure
  sourceIds: string[];
}

/** The planted wrong figures, from the table in the example's README.md. */
export function readPlanted(readme: string): Planted[] {
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

export interface Example {
  workspaceUri: vscode.Uri;
  draftUri: vscode.Uri;
  draft: vscode.TextDocument;
  planted: Planted[];
}

/**
 * What every suite starts from: auto-save off, the extension active, draft.md open in an
 * editor, and the planted errors read from the example's README.md.
 */
export async function openExample(): Promise<Example> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder open');
  const workspaceUri = folder.uri;
  const draftUri = vscode.Uri.joinPath(workspaceUri, 'draft.md');
  const readme = Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(workspaceUri, 'README.md'))).toString('utf8');
  const planted = readPlanted(readme);
  assert.ok(planted.length > 0, 'no planted errors listed in examples/belarus-2025/README.md');

  // The suite edits files in memory and reverts; nothing may be saved. VS Code for the web
  // defaults to autoSave afterDelay, so make sure it is off (in the test profile only).
  const files = vscode.workspace.getConfiguration('files');
  if (files.get('autoSave') !== 'off') {
    await files.update('autoSave', 'off', vscode.ConfigurationTarget.Global);
  }
  assert.equal(vscode.workspace.getConfiguration('files').get('autoSave'), 'off', 'files.autoSave must be off');

  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
  await ext.activate();
  assert.ok(ext.isActive, 'extension did not activate');

  const draft = await vscode.workspace.openTextDocument(draftUri);
  await vscode.window.showTextDocument(draft, { preview: false });
  return { workspaceUri, draftUri, draft, planted };
}

/**
 * Asks the offline launcher for a screenshot of the page and waits for its acknowledgement
 * file. `waitFor` are CSS (or Playwright) selectors the launcher waits to see before it shoots.
 * Under a launcher without screenshots (test-electron) FACTMARK_E2E_ACK_DIR is unset: no-op,
 * resolves with undefined.
 */
export async function requestScreenshot(name: string, waitFor: string[] = [], timeoutMs = 60_000):
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
