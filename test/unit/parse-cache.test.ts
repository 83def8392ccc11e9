/** The parse cache: packed copies of large dataset files, used only while their file is unchanged. */
import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildDataset, packDataset, unpackDataset, unpackedFile, parseDataset, type BuildResult, type Fact, type ParsedDatasetFile, type RawDataset, type SourceText } from '../../server/src/core';
import { DatasetFolder } from '../../server/src/workspace/datasets';
import { ParseCache } from '../../server/src/workspace/parseCache';
import { buildNameIndex, nameIndexInputKey } from '../../server/src/core/names';
import { allSteps } from '../../server/src/core/steps';
import { isWellFormedUtf8 } from '../../server/src/core/packing';

/** A file with every field of every kind of object, some absent, in several scripts. */
/** A fact's fields, values and place aside. */
function fieldsOf(fact: Fact) {
  const { id, about, measure, kind, unit, counts, signals, when, note } = fact;
  return { id, about, measure, kind, unit, counts, signals, when, note };
}

function everyField(): RawDataset {
  const signals = ['sentenced', 'jailed'];
  return {
    factmark: 1,
    title: 'Belarus — Dezember 2025 🇧🇾',
    sources: [
      { id: 's1', title: 'Report', publisher: 'Wire', date: '2025-12-13', url: 'https://example.org/a', path: 'sources/a.txt' },
      { id: 's2', title: 'Второй' },
    ],
    entities: [
      { id: 'kalesnikava', name: 'Maria Kalesnikava', kind: 'person', aliases: ['Kolesnikova', 'Марыя Калеснікава'], description: 'musician', related: ['babaryka'], parents: [], pronoun: 'she' },
      { id: 'babaryka', name: 'Viktar Babaryka', kind: 'person' },
    ],
    facts: [
      { id: 'f1', about: 'kalesnikava', measure: 'sentence', kind: 'duration', unit: 'year', counts: ['years'], signals, when: '2021-09', note: 'combining: e\u0301', values: [{ value: 11, bound: 'exact', cite: [{ source: 's1', quote: 'eleven years' }] }, { value: 10.5, cite: [{ source: 's2', quote: '«десять»' }] }] },
      { id: 'f2', about: 'babaryka', measure: 'sentence', kind: 'duration', signals, values: [{ value: -3, cite: [{ source: 's1', quote: 'eleven years' }] }] },
      { id: 'f3', about: 'babaryka', measure: 'release day', kind: 'weekday', values: [{ value: 'Saturday', bound: 'about', cite: [{ source: 's1', quote: 'on Saturday' }] }] },
    ],
  };
}

