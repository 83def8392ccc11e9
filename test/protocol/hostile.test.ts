/**
 * Hostile workspaces, through the real server process (issue 7). A workspace full of code that
 * would leave a marker if it ran, dataset strings made of JavaScript, regex metacharacters and
 * catastrophic-backtracking patterns, YAML tags and bombs, source paths and symlinks that lead out
 * of the workspace. Across one whole session (initialize, open, edits, hovers, code actions,
 * reloads, "check all drafts") the server is watched from outside:
 *
 * - its file descriptors, sampled every few ms from /proc/<pid>/fd, and its network tables
 *   (/proc/<pid>/net/{tcp,tcp6,udp,udp6,raw,raw6}): no socket but the stdio ones, which Node's
 *   spawn() makes as AF_UNIX socket pairs (not pipes), and none of them in a network table;
 * - with strace attached (when strace is installed and ptrace is allowed; otherwise those checks
 *   are skipped with a note; FACTMARK_NO_STRACE=1 skips them too): every file opened, every
 *   process started, every socket call;
 * - the workspace's every file and folder (path, type, size, mtime, link target), before and after.
 *
 * Then source paths that are not plain relative paths, and Restricted Mode at the protocol level
 * (VS Code sends `factmark.datasets` without the workspace's value there).
 */
import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Diagnostic, Hover, Range, SemanticTokens } from 'vscode-languageserver-protocol';
import { TestClient } from './client';

const EXAMPLE = path.join(__dirname, '..', '..', 'examples', 'belarus-2025');

const report = (line: string) => console.log(`      [hostile] ${line}`);
const messageOf = (d: Diagnostic) => (typeof d.message === 'string' ? d.message : d.message.value);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const uriOf = (file: string) => pathToFileURL(file).toString();

/** The text a single-line range covers. */
const lineText = (text: string, range: Range) => text.split(/\r\n|\r|\n/)[range.start.line].slice(range.start.character, range.end.character);

// ------------------------------------------------------------------ watching the server from outside

/** Every file and folder under root (symlinks not followed): path, type, size, mtime, link target. */
function snapshot(root: string): string[] {
  const entries: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const file = path.join(dir, name);
      const stat = lstatSync(file);
      const type = stat.isSymbolicLink() ? 'link' : stat.isDirectory() ? 'dir' : 'file';
      const target = stat.isSymbolicLink() ? ` -> ${readlinkSync(file)}` : '';
      entries.push(`${path.relative(root, file)} ${type} ${stat.size} ${stat.mtimeMs}${target}`);
      if (type === 'dir') walk(file);
    }
  };
  entries.push(`. dir ${lstatSync(root).size} ${lstatSync(root).mtimeMs}`);
  walk(root);
  return entries;
}

/** Samples /proc/<pid>/fd every few milliseconds and remembers every link target seen. */
class FdSampler {
  readonly seen = new Map<string, Set<string>>();
  samples = 0;
  private timer?: NodeJS.Timeout;

  constructor(private readonly pid: number) {}

