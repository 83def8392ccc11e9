/**
 * Issue 7: broken reference datasets. Every fixture in test/fixtures/broken/ (plus a few made at
 * test time: binary, non-UTF-8, huge, very long or deeply nested files) replaces a known good
 * dataset in a temporary workspace; `DatasetFolder` reloads, and we check
 *   1. the problem codes (rules.ts) and the 1-based line:column where each is reported, computed
 *      from the file as it is on disk, the way an editor shows it (LineIndex, BOM not counted);
 *   2. what data is in use afterwards: the last good version when the whole file broke, or the
 *      parts of the new version that could be used;
 *   3. nothing throws, and drafts are still analysed against the data in use.
 * The fixtures are not named *.facts.* so that the repository itself never loads them.
 *
 */
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyzeDraft, LineIndex, RULES, type Dataset, type DatasetProblem, type DraftAnalysis, type FindingCode } from '../../server/src/core';
import { DatasetFolder } from '../../server/src/workspace/datasets';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'broken');
const GOOD = path.join(FIXTURES, 'good');
const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');

/** What the known good dataset (good/dataset.yaml, good/dataset.json) defines. */
const GOOD_TITLE = 'Known good';
const GOOD_ENTITIES = ['kalesnikava', 'release'];
const GOOD_FACTS = ['release-count', 'kalesnikava-age'];
/** A draft whose two figures agree with the good data. */
const DRAFT = 'Belarus freed 123 political prisoners. Maria Kalesnikava, 43, was among them.\n';

type Expected = readonly [code: FindingCode, line: number, column: number];
/** 'last-good': the whole file was refused and the good version is still in use; otherwise the ids in use from the new version. */
type Kept = 'last-good' | { readonly entities: readonly string[]; readonly facts: readonly string[] };

interface Outcome {
  readonly folder: DatasetFolder;
  readonly uri: string;
  /** The file's text as an editor shows it (undefined for files too large to open). */
  readonly text: string | undefined;
  readonly problems: readonly DatasetProblem[];
  readonly dataset: Dataset;
  readonly analysis: DraftAnalysis;
}

interface Case {
  /** File under test/fixtures/broken/, or a name for content made by `generate`. */
  readonly fixture: string;
  readonly generate?: () => Buffer;
  /** Applied to the fixture's bytes before it is written: a byte order mark, or CRLF line ends. */
  readonly transform?: 'bom' | 'crlf';
  /** Every problem on the dataset file, in order: code, 1-based line and column. */
  readonly problems: readonly Expected[];
  readonly kept: Kept;
  /** Asserted on the first problem's message. */
  readonly message?: RegExp;
  /** Further checks on the outcome. */
  readonly also?: (outcome: Outcome) => void;
}

const LONG = 300_000;