describe('packed dataset files', () => {
  it('unpack to exactly the data that was packed, every field and script', () => {
    const data = everyField();
    assert.deepEqual(unpackDataset(packDataset(data)!), data);
    assert.deepEqual(unpackDataset(packDataset({ factmark: 1 })!), { factmark: 1 });
  });

  it('keep a word list shared by several facts one list, as the check leaves it', () => {
    const facts = unpackDataset(packDataset(everyField())!)!.facts!;
    assert.equal(facts[0].signals, facts[1].signals);
  });

  it('give the same data as parsing the JSON, for a file the fast path read', () => {
    const facts = Array.from({ length: 3000 }, (_, i) => ({ id: `f${i}`, about: 'a', measure: 'age', kind: 'age', signals: ['aged'], values: [{ value: 40 + (i % 7), cite: [{ source: 's', quote: `aged ${i}` }] }] }));
    const text = JSON.stringify({ factmark: 1, sources: [{ id: 's', title: 'S' }], entities: [{ id: 'a', name: 'Maria Kalesnikava', kind: 'person' }], facts });
    const parsed = parseDataset('file:///big.facts.json', text);
    assert.ok(parsed.ok && 'locate' in parsed.file, 'read the fast way');
    assert.deepEqual(unpackDataset(packDataset(parsed.file.data)!), parsed.file.data);
  });

  it('are not made for a file with a lone surrogate, which UTF-8 cannot hold', () => {
    const data = everyField();
    data.facts![0].note = 'broken \ud800 here';
    assert.equal(packDataset(data), undefined);
  });

  // Their strings are checked as UTF-8 when opened and decoded only when read: the check must refuse what decoding would.
  it('are checked as UTF-8 exactly as a fatal decoder takes it', () => {
    const decoder = new TextDecoder('utf-8', { fatal: true });
    const decodes = (bytes: Uint8Array) => {
      try {
        decoder.decode(bytes);
        return true;
      } catch {
        return false;
      }
    };
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    // Lead bytes, continuation bytes and ASCII mixed, so that every rule is met and broken often.
    const byte = () => [() => random() * 0x80, () => 0x80 + random() * 0x40, () => 0xc0 + random() * 0x40][Math.floor(random() * 3)]();
    let wellFormed = 0;
    for (let i = 0; i < 50_000; i++) {
      const bytes = Uint8Array.from({ length: Math.floor(random() * 7) }, byte);
      assert.equal(isWellFormedUtf8(bytes), decodes(bytes), `bytes ${[...bytes].map((b) => b.toString(16)).join(' ')}`);
      if (decodes(bytes)) wellFormed++;
    }
    assert.ok(wellFormed > 5000 && wellFormed < 45_000, `${wellFormed} of the random byte strings well formed: both kinds must be tried`);
    for (const text of ['', 'Kalesnikava', 'Калеснікава', 'e\u0301', '🇧🇾 «десять»', '\u{10FFFF}']) assert.ok(isWellFormedUtf8(new TextEncoder().encode(text)), text);
  });

  it('are refused whole when damaged: truncated, another format, or any byte changed; never a throw', () => {
    const packed = packDataset(everyField())!;
    for (let length = 0; length < packed.length; length += 7) assert.equal(unpackDataset(packed.subarray(0, length)), undefined, `truncated to ${length}`);
    const otherFormat = packed.slice();
    otherFormat[4] ^= 0xff;
    assert.equal(unpackDataset(otherFormat), undefined);
    // A changed byte may still be a packing (a different letter of a quote), but never throws or gives a malformed file.
    for (let at = 0; at < packed.length; at++) {
      const damaged = packed.slice();
      damaged[at] ^= 0x5a;
      const data = unpackDataset(damaged);
      if (data) assert.ok(Array.isArray(data.facts) && data.facts.every((fact) => typeof fact.id === 'string' && Array.isArray(fact.values)));
    }
  });
});

