/**
 * The language server over the protocol, on a copy of the shipped example: what an editor
 * would see — diagnostics, hovers, semantic tokens, quick fixes, re-checks on edits and on
 * changes to the reference data, and a broken dataset that loses nothing.
 */
import { strict as assert } from 'node:assert';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Diagnostic, Hover, InitializeResult, SemanticTokens } from 'vscode-languageserver-protocol';
import { LineIndex } from '../../server/src/core';
import { TestClient } from './client';
import { writeLargeDataset } from './large-dataset';

const EXAMPLE = path.join(__dirname, '..', '..', 'examples', 'belarus-2025');

const markdownOf = (hover: Hover) => (hover.contents as { value: string }).value;
/** LSP 3.18 allows Markdown messages; Factmark sends plain strings. */
const messageOf = (diagnostic: Diagnostic) => (typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value);

const mismatchTexts = (text: string, diagnostics: Diagnostic[]) => {
  const lines = new LineIndex(text);
  return diagnostics
    .filter((d) => d.code === 'figure-mismatch')
    .map((d) => text.slice(lines.offsetAt(d.range.start), lines.offsetAt(d.range.end)));
};

describe('language server over stdio', function () {
  this.timeout(20000);
  let workspace: string;
  let client: TestClient;
  let init: InitializeResult;
  let draftUri: string;
  let datasetPath: string;
  let draft: string;

  before(async () => {
    workspace = mkdtempSync(path.join(tmpdir(), 'factmark-ws-'));
    cpSync(EXAMPLE, workspace, { recursive: true });
    datasetPath = path.join(workspace, 'belarus-2025.facts.yaml');
    draftUri = pathToFileURL(path.join(workspace, 'draft.md')).toString();
    draft = readFileSync(path.join(workspace, 'draft.md'), 'utf8');
    client = new TestClient();
    init = await client.initialize(pathToFileURL(workspace).toString());
    client.open(draftUri, draft);
  });

  after(async () => {
    await client?.shutdown();
    rmSync(workspace, { recursive: true, force: true });
  });

  const position = (text: string, needle: string, delta = 1) => new LineIndex(text).positionAt(text.indexOf(needle) + delta);

  it('announces hover, quick fixes and semantic tokens', () => {
    assert.equal(init.capabilities.hoverProvider, true);
    assert.deepEqual(init.capabilities.codeActionProvider, { codeActionKinds: ['quickfix'] });
    assert.deepEqual(init.capabilities.semanticTokensProvider?.legend.tokenTypes, ['factmarkName', 'factmarkFigure']);
  });

  it('publishes a warning on every planted wrong figure, and nothing else', async () => {
    const diagnostics = await client.diagnosticsFor(draftUri, (d) => d.length > 0);
    assert.deepEqual(mismatchTexts(draft, diagnostics), ['104', '61', '15 years', 'seven']);
    for (const warning of diagnostics.filter((d) => d.code === 'figure-mismatch')) {
      assert.equal(warning.severity, 2);
      assert.equal(warning.source, 'factmark');
      assert.match(messageOf(warning), /they say .*seed-00\d/);
      assert.ok(warning.relatedInformation?.length, 'points at the quote in the source');
      assert.match(warning.relatedInformation![0].location.uri, /sources\/00\d_[0-9a-f]+\.txt$/);
    }
    const others = diagnostics.filter((d) => d.code !== 'figure-mismatch');
    const lines = new LineIndex(draft);
    assert.deepEqual(others.map((d) => `${d.code} ${draft.slice(lines.offsetAt(d.range.start), lines.offsetAt(d.range.end))}`), [
      'figure-disputed Saturday',
      'name-inconsistent Kolesnikova',
      'name-inconsistent Svetlana',
      'name-inconsistent Tikhanovskaya',
    ]);
  });

  it('points related information at the exact quote in the source text', async () => {
    const diagnostics = await client.diagnosticsFor(draftUri, (d) => d.length > 0);
    const related = diagnostics.find((d) => d.code === 'figure-mismatch')!.relatedInformation![0];
    const sourceText = readFileSync(new URL(related.location.uri), 'utf8');
    const lines = new LineIndex(sourceText);
    const quoted = sourceText.slice(lines.offsetAt(related.location.range.start), lines.offsetAt(related.location.range.end));
    assert.match(quoted, /114/);
  });

  it('shows a hover card on a name', async () => {
    const hover = await client.connection.sendRequest<Hover>('textDocument/hover', { textDocument: { uri: draftUri }, position: position(draft, 'Maria Kolesnikova, who') });
    const markdown = markdownOf(hover);
    assert.match(markdown, /### Maria Kalesnikava/);
    assert.match(markdown, /the dataset prefers \*Maria Kalesnikava\*/);
    assert.match(markdown, /1,808 days/);
  });

  it('shows the matched fact and the sourced value on a wrong figure', async () => {
    const hover = await client.connection.sendRequest<Hover>('textDocument/hover', { textDocument: { uri: draftUri }, position: position(draft, '104 of') });
    const markdown = markdownOf(hover);
    assert.match(markdown, /freed prisoners sent to Ukraine/);
    assert.match(markdown, /\*\*114\*\*/);
    assert.match(markdown, /disagrees/);
  });

  it('highlights names and figures with semantic tokens', async () => {
    const tokens = await client.connection.sendRequest<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri: draftUri } });
    const lines = draft.split(/\r?\n/);
    const decoded: string[] = [];
    let line = 0;
    let character = 0;
    for (let i = 0; i < tokens.data.length; i += 5) {
      line += tokens.data[i];
      character = tokens.data[i] === 0 ? character + tokens.data[i + 1] : tokens.data[i + 1];
      decoded.push(`${lines[line].slice(character, character + tokens.data[i + 2])}/${tokens.data[i + 3]}`);
    }
    assert.ok(decoded.includes('Ales Bialiatski/0'), 'a name is a factmarkName token');
    assert.ok(decoded.includes('104/1'), 'a figure is a factmarkFigure token');
  });

  it('fixes a wrong figure with the sourced value, and the warning goes', async () => {
    const diagnostics = await client.diagnosticsFor(draftUri, (d) => d.length > 0);
    const warning = diagnostics.find((d) => messageOf(d).startsWith('"104"'))!;
    const actions = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: draftUri },
      range: warning.range,
      context: { diagnostics: [warning] },
    });
    assert.deepEqual(actions.map((a) => a.title), ["Replace with '114' (seed-000, seed-001, seed-003)", 'Ignore figure-mismatch on this line']);
    assert.equal(actions[0].kind, 'quickfix');
    assert.equal(actions[0].isPreferred, true);
    const [edit] = actions[0].edit!.changes![draftUri];
    assert.equal(edit.newText, '114');
    const lines = new LineIndex(draft);
    const fixed = draft.slice(0, lines.offsetAt(edit.range.start)) + edit.newText + draft.slice(lines.offsetAt(edit.range.end));
    client.change(draftUri, fixed);
    const after = await client.diagnosticsFor(draftUri, (d) => !d.some((x) => messageOf(x).startsWith('"104"')));
    assert.deepEqual(mismatchTexts(fixed, after), ['61', '15 years', 'seven']);
    draft = fixed;
  });

  it('re-checks on every edit', async () => {
    const edited = `${draft}\n\nMaria Kalesnikava, 45, said she would stay in Ukraine.\n`;
    client.change(draftUri, edited);
    const diagnostics = await client.diagnosticsFor(draftUri, (d) => mismatchTexts(edited, d).includes('45'));
    assert.deepEqual(mismatchTexts(edited, diagnostics), ['61', '15 years', 'seven', '45']);
    client.change(draftUri, draft);
    await client.diagnosticsFor(draftUri, (d) => !mismatchTexts(draft, d).includes('45'));
  });

  it('re-checks open drafts when the dataset changes on disk', async () => {
    const original = readFileSync(datasetPath, 'utf8');
    writeFileSync(datasetPath, original.replace(/(id: maryna-zolatava-sentence|id: zolatava-sentence)([\s\S]*?)value: 12/, '$1$2value: 15'));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(datasetPath).toString(), type: 2 }] });
    const diagnostics = await client.diagnosticsFor(draftUri, (d) => !mismatchTexts(draft, d).includes('15 years'));
    assert.deepEqual(mismatchTexts(draft, diagnostics), ['61', 'seven']);
    writeFileSync(datasetPath, original);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(datasetPath).toString(), type: 2 }] });
    await client.diagnosticsFor(draftUri, (d) => mismatchTexts(draft, d).includes('15 years'));
  });

  it('reports a broken dataset at its line and keeps the last good data', async () => {
    const original = readFileSync(datasetPath, 'utf8');
    const datasetUri = pathToFileURL(datasetPath).toString();
    const broken = original.replace('factmark: 1\n', 'factmark: 1\nentities: [\n');
    writeFileSync(datasetPath, broken);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: datasetUri, type: 2 }] });
    const problems = await client.diagnosticsFor(datasetUri, (d) => d.some((x) => x.code === 'dataset-syntax'));
    assert.equal(problems[0].severity, 1);
    assert.equal(problems[0].source, 'factmark');
    // The draft is still checked against the last good version.
    client.change(draftUri, `${draft}\n`);
    const diagnostics = await client.diagnosticsFor(draftUri, (d) => d.length > 0);
    assert.deepEqual(mismatchTexts(`${draft}\n`, diagnostics), ['61', '15 years', 'seven']);
    writeFileSync(datasetPath, original);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: datasetUri, type: 2 }] });
    await client.diagnosticsFor(datasetUri, (d) => d.length === 0);
  });

  it('lists the sources of the fact under the cursor, with the quote\'s place', async () => {
    const citations = await client.connection.sendRequest<{ value: string; source: string; quote: string; location?: { uri: string } }[]>('factmark/citations', {
      textDocument: { uri: draftUri },
      position: position(draft, '15 years'),
    });
    assert.deepEqual(citations.map((c) => c.value), ['12 years']);
    assert.match(citations[0].quote, /twelve years/);
    assert.match(citations[0].location!.uri, /sources\/000_4f82dddac0057b50\.txt$/);
  });

  it('checks every draft in the workspace on command, open or not', async () => {
    writeFileSync(path.join(workspace, 'second.md'), 'Belarus freed 132 political prisoners.\n');
    const result = await client.connection.sendRequest<{ drafts: number; findings: number }>('workspace/executeCommand', { command: 'factmark.server.checkWorkspace', arguments: [] });
    assert.ok(result.drafts >= 3, `checked ${result.drafts} drafts`); // draft.md, second.md, README.md
    const second = await client.diagnosticsFor(pathToFileURL(path.join(workspace, 'second.md')).toString(), (d) => d.length > 0);
    assert.deepEqual(second.map((d) => d.code), ['figure-mismatch']);
    assert.equal(client.diagnostics.has(pathToFileURL(path.join(workspace, 'sources', '000_4f82dddac0057b50.txt')).toString()), false, 'source texts are not drafts');
  });

  it('does not check an open source text as a draft', async () => {
    const uri = pathToFileURL(path.join(workspace, 'sources', '000_4f82dddac0057b50.txt')).toString();
    client.open(uri, readFileSync(new URL(uri), 'utf8'), 'plaintext');
    const diagnostics = await client.diagnosticsFor(uri, () => true);
    assert.deepEqual(diagnostics, []);
  });

  it('checks plain-text drafts too, and clears diagnostics when a draft closes', async () => {
    const uri = pathToFileURL(path.join(workspace, 'note.txt')).toString();
    client.open(uri, 'Belarus freed 132 political prisoners on Saturday.', 'plaintext');
    const diagnostics = await client.diagnosticsFor(uri, (d) => d.length > 0);
    assert.deepEqual(diagnostics.map((d) => d.code), ['figure-mismatch', 'figure-disputed']);
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    await client.diagnosticsFor(uri, (d) => d.length === 0);
  });
});