/** The fixture table: file → problems (code, line, column) → what stays in use. */
const CASES: readonly Case[] = [
  // ---- YAML syntax: the whole file is refused, the last good version stays --------------------
  { fixture: 'yaml-unclosed-flow-sequence.yaml', problems: [['dataset-syntax', 8, 3], ['dataset-syntax', 8, 9], ['dataset-syntax', 8, 9], ['dataset-syntax', 9, 11], ['dataset-syntax', 9, 11]], kept: 'last-good', message: /end with a \]/ },
  { fixture: 'yaml-bad-indentation.yaml', problems: [['dataset-syntax', 5, 11], ['dataset-syntax', 5, 11]], kept: 'last-good' },
  { fixture: 'yaml-tab-indentation.yaml', problems: [['dataset-syntax', 5, 1], ['dataset-syntax', 5, 8], ['dataset-syntax', 5, 8]], kept: 'last-good', message: /Tabs/ },
  { fixture: 'yaml-duplicate-key.yaml', problems: [['dataset-syntax', 7, 5]], kept: 'last-good', message: /unique/ },
  { fixture: 'yaml-unterminated-quote.yaml', problems: [['dataset-syntax', 7, 1]], kept: 'last-good', message: /closing "quote/ },
  { fixture: 'yaml-colon-in-plain-scalar.yaml', problems: [['dataset-syntax', 7, 18]], kept: 'last-good' },
  { fixture: 'yaml-multiple-documents.yaml', problems: [['dataset-syntax', 3, 1]], kept: 'last-good', message: /multiple documents/ },
  { fixture: 'yaml-bad-escape.yaml', problems: [['dataset-syntax', 5, 18]], kept: 'last-good', message: /escape/ },
  { fixture: 'yaml-reserved-indicator.yaml', problems: [['dataset-syntax', 5, 11]], kept: 'last-good', message: /reserved character @/ },
  // An alias to an anchor that is not defined (yet) is reported at the alias.
  { fixture: 'yaml-undefined-alias.yaml', problems: [['dataset-syntax', 10, 14]], kept: 'last-good', message: /Unresolved alias/ },
  {
    fixture: 'yaml-billion-laughs.yaml',
    problems: [['dataset-syntax', 8, 52]],
    kept: 'last-good',
    message: /Excessive alias count/,
    also: ({ text, problems }) => assert.equal(text!.slice(problems[0].start, problems[0].end), '*l0', 'the problem marks an alias'),
  },
  // A self-referencing anchor does not hang: the alias is reported where it stands, as a non-string alias.
  { fixture: 'yaml-recursive-alias.yaml', problems: [['dataset-schema', 7, 39]], kept: 'last-good', message: /aliases\[1\]: must be string/ },
  // YAML 1.2 has no merge key: `<<` is an ordinary (unknown) property.
  { fixture: 'yaml-merge-key.yaml', problems: [['dataset-schema', 8, 5], ['dataset-schema', 8, 5], ['dataset-schema', 8, 5]], kept: 'last-good', message: /missing required property 'name'/ },
  // Anchors and aliases used legitimately load.
  {
    fixture: 'yaml-anchors-legitimate.yaml',
    problems: [],
    kept: { entities: ['kalesnikava', 'kalesnikava-campaign', 'release'], facts: ['release-count', 'release-count-again'] },
    also: ({ dataset }) => {
      assert.deepEqual(dataset.entities.get('kalesnikava-campaign')?.aliases, ['Maria Kolesnikova', 'Kalesnikava']);
      assert.ok(dataset.facts[1].values[0].citations[0].quoteAt, 'the aliased citation is located in the source');
    },
  },

  // ---- JSON (parsed by the YAML parser) ------------------------------------------------------
  { fixture: 'json-missing-comma.json', problems: [['dataset-syntax', 4, 3]], kept: 'last-good', message: /Missing ,/ },
  { fixture: 'json-unclosed-brace.json', problems: [['dataset-syntax', 7, 1]], kept: 'last-good', message: /must end with a \}/ },
  // The string that never ends is marked from its opening quote.
  { fixture: 'json-truncated.json', problems: [['dataset-syntax', 5, 36]], kept: 'last-good', message: /Missing closing "quote/ },
  { fixture: 'json-duplicate-key.json', problems: [['dataset-syntax', 5, 75]], kept: 'last-good', message: /unique/ },
  { fixture: 'json-wrong-type.json', problems: [['dataset-schema', 9, 18]], kept: 'last-good', message: /aliases: must be array/ },
  { fixture: 'json-number-as-string-version.json', problems: [['dataset-schema', 2, 15]], kept: 'last-good', message: /factmark: must be 1/ },
  // A .facts.json file must be strict JSON, although the YAML parser (which reads it, keeping positions) would take these.
  { fixture: 'json-line-comment.json', problems: [['dataset-syntax', 2, 3]], kept: 'last-good', message: /Comments are not allowed in JSON/ },
  { fixture: 'json-trailing-comma.json', problems: [['dataset-syntax', 5, 73]], kept: 'last-good', message: /Trailing commas are not allowed/ },
  { fixture: 'json-single-quotes.json', problems: [['dataset-syntax', 2, 3]], kept: 'last-good', message: /double quotes, not single quotes/ },

  // ---- Schema: the whole file is refused ----------------------------------------------------
  { fixture: 'schema-empty-file.yaml', problems: [['dataset-schema', 1, 1]], kept: 'last-good', message: /must be object/ },
  { fixture: 'schema-only-null.yaml', problems: [['dataset-schema', 1, 1]], kept: 'last-good', message: /must be object/ },
  { fixture: 'schema-top-level-list.yaml', problems: [['dataset-schema', 1, 1]], kept: 'last-good', message: /must be object/ },
  { fixture: 'schema-missing-version.yaml', problems: [['dataset-schema', 1, 1]], kept: 'last-good', message: /missing required property 'factmark'/ },
  { fixture: 'schema-wrong-version.yaml', problems: [['dataset-schema', 1, 11]], kept: 'last-good', message: /factmark: must be 1/ },
  { fixture: 'schema-missing-entity-id.yaml', problems: [['dataset-schema', 7, 5]], kept: 'last-good', message: /entities\[1\]: missing required property 'id'/ },
  { fixture: 'schema-missing-fact-id.yaml', problems: [['dataset-schema', 8, 5]], kept: 'last-good', message: /facts\[0\]: missing required property 'id'/ },
  { fixture: 'schema-entities-not-a-list.yaml', problems: [['dataset-schema', 4, 3]], kept: 'last-good', message: /entities: must be array/ },
  { fixture: 'schema-unknown-property.yaml', problems: [['dataset-schema', 7, 5]], kept: 'last-good', message: /Unknown property 'alias'/ },
  { fixture: 'schema-bad-id-characters.yaml', problems: [['dataset-schema', 4, 9]], kept: 'last-good', message: /'maria kalesnikava' does not have the expected form: an id is letters, digits/ },
  { fixture: 'schema-numeric-id.yaml', problems: [['dataset-schema', 4, 9]], kept: 'last-good', message: /id: must be string/ },
  { fixture: 'schema-empty-alias.yaml', problems: [['dataset-schema', 7, 34]], kept: 'last-good', message: /aliases\[1\]: must NOT have fewer than 1 characters/ },
  { fixture: 'schema-null-name.yaml', problems: [['dataset-schema', 5, 10]], kept: 'last-good', message: /name: must be string/ },
  { fixture: 'schema-bad-entity-kind.yaml', problems: [['dataset-schema', 6, 11]], kept: 'last-good', message: /must be one of "person"/ },
  { fixture: 'schema-bad-bound.yaml', problems: [['dataset-schema', 14, 16]], kept: 'last-good', message: /bound: must be one of/ },
  // `when: 2025` unquoted is a YAML number, so the file is refused: the README quotes it for this reason.
  { fixture: 'schema-when-unquoted-year.yaml', problems: [['dataset-schema', 12, 11]], kept: 'last-good', message: /when: must be string/ },
  { fixture: 'schema-when-bad-format.yaml', problems: [['dataset-schema', 12, 11]], kept: 'last-good', message: /'December 2025' does not have the expected form/ },
  { fixture: 'schema-empty-values.yaml', problems: [['dataset-schema', 10, 13]], kept: 'last-good', message: /values: must NOT have fewer than 1 items/ },
  { fixture: 'schema-value-boolean.yaml', problems: [['dataset-schema', 13, 16]], kept: 'last-good', message: /value: must be number or string/ },
  { fixture: 'schema-cite-missing-quote.yaml', problems: [['dataset-schema', 15, 13]], kept: 'last-good', message: /missing required property 'quote'/ },

  // ---- Build: the file parses, so its new version is used, minus what cannot be explained -----
  {
    fixture: 'build-duplicate-entity-id.yaml',
    problems: [['dataset-duplicate-id', 8, 11]],
    kept: { entities: ['kalesnikava', 'release'], facts: ['release-count'] },
    message: /entity id 'kalesnikava' is defined twice/,
    also: ({ dataset }) => assert.equal(dataset.entities.get('kalesnikava')?.name, 'Maria Kalesnikava', 'the first definition wins'),
  },
  {
    fixture: 'build-duplicate-fact-id.yaml',
    problems: [['dataset-duplicate-id', 15, 9]],
    kept: { entities: ['kalesnikava', 'release'], facts: ['release-count'] },
    also: ({ dataset }) => assert.equal(dataset.facts[0].values[0].value, 123, 'the first definition wins'),
  },
  { fixture: 'build-duplicate-source-id.yaml', problems: [['dataset-duplicate-id', 5, 11]], kept: { entities: ['kalesnikava', 'release'], facts: ['release-count'] } },
  // The first release-count is dropped (unknown entity), and the second is then dropped as its duplicate: no release-count at all.
  { fixture: 'build-dropped-fact-then-duplicate.yaml', problems: [['dataset-unknown-reference', 10, 12], ['dataset-duplicate-id', 15, 9]], kept: { entities: ['kalesnikava', 'release'], facts: [] } },
  { fixture: 'build-unknown-entity.yaml', problems: [['dataset-unknown-reference', 16, 12]], kept: { entities: ['kalesnikava', 'release'], facts: ['release-count'] }, message: /No entity has the id 'babaryka'/ },
  // The only citation names an unknown source: the citation, then the value, then the fact go.
  { fixture: 'build-unknown-source.yaml', problems: [['dataset-unknown-reference', 20, 39]], kept: { entities: ['kalesnikava', 'release'], facts: ['release-count'] }, message: /No source has the id 'reuters'/ },
  { fixture: 'build-unknown-related.yaml', problems: [['dataset-unknown-reference', 7, 24]], kept: { entities: ['kalesnikava', 'release'], facts: [] } },
  // A quote that is not in the source is a warning; the value stays, without a link.
  {
    fixture: 'build-quote-not-found.yaml',
    problems: [['quote-not-found', 14, 53]],
    kept: { entities: ['kalesnikava', 'release'], facts: ['release-count'] },
    also: ({ dataset }) => assert.equal(dataset.facts[0].values[0].citations[0].quoteAt, undefined),
  },
  // The source says "It’s" (curly); straight and curly apostrophes in quotes are both found, at the exact place.
  {
    fixture: 'build-quote-curly-apostrophe.yaml',
    problems: [],
    kept: { entities: ['kalesnikava', 'release'], facts: ['release-count', 'since-year', 'since-year-curly'] },
    also: ({ dataset }) => {
      for (const fact of dataset.facts.slice(1)) assert.deepEqual([fact.values[0].citations[0].quoteAt?.line, fact.values[0].citations[0].quoteAt?.character], [2, 0]);
    },
  },
  // The source breaks the line inside the quoted words; the quote (with a space there) is not found.
  { fixture: 'build-quote-line-wrapped.yaml', problems: [['quote-not-found', 14, 58]], kept: { entities: ['kalesnikava', 'release'], facts: ['kalesnikava-released'] } },
  { fixture: 'build-date-as-number.yaml', problems: [['dataset-bad-value', 20, 16]], kept: { entities: ['kalesnikava', 'release'], facts: ['release-count'] }, message: /A date must be written YYYY-MM-DD/ },
  { fixture: 'build-weekday-funday.yaml', problems: [['dataset-bad-value', 20, 16]], kept: { entities: ['kalesnikava', 'release'], facts: ['release-count'] }, message: /not 'Funday'/ },
  { fixture: 'build-negative-count.yaml', problems: [['dataset-bad-value', 20, 16]], kept: { entities: ['kalesnikava', 'release'], facts: ['release-count'] }, message: /cannot be negative/ },
  { fixture: 'build-impossible-age.yaml', problems: [['dataset-bad-value', 20, 16]], kept: { entities: ['kalesnikava', 'release'], facts: ['release-count'] }, message: /age of 430 is not possible/ },
  { fixture: 'build-impossible-date.yaml', problems: [['dataset-bad-value', 20, 16]], kept: { entities: ['kalesnikava', 'release'], facts: ['release-count'] }, message: /2025-02-30/ },
  { fixture: 'build-year-out-of-range.yaml', problems: [['dataset-bad-value', 20, 16]], kept: { entities: ['kalesnikava', 'release'], facts: ['release-count'] }, message: /not a calendar year/ },
  { fixture: 'build-count-with-thousands-comma.yaml', problems: [['dataset-bad-value', 20, 16]], kept: { entities: ['kalesnikava', 'release'], facts: ['release-count'] }, message: /not '1,200'/ },
  { fixture: 'build-infinite-count.yaml', problems: [['dataset-bad-value', 20, 16]], kept: { entities: ['kalesnikava', 'release'], facts: ['release-count'] }, message: /Infinity/ },
  { fixture: 'build-duration-as-words.yaml', problems: [['dataset-bad-value', 21, 16]], kept: { entities: ['kalesnikava', 'release'], facts: ['release-count'] }, message: /not 'three years'/ },
  // 123.5 prisoners is accepted: a count is not required to be a whole number.
  { fixture: 'build-fractional-count.yaml', problems: [], kept: { entities: ['kalesnikava', 'release'], facts: ['release-count', 'odd-fact'] } },
  // One of two values is bad: the fact stays with the other one (and is no longer disputed).
  {
    fixture: 'build-one-bad-value-of-two.yaml',
    problems: [['dataset-bad-value', 15, 18]],
    kept: { entities: ['kalesnikava', 'release'], facts: ['release-weekday'] },
    also: ({ dataset }) => assert.deepEqual(dataset.facts[0].values.map((v) => v.value), ['Saturday']),
  },
  { fixture: 'build-source-outside-workspace.yaml', problems: [['source-outside-workspace', 6, 11]], kept: { entities: ['release'], facts: ['release-count'] } },
  { fixture: 'build-source-absolute-path.yaml', problems: [['source-outside-workspace', 6, 11]], kept: { entities: ['release'], facts: ['release-count'] } },
  { fixture: 'build-source-missing-file.yaml', problems: [['source-unavailable', 6, 11]], kept: { entities: ['release'], facts: ['release-count'] }, message: /no such file/ },
  { fixture: 'build-source-path-is-directory.yaml', problems: [['source-unavailable', 6, 11]], kept: { entities: ['release'], facts: ['release-count'] }, message: /EISDIR/ },
  // A source path is a file path relative to the dataset file: "#", "?" and "%" are characters of the name, not URL syntax.
  {
    fixture: 'build-source-path-with-hash.yaml',
    problems: [],
    kept: { entities: ['release'], facts: ['release-count'] },
    also: ({ dataset }) => assert.ok(dataset.facts[0].values[0].citations[0].quoteAt, 'the quote is found in "sources/wire #2.txt"'),
  },
  {
    fixture: 'build-source-path-with-percent.yaml',
    problems: [],
    kept: { entities: ['release'], facts: ['release-count'] },
    also: ({ dataset }) => assert.ok(dataset.facts[0].values[0].citations[0].quoteAt, 'the quote is found in "sources/100%.txt"'),
  },
  // A spelling made of spaces alone would match nothing and break the name index: the schema refuses it.
  { fixture: 'build-whitespace-alias.yaml', problems: [['dataset-schema', 7, 15]], kept: 'last-good', message: /aliases\[0\]: '   ' does not have the expected form: a spelling must contain a character that is not a space/ },

  // ---- Encodings and line ends --------------------------------------------------------------
  { fixture: 'encoding-bom.yaml', transform: 'bom', problems: [['dataset-schema', 6, 11]], kept: 'last-good' },
  { fixture: 'encoding-crlf-schema.yaml', transform: 'crlf', problems: [['dataset-schema', 10, 11]], kept: 'last-good', message: /entities\[1\]\.kind/ },
  { fixture: 'encoding-crlf-syntax.yaml', transform: 'crlf', problems: [['dataset-syntax', 5, 30]], kept: 'last-good' },
  {
    fixture: 'encoding-crlf-build.yaml',
    transform: 'crlf',
    problems: [['quote-not-found', 20, 39]],
    kept: { entities: ['release'], facts: ['release-count'] },
    also: ({ dataset }) => assert.deepEqual(dataset.facts[0].values.map((v) => v.value), [123, 321]),
  },
  {
    fixture: 'generated: good dataset with a byte order mark',
    generate: () => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), readFileSync(path.join(GOOD, 'dataset.yaml'))]),
    problems: [],
    kept: 'last-good',
  },
  {
    fixture: 'generated: binary (NUL bytes)',
    generate: () => Buffer.concat([Buffer.from('factmark: 1\n'), Buffer.from([0, 1, 2, 0xff, 0xfe, 0])]),
    problems: [['dataset-syntax', 1, 1]],
    kept: 'last-good',
    message: /binary/,
  },
  {
    fixture: 'generated: Latin-1 (not UTF-8)',
    generate: () => Buffer.from('factmark: 1\ntitle: Łukašenka – caf\xe9\n', 'latin1'),
    problems: [['dataset-syntax', 1, 1]],
    kept: 'last-good',
    message: /not valid UTF-8/,
  },
  {
    // UTF-16 text contains NUL bytes, so it is called binary rather than "not UTF-8".
    fixture: 'generated: UTF-16LE with BOM',
    generate: () => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('factmark: 1\ntitle: UTF-16\n', 'utf16le')]),
    problems: [['dataset-syntax', 1, 1]],
    kept: 'last-good',
    message: /binary/,
  },
  // Nested more than 200 levels deep: refused before parsing (the parser's recursion could exhaust the stack), at the level past the limit.
  {
    fixture: 'generated: flow sequences nested 1,000 deep',
    generate: () => Buffer.from(`factmark: 1\ntitle: ${'['.repeat(1000)}${']'.repeat(1000)}\n`),
    problems: [['dataset-syntax', 2, 'title: '.length + 200]],
    kept: 'last-good',
    message: /nested too deeply/,
  },
  {
    fixture: 'generated: block sequences nested 1,000 deep',
    generate: () => Buffer.from(`factmark: 1\ntitle:\n${'- '.repeat(1000)}x\n`),
    problems: [['dataset-syntax', 3, 2 * 199 + 1]],
    kept: 'last-good',
    message: /nested too deeply/,
  },
  {
    fixture: 'generated: block mappings nested 1,000 deep',
    generate: () => Buffer.from(`factmark: 1\n${Array.from({ length: 1000 }, (_, i) => `${' '.repeat(i)}k:`).join('\n')} x\n`),
    problems: [['dataset-syntax', 202, 201]],
    kept: 'last-good',
    message: /nested too deeply/,
  },
  {
    fixture: 'generated: arrays nested 1,000 deep.json',
    generate: () => Buffer.from(`{"factmark": 1, "title": ${'['.repeat(1000)}${']'.repeat(1000)}}`),
    problems: [['dataset-syntax', 1, '{"factmark": 1, "title": '.length + 200]],
    kept: 'last-good',
    message: /nested too deeply/,
  },
  {
    fixture: `generated: a ${LONG.toLocaleString('en')}-character line`,
    generate: () => Buffer.from(`factmark: 1\ntitle: Long\nentities: [{ id: a, name: ${'A'.repeat(LONG)}, kind: human }]\n`),
    problems: [['dataset-schema', 3, 'entities: [{ id: a, name: '.length + LONG + ', kind: '.length + 1]],
    kept: 'last-good',
  },
];

