/** Reading reference data from disk: discovery, last good versions, and paths confined to the workspace. */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, promises as fsPromises, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DatasetFolder, MAX_DATA_FILE_BYTES } from '../../server/src/workspace/datasets';
import { readAtMost } from '../../server/src/workspace/read';

const DATASET = (path: string) => `factmark: 1
sources: [{ id: s, title: S, path: ${JSON.stringify(path)} }]
entities: [{ id: a, name: Maria Kalesnikava, kind: person }]
facts:
  - { id: f, about: a, measure: age, kind: age, values: [{ value: 43, cite: [{ source: s, quote: aged 43 }] }] }
`;

describe('reference data on disk', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'factmark-folder-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const codes = (folder: DatasetFolder) => [...folder.load.problems.values()].flat().map((p) => p.code);

  it('finds *.facts.yaml, .yml and .json anywhere but in node_modules', async () => {
    mkdirSync(path.join(root, 'deep', 'er'), { recursive: true });
    mkdirSync(path.join(root, 'node_modules'));
    writeFileSync(path.join(root, 'deep', 'er', 'a.facts.yml'), 'factmark: 1\n');
    writeFileSync(path.join(root, 'b.facts.json'), '{"factmark": 1}');
    writeFileSync(path.join(root, 'node_modules', 'c.facts.yaml'), 'factmark: 1\n');
    const load = await new DatasetFolder(root).reload();
    assert.deepEqual(load.dataset.files.map((uri) => path.basename(uri)).sort(), ['a.facts.yml', 'b.facts.json']);
  });

  it('loads without waiting on a named pipe given as a source text, and says the source is unavailable', async () => {
    execFileSync('mkfifo', [path.join(root, 'pipe.txt')]); // reading a pipe nobody writes to would never end
    writeFileSync(path.join(root, 'x.facts.yaml'), DATASET('pipe.txt'));
    const folder = new DatasetFolder(root);
    await folder.reload();
    assert.equal(folder.dataset.facts.length, 1);
    assert.ok(codes(folder).includes('source-unavailable'), codes(folder).join(', '));
  });

  it('keeps the last good version of a file that breaks', async () => {
    writeFileSync(path.join(root, 'sources.txt'), 'She was aged 43 then.');
    const file = path.join(root, 'x.facts.yaml');
    writeFileSync(file, DATASET('sources.txt'));
    const folder = new DatasetFolder(root);
    await folder.reload();
    assert.equal(folder.dataset.facts.length, 1);
    writeFileSync(file, `${DATASET('sources.txt')}\n  - broken: [\n`);
    await folder.reload();
    assert.deepEqual(codes(folder), ['dataset-syntax']);
    assert.equal(folder.dataset.facts.length, 1, 'the last good data stays in use');
  });

  it('refuses source paths that leave the workspace, by ../, absolute path or symlink', async () => {
    const outside = mkdtempSync(path.join(tmpdir(), 'factmark-outside-'));
    try {
      writeFileSync(path.join(outside, 'secret.txt'), 'aged 43');
      symlinkSync(path.join(outside, 'secret.txt'), path.join(root, 'link.txt'));
      for (const source of ['../../../../etc/passwd', path.join(outside, 'secret.txt'), 'link.txt']) {
        writeFileSync(path.join(root, 'x.facts.yaml'), DATASET(source));
        const folder = new DatasetFolder(root);
        await folder.reload();
        assert.deepEqual(codes(folder), ['source-outside-workspace'], source);
      }
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  describe('reloading when only some files changed', () => {
    const SOURCES = 'factmark: 1\nsources: [{ id: s, title: S, path: sources.txt }]\n';
    const PEOPLE = (age: number) => `factmark: 1
entities: [{ id: a, name: Maria Kalesnikava, kind: person }]
facts:
  - { id: f, about: a, measure: age, kind: age, values: [{ value: ${age}, cite: [{ source: s, quote: aged 43 }] }] }
`;
    const ageOf = (folder: DatasetFolder) => folder.dataset.facts.find((fact) => fact.id === 'f')?.values[0].value;
    /**
     * Written with a modification time long past (a file modified in the last seconds is read
     * again on every reload, as a racy one).
     */
    const PAST = new Date('2026-01-01T00:00:00Z');
    const write = (name: string, text: string, modified = PAST) => {
      writeFileSync(path.join(root, name), text);
      utimesSync(path.join(root, name), modified, modified);
    };

    beforeEach(() => {
      writeFileSync(path.join(root, 'sources.txt'), 'She was aged 43 then.');
      write('a-sources.facts.yaml', SOURCES);
      write('b-people.facts.yaml', PEOPLE(43));
    });

    it('reads again only the file that changed, and uses what it now says', async () => {
      const folder = new DatasetFolder(root);
      assert.equal((await folder.reload()).filesRead, 2);
      assert.equal((await folder.reload()).filesRead, 0, 'nothing changed');
      assert.equal(ageOf(folder), 43);
      // The same size, other content: only the file's times tell it changed.
      write('b-people.facts.yaml', PEOPLE(44), new Date('2026-01-02T00:00:00Z'));
      const load = await folder.reload();
      assert.equal(load.filesRead, 1);
      assert.equal(ageOf(folder), 44);
      assert.deepEqual(codes(folder), [], 'no problems: the quote is still found');
    });

    it('reports a new problem in an unchanged file at its line and column', async () => {
      const folder = new DatasetFolder(root);
      await folder.reload();
      // The people file is unchanged, but the source its fact cites is gone.
      write('a-sources.facts.yaml', 'factmark: 1\nsources: []\n');
      const load = await folder.reload();
      assert.equal(load.filesRead, 1);
      const uri = [...load.problems.keys()].find((key) => key.endsWith('b-people.facts.yaml'))!;
      const [problem] = load.problems.get(uri)!;
      assert.equal(problem.code, 'dataset-unknown-reference');
      const text = folder.textOf(uri);
      assert.equal(text, PEOPLE(43), 'the text the problem is located in');
      assert.equal(text.slice(problem.start, problem.end), 's');
      assert.equal(text.slice(0, problem.start).split('\n').length, 4, 'on the fact\'s line');
    });

    it('keeps the dataset when nothing it is built from changed, and builds it again when a source text did', async () => {
      const folder = new DatasetFolder(root);
      const first = (await folder.reload()).dataset;
      assert.equal((await folder.reload()).dataset, first, 'nothing changed: the same dataset, not a rebuilt copy');
      // The quote's source text changes (it is no dataset file): the quote is checked again.
      writeFileSync(path.join(root, 'sources.txt'), 'She was 43 then.');
      const load = await folder.reload();
      assert.equal(load.filesRead, 0);
      assert.notEqual(load.dataset, first);
      assert.deepEqual(codes(folder), ['quote-not-found']);
      writeFileSync(path.join(root, 'sources.txt'), 'She was aged 43 then.');
      await folder.reload();
      assert.deepEqual(codes(folder), []);
    });

    it('builds a large file’s facts again from the file when a source they quote changes, and leaves them alone when another file gains an entity', async () => {
      // More facts than one build step takes (5,000), so the file is built over several turns.
      const count = 12_000;
      const facts = Array.from({ length: count }, (_, i) => ({ id: `big${i}`, about: 'a', measure: 'age', kind: 'age', values: [{ value: 43, cite: [{ source: 's', quote: 'aged 43' }] }] }));
      const big = JSON.stringify({ factmark: 1, facts }, null, 1);
      assert.ok(big.length > 256 * 1024, 'large enough for the fast path');
      write('c-big.facts.json', big);
      const folder = new DatasetFolder(root);
      const bigFacts = () => folder.dataset.facts.filter((fact) => fact.id.startsWith('big'));
      await folder.reload();
      const first = bigFacts();
      assert.equal(first.length, count);
      assert.deepEqual(first.map((fact) => fact.id), facts.map((fact) => fact.id), 'every fact, in order');
      assert.ok(first.every((fact) => fact.values[0].citations[0].quoteAt?.start === 8), 'every quote located in the source');

      write('b-people.facts.yaml', PEOPLE(43).replace(']\n', ', { id: b, name: Viktar Babaryka, kind: person }]\n'));
      assert.equal((await folder.reload()).filesRead, 1);
      assert.equal(bigFacts()[0], first[0], 'an entity the facts do not name: not built again');

      writeFileSync(path.join(root, 'sources.txt'), 'She was 43 then.');
      const without = await folder.reload();
      assert.equal(without.filesRead, 0, 'no dataset file changed');
      assert.equal(bigFacts().length, count, 'built again from the file read again');
      const bigUri = pathToFileURL(path.join(root, 'c-big.facts.json')).toString();
      assert.equal(without.problems.get(bigUri)?.filter((p) => p.code === 'quote-not-found').length, count);

      writeFileSync(path.join(root, 'sources.txt'), 'Then, aged 43, she was.');
      await folder.reload();
      assert.ok(bigFacts().every((fact) => fact.values[0].citations[0].quoteAt?.start === 6), 'located again, at the new place');
      assert.equal(folder.load.problems.get(bigUri)?.length, 0);
    });

    it('reads a file written in the last seconds again on every reload (a racy file)', async () => {
      const folder = new DatasetFolder(root);
      await folder.reload();
      writeFileSync(path.join(root, 'b-people.facts.yaml'), PEOPLE(47)); // modified now
      assert.equal((await folder.reload()).filesRead, 1);
      assert.equal((await folder.reload()).filesRead, 1, 'still racy: read again');
      assert.equal(ageOf(folder), 47);
    });

    it('reads a file again when it is open in an editor with other text', async () => {
      let open: string | undefined;
      const folder = new DatasetFolder(root, [], (uri) => (uri.endsWith('b-people.facts.yaml') ? open : undefined));
      await folder.reload();
      open = PEOPLE(45);
      assert.equal((await folder.reload()).filesRead, 1);
      assert.equal(ageOf(folder), 45);
      open = undefined; // closed without saving: the disk's version again
      assert.equal((await folder.reload()).filesRead, 1);
      assert.equal(ageOf(folder), 43);
    });

    it('reads a symbolic link again when it is pointed at another file', async () => {
      write('people-43.yaml', PEOPLE(43));
      write('people-46.yaml', PEOPLE(46));
      rmSync(path.join(root, 'b-people.facts.yaml'));
      symlinkSync('people-43.yaml', path.join(root, 'b-people.facts.yaml'));
      const folder = new DatasetFolder(root);
      await folder.reload();
      assert.equal(ageOf(folder), 43);
      rmSync(path.join(root, 'b-people.facts.yaml'));
      symlinkSync('people-46.yaml', path.join(root, 'b-people.facts.yaml'));
      assert.equal((await folder.reload()).filesRead, 1);
      assert.equal(ageOf(folder), 46);
    });
  });

  it('reports binary and non-UTF-8 dataset files instead of reading them', async () => {
    writeFileSync(path.join(root, 'bin.facts.yaml'), Buffer.from([0x66, 0x00, 0x01]));
    writeFileSync(path.join(root, 'latin.facts.yaml'), Buffer.from('factmark: 1\ntitle: caf\xe9\n', 'latin1'));
    const folder = new DatasetFolder(root);
    await folder.reload();
    const messages = [...folder.load.problems.values()].flat().map((p) => p.message);
    assert.ok(messages.some((m) => /binary/.test(m)));
    assert.ok(messages.some((m) => /not valid UTF-8/.test(m)));
  });

  it('reports a problem in a large JSON file (read the fast way, its text not kept) at its place, and locates its facts', async () => {
    const facts = Array.from({ length: 3000 }, (_, i) => ({ id: `f${i}`, about: 'a', measure: 'age', kind: 'age', values: [{ value: 43, cite: [{ source: 's', quote: 'aged 43' }] }] }));
    facts.push({ id: 'last', about: 'nobody', measure: 'age', kind: 'age', values: [{ value: 43, cite: [{ source: 's', quote: 'aged 43' }] }] });
    const text = JSON.stringify({ factmark: 1, sources: [{ id: 's', title: 'S' }], entities: [{ id: 'a', name: 'Maria Kalesnikava', kind: 'person' }], facts }, null, 1);
    assert.ok(text.length > 256 * 1024, 'large enough for the fast path');
    writeFileSync(path.join(root, 'big.facts.json'), text);
    const folder = new DatasetFolder(root);
    await folder.reload();
    const [uri, problems] = [...folder.load.problems].find(([, list]) => list.length > 0)!;
    assert.deepEqual(problems.map((p) => p.code), ['dataset-unknown-reference']);
    assert.equal(folder.textOf(uri), text);
    assert.equal(text.slice(problems[0].start, problems[0].end), '"nobody"');
    const fact = folder.dataset.facts[2999];
    assert.ok(text.slice(fact.definedAt.start, fact.definedAt.end).startsWith('{'));
    assert.match(text.slice(fact.definedAt.end, fact.definedAt.end + 30), /^\s*"id": "f2999"/);
  });

  describe('reading with a cap', () => {
    it('reads a file smaller than the cap whole, and at most cap + 1 bytes of a larger one', async () => {
      const file = path.join(root, 'f.txt');
      writeFileSync(file, 'x'.repeat(3 * 1024 * 1024 + 5));
      assert.equal((await readAtMost(file, 4 * 1024 * 1024)).length, 3 * 1024 * 1024 + 5);
      assert.equal((await readAtMost(file, 3 * 1024 * 1024 + 5)).length, 3 * 1024 * 1024 + 5, 'exactly the cap is not too large');
      assert.equal((await readAtMost(file, 1000)).length, 1001);
      writeFileSync(file, '');
      assert.equal((await readAtMost(file, 1000)).length, 0);
    });

    it('stops at cap + 1 bytes of a special file that reports size 0 and never ends', async () => {
      assert.equal((await readAtMost('/dev/zero', 2 * 1024 * 1024)).length, 2 * 1024 * 1024 + 1);
    });

    it('refuses a dataset file that is larger than the cap although its stat said it was small (it grew after)', async () => {
      const file = path.join(root, 'x.facts.yaml');
      writeFileSync(file, 'factmark: 1\ntitle: Small\n');
      const folder = new DatasetFolder(root);
      await folder.reload();
      assert.deepEqual(folder.dataset.titles, ['Small']);
      appendFileSync(file, '#\n'.repeat(MAX_DATA_FILE_BYTES / 2 + 1));
      const realStat = fsPromises.stat;
      // The stat the loader sees was taken before the file grew.
      fsPromises.stat = (async (...args: Parameters<typeof realStat>) => {
        const stat = await realStat(...args);
        return String(args[0]) === file ? Object.assign(Object.create(Object.getPrototypeOf(stat) as object) as typeof stat, stat, { size: 24 }) : stat;
      }) as typeof realStat;
      try {
        await folder.reload();
      } finally {
        fsPromises.stat = realStat;
      }
      const problems = [...folder.load.problems.values()].flat();
      assert.deepEqual(problems.map((p) => [p.code, p.message]), [['dataset-syntax', 'The dataset file is larger than 20 MB; Factmark reads dataset files up to 20 MB.']]);
      assert.deepEqual(folder.dataset.titles, ['Small'], 'the last good version stays in use');
    });
  });
});