describe('language server: what loading reference data shows', function () {
  this.timeout(20000);
  let workspace: string;
  let client: TestClient;

  before(async () => {
    workspace = mkdtempSync(path.join(tmpdir(), 'factmark-progress-'));
    cpSync(EXAMPLE, workspace, { recursive: true });
    writeFileSync(path.join(workspace, 'extra.facts.yaml'), 'factmark: 1\nentities:\n  - { id: quux, name: Quux Insider, kind: person }\n');
    // Long unmodified, as a desk's data mostly is (a file written in the last seconds is read again on every reload).
    const past = new Date('2026-01-01T00:00:00Z');
    for (const file of ['belarus-2025.facts.yaml', 'extra.facts.yaml']) utimesSync(path.join(workspace, file), past, past);
    client = new TestClient();
    await client.initialize(pathToFileURL(workspace).toString());
  });

  after(async () => {
    await client?.shutdown();
    rmSync(workspace, { recursive: true, force: true });
  });

  it('reports work-done progress while loading: each file, building the dataset, indexing it', () => {
    const name = path.basename(workspace);
    const values = client.progress.map((p) => p.value);
    assert.deepEqual(values.map((v) => v.kind), ['begin', 'report', 'report', 'report', 'report', 'report', 'end']);
    assert.equal(values[0].title, 'Factmark: loading reference data');
    assert.deepEqual(values.slice(1, -1).map((v) => v.message), [
      `${name}: file 1 of 2`, `${name}: file 2 of 2`, `${name}: building the dataset`, `${name}: indexing names and facts`, '1 of 1 folders',
    ]);
    const percentages = values.slice(1, -1).map((v) => v.percentage!);
    assert.deepEqual(percentages, [...percentages].sort((a, b) => a - b), 'never going back');
    assert.equal(percentages.at(-1), 100);
    assert.equal(new Set(client.progress.map((p) => p.token)).size, 1, 'one progress');
  });

  it('says in its log what heap limit it runs with (factmark.server.maxMemory sets it)', async () => {
    const limited = new TestClient({}, ['--max-old-space-size=700']);
    try {
      await limited.initialize(pathToFileURL(workspace).toString());
      const line = limited.log.find((l) => l.startsWith('Factmark server started'));
      assert.match(line ?? '', /^Factmark server started \(Node v\d+\.\d+\.\d+, heap limit 7\d\d MB\)\.$/);
    } finally {
      await limited.shutdown();
    }
  });

  it('shows loading in the status while a changed dataset file is reloaded, and reads only that file', async () => {
    const before = client.statuses.length;
    const extra = path.join(workspace, 'extra.facts.yaml');
    writeFileSync(extra, 'factmark: 1\nentities:\n  - { id: quux, name: Quux Insider, kind: person }\n  - { id: quuz, name: Quuz Outsider, kind: person }\n');
    const done = client.nextStatus((status) => !status.loading);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(extra).toString(), type: 2 }] });
    await done;
    const seen = client.statuses.slice(before).map((status) => status.loading);
    assert.deepEqual(seen, [true, false]);
    assert.ok(client.log.some((line) => /Loaded 2 dataset file\(s\) in .*: 62 entities, .*\(\d+ ms; 1 read, 1 unchanged since the last load\)/.test(line)), client.log.filter((line) => /Loaded/.test(line)).join('\n'));
  });
});