// ---------------------------------------------------------------------------------------------

interface Workspace {
  readonly root: string;
  readonly file: string;
  readonly uri: string;
  readonly folder: DatasetFolder;
}

const temps: string[] = [];
function tempDir(prefix = 'factmark-broken-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

function writeSources(root: string): void {
  mkdirSync(path.join(root, 'sources'), { recursive: true });
  for (const name of ['wire.txt', 'wire #2.txt', '100%.txt']) copyFileSync(path.join(GOOD, 'wire.txt'), path.join(root, 'sources', name));
}

function extensionOf(c: Case): 'yaml' | 'json' {
  return c.fixture.endsWith('.json') ? 'json' : 'yaml';
}

function bytesOf(c: Case): Buffer {
  if (c.generate) return c.generate();
  let bytes = readFileSync(path.join(FIXTURES, c.fixture));
  if (c.transform === 'crlf') bytes = Buffer.from(bytes.toString('utf8').replace(/\r?\n/g, '\r\n'));
  if (c.transform === 'bom') bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]);
  return bytes;
}

/** A workspace whose dataset file has loaded cleanly once, so there is a last good version. */
async function goodWorkspace(extension: 'yaml' | 'json'): Promise<Workspace> {
  const root = tempDir();
  writeSources(root);
  const file = path.join(root, `data.facts.${extension}`);
  copyFileSync(path.join(GOOD, `dataset.${extension}`), file);
  const folder = new DatasetFolder(root);
  const load = await folder.reload();
  const uri = pathToFileURL(file).toString();
  assert.deepEqual(load.problems.get(uri), [], 'the good dataset loads cleanly');
  assert.deepEqual([...load.dataset.entities.keys()], GOOD_ENTITIES);
  return { root, file, uri, folder };
}