  sample(): void {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${this.pid}/fd`);
    } catch {
      return; // the process has exited
    }
    this.samples++;
    for (const fd of fds) {
      try {
        const target = readlinkSync(`/proc/${this.pid}/fd/${fd}`);
        if (!this.seen.has(fd)) this.seen.set(fd, new Set());
        this.seen.get(fd)!.add(target);
      } catch {
        /* closed meanwhile */
      }
    }
  }

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), 3);
  }

  stop(): void {
    clearInterval(this.timer);
    this.sample();
  }

  /** fd → socket inode, for every socket seen. */
  sockets(): { fd: string; inode: string }[] {
    const found: { fd: string; inode: string }[] = [];
    for (const [fd, targets] of this.seen) {
      for (const target of targets) {
        const match = /^socket:\[(\d+)\]$/.exec(target);
        if (match) found.push({ fd, inode: match[1] });
      }
    }
    return found;
  }
}

/** The inodes listed in one of /proc/<pid>/net/{tcp,udp,unix,…}, as the server's network namespace sees them. */
function netInodes(pid: number, table: string): Set<string> {
  const lines = readFileSync(`/proc/${pid}/net/${table}`, 'utf8').trim().split('\n').slice(1);
  const column = table === 'unix' ? 6 : 9;
  return new Set(lines.map((line) => line.trim().split(/\s+/)[column]).filter(Boolean));
}

/** strace attached to the server (all threads, and any child): file, network and process system calls. */
class Strace {
  note = '';
  private process?: ChildProcess;
  private exited?: Promise<void>;

  constructor(private readonly file: string) {}

  get available(): boolean {
    return this.note === '';
  }

  async attach(pid: number): Promise<void> {
    const child = spawn('strace', ['-f', '-qq', '-s', '512', '-e', 'trace=%file,%network,%process', '-o', this.file, '-p', String(pid)], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk) => (stderr += String(chunk)));
    let failed: string | undefined;
    this.exited = new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.once('error', () => resolve()); // not installed: there will be no 'exit'
    });
    child.once('error', (error) => (failed = `strace could not be started (${error.message})`));
    child.once('exit', (code) => (failed ??= `strace exited (${code}): ${stderr.trim()}`));
    this.process = child;
    // Attached once every thread of the server has a tracer.
    const started = Date.now();
    while (!failed && Date.now() - started < 5000) {
      const tasks = readdirSync(`/proc/${pid}/task`);
      const traced = tasks.every((task) => {
        try {
          return !/^TracerPid:\s+0$/m.test(readFileSync(`/proc/${pid}/task/${task}/status`, 'utf8'));
        } catch {
          return true;
        }
      });
      if (traced) return;
      await sleep(10);
    }
    this.note = failed ?? 'strace did not attach within 5 s';
    this.stop();
  }

  /** Detaches and returns every line it wrote. */
  async finish(): Promise<string[]> {
    this.stop();
    await this.exited;
    return existsSync(this.file) ? readFileSync(this.file, 'utf8').split('\n') : [];
  }

  stop(): void {
    if (this.process && this.process.exitCode === null && this.process.signalCode === null) this.process.kill('SIGTERM');
  }
}

interface Opened {
  path: string;
  flags: string;
  line: string;
}

/** Every open(), openat(), openat2() and creat() in a strace log, with its path and flags. */
function openedFiles(lines: string[]): Opened[] {
  const found: Opened[] = [];
  for (const line of lines) {
    const match = /\b(open|openat|openat2|creat)\((?:AT_FDCWD, |\d+, )?"((?:[^"\\]|\\.)*)"(?:, ([A-Z_|0-9]+))?/.exec(line);
    if (!match) continue;
    found.push({ path: match[2], flags: match[1] === 'creat' ? 'O_CREAT|O_WRONLY' : (match[3] ?? ''), line });
  }
  return found;
}

const isInside = (root: string, file: string) => file === root || file.startsWith(`${root}/`);

// ------------------------------------------------------------------ the hostile workspace

const ZORG_QUOTE = 'Zorg Blorf, who is 40 years old';

/** Writes the hostile workspace into ws (over a copy of the example), with traps outside it. */
function buildHostileWorkspace(ws: string, outside: string, markers: string): void {
  cpSync(EXAMPLE, ws, { recursive: true });
  // Code that leaves a marker (outside the workspace, so the snapshot stays clean) if it ever runs.
  const code = (name: string) => `require('fs').writeFileSync(${JSON.stringify(path.join(markers, name))}, 'ran');\n`;
  for (const name of ['factmark.config.js', '.factmarkrc.js', 'factmark.config.cjs', '.factmarkrc.cjs', 'plugin.js']) writeFileSync(path.join(ws, name), code(name));
  writeFileSync(path.join(ws, 'factmark.config.mjs'), `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(path.join(markers, 'factmark.config.mjs'))}, 'ran');\n`);
  writeFileSync(path.join(ws, '.factmarkrc'), JSON.stringify({ plugins: ['./plugin.js'], require: ['./plugin.js'] }));
  writeFileSync(path.join(ws, 'package.json'), JSON.stringify({ name: 'desk', scripts: { postinstall: code('postinstall') }, factmark: { plugins: ['./plugin.js'] } }));
  mkdirSync(path.join(ws, '.vscode'));
  writeFileSync(path.join(ws, '.vscode', 'settings.json'), JSON.stringify({ 'factmark.datasets': ['/etc/passwd', '../**/*.facts.yaml', `${outside}/**`] }));
  mkdirSync(path.join(ws, 'node_modules', 'factmark-plugin'), { recursive: true });
  writeFileSync(path.join(ws, 'node_modules', 'factmark-plugin', 'index.js'), code('node_modules'));

  // A source text inside the workspace whose quotes are hostile strings.
  const js = code('dataset-string').trim();
  writeFileSync(path.join(ws, 'hostile-source.txt'), `${ZORG_QUOTE}, said (a+)+$ and ${js} and \${process.exit(1)} and ^(\\w+\\s?)*$ and seven (x+x+)+y prisoners.\n`);
  const aaa = `${'a'.repeat(50_000)}!`;
  const dataset = {
    factmark: 1,
    title: `"); ${js} //`,
    sources: [{ id: 'hostile-source', title: '${process.exit(1)} {{constructor.constructor("return process")()}}', url: 'javascript:alert(1)', path: 'hostile-source.txt' }],
    entities: [
      { id: 'zorg', name: 'Zorg Blorf', kind: 'person', pronoun: 'he', description: `<script>${js}</script>`, aliases: ['(a+)+$', aaa, '.*', '[', '\\', '(?<x>a)\\k<x>', '$&$1', "Robert'); DROP TABLE", '__proto__', 'constructor', 'toString', 'hasOwnProperty', js, '^(\\w+\\s?)*$', '(x+x+)+y'] },
      { id: 'constructor', name: 'Quentin Prototype', kind: 'person', aliases: ['__proto__', 'prototype'] },
      { id: 'toString', name: 'Valueof Hasownproperty', kind: 'organisation', aliases: ['(a|aa)+', `${'(a*)*'.repeat(50)}b`] },
    ],
    facts: [
      { id: 'zorg-age', about: 'zorg', measure: 'age', kind: 'age', values: [{ value: 40, cite: [{ source: 'hostile-source', quote: ZORG_QUOTE }] }] },
      {
        id: 'constructor',
        about: 'toString',
        measure: '${7*7} {{7*7}} <img src=x onerror=alert(1)>',
        kind: 'count',
        counts: ['(x+x+)+y prisoners', '__proto__', 'constructor', aaa],
        signals: ['(a+)+$', '^(\\w+\\s?)*$', 'eval(', js, aaa, '.*', '__proto__'],
        values: [{ value: 7, cite: [{ source: 'hostile-source', quote: 'seven (x+x+)+y prisoners' }] }],
      },
    ],
  };
  writeFileSync(path.join(ws, 'hostile.facts.json'), JSON.stringify(dataset, null, 1));
  // YAML tags a careless loader would turn into code, and a "billion laughs" bomb. (Deep nesting,
  // which kills the server, has its own test below.)
  const yamlJs = js.replace(/"/g, '\\"');
  writeFileSync(
    path.join(ws, 'tags.facts.yaml'),
    [
      'factmark: 1',
      `title: !!js/function "function () { ${yamlJs} }"`,
      'entities:',
      '  - id: tagged',
      '    name: !!python/object/apply:os.system ["touch /tmp/factmark-pwned"]',
      '    kind: person',
      `    aliases: [!!js/regexp "/(a+)+$/", !!js/undefined "", !<tag:yaml.org,2002:js/function> "function () { ${yamlJs} }"]`,
      '',
    ].join('\n'),
  );
  const laughs = ['factmark: 1', 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (const [name, previous] of [['b', 'a'], ['c', 'b'], ['d', 'c'], ['e', 'd'], ['f', 'e'], ['g', 'f'], ['h', 'g'], ['i', 'h']]) laughs.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]`);
  writeFileSync(path.join(ws, 'laughs.facts.yaml'), `${laughs.join('\n')}\n`);

  // Source paths that lead out of the workspace, and symlinks that do.
  writeFileSync(path.join(outside, 'secret.txt'), 'SECRET quote 99 from outside the workspace.\n');
  writeFileSync(path.join(outside, 'outside.facts.yaml'), 'factmark: 1\ntitle: outside\nentities:\n  - { id: outsider, name: Quux Outsider, kind: person }\n');
  symlinkSync('/etc/passwd', path.join(ws, 'passwd-link.txt'));
  symlinkSync(outside, path.join(ws, 'outside-link'));
  symlinkSync(path.join(outside, 'outside.facts.yaml'), path.join(ws, 'linked.facts.yaml'));
  symlinkSync('/etc/passwd', path.join(ws, 'passwd.facts.yaml'));
  const depth = ws.split('/').length; // enough ../ to reach / from the workspace
  writeFileSync(
    path.join(ws, 'paths.facts.yaml'),
    [
      'factmark: 1',
      'sources:',
      `  - { id: dotdot, title: t, path: "${'../'.repeat(depth)}etc/passwd" }`,
      '  - { id: absolute, title: t, path: /etc/passwd }',
      '  - { id: file-url, title: t, path: "file:///etc/passwd" }',
      `  - { id: encoded, title: t, path: "${'%2e%2e/'.repeat(depth)}etc/passwd" }`,
      `  - { id: backslashes, title: t, path: "${'..\\\\'.repeat(depth)}etc\\\\passwd" }`,
      '  - { id: symlink, title: t, path: passwd-link.txt }',
      '  - { id: symlinked-folder, title: t, path: outside-link/secret.txt }',
      `  - { id: outside-folder, title: t, path: "${outside}/secret.txt" }`,
      '  - { id: http, title: t, path: "http://127.0.0.1:9/source.txt" }',
      'entities:',
      '  - { id: passwd-person, name: Rooty Passwd, kind: person }',
      'facts:',
      '  - id: rooty-age',
      '    about: passwd-person',
      '    measure: age',
      '    kind: age',
      '    values:',
      '      - value: 40',
      '        cite:',
      '          - { source: absolute, quote: "root:x:0:0" }',
      '          - { source: dotdot, quote: "this line is in no passwd file" }',
      '          - { source: symlink, quote: "root:x:0:0" }',
      '          - { source: encoded, quote: "root:x:0:0" }',
      '          - { source: symlinked-folder, quote: "SECRET quote 99" }',
      '          - { source: outside-folder, quote: "SECRET quote 99" }',
      '          - { source: http, quote: "anything" }',
      '',
    ].join('\n'),
  );
}

const OUTSIDE_SOURCES = ['dotdot', 'absolute', 'file-url', 'backslashes', 'symlink', 'symlinked-folder', 'outside-folder'];
/** Paths that name no file: "%2e%2e" is a folder name in a file path (it is ".." only in a URL), and there is no such folder. */
const UNREADABLE_SOURCES = ['encoded', 'http'];

