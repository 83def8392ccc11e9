/**
 * Property-based tests through the real server process: random drafts and random sequences of
 * incremental edits never crash or hang it, every range it returns lies inside the document, and
 * after any sequence of edits its findings equal those of a fresh analysis of the final text. The
 * same for the core's incremental analysis (analyzeDraft with `previous`), edit by edit.
 */
import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import type { Diagnostic, Hover, Range } from 'vscode-languageserver-protocol';
import { analyzeDraft, LineIndex, type DraftAnalysis } from '../../server/src/core';
import { DatasetFolder } from '../../server/src/workspace/datasets';
import { TestClient } from './client';

const EXAMPLE = path.join(__dirname, '..', '..', 'examples', 'belarus-2025');
const RUNS = Number(process.env.FACTMARK_FUZZ_RUNS ?? 40);

/** Pieces of text that exercise the checks: names, figures, Markdown, awkward characters. */
const PIECES = [
  'Maria Kalesnikava', 'Kolesnikova’s', 'Babaryka', 'Viktar Babaryka', 'Eduard Babaryka', 'Bialiatski, 63,', 'She', 'He',
  ' freed ', ' 123 ', '132 political prisoners', ' 1,808 days', 'ten years', 'a decade-long', 'more than 1,200', 'nearly 1,200',
  'on Saturday', 'December 14, 2025', 'in 2021', 'all but 19 of the freed', 'between 110 and 120', '14-year', '62-year-old',
  '. ', ', ', '\n', '\n\n', '\r\n', '# ', '- ', '**', '`', '```\n', '[link](http://x.org/123)', '<!-- factmark-disable -->',
  '😀', 'é', '\u0301', '\u200F', 'עברית', '\u0000', '\uFEFF', '\t',
];

const draftText = fc.array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 8 }), fc.string({ unit: 'binary', maxLength: 4 })), { maxLength: 60 }).map((parts) => parts.join(''));

function insideDocument(text: string, range: Range): boolean {
  const lines = text.split(/\r\n|\r|\n/);
  const ok = (p: { line: number; character: number }) => p.line >= 0 && p.line < lines.length && p.character >= 0 && p.character <= lines[p.line].length;
  return ok(range.start) && ok(range.end);
}