describe('facts unpacked in built form', () => {
  const uri = 'file:///desk/big.facts.json';
  const texts = new Map<string, SourceText>([['file:///desk/sources/a.txt', { status: 'ok', text: 'He got eleven years, and was freed on Saturday.' }]]);
  /** everyField without its problem (a negative sentence). */
  const clean = () => {
    const data = everyField();
    data.facts![1].values[0].value = 3;
    return data;
  };
  const parsed = (data: RawDataset, at = uri) => {
    const result = parseDataset(at, JSON.stringify(data, null, 1));
    assert.ok(result.ok);
    return result.file;
  };
  const unpacked = (data: RawDataset, textGone = false, at = uri) => {
    const text = JSON.stringify(data, null, 1);
    return unpackedFile(at, packDataset(data)!, () => (textGone ? undefined : text))!;
  };
  /** Every field of every fact, where each was written and where its quotes stand; and the problems with their places. */
  const seen = (result: BuildResult) => ({
    // Every field named: a fact reads its fields from its file's rows and works its values and place out when asked (it has no own fields to spread).
    facts: result.dataset.facts.map((fact) => ({
      ...fieldsOf(fact),
      values: fact.values,
      definedAt: { uri: fact.definedAt.uri, start: fact.definedAt.start, end: fact.definedAt.end },
    })),
    problems: result.problems.map((problem) => ({ ...problem })),
  });
  const build = (...files: ParsedDatasetFile[]) => seen(buildDataset(files, texts));

  it('are the facts the build makes of the raw ones, quote places and fact places included', () => {
    const fromCache = build(unpacked(clean()));
    assert.deepEqual(fromCache, build(parsed(clean())));
    assert.equal(fromCache.facts[0].values[0].citations[0].quoteAt?.start, 7, 'the quote found in the source text');
  });

  it('give the same values when no quote is found in a source text (values left packed until asked for)', () => {
    const noTexts = new Map<string, SourceText>();
    const fromCache = buildDataset([unpacked(clean())], noTexts);
    assert.deepEqual(seen(fromCache), seen(buildDataset([parsed(clean())], noTexts)));
    const [f1] = fromCache.dataset.facts;
    assert.deepEqual(f1.values.map((value) => [value.value, value.bound, value.citations.map((citation) => citation.quote)]), [[11, 'exact', ['eleven years']], [10.5, 'exact', ['«десять»']]]);
    assert.equal(f1.values, f1.values, 'decoded once and kept');
  });

  it('are refused whole when damaged, or give values that are all there; never a throw', () => {
    const packed = packDataset(clean())!;
    const text = JSON.stringify(clean(), null, 1);
    for (let at = 0; at < packed.length; at++) {
      const damaged = packed.slice();
      damaged[at] ^= 0x5a;
      const file = unpackedFile(uri, damaged, () => text);
      if (!file) continue;
      for (const fact of buildDataset([file], new Map()).dataset.facts) {
        const { id, about, measure, kind, unit, counts, signals, when, note } = fieldsOf(fact);
        assert.ok([id, about, measure, kind].every((field) => typeof field === 'string'), `byte ${at}`);
        assert.ok([unit, when, note].every((field) => field === undefined || typeof field === 'string'), `byte ${at}`);
        assert.ok([counts, signals].every((list) => list.every((word) => typeof word === 'string')), `byte ${at}`);
        for (const value of fact.values) {
          assert.ok(typeof value.value === 'number' || typeof value.value === 'string', `byte ${at}`);
          assert.ok(value.citations.every((citation) => typeof citation.sourceId === 'string' && typeof citation.quote === 'string'), `byte ${at}`);
        }
      }
    }
  });

  it('are taken as they are, without the raw facts, when nothing is wrong with them', () => {
    // The file's text is gone: only the facts in built form can give the dataset its facts.
    const { facts, problems } = build(unpacked(clean(), true));
    assert.deepEqual(facts.map((fact) => fact.id), ['f1', 'f2', 'f3']);
    assert.deepEqual(problems, []);
  });

  it('give way to the raw facts when one has a problem: the same problems, at the same places', () => {
    const wrong = everyField(); // f2's sentence is negative
    wrong.facts!.push({ id: 'f4', about: 'nobody', measure: 'age', kind: 'age', values: [{ value: 40, cite: [{ source: 's1', quote: 'not in the text' }] }] });
    const fromCache = build(unpacked(wrong));
    assert.deepEqual(fromCache, build(parsed(wrong)));
    assert.deepEqual(fromCache.problems.map((problem) => problem.code), ['dataset-bad-value', 'dataset-unknown-reference']);
    const unquoted = clean();
    unquoted.facts![2].values[0].cite[0].quote = 'on Sunday';
    assert.deepEqual(build(unpacked(unquoted)).problems.map((problem) => problem.code), ['quote-not-found']);
  });

  it('give way to the raw facts when an id was defined in an earlier file, which is reported', () => {
    const other = 'file:///desk/another.facts.json';
    const earlier: RawDataset = { factmark: 1, entities: [{ id: 'x', name: 'Ales Bialiatski', kind: 'person' }], facts: [{ id: 'f3', about: 'x', measure: 'age', kind: 'age', values: [{ value: 63, cite: [{ source: 's1', quote: 'eleven years' }] }] }] };
    const fromCache = build(parsed(earlier, other), unpacked(clean()));
    assert.deepEqual(fromCache, build(parsed(earlier, other), parsed(clean())));
    assert.deepEqual(fromCache.problems.map((problem) => [problem.code, problem.uri]), [['dataset-duplicate-id', uri]]);
  });
});