describe('hostile workspaces: one session watched from outside', function () {
  this.timeout(60000);
  let ws: string;
  let outside: string;
  let markers: string;
  let traceFile: string;
  let client: TestClient;
  let sampler: FdSampler;
  let strace: Strace;
  let snapshotBefore: { ws: string[]; outside: string[] };
  let stdioInodes: string[] = [];
  let initializeMs = 0;
  let shutDown = false;
  let traceLines: string[] | undefined;
  const draftUri = () => uriOf(path.join(ws, 'draft.md'));
  const hostileDraftUri = () => uriOf(path.join(ws, 'hostile-draft.md'));

  /** Stops watching and returns the strace log (once). */
  async function traced(): Promise<string[]> {
    if (!shutDown) {
      sampler.stop();
      await client.shutdown();
      shutDown = true;
    }
    traceLines ??= await strace.finish();
    return traceLines;
  }

  before(async () => {
    ws = mkdtempSync(path.join(tmpdir(), 'factmark-hostile-'));
    outside = mkdtempSync(path.join(tmpdir(), 'factmark-outside-'));
    markers = mkdtempSync(path.join(tmpdir(), 'factmark-markers-'));
    traceFile = path.join(markers, '..', `${path.basename(markers)}.strace`);
    buildHostileWorkspace(ws, outside, markers);
    snapshotBefore = { ws: snapshot(ws), outside: snapshot(outside) };
    client = new TestClient();
    sampler = new FdSampler(client.pid!);
    sampler.start();
    stdioInodes = ['0', '1', '2'].map((fd) => /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${client.pid}/fd/${fd}`))?.[1] ?? `not a socket: ${readlinkSync(`/proc/${client.pid}/fd/${fd}`)}`);
    strace = new Strace(traceFile);
    if (process.env.FACTMARK_NO_STRACE === '1') strace.note = 'FACTMARK_NO_STRACE=1';
    else await strace.attach(client.pid!);
    if (!strace.available) report(`NOTE: ${strace.note}; the checks that need strace are skipped`);
    const started = performance.now();
    await client.initialize(uriOf(ws));
    initializeMs = performance.now() - started;
  });

  after(async () => {
    if (!shutDown) {
      sampler?.stop();
      await client?.shutdown();
    }
    strace?.stop();
    for (const dir of [ws, outside, markers]) if (dir) rmSync(dir, { recursive: true, force: true });
    if (traceFile) rmSync(traceFile, { force: true });
  });

  it('loads a workspace of code, hostile strings, YAML tags and bombs quickly, and keeps answering', async () => {
    report(`initialize to reference data loaded: ${initializeMs.toFixed(0)} ms${strace.available ? ' (under strace, which slows file system calls)' : ''}; server: ${client.log.filter((line) => line.startsWith('Loaded')).join(' | ')}`);
    assert.ok(initializeMs < 10000, `loading took ${initializeMs.toFixed(0)} ms`);
    const problems = (file: string) => (client.diagnostics.get(uriOf(path.join(ws, file))) ?? []).map((d) => `${d.code}: ${messageOf(d)}`);
    assert.ok(problems('laughs.facts.yaml').some((p) => p.startsWith('dataset-syntax')), problems('laughs.facts.yaml').join('\n'));
    assert.deepEqual(problems('hostile.facts.json'), [], 'the hostile strings are valid data, and every quote is found');
    // Unknown tags are read as what they tag (strings, a list): the file's one problem is the list given as a name.
    report(`tags.facts.yaml: ${problems('tags.facts.yaml').join('; ') || 'no problems'}`);
    assert.ok(!problems('tags.facts.yaml').some((p) => p.startsWith('dataset-syntax')), problems('tags.facts.yaml').join('\n'));

    // The hostile dataset is in use: a wrong age of its person is flagged.
    const text = [
      `${'a'.repeat(60_000)} (a+)+$ ${'a'.repeat(49_999)}! ^(\\w+\\s?)*$ ${'x'.repeat(30_000)}y`,
      'Zorg Blorf, 41, said seven (x+x+)+y prisoners were freed. __proto__ constructor toString hasOwnProperty prototype',
      `${'(a*)*'.repeat(50)}b Valueof Hasownproperty counted 8 __proto__. \${process.exit(1)} {{7*7}} $&$1 .* [ \\`,
      '',
    ].join('\n');
    const started = performance.now();
    client.open(hostileDraftUri(), text);
    const diagnostics = await client.diagnosticsFor(hostileDraftUri(), () => true, 20000);
    const elapsed = performance.now() - started;
    report(`a ${text.length}-character draft made of the hostile patterns: checked in ${elapsed.toFixed(0)} ms; ${diagnostics.map((d) => `${d.code} "${lineText(text, d.range)}"`).join(', ')}`);
    assert.ok(elapsed < 5000, `took ${elapsed.toFixed(0)} ms`);
    assert.ok(diagnostics.some((d) => d.code === 'figure-mismatch' && lineText(text, d.range) === '41'), 'Zorg Blorf, 41 is flagged');
    const hover = await client.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: hostileDraftUri() }, position: { line: 1, character: 3 } });
    assert.match((hover?.contents as { value: string }).value, /Zorg Blorf/);
    // A name and a figure still work in an ordinary draft.
    client.open(draftUri(), readFileSync(path.join(ws, 'draft.md'), 'utf8'));
    const planted = await client.diagnosticsFor(draftUri(), (d) => d.some((x) => x.code === 'figure-mismatch'));
    assert.equal(planted.filter((d) => d.code === 'figure-mismatch').length, 4);
    assert.deepEqual(client.log.filter((line) => /could not|failed|unexpected error/i.test(line)), []);
  });

  it('reports every source path that leads outside the workspace, and uses no quote from there', async () => {
    const datasetText = readFileSync(path.join(ws, 'paths.facts.yaml'), 'utf8').split('\n');
    const problems = client.diagnostics.get(uriOf(path.join(ws, 'paths.facts.yaml'))) ?? [];
    const byLine = problems.map((d) => `${d.code} ${/id: ([\w-]+)/.exec(datasetText[d.range.start.line])?.[1] ?? datasetText[d.range.start.line]}`);
    report(`paths.facts.yaml: ${byLine.join(', ')}`);
    const expected = ['dotdot', 'absolute', 'file-url', 'encoded', 'backslashes', 'symlink', 'symlinked-folder', 'outside-folder', 'http'];
    assert.deepEqual(byLine, expected.map((id) => `${UNREADABLE_SOURCES.includes(id) ? 'source-unavailable' : 'source-outside-workspace'} ${id}`));
    for (const d of problems.filter((x) => x.code === 'source-outside-workspace')) assert.equal(d.severity, 1);
    // Had /etc/passwd been read, "this line is in no passwd file" would have been a quote-not-found.
    assert.ok(!problems.some((d) => d.code === 'quote-not-found'));
    // Dataset files symlinked from outside are not dataset files of this workspace: they are refused, with the reason.
    for (const name of ['linked.facts.yaml', 'passwd.facts.yaml']) {
      const refused = client.diagnostics.get(uriOf(path.join(ws, name))) ?? [];
      assert.deepEqual(refused.map((d) => d.code), ['dataset-syntax'], name);
      assert.match(messageOf(refused[0]), /is a symbolic link to .*, outside the workspace folder; it is not read/);
    }

    const text = 'Rooty Passwd, 41, was freed. Quux Outsider, 50, was not.';
    const uri = uriOf(path.join(ws, 'rooty.md'));
    client.open(uri, text);
    const diagnostics = await client.diagnosticsFor(uri, (d) => d.length > 0);
    assert.deepEqual(diagnostics.map((d) => `${d.code} ${lineText(text, d.range)}`), ['figure-mismatch 41'], 'Quux Outsider is unknown: his dataset lies outside');
    for (const related of diagnostics.flatMap((d) => d.relatedInformation ?? [])) assert.ok(isInside(ws, new URL(related.location.uri).pathname), related.location.uri);
    const citations = await client.connection.sendRequest<{ source: string; quote: string; location?: { uri: string } }[]>('factmark/citations', { textDocument: { uri }, position: { line: 0, character: 14 } });
    assert.equal(citations.length, 7);
    assert.deepEqual(citations.filter((c) => c.location), [], 'no quote was located in a file outside the workspace');
  });

  it('runs a whole session: edits, hovers, semantic tokens, code actions (not applied), reloads, check all drafts', async () => {
    let draft = readFileSync(path.join(ws, 'draft.md'), 'utf8');
    const lines = draft.split('\n');
    const at = lines.findIndex((line) => line.includes('104 of'));
    for (let i = 0; i < 20; i++) {
      client.changeRange(draftUri(), { start: { line: at, character: 0 }, end: { line: at, character: 0 } }, i % 2 ? 'Zorg Blorf, 41, ' : '');
      if (i % 2) lines[at] = `Zorg Blorf, 41, ${lines[at]}`;
    }
    draft = lines.join('\n');
    const diagnostics = await client.diagnosticsFor(draftUri(), (_d, version) => version === client.versionOf(draftUri()));
    const wrong = diagnostics.find((d) => messageOf(d).startsWith('"104"'))!;
    assert.ok(wrong);
    const hover = await client.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: draftUri() }, position: wrong.range.start });
    assert.match((hover!.contents as { value: string }).value, /114/);
    const tokens = await client.connection.sendRequest<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri: draftUri() } });
    assert.ok(tokens.data.length > 0);
    const actions = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: draftUri() }, range: wrong.range, context: { diagnostics: [wrong] } });
    assert.ok(actions.some((a) => a.edit?.changes?.[draftUri()]?.[0].newText === '114'));
    const all = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: draftUri() },
      range: { start: { line: 0, character: 0 }, end: { line: lines.length, character: 0 } },
      context: { diagnostics },
    });
    assert.ok(all.length >= actions.length);
    // Reloads: a watched-file change to the hostile dataset, the reload command, an unsaved edit of a dataset file.
    const loaded = () => client.nextStatus((status) => !status.loading);
    let reloaded = loaded();
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(path.join(ws, 'hostile.facts.json')), type: 2 }] });
    await reloaded;
    reloaded = loaded();
    await client.connection.sendRequest('workspace/executeCommand', { command: 'factmark.server.reloadData', arguments: [] });
    await reloaded;
    const pathsUri = uriOf(path.join(ws, 'paths.facts.yaml'));
    const pathsText = readFileSync(path.join(ws, 'paths.facts.yaml'), 'utf8');
    reloaded = loaded();
    client.open(pathsUri, pathsText.replace('sources:\n', 'sources:\n  - { id: added, title: t, path: "../../../../../../../../etc/shadow" }\n'), 'yaml');
    await reloaded;
    await client.diagnosticsFor(pathsUri, (d) => d.filter((x) => x.code === 'source-outside-workspace').length === OUTSIDE_SOURCES.length + 1);
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: pathsUri } });
    const result = await client.connection.sendRequest<{ drafts: number; findings: number }>('workspace/executeCommand', { command: 'factmark.server.checkWorkspace', arguments: [] });
    report(`check all drafts: ${result.drafts} drafts, ${result.findings} findings`);
    assert.equal(result.drafts, 2, "draft.md and README.md; neither a source text nor a symlink");
    for (const name of ['hostile-source.txt', 'passwd-link.txt']) assert.equal(client.diagnostics.has(uriOf(path.join(ws, name))), false, `${name} is not a draft`);
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: draftUri() } });
    await client.diagnosticsFor(draftUri(), (d) => d.length === 0);
  });

  it('opens no socket: its only sockets are the stdio socket pairs, and none is in a network table', () => {
    sampler.sample();
    const pid = client.pid!;
    const sockets = sampler.sockets();
    const tables = ['tcp', 'tcp6', 'udp', 'udp6', 'raw', 'raw6'];
    const network = new Set(tables.flatMap((table) => [...netInodes(pid, table)]));
    const unix = netInodes(pid, 'unix');
    report(`fds: ${sampler.samples} samples of /proc/${pid}/fd during the session; ${sampler.seen.size} descriptors seen: ${[...sampler.seen].map(([fd, t]) => `${fd}=${[...t].join('|')}`).join(' ')}`);
    report(`sockets seen: ${sockets.map((s) => `fd ${s.fd} inode ${s.inode}${unix.has(s.inode) ? ' (AF_UNIX)' : ''}`).join(', ')}; ${network.size} inodes in /proc/${pid}/net/{${tables.join(',')}}, none of them the server's`);
    assert.deepEqual(stdioInodes.filter((inode) => !/^\d+$/.test(inode)), [], 'stdio are Node spawn() socket pairs');
    assert.deepEqual(sockets.filter((s) => !['0', '1', '2'].includes(s.fd) || !stdioInodes.includes(s.inode)), [], 'no socket but the stdio ones');
    for (const socket of sockets) {
      assert.ok(unix.has(socket.inode), `fd ${socket.fd} (inode ${socket.inode}) is an AF_UNIX socket`);
      assert.ok(!network.has(socket.inode), `fd ${socket.fd} is in a network table`);
    }
  });

  it('writes nothing into the workspace (every path, size and mtime as before), nor outside it, and runs none of its code', async () => {
    await traced();
    assert.deepEqual(snapshot(ws), snapshotBefore.ws);
    assert.deepEqual(snapshot(outside), snapshotBefore.outside);
    report(`workspace snapshot: ${snapshotBefore.ws.length} entries identical before and after the session`);
    assert.deepEqual(readdirSync(markers), [], 'no marker: no workspace code ran');
    assert.equal(existsSync('/tmp/factmark-pwned'), false);
  });

  it('under strace: starts no process, makes no socket call, opens nothing outside the workspace it should not, writes nothing', async function () {
    const lines = await traced();
    if (!strace.available) {
      report(`NOTE: ${strace.note}`);
      this.skip();
    }
    const opened = openedFiles(lines);
    const processes = lines.filter((line) => /\b(execve|execveat|fork|vfork)\(/.test(line) || (/\bclone3?\(/.test(line) && !/CLONE_THREAD/.test(line)));
    const sockets = lines.filter((line) => /\b(socket|socketpair|connect|bind|listen|accept4?|sendto|sendmsg|sendmmsg)\(/.test(line));
    const writes = opened.filter((o) => /O_WRONLY|O_RDWR|O_CREAT|O_TRUNC/.test(o.flags));
    const changes = lines.filter((line) => /\b(unlink|unlinkat|rename|renameat2?|mkdir|mkdirat|rmdir|symlink|symlinkat|link|linkat|chmod|fchmodat|truncate|utimensat)\(/.test(line));
    const forbidden = opened.filter(
      (o) =>
        o.path === '/etc/passwd' ||
        o.path === '/etc/shadow' ||
        isInside(outside, o.path) ||
        ['passwd-link.txt', 'outside-link', 'linked.facts.yaml', 'passwd.facts.yaml'].some((name) => isInside(path.join(ws, name), o.path)) ||
        (isInside(ws, o.path) && /\.(?:js|mjs|cjs)$|\.factmarkrc$|package\.json$|settings\.json$/.test(o.path)),
    );
    const inWorkspace = [...new Set(opened.filter((o) => isInside(ws, o.path)).map((o) => path.relative(ws, o.path) || '.'))].sort();
    report(`strace: ${lines.length} lines; files opened in the workspace: ${inWorkspace.join(', ')}`);
    report(`strace: ${processes.length} process starts, ${sockets.length} socket calls, ${writes.length} opens for writing, ${changes.length} other changes to files, ${forbidden.length} forbidden opens`);
    assert.deepEqual(processes, []);
    assert.deepEqual(sockets, []);
    assert.deepEqual(writes.map((o) => o.line), []);
    assert.deepEqual(changes, []);
    assert.deepEqual(forbidden.map((o) => o.line), []);
    assert.ok(inWorkspace.includes('hostile.facts.json') && inWorkspace.includes('hostile-source.txt'), 'the trace does show the files it does read');
  });
});

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** The promise's value, or a rejection as soon as the process pid is gone. */
async function whileAlive<T>(pid: number, promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const died = new Promise<never>((_, reject) => {
    timer = setInterval(() => {
      if (!alive(pid)) reject(new Error(`the server (pid ${pid}) died during ${what}`));
    }, 20);
  });
  try {
    return await Promise.race([promise, died]);
  } finally {
    clearInterval(timer);
  }
}

describe('hostile workspaces: deeply nested dataset files', function () {
  this.timeout(30000);

  // A dataset file nested ~1,000 levels deep (a 2 KB file of "[[[…]]]") used to make the YAML
  // parser overflow the stack; on Node 20 the next such parse aborted the whole process ("FATAL
  // ERROR: RegExpCompiler Allocation failed", SIGABRT). Files nested more than 200 levels deep are
  // now refused before parsing; the server must live through startup and every reload.
  it('survives two dataset files nested 2,000 deep, and reloads of them', async () => {
    const ws = mkdtempSync(path.join(tmpdir(), 'factmark-deep-'));
    for (const name of ['a.facts.json', 'b.facts.json']) writeFileSync(path.join(ws, name), `{"factmark": 1, "title": ${'['.repeat(2000)}${']'.repeat(2000)}}`);
    const client = new TestClient();
    const pid = client.pid!;
    try {
      await whileAlive(pid, client.initialize(uriOf(ws)), 'initialize');
      for (let i = 0; i < 5; i++) {
        const reloaded = client.nextStatus((status) => !status.loading);
        await client.connection.sendRequest('workspace/executeCommand', { command: 'factmark.server.reloadData', arguments: [] });
        await whileAlive(pid, reloaded, `reload ${i + 1}`);
      }
      for (const name of ['a.facts.json', 'b.facts.json']) {
        const problems = client.diagnostics.get(uriOf(path.join(ws, name))) ?? [];
        assert.deepEqual(problems.map((d) => `${d.code} ${d.range.start.line}:${d.range.start.character}`), ['dataset-syntax 0:224'], `${name}: ${problems.map(messageOf).join('; ')}`);
        assert.match(messageOf(problems[0]), /nested too deeply/);
      }
    } finally {
      if (alive(pid)) await client.shutdown();
      else client.connection.dispose();
      rmSync(ws, { recursive: true, force: true });
    }
  });
});

/** A workspace with one dataset whose one source has the given path, and a fact cited from it. */
function oneSourceWorkspace(sourcePath: string, sourceFile?: string): string {
  const ws = mkdtempSync(path.join(tmpdir(), 'factmark-paths-'));
  if (sourceFile) writeFileSync(path.join(ws, sourceFile), `${ZORG_QUOTE}.\n`);
  writeFileSync(
    path.join(ws, 'one.facts.yaml'),
    [
      'factmark: 1',
      'sources:',
      `  - { id: s, title: t, path: ${JSON.stringify(sourcePath)} }`,
      'entities:',
      '  - { id: zorg, name: Zorg Blorf, kind: person }',
      'facts:',
      `  - { id: zorg-age, about: zorg, measure: age, kind: age, values: [{ value: 40, cite: [{ source: s, quote: ${JSON.stringify(ZORG_QUOTE)} }] }] }`,
      '',
    ].join('\n'),
  );
  return ws;
}

describe('hostile workspaces: source paths that are not plain relative paths', function () {
  this.timeout(30000);

  async function load(ws: string): Promise<{ draft: Diagnostic[]; dataset: Diagnostic[]; log: string[] }> {
    const client = new TestClient();
    try {
      await client.initialize(uriOf(ws));
      const uri = uriOf(path.join(ws, 'draft.md'));
      client.open(uri, 'Zorg Blorf, 41, was freed.');
      const draft = await client.diagnosticsFor(uri, () => true);
      return { draft, dataset: client.diagnostics.get(uriOf(path.join(ws, 'one.facts.yaml'))) ?? [], log: client.log };
    } finally {
      await client.shutdown();
      rmSync(ws, { recursive: true, force: true });
    }
  }

  it('reads a source at a plain relative path (the baseline for the cases below)', async () => {
    const { draft, dataset } = await load(oneSourceWorkspace('source.txt', 'source.txt'));
    assert.deepEqual(dataset, []);
    assert.deepEqual(draft.map((d) => d.code), ['figure-mismatch']);
    assert.match(draft[0].relatedInformation![0].location.uri, /source\.txt$/);
  });

  // These once made DatasetFolder.reload() reject (fileURLToPath threw outside a try), and one line
  // in any dataset file turned Factmark off for the workspace.
  it('reports a source path with a host, an encoded slash or a bare % on its line, and loads everything else', async () => {
    for (const sourcePath of ['//evil.example/share/x.txt', 'file://evil.example/x.txt', 'a%2Fb.txt', '100%.txt']) {
      const { draft, dataset, log } = await load(oneSourceWorkspace(sourcePath));
      assert.deepEqual(log.filter((line) => /could not load/.test(line)), [], sourcePath);
      assert.deepEqual(draft.map((d) => d.code), ['figure-mismatch'], `${sourcePath}: the draft is still checked`);
      assert.equal(dataset.length, 1, `${sourcePath}: one problem on the dataset`);
      assert.match(String(dataset[0].code), /^source-(outside-workspace|unavailable)$/);
      assert.equal(dataset[0].range.start.line, 2);
    }
  });

  // A source path is a file path, not a URL reference: "#" and "?" do not start a fragment or a query.
  it('reads a source whose file name contains #, ? or %', async () => {
    for (const name of ['notes #1.txt', 'what?.txt', '100%.txt']) {
      const { draft, dataset } = await load(oneSourceWorkspace(name, name));
      assert.deepEqual(dataset.map((d) => messageOf(d)), [], name);
      assert.match(draft[0]?.relatedInformation?.[0]?.location.uri ?? '', /\.txt$/, `${name}: the quote is located`);
    }
  });
});

describe('Restricted Mode at the protocol level: factmark.datasets as VS Code sends it there', function () {
  this.timeout(30000);
  let ws: string;
  let outside: string;

  before(() => {
    ws = mkdtempSync(path.join(tmpdir(), 'factmark-restricted-'));
    outside = mkdtempSync(path.join(tmpdir(), 'factmark-restricted-outside-'));
    cpSync(EXAMPLE, ws, { recursive: true });
    // Reference data only factmark.datasets names: one file inside the workspace under a name the
    // default pattern does not find, one outside it. The workspace's own settings name both, as a
    // hostile workspace would; in Restricted Mode VS Code does not pass that value on.
    mkdirSync(path.join(ws, 'data'));
    writeFileSync(path.join(ws, 'data', 'extra.yaml'), 'factmark: 1\nentities:\n  - { id: quux, name: Quux Insider, kind: person }\nfacts:\n  - { id: quux-age, about: quux, measure: age, kind: age, values: [{ value: 30, cite: [{ source: s, quote: q }] }] }\nsources:\n  - { id: s, title: t }\n');
    writeFileSync(path.join(outside, 'far.facts.yaml'), 'factmark: 1\nentities:\n  - { id: far, name: Quux Outsider, kind: person }\nfacts:\n  - { id: far-age, about: far, measure: age, kind: age, values: [{ value: 50, cite: [{ source: s2, quote: q }] }] }\nsources:\n  - { id: s2, title: t }\n');
    mkdirSync(path.join(ws, '.vscode'));
    writeFileSync(path.join(ws, '.vscode', 'settings.json'), JSON.stringify({ 'factmark.datasets': ['data/extra.yaml', path.join(outside, 'far.facts.yaml')] }));
  });

  after(() => {
    for (const dir of [ws, outside]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const TEXT = 'Quux Insider, 31, was freed. Quux Outsider, 51, was not.';

  async function session(settings: Record<string, unknown>): Promise<{ planted: string[]; quux: string[]; log: string[] }> {
    const client = new TestClient(settings);
    try {
      await client.initialize(uriOf(ws));
      const draft = readFileSync(path.join(ws, 'draft.md'), 'utf8');
      const draftUri = uriOf(path.join(ws, 'draft.md'));
      client.open(draftUri, draft);
      const diagnostics = await client.diagnosticsFor(draftUri, (d) => d.length > 0);
      const quuxUri = uriOf(path.join(ws, 'quux.md'));
      client.open(quuxUri, TEXT);
      const quux = await client.diagnosticsFor(quuxUri, () => true);
      const lines = draft.split('\n');
      return {
        planted: diagnostics.filter((d) => d.code === 'figure-mismatch').map((d) => lines[d.range.start.line].slice(d.range.start.character, d.range.end.character)),
        quux: quux.map((d) => `${d.code} ${lineText(TEXT, d.range)}`),
        log: client.log,
      };
    } finally {
      await client.shutdown();
    }
  }

  const OTHERS = { enable: true, languages: ['markdown', 'plaintext'], severity: {}, maxFileSize: 2_000_000, nameStyle: 'dataset' };

  it('checks drafts against the workspace dataset files with factmark.datasets absent, and loads nothing it would name', async () => {
    const result = await session(OTHERS);
    assert.deepEqual(result.planted, ['104', '61', '15 years', 'seven']);
    assert.deepEqual(result.quux, [], 'neither extra dataset was loaded');
  });

  it('does the same with factmark.datasets at its default [] and with nonsense values', async () => {
    for (const datasets of [[], null, 'data/extra.yaml', [1, 2], { 0: 'data/extra.yaml' }]) {
      const result = await session({ ...OTHERS, datasets });
      assert.deepEqual(result.planted, ['104', '61', '15 years', 'seven'], JSON.stringify(datasets));
      assert.deepEqual(result.quux, [], JSON.stringify(datasets));
    }
  });

  it('with an empty factmark configuration it uses the defaults', async () => {
    const result = await session({});
    assert.deepEqual(result.planted, ['104', '61', '15 years', 'seven']);
  });

  it('(trusted, for contrast) loads what factmark.datasets names, so the cases above did test something', async () => {
    const result = await session({ ...OTHERS, datasets: ['data/extra.yaml', path.join(outside, 'far.facts.yaml')] });
    assert.deepEqual(result.planted, ['104', '61', '15 years', 'seven']);
    report(`trusted, factmark.datasets naming an inside and an outside file: ${result.quux.join(', ')}`);
    assert.ok(result.quux.includes('figure-mismatch 31'), 'the dataset inside the workspace that only the setting names is loaded');
  });
});