const comparable = (diagnostics: Diagnostic[]) => diagnostics.map((d) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.code} ${typeof d.message === 'string' ? d.message : d.message.value}`).sort();

describe('the server under random drafts and edits', function () {
  this.timeout(120000);
  let workspace: string;
  let client: TestClient;
  let count = 0;

  before(async () => {
    workspace = mkdtempSync(path.join(tmpdir(), 'factmark-fuzz-'));
    cpSync(EXAMPLE, workspace, { recursive: true });
    client = new TestClient();
    await client.initialize(pathToFileURL(workspace).toString());
  });

  after(async () => {
    await client?.shutdown();
    rmSync(workspace, { recursive: true, force: true });
  });

  const nextUri = () => pathToFileURL(path.join(workspace, `fuzz-${++count}.md`)).toString();

  it('answers every random draft, with ranges inside the document', async () => {
    await fc.assert(
      fc.asyncProperty(draftText, fc.nat(), async (text, at) => {
        const uri = nextUri();
        client.open(uri, text);
        const diagnostics = await client.diagnosticsFor(uri, () => true);
        for (const d of diagnostics) assert.ok(insideDocument(text, d.range), `range ${JSON.stringify(d.range)} outside the text`);
        const position = new LineIndex(text).positionAt(text.length === 0 ? 0 : at % (text.length + 1));
        const hover = await client.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri }, position });
        if (hover?.range) assert.ok(insideDocument(text, hover.range));
        await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
      }),
      { numRuns: RUNS },
    );
  });

  it('after any sequence of incremental edits, reports what a fresh analysis of the final text reports', async () => {
    const start = readFileSync(path.join(workspace, 'draft.md'), 'utf8').slice(0, 1500);
    const edit = fc.record({ from: fc.nat(), length: fc.nat({ max: 20 }), text: fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 6 })) });
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 25 }), async (edits) => {
        const uri = nextUri();
        client.open(uri, start);
        let text = start;
        for (const { from, length, text: inserted } of edits) {
          const lines = new LineIndex(text);
          const startOffset = from % (text.length + 1);
          const endOffset = Math.min(text.length, startOffset + length);
          client.changeRange(uri, { start: lines.positionAt(startOffset), end: lines.positionAt(endOffset) }, inserted);
          text = text.slice(0, startOffset) + inserted + text.slice(endOffset);
        }
        const edited = await client.diagnosticsFor(uri, (_d, version) => version === client.versionOf(uri));
        const fresh = nextUri();
        client.open(fresh, text);
        const expected = await client.diagnosticsFor(fresh, () => true);
        assert.deepEqual(comparable(edited), comparable(expected));
        for (const d of edited) assert.ok(insideDocument(text, d.range));
        await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
        await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: fresh } });
      }),
      { numRuns: RUNS },
    );
  });

  it('is still alive and answering afterwards', async () => {
    const uri = nextUri();
    client.open(uri, 'Belarus freed 132 political prisoners.');
    const diagnostics = await client.diagnosticsFor(uri, (d) => d.length > 0);
    assert.equal(diagnostics[0].code, 'figure-mismatch');
  });
});

describe('incremental analysis under random edits', function () {
  this.timeout(120000);

  /** Everything an analysis says, with facts and quotes by id. */
  const said = (analysis: DraftAnalysis) => JSON.stringify({
    mentions: analysis.mentions,
    checks: analysis.checks.map((check) => ({ ...check, fact: check.fact?.id, agreeing: check.agreeing.map((value) => value.value) })),
    findings: analysis.findings.map((found) => ({ ...found, related: found.related.map((quote) => quote.message) })),
    error: analysis.internalError,
  });

  it('says after every edit, given the previous analysis, exactly what a fresh analysis says (LF and CRLF)', async () => {
    const { dataset } = await new DatasetFolder(EXAMPLE).reload();
    const example = readFileSync(path.join(EXAMPLE, 'draft.md'), 'utf8');
    const edit = fc.record({ from: fc.nat(), length: fc.nat({ max: 12 }), text: fc.oneof(fc.constantFrom(...PIECES, '\n\nBabaryka', 'He said. ', '<!-- factmark-disable-next-line -->\n', ' the father ', ' the son, ', 'Babaryka Sr.', 'the elder Babaryka', '- BABARYKA, 66 / 14 YEARS\n', 'put it at 1.9K'), fc.string({ maxLength: 6 })) });
    fc.assert(
      fc.property(fc.boolean(), fc.array(edit, { minLength: 1, maxLength: 30 }), (crlf, edits) => {
        let text = crlf ? example.replace(/\n/g, '\r\n') : example;
        let previous = analyzeDraft(text, dataset);
        for (const { from, length, text: inserted } of edits) {
          const at = from % (text.length + 1);
          text = text.slice(0, at) + inserted + text.slice(Math.min(text.length, at + length));
          previous = analyzeDraft(text, dataset, { previous });
          assert.equal(said(previous), said(analyzeDraft(text, dataset)));
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('says the same on a long draft whose paragraphs repeat, typed into a character at a time, with names changed far from the edit', async () => {
    // Repeated paragraphs read alike, so only the place of a part tells them apart; names typed
    // early change how bare surnames resolve paragraphs later; a re-analysis must see all of it.
    const { dataset } = await new DatasetFolder(EXAMPLE).reload();
    const example = readFileSync(path.join(EXAMPLE, 'draft.md'), 'utf8');
    const long = [example, example, example, example].join('\n\n');
    const keystroke = fc.record({ from: fc.nat(), deletes: fc.boolean(), text: fc.oneof(fc.constantFrom('a', ' ', '.', '1', 'He ', 'She ', '\n\n', 'Eduard Babaryka ', 'Viktar Babaryka ', 'Babaryka ', 'his son '), fc.string({ maxLength: 1 })) });
    fc.assert(
      fc.property(fc.array(keystroke, { minLength: 1, maxLength: 25 }), (keystrokes) => {
        let text = long;
        let previous = analyzeDraft(text, dataset);
        for (const { from, deletes, text: typed } of keystrokes) {
          const at = from % (text.length + 1);
          text = deletes ? text.slice(0, at) + text.slice(at + 1) : text.slice(0, at) + typed + text.slice(at);
          previous = analyzeDraft(text, dataset, { previous });
          assert.equal(said(previous), said(analyzeDraft(text, dataset)));
        }
      }),
      { numRuns: Math.max(5, RUNS >> 2) },
    );
  });
});
