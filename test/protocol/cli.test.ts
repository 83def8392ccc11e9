/** The command line, run as a desk's CI would run it. */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { writeLargeDataset } from './large-dataset';

const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');
const EXAMPLE = path.join(__dirname, '..', '..', 'examples', 'belarus-2025');

function run(args: string[], cwd = EXAMPLE) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('command line', () => {
  it('prints findings as file:line:col: severity code message and exits 1 on warnings', () => {
    const { code, stdout, stderr } = run(['check', 'draft.md']);
    assert.equal(code, 1);
    const lines = stdout.trim().split('\n');
    assert.ok(lines.every((line) => /^draft\.md:\d+:\d+: (warning|information) (figure-mismatch|figure-disputed|name-inconsistent) .+/.test(line)), stdout);
    assert.equal(lines.filter((line) => line.includes(' warning figure-mismatch ')).length, 4);
    assert.match(stdout, /^draft\.md:13:143: warning figure-mismatch "104" .*114/m);
    assert.match(stderr, /4 warnings, 4 information in 1 file \(reference data: \d+ entities, \d+ facts, 5 sources\)/);
  });

  it('writes JSON findings with ranges and fixes', () => {
    const { code, stdout } = run(['check', '--format', 'json', 'draft.md']);
    assert.equal(code, 1);
    const findings = JSON.parse(stdout) as { file: string; code: string; start: { line: number }; fixes: { edits: { newText: string }[] }[] }[];
    const mismatch = findings.find((f) => f.code === 'figure-mismatch')!;
    assert.equal(mismatch.file, 'draft.md');
    assert.equal(mismatch.start.line, 12);
    assert.deepEqual(mismatch.fixes.map((f) => f.edits[0].newText), ['114', '<!-- factmark-disable-next-line figure-mismatch -->\n']);
  });

  it('exits 0 on a clean draft and takes --dataset from anywhere', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'factmark-cli-'));
    try {
      writeFileSync(path.join(dir, 'clean.md'), 'Belarus freed 123 political prisoners.\n');
      const { code, stderr } = run(['check', '--dataset', path.join(EXAMPLE, 'belarus-2025.facts.yaml'), 'clean.md'], dir);
      assert.equal(code, 0, stderr);
      assert.match(stderr, /no problems in 1 file/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps large dataset files packed in --cache DIR, and gives the same findings from there', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'factmark-cli-cache-'));
    try {
      writeLargeDataset(path.join(dir, 'big.facts.json'));
      writeFileSync(path.join(dir, 'draft.md'), 'Maria Kalesnikava, 47, was freed.\n');
      const first = run(['check', '--cache', 'cache', 'draft.md'], dir);
      assert.equal(first.code, 1, first.stderr);
      assert.equal(readdirSync(path.join(dir, 'cache')).filter((name) => name.endsWith('.pack')).length, 1, 'one entry written');
      const second = run(['check', '--cache', 'cache', 'draft.md'], dir);
      assert.equal(second.stdout, first.stdout);
      assert.match(second.stdout, /figure-mismatch "47"/);
      assert.match(second.stderr, /1 of 1 dataset files from the cache, the name index from the cache/);
      assert.doesNotMatch(first.stderr, /from the cache/);
      assert.equal(readdirSync(path.join(dir, 'cache')).filter((name) => name.endsWith('.names')).length, 1, 'the name index kept');
      const unwritable = run(['check', '--cache', 'draft.md', 'draft.md'], dir);
      assert.equal(unwritable.stdout, first.stdout, 'checked all the same');
      assert.match(unwritable.stderr, /could not write to the cache in draft\.md .*(ENOTDIR|EEXIST)/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits 2 with a message on bad input', () => {
    const missing = run(['check', 'no-such-draft.md']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read no-such-draft\.md: ENOENT/);
    const usage = run(['check', '--format', 'xml', 'draft.md']);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /--format must be text or json/);
    const empty = mkdtempSync(path.join(tmpdir(), 'factmark-empty-'));
    try {
      writeFileSync(path.join(empty, 'draft.md'), 'Belarus freed 123 political prisoners.\n');
      const noData = run(['check', 'draft.md'], empty);
      assert.equal(noData.code, 2);
      assert.match(noData.stderr, /no reference dataset found/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('exits 2 without checking a draft over the size limit, and says how to raise it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'factmark-cli-'));
    try {
      cpSync(path.join(EXAMPLE, 'belarus-2025.facts.yaml'), path.join(dir, 'belarus-2025.facts.yaml'));
      // One wrong figure, then filler: 40 + 29 × 72,586 = 2,105,034 bytes.
      writeFileSync(path.join(dir, 'huge.md'), 'Belarus freed 132 political prisoners.\n\n' + 'The talks went on all night. '.repeat(72_586));
      const huge = run(['check', 'huge.md'], dir);
      assert.equal(huge.code, 2);
      assert.match(huge.stderr, /huge\.md is not checked: it has 2,105,034 characters, over the limit of 2,000,000 characters \(raise it with --max-file-size\)/);
      assert.equal(huge.stdout, '', 'nothing of it is reported');
      const raised = run(['check', '--max-file-size', '3000000', 'huge.md'], dir);
      assert.equal(raised.code, 1, 'checked once the limit allows it');
      assert.match(raised.stdout, /^huge\.md:1:\d+: warning figure-mismatch "132"/m);
      assert.equal(run(['check', '--max-file-size', '0', 'huge.md'], dir).code, 2);
      // Characters, as in the editor: 1,000 of "ж" are 2,000 bytes but within a limit of 1,000.
      writeFileSync(path.join(dir, 'cyrillic.md'), 'ж'.repeat(1000));
      assert.equal(run(['check', '--max-file-size', '1000', 'cyrillic.md'], dir).code, 0);
      const long = run(['check', '--max-file-size', '999', 'cyrillic.md'], dir);
      assert.equal(long.code, 2);
      assert.match(long.stderr, /it has 1,000 characters, over the limit of 999 characters/);
      // Far over the limit: known from the bytes alone, the rest of the file unread.
      assert.match(run(['check', '--max-file-size', '10', 'huge.md'], dir).stderr, /it has more than 30 bytes, over the limit of 10 characters/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits 2 and says where, when the dataset is broken', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'factmark-cli-'));
    try {
      cpSync(path.join(EXAMPLE, 'draft.md'), path.join(dir, 'draft.md'));
      writeFileSync(path.join(dir, 'bad.facts.yaml'), 'factmark: 1\nentities:\n  - id: a\n    name: A: B\n');
      const { code, stdout } = run(['check', 'draft.md'], dir);
      assert.equal(code, 2);
      assert.match(stdout, /^bad\.facts\.yaml:4:11: error dataset-syntax /m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
