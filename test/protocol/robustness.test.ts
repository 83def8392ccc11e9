/**
 * Bad drafts and heavy use, through the real server process (issue 7): awkward text (CRLF, a
 * lone CR, a BOM, a 200,000-character line, combining marks, right-to-left scripts, emoji and
 * other surrogate pairs, NUL bytes), a 10 MB and a 1 MB draft, 50 open drafts under a burst of
 * incremental edits with hovers interleaved, and a long run of edits on one draft. Every range
 * is checked against UTF-16 positions computed here, independently of the server's LineIndex.
 * Figures (times, hover latencies, the server's RSS) are printed with a `[robustness]` prefix.
 *
 * Both runs of edits are time-boxed, so that a slow machine cannot hang the suite; the boxes
 * leave room for the whole runs on a 2-core machine (the long run's 100,000 edits take about
 * 35 s there). Where a box cuts a run short, a NOTE says how far it got.
 * Environment: FACTMARK_BURST_EDITS (default 10000), FACTMARK_BURST_SECONDS (default 25),
 * FACTMARK_LONG_RUN_EDITS (default 100000), FACTMARK_LONG_RUN_SECONDS (default 60),
 * FACTMARK_LONG_RUN_HEAP_MB (the long run's heap cap, default 48).
 */
import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Diagnostic, Hover, Range, SemanticTokens } from 'vscode-languageserver-protocol';
import { LineIndex } from '../../server/src/core';
import { TestClient } from './client';

const EXAMPLE = path.join(__dirname, '..', '..', 'examples', 'belarus-2025');
const BURST_EDITS = Number(process.env.FACTMARK_BURST_EDITS ?? 10_000);
const BURST_SECONDS = Number(process.env.FACTMARK_BURST_SECONDS ?? 25);
const LONG_RUN_EDITS = Number(process.env.FACTMARK_LONG_RUN_EDITS ?? 100_000);
const LONG_RUN_SECONDS = Number(process.env.FACTMARK_LONG_RUN_SECONDS ?? 60);
const LONG_RUN_BATCH = 100;
const LONG_RUN_COMPARE_EVERY = 10_000;
const LONG_RUN_HEAP_MB = Number(process.env.FACTMARK_LONG_RUN_HEAP_MB ?? 48);
const HOVER_BUDGET_MS = 50;
/**
 * A hover sent right behind a wave of 100 edits is answered only after those 100 notifications
 * (JSON-RPC keeps their order): what this guards against is the hover waiting behind the checks of
 * every superseded version (~0.5 s at p50 before checks were coalesced). Measured alone on a fast
 * host: at most 30–48 ms; p95 43–52 ms on one about twice as slow (2026-12-07), so 50 ms had no margin.
 */
const BURST_HOVER_BUDGET_MS = 100;
const MB = 1024;

const report = (line: string) => console.log(`      [robustness] ${line}`);
const messageOf = (d: Diagnostic) => (typeof d.message === 'string' ? d.message : d.message.value);
const markdownOf = (hover: Hover) => (hover.contents as { value: string }).value;

/** The LSP position of a UTF-16 offset, computed here (lines end at \r\n, \n or \r, nothing else). */
function positionOf(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    const c = text[i];
    if (c === '\r' && text[i + 1] === '\n' && i + 1 < offset) i++;
    if (c === '\r' || c === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, character: offset - lineStart };
}

const rangeOf = (text: string, start: number, end: number): Range => ({ start: positionOf(text, start), end: positionOf(text, end) });

function insideDocument(text: string, range: Range): boolean {
  const lines = text.split(/\r\n|\r|\n/);
  const ok = (p: { line: number; character: number }) => p.line >= 0 && p.line < lines.length && p.character >= 0 && p.character <= lines[p.line].length;
  const before = range.start.line < range.end.line || (range.start.line === range.end.line && range.start.character <= range.end.character);
  return ok(range.start) && ok(range.end) && before;
}

/** Where each line starts (after \r\n, \n or \r), computed here; the last text's table is kept. */
let lineStartsCache: { text: string; starts: number[] } | undefined;
function lineStarts(text: string): number[] {
  if (lineStartsCache?.text === text) return lineStartsCache.starts;
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\r' && text[i + 1] === '\n') i++;
    if (text[i] === '\r' || text[i] === '\n') starts.push(i + 1);
  }
  lineStartsCache = { text, starts };
  return starts;
}