/** The text an editor shows for a file: UTF-8 without its byte order mark. */
function editorText(file: string): string | undefined {
  if (statSync(file).size > 20 * 1024 * 1024) return undefined;
  return readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
}

function located(text: string | undefined, problems: readonly DatasetProblem[]): Expected[] {
  const lines = new LineIndex(text ?? '');
  return problems.map((p) => {
    const at = lines.positionAt(p.start);
    return [p.code, at.line + 1, at.character + 1] as const;
  });
}

async function breakWith(c: Case): Promise<Outcome> {
  const ws = await goodWorkspace(extensionOf(c));
  writeFileSync(ws.file, bytesOf(c));
  const load = await ws.folder.reload();
  const problems = load.problems.get(ws.uri) ?? [];
  const analysis = analyzeDraft(DRAFT, load.dataset, { language: 'markdown' });
  return { folder: ws.folder, uri: ws.uri, text: editorText(ws.file), problems, dataset: load.dataset, analysis };
}

function assertKept(outcome: Outcome, kept: Kept): void {
  const { dataset } = outcome;
  if (kept === 'last-good') {
    assert.deepEqual([...dataset.entities.keys()], GOOD_ENTITIES, 'the last good entities stay in use');
    assert.deepEqual(dataset.facts.map((f) => f.id), GOOD_FACTS, 'the last good facts stay in use');
    assert.deepEqual(dataset.titles, [GOOD_TITLE]);
    assert.deepEqual(outcome.analysis.checks.map((check) => check.status), ['agrees', 'agrees'], 'drafts are still checked against the last good data');
  } else {
    assert.deepEqual([...dataset.entities.keys()], kept.entities, 'entities in use');
    assert.deepEqual(dataset.facts.map((f) => f.id), kept.facts, 'facts in use');
    assert.ok(!dataset.titles.includes(GOOD_TITLE), 'the new version is in use');
  }
}