describe('language server: the parse cache in the client’s storage', function () {
  this.timeout(30000);
  let workspace: string;
  let storage: string;

  before(() => {
    workspace = mkdtempSync(path.join(tmpdir(), 'factmark-cached-'));
    storage = mkdtempSync(path.join(tmpdir(), 'factmark-storage-'));
    writeLargeDataset(path.join(workspace, 'big.facts.json'));
  });

  after(() => {
    rmSync(workspace, { recursive: true, force: true });
    rmSync(storage, { recursive: true, force: true });
  });

  /** A server started on the workspace with this cache folder and settings: its "Loaded" log line, its log, and a check of a draft. */
  async function start(settings: Record<string, unknown> = {}, parseCacheDir = path.join(storage, 'parse-cache')) {
    const client = new TestClient(settings);
    try {
      await client.initialize(pathToFileURL(workspace).toString(), false, { parseCacheDir });
      const uri = pathToFileURL(path.join(workspace, 'draft.md')).toString();
      client.open(uri, 'Maria Kalesnikava, 47, was freed.\n');
      const diagnostics = await client.diagnosticsFor(uri, (list) => list.length > 0);
      return { loaded: client.log.find((line) => line.startsWith('Loaded')) ?? '', log: client.log, codes: diagnostics.map((d) => d.code) };
    } finally {
      await client.shutdown();
    }
  }

  it('reads a large dataset file from the cache on the next start, with the same findings', async () => {
    const first = await start();
    assert.doesNotMatch(first.loaded, /parse cache/);
    assert.deepEqual(first.codes, ['figure-mismatch']);
    const second = await start();
    assert.match(second.loaded, /1 read, 1 of them from the parse cache; the name index from the parse cache\)/);
    assert.deepEqual(second.codes, first.codes);
  });

  it('neither reads nor writes it with factmark.datasetCache off', async () => {
    const off = await start({ datasetCache: false });
    assert.doesNotMatch(off.loaded, /parse cache/, 'the entry of the test before is there, and not read');
    assert.deepEqual(off.codes, ['figure-mismatch']);
    rmSync(path.join(storage, 'parse-cache'), { recursive: true });
    await start({ datasetCache: false });
    assert.equal(existsSync(path.join(storage, 'parse-cache')), false, 'nothing written');
  });

  it('says in its log when the cache cannot be written, and checks all the same', async () => {
    const notAFolder = path.join(workspace, 'big.facts.json');
    const run = await start({}, path.join(notAFolder, 'parse-cache'));
    assert.deepEqual(run.codes, ['figure-mismatch']);
    assert.ok(run.log.some((line) => /could not write to its parse cache .*(ENOTDIR|EEXIST)/.test(line)), run.log.join('\n'));
  });
});