/** The text a range covers, cut out with the line starts computed here. */
function textIn(text: string, range: Range): string {
  const starts = lineStarts(text);
  const offsetOf = (p: { line: number; character: number }) => starts[p.line] + p.character;
  return text.slice(offsetOf(range.start), offsetOf(range.end));
}

const comparable = (diagnostics: Diagnostic[]) =>
  diagnostics.map((d) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.severity} ${d.code} ${messageOf(d)} ${JSON.stringify(d.relatedInformation ?? [])}`).sort();

/** The resident set size of a process, in kB, from /proc/<pid>/status. */
function rssKb(pid: number): number {
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  assert.ok(match, `no VmRSS for ${pid}`);
  return Number(match[1]);
}

const mb = (kb: number) => `${(kb / MB).toFixed(1)} MB`;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

const latencyFigures = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), max: sorted[sorted.length - 1] };
};
const describeLatency = (samples: number[]) => {
  const { p50, p95, max } = latencyFigures(samples);
  return `${samples.length} hovers: p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${max.toFixed(1)} ms`;
};

/** A small deterministic random number generator (so a failure can be replayed). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 0x100000000;
  };
}

/** An offset moved off the middle of a surrogate pair or of a CRLF, as an editor never splits them. */
function snap(text: string, offset: number): number {
  const code = text.charCodeAt(offset - 1);
  if (code >= 0xd800 && code <= 0xdbff) return offset - 1;
  if (text[offset - 1] === '\r' && text[offset] === '\n') return offset - 1;
  return offset;
}

/** Resolves with the RSS once it has stopped moving (4 samples 250 ms apart within 2 MB), or after limitMs. */
async function quiescentRss(pid: number, limitMs: number): Promise<{ rss: number; waited: number }> {
  const started = Date.now();
  const samples = [rssKb(pid)];
  while (Date.now() - started < limitMs) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    samples.push(rssKb(pid));
    const last = samples.slice(-4);
    if (last.length === 4 && Math.max(...last) - Math.min(...last) < 2 * MB) break;
  }
  return { rss: samples[samples.length - 1], waited: Date.now() - started };
}

function workspaceCopy(prefix: string): { workspace: string; draft: string; uri: (name: string) => string } {
  const workspace = mkdtempSync(path.join(tmpdir(), prefix));
  cpSync(EXAMPLE, workspace, { recursive: true });
  return {
    workspace,
    draft: readFileSync(path.join(workspace, 'draft.md'), 'utf8'),
    uri: (name: string) => pathToFileURL(path.join(workspace, name)).toString(),
  };
}

const PLANTED = ['104', '61', '15 years', 'seven'];

describe('robustness: awkward text through the real server', function () {
  this.timeout(30000);
  let workspace: string;
  let draft: string;
  let uri: (name: string) => string;
  let client: TestClient;
  let count = 0;

  before(async () => {
    ({ workspace, draft, uri } = workspaceCopy('factmark-awkward-'));
    client = new TestClient();
    await client.initialize(pathToFileURL(workspace).toString());
  });

  after(async () => {
    await client?.shutdown();
    rmSync(workspace, { recursive: true, force: true });
  });

  /** Opens a draft, waits for its diagnostics, checks that every range lies inside it, and that a hover at every diagnostic is answered. */
  async function check(text: string, languageId = 'markdown'): Promise<{ uri: string; diagnostics: Diagnostic[] }> {
    const target = uri(`awkward-${++count}.${languageId === 'markdown' ? 'md' : 'txt'}`);
    client.open(target, text, languageId);
    const diagnostics = await client.diagnosticsFor(target, (_d, version) => version === 1);
    for (const d of diagnostics) assert.ok(insideDocument(text, d.range), `${d.code} range ${JSON.stringify(d.range)} lies outside the document`);
    for (const d of diagnostics) {
      const hover = await client.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: target }, position: d.range.start });
      if (hover?.range) assert.ok(insideDocument(text, hover.range), `hover range ${JSON.stringify(hover.range)} lies outside the document`);
    }
    return { uri: target, diagnostics };
  }

  /** The one figure-mismatch of a text must cover exactly `figure`, at its UTF-16 position. */
  async function expectMismatchOn(text: string, figure: string, occurrence = text.indexOf(figure)) {
    assert.ok(occurrence >= 0);
    const { uri: target, diagnostics } = await check(text);
    const mismatches = diagnostics.filter((d) => d.code === 'figure-mismatch');
    assert.equal(mismatches.length, 1, `one mismatch expected in ${JSON.stringify(text.slice(0, 80))}, got ${JSON.stringify(diagnostics.map((d) => d.code))}`);
    assert.deepEqual(mismatches[0].range, rangeOf(text, occurrence, occurrence + figure.length));
    assert.equal(textIn(text, mismatches[0].range), figure);
    const hover = await client.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: target }, position: mismatches[0].range.start });
    assert.ok(hover, 'a hover on the wrong figure');
    assert.deepEqual(hover.range, mismatches[0].range);
    assert.match(markdownOf(hover), /disagrees/);
    return { uri: target, diagnostics };
  }

  const FREED = 'Belarus freed 132 political prisoners.';

  it('puts the range exactly on the figure after emoji (surrogate pairs)', async () => {
    const { diagnostics } = await expectMismatchOn(`😀😀 ${FREED}`, '132');
    // Spelled out: two emoji are four UTF-16 code units, then a space and "Belarus freed ".
    assert.deepEqual(diagnostics[0].range, { start: { line: 0, character: 19 }, end: { line: 0, character: 22 } });
    await expectMismatchOn(`👨‍👩‍👧‍👦 🇧🇾 𝄞 ${FREED} 👍🏽`, '132');
    await expectMismatchOn(`😀\n😀😀 ${FREED}`, '132');
    await expectMismatchOn('Belarus freed 132😀 political prisoners.', '132');
  });

  it('puts the range exactly on the figure after combining marks, and still knows the name', async () => {
    await expectMismatchOn('Bela\u0301rus fre\u0301ed 132 political prisoners.', '132');
    const text = 'A\u0308\u0301\u0323 Ales Bia\u0301liatski, 61, was freed.';
    const { uri: target } = await expectMismatchOn(text, '61');
    const hover = await client.connection.sendRequest<Hover | null>('textDocument/hover', {
      textDocument: { uri: target },
      position: positionOf(text, text.indexOf('Ales') + 2),
    });
    assert.ok(hover, 'a hover on the name spelled with a combining acute');
    assert.match(markdownOf(hover), /Ales Bialiatski/);
    assert.equal(textIn(text, hover.range!), 'Ales Bia\u0301liatski');
  });

  it('puts the range exactly on the figure in right-to-left text and among bidi controls', async () => {
    await expectMismatchOn(`\u202Eعربي\u202C עברית \u200F${FREED}\u200F`, '132');
    await expectMismatchOn(`\u2067שלום\u2069 \u200E😀 ${FREED} مرحبا`, '132');
  });

  it('reads NUL bytes, lone surrogates, zero-width characters and a BOM as ordinary characters', async () => {
    await expectMismatchOn(`Belarus\u0000 freed 132 political prisoners.\u0000`, '132');
    await expectMismatchOn(`\uD83D ${FREED} \uDE00`, '132');
    await expectMismatchOn('Belarus freed\u200B 132\u200D political prisoners.', '132');
    await expectMismatchOn(`\uFEFF${FREED}`, '132');
    await expectMismatchOn(`Intro. \uFEFF${FREED}`, '132');
  });

  it('counts lines at \\r\\n, \\n and a lone \\r, and at nothing else (U+2028 is not a line end in LSP)', async () => {
    await expectMismatchOn(`Intro.\r${FREED}`, '132');
    await expectMismatchOn(`Intro.\r\n\r\n😀 ${FREED}\r\nMore.`, '132');
    await expectMismatchOn(`Intro.\n\r\r\n${FREED}`, '132');
    const { diagnostics } = await expectMismatchOn(`Intro.\u2028${FREED}`, '132');
    assert.equal(diagnostics[0].range.start.line, 0);
  });

  it('finds the planted figures in the example draft with CRLF line ends, and with a BOM', async () => {
    for (const [what, text] of [
      ['CRLF', draft.replace(/\n/g, '\r\n')],
      ['BOM', `\uFEFF${draft}`],
      ['BOM and CRLF', `\uFEFF${draft.replace(/\n/g, '\r\n')}`],
      ['lone CR', draft.replace(/\n/g, '\r')],
    ] as const) {
      const { diagnostics } = await check(text);
      const found = diagnostics.filter((d) => d.code === 'figure-mismatch').map((d) => textIn(text, d.range));
      assert.deepEqual(found, PLANTED, what);
      const others = diagnostics.filter((d) => d.code !== 'figure-mismatch').map((d) => `${d.code} ${textIn(text, d.range)}`);
      assert.deepEqual(others, ['figure-disputed Saturday', 'name-inconsistent Kolesnikova', 'name-inconsistent Svetlana', 'name-inconsistent Tikhanovskaya'], what);
    }
  });

  it('handles a 200,000-character line, with the figure at its end', async () => {
    let line = '';
    while (line.length < 200_000) line += 'The talks went on through the night and into the morning. ';
    line = line.slice(0, 200_000 - FREED.length - 1);
    const text = `# Heading\n\n${line} ${FREED}\n\nAles Bialiatski, 61, was freed.\n`;
    assert.equal(text.split('\n')[2].length, 200_000);
    const started = performance.now();
    const { uri: target, diagnostics } = await check(text);
    const elapsed = performance.now() - started;
    report(`a 200,000-character line of prose: diagnostics in ${elapsed.toFixed(0)} ms`);
    assert.deepEqual(diagnostics.filter((d) => d.code === 'figure-mismatch').map((d) => d.range), [
      rangeOf(text, text.indexOf('132'), text.indexOf('132') + 3),
      rangeOf(text, text.indexOf('61,'), text.indexOf('61,') + 2),
    ]);
    assert.deepEqual(diagnostics[0].range.start, { line: 2, character: 200_000 - FREED.length + 'Belarus freed '.length });
    const hover = await client.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: target }, position: diagnostics[0].range.start });
    assert.ok(hover);
    // One unbroken word of 200,000 characters, 200,000 digits, and 100,000 "1,".
    for (const odd of [`${'x'.repeat(200_000)} ${FREED}`, `${'9'.repeat(200_000)}\n${FREED}`, `${'1,'.repeat(100_000)}\n${FREED}`]) {
      const begun = performance.now();
      const result = await check(odd);
      report(`a 200,000-character run of ${JSON.stringify(odd.slice(0, 2))}…: ${(performance.now() - begun).toFixed(0)} ms`);
      assert.ok(result.diagnostics.some((d) => d.code === 'figure-mismatch' && textIn(odd, d.range) === '132'));
    }
  });

  it('survives all of it at once: every range inside the document, every hover answered', async () => {
    const pieces = ['😀', '\u0301', 'עברית', '\u200F', '\u0000', '\uFEFF', '\r\n', '\r', '\n', '\u2028', '\uD800', '\uDFFF', '\t', '👨‍👩‍👧‍👦', 'Ales Bialiatski, 61, ', 'Babaryka, 62, ', FREED, ' 1,808 days ', '**', '`', '<!-- a comment: 132 -->', '[a link](http://x.org/132)'];
    const next = random(7);
    let text = '';
    for (let i = 0; i < 400; i++) text += pieces[Math.floor(next() * pieces.length)];
    const { uri: target, diagnostics } = await check(text);
    assert.ok(diagnostics.length > 0);
    const lines = new LineIndex(text);
    for (let offset = 0; offset <= text.length; offset += 7) {
      const hover = await client.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: target }, position: lines.positionAt(offset) });
      if (hover?.range) assert.ok(insideDocument(text, hover.range), `hover range ${JSON.stringify(hover.range)}`);
    }
    const tokens = await client.connection.sendRequest<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri: target } });
    assert.ok(tokens.data.length > 0);
    const actions = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: target },
      range: { start: { line: 0, character: 0 }, end: positionOf(text, text.length) },
      context: { diagnostics },
    });
    for (const action of actions) for (const edit of action.edit?.changes?.[target] ?? []) assert.ok(insideDocument(text, edit.range), `fix range ${JSON.stringify(edit.range)}`);
  });

  // Was quadratic: the title-case test re-read the whole line for every one-word name (14 s
  // through the server). Each line is now read once (~150 ms with analyzeDraft under tsx).
  it('checks a 200,000-character line that names a place in every sentence within 5 s', async () => {
    let line = '';
    while (line.length < 200_000) line += 'The talks in Minsk went on through the night. ';
    const text = `${line.slice(0, 200_000 - FREED.length - 1)} ${FREED}`;
    const started = performance.now();
    const target = uri('long-line-with-names.md');
    client.open(target, text);
    const diagnostics = await client.diagnosticsFor(target, () => true, 60000);
    const elapsed = performance.now() - started;
    report(`a 200,000-character line naming Minsk in every sentence: ${elapsed.toFixed(0)} ms`);
    assert.ok(diagnostics.some((d) => d.code === 'figure-mismatch' && textIn(text, d.range) === '132'));
    assert.ok(elapsed < 5000, `took ${elapsed.toFixed(0)} ms`);
  });
});

