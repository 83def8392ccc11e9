import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyzeDraft, buildDataset, LineIndex, parseDatasetFile, resolveSourceUri, type DatasetProblem, type ParsedDatasetFile, type SourceText } from '../../server/src/core';
import { DATASET_URI, SMALL_DATASET, WIRE_TEXT } from './helpers';

/** Problems as "line:column code" (1-based), the way a user sees them. */
function located(text: string, problems: readonly DatasetProblem[]): string[] {
  const lines = new LineIndex(text);
  return problems.map((p) => {
    const at = lines.positionAt(p.start);
    return `${at.line + 1}:${at.character + 1} ${p.code}`;
  });
}

function problemsOf(yaml: string, sources: Record<string, SourceText> = {}): string[] {
  const parsed = parseDatasetFile(DATASET_URI, yaml);
  if (!parsed.ok) return located(yaml, parsed.problems);
  const texts = new Map(Object.entries(sources).map(([path, text]) => [new URL(path, DATASET_URI).toString(), text]));
  return located(yaml, buildDataset([parsed.file], texts).problems);
}

describe('dataset files', () => {
  it('loads the small dataset cleanly', () => {
    assert.deepEqual(problemsOf(SMALL_DATASET, { 'wire.txt': { status: 'ok', text: WIRE_TEXT } }), []);
  });

  it('reports a YAML syntax error at its line and column', () => {
    assert.deepEqual(problemsOf('factmark: 1\nentities:\n  - id: a\n    name: A: B\n'), ['4:11 dataset-syntax']);
    assert.deepEqual(problemsOf('factmark: 1\nentities:\n  - id: "a\n'), ['4:1 dataset-syntax']);
  });

  it('reports a JSON syntax error', () => {
    const problems = problemsOf('{"factmark": 1, "entities": [}');
    assert.equal(problems.length > 0 && problems.every((p) => p.endsWith('dataset-syntax')), true, problems.join());
  });

  it('points a schema error at the offending value', () => {
    const yaml = 'factmark: 1\nentities:\n  - id: a\n    name: A\n    kind: planet\n';
    assert.deepEqual(problemsOf(yaml), ['5:11 dataset-schema']);
  });

  it('points an unknown property at its key', () => {
    const yaml = 'factmark: 1\nentities:\n  - id: a\n    name: A\n    kind: person\n    nmae: B\n';
    assert.deepEqual(problemsOf(yaml), ['6:5 dataset-schema']);
  });

  it('reports duplicate ids, unknown references and impossible values', () => {
    const yaml = [
      'factmark: 1',
      'sources: [{ id: s, title: S }]',
      'entities:',
      '  - { id: a, name: A, kind: person }',
      '  - { id: a, name: A2, kind: person }',
      'facts:',
      '  - { id: f, about: nobody, measure: m, kind: count, values: [{ value: 1, cite: [{ source: s, quote: q }] }] }',
      '  - { id: g, about: a, measure: m, kind: age, values: [{ value: 300, cite: [{ source: s, quote: q }] }] }',
      '  - { id: h, about: a, measure: m, kind: count, values: [{ value: 1, cite: [{ source: nowhere, quote: q }] }] }',
    ].join('\n');
    const parsed = parseDatasetFile(DATASET_URI, yaml);
    assert.ok(parsed.ok);
    const problems = buildDataset([parsed.file], new Map()).problems;
    assert.deepEqual(
      problems.map((p) => `${p.code} ${yaml.slice(p.start, p.end)}`),
      ['dataset-duplicate-id a', 'dataset-unknown-reference nobody', 'dataset-bad-value 300', 'dataset-unknown-reference nowhere'],
    );
    assert.deepEqual(located(yaml, problems).map((p) => p.split(':')[0]), ['5', '7', '8', '9']);
  });

  it('reports a parent that is not in the dataset, at the id', () => {
    const yaml = 'factmark: 1\nentities:\n  - { id: son, name: Eduard B, kind: person, parents: [father] }\n';
    const parsed = parseDatasetFile(DATASET_URI, yaml);
    assert.ok(parsed.ok);
    const { problems, dataset } = buildDataset([parsed.file], new Map());
    assert.deepEqual(problems.map((p) => `${p.code} ${yaml.slice(p.start, p.end)}`), ['dataset-unknown-reference father']);
    assert.deepEqual(dataset.entities.get('son')?.parents, ['father']);
  });

  it('warns on a quote that does not occur in its source, at the quote', () => {
    const yaml = SMALL_DATASET.replace('"freed 123 political prisoners"', '"freed 132 political prisoners"');
    const problems = problemsOf(yaml, { 'wire.txt': { status: 'ok', text: WIRE_TEXT } });
    assert.equal(problems.length, 1);
    assert.match(problems[0], /^\d+:\d+ quote-not-found$/);
  });

  it('treats curly and straight quotation marks alike in quotes', () => {
    const yaml = SMALL_DATASET.replace('"on Saturday"', '"prisoners on Saturday"');
    assert.deepEqual(problemsOf(yaml, { 'wire.txt': { status: 'ok', text: WIRE_TEXT.replace('prisoners on', 'prisoners\u00A0on') } }), []);
  });

  it('says when a source cannot be read or lies outside the workspace', () => {
    assert.deepEqual(problemsOf(SMALL_DATASET, { 'wire.txt': { status: 'unavailable', reason: 'no such file' } }).map((p) => p.split(' ')[1]), ['source-unavailable']);
    assert.deepEqual(problemsOf(SMALL_DATASET, { 'wire.txt': { status: 'outside-workspace' } }).map((p) => p.split(' ')[1]), ['source-outside-workspace']);
  });

  it('refuses a "billion laughs" file instead of exhausting memory', () => {
    const lines = ['factmark: 1', 'a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    const started = process.hrtime.bigint();
    const result = parseDatasetFile(DATASET_URI, lines.join('\n'));
    assert.equal(result.ok, false);
    assert.ok(process.hrtime.bigint() - started < 2_000_000_000n, 'took too long');
  });

  it('resolves a source path as a file path beside the dataset file, to the URI Node gives that file', () => {
    const folder = '/news room/ü #1';
    const datasetUri = pathToFileURL(`${folder}/data.facts.yaml`).toString();
    const names = ['wire.txt', 'notes #1.txt', 'what?.txt', '100%.txt', 'a%2Fb.txt', '%2e%2e/x.txt', 'sub/../sub/./x.txt', '../up.txt', '../../../../../etc/passwd', '/etc/passwd', 'a//b.txt', 'Łukašenka 😀.txt', '~[x]^{y}|`"<>\'.txt', 'tab\there.txt'];
    for (const name of names) assert.equal(resolveSourceUri(datasetUri, name), pathToFileURL(path.posix.resolve(folder, name)).toString(), name);
    assert.equal(resolveSourceUri(datasetUri, 'sub\\x.txt'), pathToFileURL(`${folder}/sub/x.txt`).toString(), 'a backslash separates folders');
    assert.equal(resolveSourceUri(datasetUri, '//host/share/x.txt'), 'file:///host/share/x.txt', 'a UNC-like path is an absolute path here');
    assert.equal(resolveSourceUri(datasetUri, 'file://host/x.txt'), 'file://host/x.txt', 'a URL stays a URL (and is refused when read)');
    assert.equal(resolveSourceUri(datasetUri, '\uD800.txt'), pathToFileURL(`${folder}/\uFFFD.txt`).toString(), 'a lone surrogate does not throw');
  });

  it('a spelling made only of spaces never reaches the name index, whatever the data came through', () => {
    // The schema refuses such a file; this builds from data that skipped it (as another caller might).
    const file: ParsedDatasetFile = {
      uri: DATASET_URI,
      data: {
        factmark: 1,
        entities: [
          { id: 'blank', name: ' \u00A0 ', kind: 'person' },
          { id: 'bee', name: 'Bea Bumble', kind: 'person', aliases: ['   ', 'Bumble'] },
        ],
      },
      rangeOf: () => ({ start: 0, end: 1 }),
    };
    const built = buildDataset([file], new Map());
    assert.deepEqual(built.problems.map((p) => p.code), ['dataset-schema', 'dataset-schema']);
    assert.deepEqual([...built.dataset.entities.keys()], ['bee']);
    assert.deepEqual(built.dataset.entities.get('bee')?.aliases, ['Bumble']);
    const analysis = analyzeDraft('Bumble said so.', built.dataset);
    assert.equal(analysis.internalError, undefined);
    assert.equal(analysis.mentions[0]?.entityId, 'bee');
  });

  it('parses without throwing whatever the text', () => {
    const texts = ['', '\u0000', '[', '{', '*a', '&a [*a]', '!!binary x', '%YAML 9.9\n---\n', '? '.repeat(500), `${'- '.repeat(300)}x`, '{'.repeat(100_000), '"\\u12'];
    for (const text of texts) {
      for (const uri of [DATASET_URI, DATASET_URI.replace('.yaml', '.json')]) {
        const result = parseDatasetFile(uri, text);
        assert.equal(result.ok, false, `${uri}: ${JSON.stringify(text.slice(0, 20))}`);
      }
    }
  });
});

describe('building again from the pieces of an earlier build', () => {
  const uri = (name: string) => `file:///desk/${name}`;
  const parse = (name: string, yaml: string): ParsedDatasetFile => {
    const result = parseDatasetFile(uri(name), yaml);
    assert.ok(result.ok, `${name} parses`);
    return result.file;
  };
  const SOURCES = 'factmark: 1\nsources: [{ id: wire, title: Wire, path: wire.txt }]\nentities:\n  - { id: kal, name: Maria Kalesnikava, kind: person }\n  - { id: bab, name: Viktar Babaryka, kind: person }\n';
  const factsOf = (id: string, about: string, value: number, quote = 'aged 43') =>
    `factmark: 1\nfacts:\n  - { id: ${id}, about: ${about}, measure: age, kind: age, values: [{ value: ${value}, cite: [{ source: wire, quote: "${quote}" }] }] }\n`;
  const textsWith = (text: string) => new Map<string, SourceText>([[uri('wire.txt'), { status: 'ok', text }]]);
  /** What a user sees of a build: every fact with its values and quote places, every problem. */
  const seen = (built: ReturnType<typeof buildDataset>) => JSON.stringify({
    facts: built.dataset.facts.map((f) => [f.id, f.about, f.values.map((v) => [v.value, v.citations.map((c) => [c.sourceId, c.quote, c.quoteAt?.start])])]),
    problems: built.problems.map((p) => [p.uri, p.code, p.start, p.end, p.message]),
  });

  it('gives what a build from scratch gives, whatever changed, and reuses the facts of files nothing touched', () => {
    const pieces = new WeakMap();
    const a = parse('a.facts.yaml', SOURCES);
    const b = parse('b.facts.yaml', factsOf('kal-age', 'kal', 43));
    const c = parse('c.facts.yaml', factsOf('bab-age', 'bab', 61, 'freed'));
    let texts = textsWith('She was aged 43. They were freed.');
    const check = (files: ParsedDatasetFile[], what: string) => {
      const reused = buildDataset(files, texts, pieces);
      assert.equal(seen(reused), seen(buildDataset(files, texts)), what);
      return reused;
    };
    const first = check([a, b, c], 'the first build');
    const cFact = first.dataset.facts.find((f) => f.id === 'bab-age');

    // b edited: c's facts are the very objects of the first build.
    const b2 = parse('b.facts.yaml', factsOf('kal-age', 'kal', 44));
    const second = check([a, b2, c], 'after an edit to b');
    assert.equal(second.dataset.facts.find((f) => f.id === 'bab-age'), cFact, 'c is not built again');

    // a gains an entity and a source that no fact names: c's facts are still the same objects.
    const aMore = parse('a.facts.yaml', `${SOURCES.replace('path: wire.txt }', 'path: wire.txt }, { id: afp, title: AFP }')}  - { id: tsi, name: Sviatlana Tsikhanouskaya, kind: person }\n`);
    assert.equal(check([aMore, b2, c], 'after a gains an entity').dataset.facts.find((f) => f.id === 'bab-age'), cFact, 'c is not built again');

    // Babaryka removed from a: c's fact is about nobody now.
    const a2 = parse('a.facts.yaml', SOURCES.replace('  - { id: bab, name: Viktar Babaryka, kind: person }\n', ''));
    assert.match(seen(check([a2, b2, c], 'after an entity is removed')), /dataset-unknown-reference/);

    // The source text changes: c's quote is no longer found.
    texts = textsWith('She was aged 43.');
    assert.match(seen(check([a, b2, c], 'after the source text changes')), /quote-not-found/);
    texts = textsWith('She was aged 43. They were freed.');

    // b now defines bab-age too, before c: c's one is the duplicate.
    const b3 = parse('b.facts.yaml', `${factsOf('kal-age', 'kal', 44)}  - { id: bab-age, about: bab, measure: age, kind: age, values: [{ value: 62, cite: [{ source: wire, quote: freed }] }] }\n`);
    assert.match(seen(check([a, b3, c], 'after an earlier file takes a fact id')), /already defined in b\.facts\.yaml/);
    check([a, b2, c], 'and back');
    check([b2, a, c], 'with the files in another order');
  });
});