describe('language server for a client that gives only a rootUri', function () {
  this.timeout(20000);

  it('loads the folder\'s dataset and checks a draft', async () => {
    const client = new TestClient();
    try {
      await client.initialize(pathToFileURL(EXAMPLE).toString(), true);
      const draftUri = pathToFileURL(path.join(EXAMPLE, 'draft.md')).toString();
      const draft = readFileSync(path.join(EXAMPLE, 'draft.md'), 'utf8');
      client.open(draftUri, draft);
      const diagnostics = await client.diagnosticsFor(draftUri, (d) => d.some((each) => each.code === 'figure-mismatch'));
      assert.ok(mismatchTexts(draft, diagnostics).includes('104'), 'the planted 104 is reported');
    } finally {
      await client.shutdown();
    }
  });
});

describe('language server: a hover before a check that has not started', function () {
  this.timeout(30000);

  // Three drafts are queued; the second is large, so its check blocks the server for a long
  // while (about 0.6 s on a 2-core machine). A hover sent as soon as the first draft's diagnostics
  // arrive comes in during that check: it is answered before the third draft's check starts, not
  // after it (it was after it in 6 runs of 10 while checks waited only for what the handlers had seen).
  it('answers a hover that came in during a check before it starts the next check', async () => {
    const client = new TestClient();
    try {
      await client.initialize(pathToFileURL(EXAMPLE).toString());
      const draft = readFileSync(path.join(EXAMPLE, 'draft.md'), 'utf8');
      const uri = (name: string) => pathToFileURL(path.join(EXAMPLE, name)).toString();
      const [first, large, third] = [uri('first.md'), uri('large.md'), uri('third.md')];
      client.open(first, draft);
      client.open(large, draft.repeat(100));
      client.open(third, draft);
      await client.diagnosticsFor(first, () => true);
      const order: string[] = [];
      const hovered = client.connection
        .sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: first }, position: new LineIndex(draft).positionAt(draft.indexOf('Ales Bialiatski') + 1) })
        .then((hover) => {
          order.push('hover');
          return hover;
        });
      const checked = client.diagnosticsFor(third, () => true).then(() => order.push('third checked'));
      const hover = await hovered;
      await checked;
      assert.match(markdownOf(hover!), /Bialiatski/);
      assert.deepEqual(order, ['hover', 'third checked']);
    } finally {
      await client.shutdown();
    }
  });
});