describe('robustness: very large drafts', function () {
  this.timeout(120000);
  let workspace: string;
  let draft: string;
  let uri: (name: string) => string;
  let client: TestClient;

  before(async () => {
    ({ workspace, draft, uri } = workspaceCopy('factmark-large-'));
    client = new TestClient(); // the default factmark.maxFileSize: 2,000,000 characters
    await client.initialize(pathToFileURL(workspace).toString());
  });

  after(async () => {
    await client?.shutdown();
    rmSync(workspace, { recursive: true, force: true });
  });

  /** The example draft's body (without front matter) repeated to exactly `size` characters. */
  function bigDraft(size: number): { text: string; copies: number } {
    const body = `${draft.replace(/^---\n[\s\S]*?\n---\n/, '')}\n`;
    const copies = Math.floor(size / body.length);
    const text = body.repeat(copies);
    return { text: text + 'x'.repeat(size - text.length), copies };
  }

  const bigUri = () => uri('ten-megabytes.md');

  it('answers a 10 MB draft at once with one draft-too-large notice naming the setting, and does not analyse it', async () => {
    const { text } = bigDraft(10_000_000);
    const started = performance.now();
    client.open(bigUri(), text);
    const diagnostics = await client.diagnosticsFor(bigUri(), () => true, 30000);
    const elapsed = performance.now() - started;
    report(`10 MB draft (10,000,000 characters): draft-too-large notice after ${elapsed.toFixed(0)} ms (sending it included)`);
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0].code, 'draft-too-large');
    assert.equal(diagnostics[0].severity, 3, 'information');
    assert.equal(diagnostics[0].source, 'factmark');
    assert.match(messageOf(diagnostics[0]), /factmark\.maxFileSize/);
    assert.match(messageOf(diagnostics[0]), /2000000|2,000,000/);
    assert.deepEqual(diagnostics[0].range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
    // Analysing it takes ~25 s on this machine; the notice came long before that could have finished.
    assert.ok(elapsed < 5000, `took ${elapsed.toFixed(0)} ms`);
    // The server is not busy with it: a small draft opened now is checked at once.
    const small = uri('small-after-big.md');
    const begun = performance.now();
    client.open(small, 'Belarus freed 132 political prisoners.');
    const after = await client.diagnosticsFor(small, (d) => d.length > 0, 5000);
    report(`a small draft opened next: checked in ${(performance.now() - begun).toFixed(0)} ms`);
    assert.equal(after[0].code, 'figure-mismatch');
    // An edit keeps the notice, at once.
    const edited = performance.now();
    client.changeRange(bigUri(), { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, 'Belarus freed 132 political prisoners. ');
    const again = await client.diagnosticsFor(bigUri(), (_d, version) => version === 2, 10000);
    report(`an edit to the 10 MB draft: notice again after ${(performance.now() - edited).toFixed(0)} ms`);
    assert.deepEqual(again.map((d) => d.code), ['draft-too-large']);
  });

  it('analyses a 1 MB draft', async () => {
    const { text, copies } = bigDraft(1_000_000);
    const target = uri('one-megabyte.md');
    const started = performance.now();
    client.open(target, text);
    const diagnostics = await client.diagnosticsFor(target, (d) => d.length > 0, 60000);
    const elapsed = performance.now() - started;
    const mismatches = diagnostics.filter((d) => d.code === 'figure-mismatch');
    report(`1 MB draft (${copies} copies of the example): ${diagnostics.length} diagnostics (${mismatches.length} figure-mismatch) in ${elapsed.toFixed(0)} ms`);
    assert.equal(mismatches.filter((d) => textIn(text, d.range) === '104').length, copies, 'the planted "104" in every copy');
    for (const d of diagnostics) assert.ok(insideDocument(text, d.range));
    const hoverStarted = performance.now();
    const at = text.lastIndexOf('104 of');
    const hover = await client.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: target }, position: positionOf(text, at + 1) });
    report(`hover on the last "104" of the 1 MB draft: ${(performance.now() - hoverStarted).toFixed(1)} ms`);
    assert.match(markdownOf(hover!), /\*\*114\*\*/);
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: target } });
    await client.diagnosticsFor(target, (d) => d.length === 0);
  });

  // Every handler respects factmark.maxFileSize (it used to analyse the 10 MB draft for ~25 s).
  it('answers hover, semantic tokens, code actions and citations on the 10 MB draft at once, without analysing it', async () => {
    const position = { line: 8, character: 30 };
    for (const [method, params] of [
      ['textDocument/semanticTokens/full', { textDocument: { uri: bigUri() } }],
      ['textDocument/hover', { textDocument: { uri: bigUri() }, position }],
      ['textDocument/codeAction', { textDocument: { uri: bigUri() }, range: { start: position, end: position }, context: { diagnostics: [] } }],
      ['factmark/citations', { textDocument: { uri: bigUri() }, position }],
    ] as const) {
      const started = performance.now();
      const answer = await Promise.race([
        client.connection.sendRequest<unknown>(method, params),
        new Promise((resolve) => setTimeout(() => resolve('timed out'), 3000)),
      ]);
      const elapsed = performance.now() - started;
      report(`${method} on the 10 MB draft: ${elapsed.toFixed(0)} ms`);
      assert.notEqual(answer, 'timed out', `${method} took over 3 s: the draft is being analysed`);
      if (method === 'textDocument/semanticTokens/full') assert.deepEqual((answer as SemanticTokens).data, []);
      if (method === 'textDocument/hover') assert.equal(answer, null);
    }
  });
});