function assertOutcome(c: Case, outcome: Outcome): void {
  const { problems, text } = outcome;
  for (const p of problems) {
    assert.ok(p.start >= 0 && p.end >= p.start, `a sane range: ${p.start}-${p.end}`);
    // (yaml marks an error at the end of the file as [length, length + 1]; positionAt clamps the end.)
    if (text !== undefined) assert.ok(p.start <= text.length, `the problem at ${p.start} lies inside the file (${text.length} characters)`);
  }
  const where = located(text, problems);
  assert.deepEqual(where, c.problems, `problems as code, line, column (messages: ${JSON.stringify(problems.map((p) => p.message))})`);
  if (c.message) assert.match(problems[0]?.message ?? '', c.message);
  assert.equal(outcome.analysis.internalError, undefined, 'drafts are still analysed');
  assertKept(outcome, c.kept);
  c.also?.(outcome);
}

describe('broken datasets (issue 7)', () => {
  after(() => {
    for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  describe('each fixture', () => {
    it(`has at least 40 committed fixtures, each in the table`, () => {
      const committed = CASES.filter((c) => !c.generate).map((c) => c.fixture);
      assert.ok(committed.length >= 40, `${committed.length} fixtures`);
      for (const fixture of committed) assert.ok(existsSync(path.join(FIXTURES, fixture)), fixture);
      const files = readdirSync(FIXTURES).filter((name) => name !== 'good');
      assert.deepEqual(files.filter((name) => !committed.includes(name)), [], 'every fixture file is in the table');
    });

    for (const c of CASES) {
      const title = `${c.fixture} → ${c.problems.map(([code, line, column]) => `${code} ${line}:${column}`).join(', ') || 'no problem'}; keeps ${c.kept === 'last-good' ? 'the last good version' : 'the new version'}`;
      it(title, async () => {
        assertOutcome(c, await breakWith(c));
      });
    }
  });

  describe('on the command line', () => {
    /** Source paths that once stopped the whole load ("factmark: URI malformed", exit 2). */
    const CLEAN = ['build-source-path-with-percent.yaml', 'build-source-path-with-hash.yaml'];
    /** CLI runs at a time: each is a Node process of its own. */
    const PARALLEL = 4;
    const runs = new Map<string, Promise<{ status: number | null; stdout: string; stderr: string }>>();

    before(function () {
      if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build it with \`node esbuild.mjs\``);
      // Every case, in PARALLEL lanes of one run after another; each test waits for its own run.
      const lanes: Promise<unknown>[] = [];
      for (const [i, c] of CASES.entries()) {
        const root = tempDir();
        writeSources(root);
        writeFileSync(path.join(root, `data.facts.${extensionOf(c)}`), bytesOf(c));
        writeFileSync(path.join(root, 'draft.md'), DRAFT);
        const run = (lanes[i % PARALLEL] ?? Promise.resolve()).then(() => runCli(root, `data.facts.${extensionOf(c)}`));
        lanes[i % PARALLEL] = run;
        runs.set(c.fixture, run);
      }
    });

    function runCli(root: string, dataset: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
      return new Promise((resolve) => {
        execFile(process.execPath, [CLI, 'check', '--dataset', dataset, 'draft.md'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
          resolve({ status: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
        );
      });
    }

    for (const c of CASES) {
      const severities = c.problems.map(([code]) => RULES[code].severity);
      const bad = severities.some((severity) => severity === 'error' || severity === 'warning');
      if (c.problems.length === 0 || !bad) {
        if (CLEAN.includes(c.fixture)) continue;
        it(`${c.fixture}: ${c.problems.length === 0 ? 'clean' : 'information only'}, so not bad input: exit code below 2`, async () => {
          const result = await runs.get(c.fixture)!;
          assert.ok(result.status === 0 || result.status === 1, `exit status ${result.status} (stderr: ${result.stderr})`);
        });
        continue;
      }
      it(`${c.fixture}: exit code 2 and a file:line:col: severity code line`, async () => {
        const result = await runs.get(c.fixture)!;
        assert.equal(result.status, 2, `exit status (stderr: ${result.stderr})`);
        const [code, line, column] = c.problems[0];
        const expected = `data.facts.${extensionOf(c)}:${line}:${column}: ${RULES[code].severity} ${code} `;
        assert.ok(result.stdout.split('\n').some((l) => l.startsWith(expected)), `expected "${expected}…" in:\n${result.stdout.slice(0, 4000)}`);
      });
    }

    for (const fixture of CLEAN) {
      it(`${fixture}: the source is read and the draft checked, exit code 0`, async () => {
        const result = await runs.get(fixture)!;
        assert.equal(result.stdout, '');
        assert.match(result.stderr, /no problems in 1 file \(reference data: 1 entities, 1 facts, 1 sources\)/);
        assert.equal(result.status, 0, `exit status (stderr: ${result.stderr})`);
      });
    }
  });

  describe('datasets that change under open drafts', () => {
    const ENTITY_B = 'factmark: 1\ntitle: B\nentities:\n  - { id: babaryka, name: Viktar Babaryka, kind: person, aliases: [Babaryka] }\n';

    it('a dataset deleted while loaded: its data goes, nothing throws, drafts are still checked', async () => {
      const ws = await goodWorkspace('yaml');
      const other = path.join(ws.root, 'other.facts.yaml');
      writeFileSync(other, ENTITY_B);
      await ws.folder.reload();
      assert.ok(ws.folder.dataset.entities.has('babaryka'));
      rmSync(other);
      const load = await ws.folder.reload();
      assert.ok(!load.dataset.entities.has('babaryka'), 'the deleted file\'s data is gone');
      assert.ok(!load.problems.has(pathToFileURL(other).toString()), 'and so are its problems');
      assert.deepEqual([...load.dataset.entities.keys()], GOOD_ENTITIES);
      assert.equal(analyzeDraft('Viktar Babaryka was freed.', load.dataset).mentions.length, 0);
    });

    it('a dataset deleted while broken: its last good version goes too', async () => {
      const ws = await goodWorkspace('yaml');
      writeFileSync(ws.file, 'factmark: 1\ntitle: [\n');
      await ws.folder.reload();
      assert.deepEqual([...ws.folder.dataset.entities.keys()], GOOD_ENTITIES, 'last good in use while broken');
      rmSync(ws.file);
      const load = await ws.folder.reload();
      assert.equal(load.dataset.entities.size, 0);
      assert.equal(load.problems.size, 0);
      const analysis = analyzeDraft(DRAFT, load.dataset);
      assert.equal(analysis.internalError, undefined);
      assert.deepEqual(analysis.checks.map((check) => check.status), ['unchecked', 'unchecked']);
    });

    it('a dataset renamed: the new name is picked up, the old one forgotten', async () => {
      const ws = await goodWorkspace('yaml');
      const renamed = path.join(ws.root, 'renamed.facts.yml');
      renameSync(ws.file, renamed);
      const load = await ws.folder.reload();
      assert.deepEqual(load.dataset.files, [pathToFileURL(renamed).toString()]);
      assert.deepEqual([...load.problems.keys()], [pathToFileURL(renamed).toString()]);
      assert.deepEqual([...load.dataset.entities.keys()], GOOD_ENTITIES);
      assert.deepEqual(analyzeDraft(DRAFT, load.dataset).checks.map((check) => check.status), ['agrees', 'agrees']);
      // Renamed to a name that is not a dataset's: the data goes.
      renameSync(renamed, path.join(ws.root, 'renamed.yaml'));
      assert.equal((await ws.folder.reload()).dataset.entities.size, 0);
    });

    it('two datasets that contradict each other: the same fact id is a duplicate in the second file; one entity under two ids is kept twice', async () => {
      const ws = await goodWorkspace('yaml');
      // "zz" sorts after "data": files are read in the order of their URIs.
      const second = path.join(ws.root, 'zz-other.facts.yaml');
      writeFileSync(
        second,
        [
          'factmark: 1',
          'title: Other desk',
          'sources: [{ id: tass, title: TASS report }]',
          'entities:',
          '  - { id: maria-kolesnikova, name: Maria Kolesnikova, kind: person, aliases: [Maria Kalesnikava, Kolesnikova] }',
          'facts:',
          '  - id: release-count',
          '    about: release',
          '    measure: prisoners freed',
          '    kind: count',
          '    values: [{ value: 132, cite: [{ source: tass, quote: freed 132 }] }]',
          '',
        ].join('\n'),
      );
      const load = await ws.folder.reload();
      const secondUri = pathToFileURL(second).toString();
      assert.deepEqual(located(readFileSync(second, 'utf8'), load.problems.get(secondUri)!), [['dataset-duplicate-id', 7, 9]]);
      assert.deepEqual(load.problems.get(ws.uri), []);
      assert.deepEqual(load.dataset.facts.find((f) => f.id === 'release-count')?.values.map((v) => v.value), [123], 'the first file wins');
      // Nothing says that maria-kolesnikova and kalesnikava are one person: both are kept, and her full name becomes ambiguous.
      assert.deepEqual([...load.dataset.entities.keys()], ['kalesnikava', 'release', 'maria-kolesnikova']);
      const analysis = analyzeDraft(DRAFT, load.dataset);
      assert.equal(analysis.internalError, undefined);
      const mention = analysis.mentions.find((m) => m.text === 'Maria Kalesnikava')!;
      assert.deepEqual(mention.candidates, ['kalesnikava', 'maria-kolesnikova']);
      assert.equal(mention.entityId, undefined, 'the name is ambiguous');
    });

    it('an entity or fact id defined in two files is reported on the second, naming the first, whose definition stays in use', async () => {
      const ws = await goodWorkspace('yaml');
      const second = path.join(ws.root, 'desk', 'b.facts.yaml');
      mkdirSync(path.dirname(second));
      writeFileSync(
        second,
        [
          'factmark: 1',
          'sources: [{ id: tass, title: TASS report }]',
          'entities:',
          '  - { id: kalesnikava, name: Maria Kolesnikova, kind: person }',
          'facts:',
          '  - { id: kalesnikava-age, about: kalesnikava, measure: age, kind: age, values: [{ value: 44, cite: [{ source: tass, quote: aged 44 }] }] }',
          '',
        ].join('\n'),
      );
      const load = await ws.folder.reload();
      const problems = load.problems.get(pathToFileURL(second).toString())!;
      assert.deepEqual(located(readFileSync(second, 'utf8'), problems), [['dataset-duplicate-id', 4, 11], ['dataset-duplicate-id', 6, 11]]);
      assert.equal(problems[0].message, "The entity id 'kalesnikava' is already defined in ../data.facts.yaml; this one is ignored.");
      assert.equal(problems[1].message, "The fact id 'kalesnikava-age' is already defined in ../data.facts.yaml; this one is ignored.");
      assert.deepEqual(load.problems.get(ws.uri), [], 'the first file is not blamed');
      assert.equal(load.dataset.entities.get('kalesnikava')?.name, 'Maria Kalesnikava', 'the first definition stays in use');
      assert.deepEqual(analyzeDraft(DRAFT, load.dataset).checks.map((check) => check.status), ['agrees', 'agrees']);
      // Beside each other, the other file is named by its name alone ("zz" sorts after "data": files are read in the order of their URIs).
      renameSync(second, path.join(ws.root, 'zz.facts.yaml'));
      const beside = (await ws.folder.reload()).problems.get(pathToFileURL(path.join(ws.root, 'zz.facts.yaml')).toString())!;
      assert.match(beside[0].message, /already defined in data\.facts\.yaml;/);
    });

    it('a symlinked dataset file is loaded when it leads to a file inside the workspace, refused with a reason when it leads out; linked folders are not entered', async () => {
      const root = tempDir();
      writeSources(root);
      mkdirSync(path.join(root, 'data'));
      copyFileSync(path.join(GOOD, 'dataset.yaml'), path.join(root, 'data', 'real.yaml'));
      const inside = path.join(root, 'link.facts.yaml');
      symlinkSync(path.join(root, 'data', 'real.yaml'), inside);
      const outside = tempDir('factmark-outside-');
      copyFileSync(path.join(GOOD, 'dataset.yaml'), path.join(outside, 'elsewhere.facts.yaml'));
      const leaving = path.join(root, 'outside.facts.yaml');
      symlinkSync(path.join(outside, 'elsewhere.facts.yaml'), leaving);
      symlinkSync(outside, path.join(root, 'linked-folder'));
      const load = await new DatasetFolder(root).reload();
      assert.deepEqual(load.dataset.files, [pathToFileURL(inside).toString()], 'the linked folder is not entered, the leaving link not used');
      assert.deepEqual([...load.dataset.entities.keys()], GOOD_ENTITIES);
      assert.deepEqual(load.problems.get(pathToFileURL(inside).toString()), [], 'no duplicate ids: the outside copy is not read');
      const refused = load.problems.get(pathToFileURL(leaving).toString())!;
      assert.deepEqual(located('', refused), [['dataset-syntax', 1, 1]]);
      assert.match(refused[0].message, /symbolic link to .*elsewhere\.facts\.yaml, outside the workspace folder; it is not read/);
      // Named on the command line, a file is read wherever it is: the user chose it.
      const explicit = await new DatasetFolder(root).reload([leaving]);
      assert.deepEqual([...explicit.dataset.entities.keys()], GOOD_ENTITIES);
    });

    it('a broken file shows only the problems of its current text, and its last good version stays in use', async () => {
      const { folder, file, uri } = await goodWorkspace('yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace('quote: "Maria Kalesnikava, 43,"', 'quote: "Maria Kalesnikava, aged 43,"'));
      assert.deepEqual(located(readFileSync(file, 'utf8'), (await folder.reload()).problems.get(uri)!), [['quote-not-found', 32, 39]]);
      writeFileSync(file, 'factmark: 1\ntitle: [\n');
      const problems = (await folder.reload()).problems.get(uri)!;
      const text = readFileSync(file, 'utf8');
      for (const p of problems) assert.ok(p.start <= text.length, `${p.code} at ${p.start} lies inside the ${text.length}-character file`);
      assert.deepEqual(located(text, problems), [['dataset-syntax', 3, 1]]);
      assert.deepEqual([...folder.dataset.entities.keys()], GOOD_ENTITIES);
      // Mended again, the file's own problems are back.
      writeFileSync(file, readFileSync(path.join(GOOD, 'dataset.yaml'), 'utf8').replace('quote: "Maria Kalesnikava, 43,"', 'quote: "Maria Kalesnikava, aged 43,"'));
      assert.deepEqual(located(readFileSync(file, 'utf8'), (await folder.reload()).problems.get(uri)!), [['quote-not-found', 32, 39]]);
    });
  });

  describe('large and pathological datasets', () => {
    it('a 100 MB dataset file is refused with a message, quickly, and the last good version stays', async function () {
      this.timeout(20_000);
      const started = Date.now();
      const ws = await goodWorkspace('yaml');
      const good = readFileSync(path.join(GOOD, 'dataset.yaml'));
      const size = 100 * 1024 * 1024;
      writeFileSync(ws.file, Buffer.concat([good, Buffer.alloc(size - good.length, '#\n')]));
      const written = Date.now();
      try {
        const load = await ws.folder.reload();
        const loaded = Date.now();
        const problems = load.problems.get(ws.uri)!;
        assert.deepEqual(located(undefined, problems), [['dataset-syntax', 1, 1]]);
        assert.match(problems[0].message, /100 MB.*20 MB/);
        assert.deepEqual([...load.dataset.entities.keys()], GOOD_ENTITIES);
        assert.deepEqual(analyzeDraft(DRAFT, load.dataset).checks.map((check) => check.status), ['agrees', 'agrees']);
        console.log(`      100 MB file: written in ${written - started} ms, reload in ${loaded - written} ms`);
        assert.ok(Date.now() - started < 15_000);
      } finally {
        rmSync(ws.file, { force: true });
      }
    });

    it('a file with 50,000 bad facts reports its first 100 schema errors and how many more there are, and the last good version stays', async function () {
      this.timeout(30_000);
      const lines = ['factmark: 1', 'title: Fifty thousand bad facts', 'entities: [{ id: release, name: the release, kind: event }]', 'facts:'];
      // Each fact lacks about, measure, kind and values: 200,000 schema errors.
      for (let i = 0; i < 50_000; i++) lines.push(`  - { id: f${i} }`);
      const c: Case = { fixture: 'generated: 50,000 bad facts', generate: () => Buffer.from(`${lines.join('\n')}\n`), problems: [], kept: 'last-good' };
      const started = Date.now();
      const outcome = await breakWith(c);
      const took = Date.now() - started;
      const where = located(outcome.text, outcome.problems);
      assert.equal(outcome.problems.length, 101, 'the first 100 problems and a summary');
      assert.deepEqual(where.slice(0, 4), [['dataset-schema', 5, 5], ['dataset-schema', 5, 5], ['dataset-schema', 5, 5], ['dataset-schema', 5, 5]]);
      assert.match(outcome.problems[0].message, /^facts\[0\]: missing required property 'about'\.$/);
      assert.match(outcome.problems[99].message, /^facts\[24\]: missing required property 'values'\.$/);
      assert.deepEqual(where[100], ['dataset-schema', 30, 5], 'the summary stands where the first unreported error is');
      assert.equal(outcome.problems[100].message, '… and 199,900 more schema errors in this file (the first 100 are reported).');
      assertKept(outcome, 'last-good');
      console.log(`      50,000 bad facts (${Math.round(outcome.text!.length / 1024)} KB): reported in ${took} ms`);
    });

    it('a schema-valid file with 10,000 entities loads in reasonable time', async function () {
      this.timeout(20_000);
      const root = tempDir();
      writeSources(root);
      const lines = ['factmark: 1', 'title: Ten thousand', 'sources: [{ id: wire, title: Wire report, path: sources/wire.txt }]', 'entities:'];
      for (let i = 0; i < 10_000; i++) lines.push(`  - { id: person-${i}, name: Person${i} Surname${i}, kind: person, aliases: [Surname${i}, P. Surname${i}] }`);
      lines.push('facts:');
      for (let i = 0; i < 200; i++) lines.push(`  - { id: age-${i}, about: person-${i}, measure: age, kind: age, values: [{ value: 43, cite: [{ source: wire, quote: "Maria Kalesnikava, 43," }] }] }`);
      writeFileSync(path.join(root, 'big.facts.yaml'), `${lines.join('\n')}\n`);
      const started = Date.now();
      const load = await new DatasetFolder(root).reload();
      const loaded = Date.now();
      assert.deepEqual([...load.problems.values()].flat(), []);
      assert.equal(load.dataset.entities.size, 10_000);
      assert.equal(load.dataset.facts.length, 200);
      const analysis = analyzeDraft('Person17 Surname17, 43, was freed.', load.dataset);
      const analysed = Date.now();
      assert.equal(analysis.internalError, undefined);
      assert.equal(analysis.mentions[0]?.entityId, 'person-17');
      console.log(`      10,000 entities + 200 facts (${Math.round(statSync(path.join(root, 'big.facts.yaml')).size / 1024)} KB): reload ${loaded - started} ms, first draft (builds the name index) ${analysed - loaded} ms`);
      assert.ok(loaded - started < 8_000, `reload took ${loaded - started} ms`);
    });

    it('a 2 MB file of a million nested brackets is refused within 2 seconds, before the YAML parser sees it', async function () {
      this.timeout(60_000);
      const depth = 1_000_000;
      const c: Case = {
        fixture: 'generated: very deep nesting',
        generate: () => Buffer.from(`factmark: 1\ntitle: ${'['.repeat(depth)}${']'.repeat(depth)}\n`),
        problems: [['dataset-syntax', 2, 'title: '.length + 200]],
        kept: 'last-good',
        message: /nested too deeply \(more than 200 levels\)/,
      };
      const started = Date.now();
      const outcome = await breakWith(c);
      const took = Date.now() - started;
      assertOutcome(c, outcome);
      console.log(`      ${depth.toLocaleString('en')} nested flow sequences: refused in ${took} ms`);
      assert.ok(took < 2_000, `${took} ms`);
    });

    it('nesting up to the limit is parsed as usual (here: a schema error, not a syntax error)', async () => {
      const depth = 190;
      const c: Case = {
        fixture: 'generated: nested 190 deep',
        generate: () => Buffer.from(`factmark: 1\ntitle: ${'['.repeat(depth)}${']'.repeat(depth)}\n`),
        problems: [['dataset-schema', 2, 8]],
        kept: 'last-good',
        message: /title: must be string/,
      };
      assertOutcome(c, await breakWith(c));
    });

    it('an anchor used more than 1,000 times in an otherwise valid file is refused as an alias attack', async () => {
      const lines = ['factmark: 1', 'title: Many aliases', 'sources: [{ id: wire, title: Wire report, path: sources/wire.txt }]', 'entities:', '  - { id: release, name: the December 2025 release, kind: event }', 'facts:'];
      lines.push('  - { id: f0, about: release, measure: m, kind: count, values: [{ value: 123, cite: &wire [{ source: wire, quote: "freed 123 political prisoners" }] }] }');
      for (let i = 1; i <= 1_001; i++) lines.push(`  - { id: f${i}, about: release, measure: m, kind: count, values: [{ value: 123, cite: *wire }] }`);
      // Reported at the first alias of the file.
      const c: Case = { fixture: 'generated: 1,001 aliases', generate: () => Buffer.from(`${lines.join('\n')}\n`), problems: [['dataset-syntax', 8, 85]], kept: 'last-good' };
      const started = Date.now();
      const outcome = await breakWith(c);
      assertOutcome(c, outcome);
      assert.match(outcome.problems[0].message, /Excessive alias count indicates a resource exhaustion attack/);
      console.log(`      1,001 uses of one anchor: refused in ${Date.now() - started} ms`);
    });
  });
});