describe('the parse cache of a folder', () => {
  let root: string;
  let cacheDir: string;
  const PAST = new Date('2026-01-01T00:00:00Z');
  const bigFile = () => path.join(root, 'big.facts.json');
  /** The packed files' entries (the folder's record of distinct ids aside). */
  const entries = () => readdirSync(cacheDir).filter((name) => name.endsWith('.pack'));
  /** A file the fast path reads, with one fact about an unknown entity (a problem with a place). */
  const writeBig = (age: number) => {
    const facts = Array.from({ length: 3000 }, (_, i) => ({ id: `f${i}`, about: 'a', measure: 'age', kind: 'age', values: [{ value: age, cite: [{ source: 's', quote: `aged ${age}` }] }] }));
    facts.push({ id: 'last', about: 'nobody', measure: 'age', kind: 'age', values: [{ value: age, cite: [{ source: 's', quote: `aged ${age}` }] }] });
    writeFileSync(bigFile(), JSON.stringify({ factmark: 1, sources: [{ id: 's', title: 'S', path: 'source.txt' }], entities: [{ id: 'a', name: 'Maria Kalesnikava', kind: 'person' }], facts }, null, 1));
    // Long unmodified: a file written in the last seconds (racy) is neither cached nor taken from the cache.
    utimesSync(bigFile(), PAST, PAST);
  };
  const load = async () => {
    const folder = new DatasetFolder(root);
    folder.cache = new ParseCache(cacheDir);
    return { folder, load: await folder.reload() };
  };
  const summary = (folder: DatasetFolder) => ({
    facts: folder.dataset.facts.map((fact) => [fact.id, fact.values[0].value, fact.values[0].citations[0].quoteAt?.start, fact.definedAt.start, fact.definedAt.end]),
    entities: [...folder.dataset.entities.keys()],
    problems: [...folder.load.problems].map(([uri, problems]) => [uri, problems.map((p) => [p.code, p.start, p.end, p.message])]),
  });

  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'factmark-cached-'));
    cacheDir = mkdtempSync(path.join(tmpdir(), 'factmark-cache-'));
    writeFileSync(path.join(root, 'source.txt'), 'She was aged 43 then, aged 44 later.');
    writeBig(43);
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(cacheDir, { recursive: true, force: true });
  });

  it('gives the next start the same dataset, problem places and fact places without parsing the file', async () => {
    const first = await load();
    assert.equal(first.load.filesFromCache, 0);
    assert.equal(entries().length, 1, 'one entry written');
    const second = await load();
    assert.equal(second.load.filesFromCache, 1);
    assert.deepEqual(summary(second.folder), summary(first.folder));
    const [problem] = second.load.problems.get(pathToFileURL(bigFile()).toString())!;
    assert.equal(readFileSync(bigFile(), 'utf8').slice(problem.start, problem.end), '"nobody"', 'the problem at its place in the file');
  });

  it('is not used once the file changed: the new content counts, and replaces the entry', async () => {
    await load();
    writeBig(44);
    const changed = await load();
    assert.equal(changed.load.filesFromCache, 0);
    assert.equal(changed.folder.dataset.facts[0].values[0].value, 44);
    const again = await load();
    assert.equal(again.load.filesFromCache, 1);
    assert.equal(again.folder.dataset.facts[0].values[0].value, 44);
    assert.equal(entries().length, 1);
  });

  it('parses the file as if there were no cache when an entry is damaged or is another file’s', async () => {
    const fresh = await load();
    const [entry] = entries();
    const bytes = readFileSync(path.join(cacheDir, entry));
    writeFileSync(path.join(cacheDir, entry), bytes.subarray(0, bytes.length - 100));
    const damaged = await load();
    assert.equal(damaged.load.filesFromCache, 0);
    assert.deepEqual(summary(damaged.folder), summary(fresh.folder));
    // Another file's entry under this file's name: its stamp names the other file.
    const stamped = readFileSync(path.join(cacheDir, entry)).toString('latin1').replace(/big\.facts\.json/, 'bag.facts.json');
    writeFileSync(path.join(cacheDir, entry), Buffer.from(stamped, 'latin1'));
    assert.equal((await load()).load.filesFromCache, 0);
  });

  it('neither writes nor reads an entry for a file written in the last seconds', async () => {
    writeFileSync(bigFile(), readFileSync(bigFile())); // modified now
    await load();
    assert.deepEqual(readdirSync(cacheDir), []);
  });

  it('prunes entries unused for a month, and keeps those read or written since', async () => {
    await load();
    const cache = new ParseCache(cacheDir);
    const kept = readdirSync(cacheDir).sort(); // the file's entry and the folder's record of distinct ids
    assert.equal(kept.length, 2);
    const stale = [path.join(cacheDir, `${'0'.repeat(40)}.pack`), path.join(cacheDir, `${'0'.repeat(40)}.ids.json`)];
    for (const file of stale) {
      writeFileSync(file, 'of a file or folder deleted long ago');
      utimesSync(file, PAST, PAST);
    }
    for (const name of kept) utimesSync(path.join(cacheDir, name), PAST, PAST);
    await load(); // reads both: marked as used
    assert.equal(await cache.prune(), 2);
    assert.deepEqual(readdirSync(cacheDir).sort(), kept);
    assert.equal(await new ParseCache(path.join(root, 'no-such-folder')).prune(), 0);
  });

  describe('and the fact ids of files a build found distinct', () => {
    /** A file the fast path reads whose facts have these ids, about an entity of its own. */
    const writeFacts = (name: string, ids: readonly string[]) => {
      const entity = `e-${name}`;
      const facts = ids.map((id) => ({ id, about: entity, measure: 'age', kind: 'age', values: [{ value: 43, cite: [{ source: `s-${name}`, quote: 'aged 43' }] }] }));
      const file = path.join(root, `${name}.facts.json`);
      writeFileSync(file, JSON.stringify({ factmark: 1, sources: [{ id: `s-${name}`, title: 'S' }], entities: [{ id: entity, name: `Person ${name}`, kind: 'person' }], facts }, null, 1));
      utimesSync(file, PAST, PAST);
    };
    const many = (prefix: string) => Array.from({ length: 3000 }, (_, i) => `${prefix}${i}`);
    const duplicates = (loaded: { load: { problems: ReadonlyMap<string, readonly { code: string; message: string }[]> } }) =>
      [...loaded.load.problems].flatMap(([uri, problems]) => problems.filter((p) => p.code === 'dataset-duplicate-id').map((p) => `${path.basename(uri)}: ${p.message}`));

    beforeEach(() => rmSync(bigFile()));

    it('still reports an id that a changed or an added file defines again', async () => {
      writeFacts('a', many('a'));
      writeFacts('b', many('b'));
      await load();
      const again = await load();
      assert.equal(again.load.filesFromCache, 2);
      assert.deepEqual(duplicates(again), []);
      assert.equal(again.folder.dataset.facts.length, 6000);
      writeFacts('c', ['a7']); // added after a and b, which are as the record says
      assert.deepEqual(duplicates(await load()), ["c.facts.json: The fact id 'a7' is already defined in a.facts.json; this one is ignored."]);
      rmSync(path.join(root, 'c.facts.json'));
      await load();
      writeFacts('b', [...many('b'), 'a8']); // changed since the record was made
      const changed = ["b.facts.json: The fact id 'a8' is already defined in a.facts.json; this one is ignored."];
      assert.deepEqual(duplicates(await load()), changed);
      const fromCache = await load(); // the changed file's entry is the one read now, and the record is still of the old b
      assert.equal(fromCache.load.filesFromCache, 2);
      assert.deepEqual(duplicates(fromCache), changed);
    });

    it('are recorded only from a build without a duplicate id', async () => {
      writeFacts('a', many('a'));
      writeFacts('b', [...many('b'), 'a9']);
      const expected = ["b.facts.json: The fact id 'a9' is already defined in a.facts.json; this one is ignored."];
      assert.deepEqual(duplicates(await load()), expected);
      const again = await load();
      assert.equal(again.load.filesFromCache, 2);
      assert.deepEqual(duplicates(again), expected);
    });
  });

  describe('and the name index', () => {
    const dataset = () => {
      const folder = new DatasetFolder(root);
      return folder.reload().then((loaded) => loaded.dataset);
    };

    it('is kept for the same entities and the same build of the code only', async () => {
      const data = await dataset();
      const key = allSteps(nameIndexInputKey(data));
      const built = buildNameIndex(data);
      const buildA = new ParseCache(cacheDir, 'build A');
      assert.equal(await buildA.readNameIndex(root, key, data), undefined, 'nothing kept yet');
      await buildA.writeNameIndex(root, key, data, built);
      assert.deepEqual(await buildA.readNameIndex(root, key, data), built);
      assert.equal(await new ParseCache(cacheDir, 'build B').readNameIndex(root, key, data), undefined, 'another build of the code');
      assert.equal(await buildA.readNameIndex(root, `${key}x`, data), undefined, 'other entities');
      assert.equal(await buildA.readNameIndex(path.join(root, 'other'), key, data), undefined, 'another folder');
    });

    it('is neither kept nor read by code run from its sources, which has no build stamp', async () => {
      const data = await dataset();
      const unstamped = new ParseCache(cacheDir); // these tests run from the sources
      assert.equal(unstamped.keepsNameIndexes, false);
      await unstamped.writeNameIndex(root, 'key', data, buildNameIndex(data));
      assert.deepEqual(readdirSync(cacheDir), []);
    });
  });

  it('says why an entry could not be written, and loads all the same', async () => {
    const cache = new ParseCache(path.join(bigFile(), 'not-a-folder'));
    const folder = new DatasetFolder(root);
    folder.cache = cache;
    const loaded = await folder.reload();
    assert.equal(loaded.dataset.facts.length, 3000);
    assert.match(cache.takeWriteError() ?? '', /ENOTDIR|EEXIST/);
    assert.equal(cache.takeWriteError(), undefined, 'said once');
  });
});