describe('robustness: load', function () {
  this.timeout(300000);
  const DRAFTS = 50;
  let workspace: string;
  let draft: string;
  let uri: (name: string) => string;
  let client: TestClient;
  const uris: string[] = [];
  const texts: string[] = [];
  let burstLatencies: number[] = [];
  let rssBeforeBurst = 0;
  let rssAfterBurst = 0;

  before(async () => {
    ({ workspace, draft, uri } = workspaceCopy('factmark-load-'));
    client = new TestClient();
    await client.initialize(pathToFileURL(workspace).toString());
    // 50 copies with small differences: another count of prisoners, an extra sentence, other line ends.
    for (let i = 0; i < DRAFTS; i++) {
      let text = draft.replace('has freed **123**', `has freed **${100 + i}**`).replace('Who walked free', `Who walked free (copy ${i})`);
      if (i % 5 === 0) text += `\nAles Bialiatski, ${55 + i}, said he would go on.\n`;
      if (i % 7 === 0) text = text.replace(/\n/g, '\r\n');
      uris.push(uri(`load-${String(i).padStart(2, '0')}.md`));
      texts.push(text);
      client.open(uris[i], text);
    }
    for (const target of uris) await client.diagnosticsFor(target, () => true, 30000);
  });

  after(async () => {
    await client?.shutdown();
    rmSync(workspace, { recursive: true, force: true });
  });

  const INSERTS = ['', 'a', ' 12', 'Babaryka ', '\n', ', 61,', ' freed ', '😀', 'é', ' 1,808 days', 'Kolesnikova '];

  /** One random incremental edit of draft i, sent without waiting; the test's copy of the text follows it. */
  function edit(i: number, next: () => number): void {
    const text = texts[i];
    const lines = new LineIndex(text);
    const start = snap(text, Math.floor(next() * (text.length + 1)));
    const end = snap(text, Math.min(text.length, start + Math.floor(next() * 4)));
    const inserted = INSERTS[Math.floor(next() * INSERTS.length)];
    client.changeRange(uris[i], { start: lines.positionAt(start), end: lines.positionAt(Math.max(start, end)) }, inserted);
    texts[i] = text.slice(0, start) + inserted + text.slice(Math.max(start, end));
  }

  /** A hover on a name of draft i (or at its start), timed from sending to the answer. */
  async function timedHover(i: number): Promise<number> {
    const at = Math.max(0, texts[i].indexOf('Ales Bialiatski'));
    const started = performance.now();
    await client.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: uris[i] }, position: positionOf(texts[i], at + 2) });
    return performance.now() - started;
  }

  it(`answers a hover sent right after a keystroke within ${HOVER_BUDGET_MS} ms (typing pace, 50 drafts open)`, async () => {
    const next = random(11);
    const latencies: number[] = [];
    for (let k = 0; k < 300; k++) {
      const i = k % DRAFTS;
      edit(i, next);
      latencies.push(await timedHover(i));
    }
    report(`typing pace (one edit, then a hover, 300 times): ${describeLatency(latencies)}`);
    const { p95 } = latencyFigures(latencies);
    assert.ok(p95 <= HOVER_BUDGET_MS, `p95 ${p95.toFixed(1)} ms`);
  });

  it(`takes a burst of ${BURST_EDITS} incremental edits over ${DRAFTS} drafts, sent without waiting, with hovers interleaved (time-boxed to ${BURST_SECONDS} s)`, async () => {
    const pid = client.pid!;
    rssBeforeBurst = rssKb(pid);
    const next = random(42);
    const WAVE = 100;
    const started = performance.now();
    burstLatencies = [];
    let sent = 0;
    while (sent < BURST_EDITS && performance.now() - started < BURST_SECONDS * 1000) {
      // A wave of edits, two per draft, none waited for; then a hover on one of them.
      for (let j = 0; j < WAVE && sent < BURST_EDITS; j++, sent++) edit(sent % DRAFTS, next);
      burstLatencies.push(await timedHover((sent - 1) % DRAFTS));
    }
    const sentIn = performance.now() - started;
    for (const target of uris) await client.diagnosticsFor(target, (_d, version) => version === client.versionOf(target), 120000);
    const drained = performance.now() - started;
    rssAfterBurst = rssKb(pid);
    report(`burst: ${sent} edits over ${DRAFTS} drafts sent in ${(sentIn / 1000).toFixed(1)} s (paced only by the interleaved hovers); every draft's final version checked after ${(drained / 1000).toFixed(1)} s (${(drained / sent).toFixed(2)} ms per edit)`);
    if (sent < BURST_EDITS) {
      report(`burst: NOTE stopped at the ${BURST_SECONDS} s time box after ${sent} of ${BURST_EDITS} edits; all ${BURST_EDITS} would take about ${((BURST_EDITS * drained) / sent / 1000).toFixed(0)} s (set FACTMARK_BURST_SECONDS to run longer)`);
    }
    report(`burst: hovers interleaved every ${WAVE} edits: ${describeLatency(burstLatencies)}`);
    report(`burst: server RSS ${mb(rssBeforeBurst)} before, ${mb(rssAfterBurst)} after`);
    assert.ok(client.log.every((line) => !/could not|failed|unexpected error/i.test(line)), client.log.join('\n'));
  });

  it('after the burst, reports for every draft exactly what a fresh analysis of its final text reports', async () => {
    let compared = 0;
    for (let i = 0; i < DRAFTS; i++) {
      const edited = client.diagnostics.get(uris[i])!;
      for (const d of edited) assert.ok(insideDocument(texts[i], d.range), `draft ${i}: ${JSON.stringify(d.range)}`);
      const fresh = uri(`fresh-${i}.md`);
      client.open(fresh, texts[i]);
      const expected = await client.diagnosticsFor(fresh, () => true);
      assert.deepEqual(comparable(edited), comparable(expected), `draft ${i}`);
      await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: fresh } });
      compared += edited.length;
    }
    report(`after the burst: ${DRAFTS} drafts, ${compared} diagnostics, all equal to a fresh analysis`);
  });

  // A burst of edits is coalesced: checks wait for a quiet connection, so a hover no longer waits
  // behind the checks of every superseded version (it waited ~0.5 s at p50 before).
  // p95, as for typing pace: on a 2-core machine shared with other test runs, the slowest of 100
  // hovers is a garbage collection or another process's turn (see BURST_HOVER_BUDGET_MS).
  it(`answers the hovers interleaved with the burst within ${BURST_HOVER_BUDGET_MS} ms (p95)`, () => {
    assert.ok(burstLatencies.length > 0, 'run the burst first');
    const { p95 } = latencyFigures(burstLatencies);
    assert.ok(p95 <= BURST_HOVER_BUDGET_MS, describeLatency(burstLatencies));
  });

  it('gives the memory back once the drafts are closed', async () => {
    const pid = client.pid!;
    for (const target of uris) await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: target } });
    for (const target of uris) await client.diagnosticsFor(target, (d) => d.length === 0);
    const { rss, waited } = await quiescentRss(pid, 10000);
    const limit = 1.5 * rssBeforeBurst + 50 * MB;
    report(`memory: RSS ${mb(rssBeforeBurst)} before the burst, ${mb(rssAfterBurst)} after it, ${mb(rss)} after closing the drafts and ${waited} ms of quiet (limit ${mb(limit)})`);
    assert.ok(rss < limit, `RSS ${mb(rss)} after closing, limit ${mb(limit)}`);
  });

});

// A leak shows in a long run as a heap that keeps growing; RSS alone cannot tell that from a heap
// V8 has not yet collected (it rose ~35 MB and fell back in a clean run). So this run gets its own
// server with a capped heap, where unbounded growth is fatal, and is checked against fresh analyses.
describe('robustness: a long run of edits on one draft', function () {
  this.timeout(300000);
  let workspace: string;
  let draft: string;
  let uri: (name: string) => string;
  let client: TestClient;

  before(async () => {
    ({ workspace, draft, uri } = workspaceCopy('factmark-long-run-'));
    client = new TestClient({}, [`--max-old-space-size=${LONG_RUN_HEAP_MB}`]);
    await client.initialize(pathToFileURL(workspace).toString());
  });

  after(async () => {
    await client?.shutdown();
    rmSync(workspace, { recursive: true, force: true });
  });

  /** Opens text as a new draft and asserts that its diagnostics equal those of the edited draft. */
  async function sameAsFresh(target: string, text: string, name: string): Promise<void> {
    const fresh = uri(name);
    client.open(fresh, text);
    assert.deepEqual(comparable(client.diagnostics.get(target)!), comparable(await client.diagnosticsFor(fresh, () => true)), `after the edits, ${name}`);
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: fresh } });
  }

  it(`takes up to ${LONG_RUN_EDITS} edits, each ${LONG_RUN_BATCH} checked, in a ${LONG_RUN_HEAP_MB} MB heap, matching a fresh analysis (time-boxed to ${LONG_RUN_SECONDS} s)`, async () => {
    const pid = client.pid!;
    const target = uri('long-run.md');
    // The example's heading and first paragraph: small enough that the run covers many edits in its time box.
    let text = draft.slice(draft.indexOf('# Belarus'), draft.indexOf('The prisoners walked'));
    client.open(target, text);
    await client.diagnosticsFor(target, () => true);
    const rssStart = rssKb(pid);
    let rssPeak = rssStart;
    const started = performance.now();
    const next = random(99);
    let done = 0;
    let checks = 0;
    let comparisons = 0;
    while (done < LONG_RUN_EDITS && performance.now() - started < LONG_RUN_SECONDS * 1000) {
      for (let j = 0; j < LONG_RUN_BATCH && done < LONG_RUN_EDITS; j++, done++) {
        // Type a character at a random place, or delete one: the draft stays about the same size.
        const lines = new LineIndex(text);
        const at = snap(text, Math.floor(next() * text.length));
        if (j % 2 === 0 || text.length < 100) {
          const typed = 'abc 1😀'[Math.floor(next() * 6)];
          client.changeRange(target, { start: lines.positionAt(at), end: lines.positionAt(at) }, typed);
          text = text.slice(0, at) + typed + text.slice(at);
        } else {
          const end = at < text.length && text.charCodeAt(at) >= 0xd800 && text.charCodeAt(at) <= 0xdbff ? at + 2 : at + 1;
          client.changeRange(target, { start: lines.positionAt(at), end: lines.positionAt(Math.min(end, text.length)) }, '');
          text = text.slice(0, at) + text.slice(end);
        }
      }
      await client.diagnosticsFor(target, (_d, version) => version === client.versionOf(target), 60000);
      checks++;
      rssPeak = Math.max(rssPeak, rssKb(pid));
      if (done % LONG_RUN_COMPARE_EVERY === 0) {
        await sameAsFresh(target, text, `long-run-fresh-${done}.md`);
        comparisons++;
      }
    }
    const elapsed = (performance.now() - started) / 1000;
    const rate = done / elapsed;
    await sameAsFresh(target, text, 'long-run-fresh-end.md');
    report(`long run: ${done} edits in ${elapsed.toFixed(1)} s (${rate.toFixed(0)} edits/s), ${checks} checked versions, ${comparisons + 1} equal to a fresh analysis; heap capped at ${LONG_RUN_HEAP_MB} MB; RSS ${mb(rssStart)} at the start, peak ${mb(rssPeak)}`);
    if (done < LONG_RUN_EDITS) {
      report(`long run: NOTE stopped at the ${LONG_RUN_SECONDS} s time box after ${done} of ${LONG_RUN_EDITS} edits; all ${LONG_RUN_EDITS} would take about ${(LONG_RUN_EDITS / rate).toFixed(0)} s (set FACTMARK_LONG_RUN_SECONDS to run longer)`);
    }
    assert.ok(checks >= 10, `only ${checks} checked versions`);
    assert.ok(rssPeak - rssStart < 100 * MB, `RSS grew by ${mb(rssPeak - rssStart)}`);
  });
});
