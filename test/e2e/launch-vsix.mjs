#!/usr/bin/env node
// Runs the e2e suite against the packaged extension instead of the repo checkout: builds
// factmark.vsix (`npm run package`), unpacks it into a fresh temp folder and hands
// <tmp>/extension to the offline launcher as --extension-path. The suite (out/e2e/suite.js)
// and the workspace (examples/belarus-2025) still come from the repo.
//
//   node test/e2e/launch-vsix.mjs [--vsix FILE] [--keep] [launch-offline options...]
//
//   --vsix FILE   use this VSIX instead of running `npm run package`
//   --keep        leave the unpacked folder in place (its path is printed)
//   other options (--timeout S, --verbose, --tests-path, --workspace) go to launch-offline.mjs
//
// Exit code: launch-offline.mjs's (0 = all tests passed); 2 = packaging or unpacking failed.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(HERE, '..', '..');
const say = (msg) => console.log(`e2e-vsix: ${msg}`);
const fail = (msg) => { console.error(`e2e-vsix: ${msg}`); process.exit(2); };
const t0 = Date.now();
const secs = (since) => `${((Date.now() - since) / 1000).toFixed(1)}s`;

let vsix = null;
let keep = false;
const passThrough = [];
{
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--vsix') {
      if (i + 1 >= argv.length) fail('--vsix needs a file');
      vsix = path.resolve(argv[++i]);
    } else if (a === '--keep') keep = true;
    else if (a === '--extension-path') fail('--extension-path is set by this script (the unpacked VSIX)');
    else if (a === '-h' || a === '--help') {
      console.log('usage: node test/e2e/launch-vsix.mjs [--vsix FILE] [--keep] [--timeout S] [--verbose] [--tests-path FILE] [--workspace DIR]');
      process.exit(0);
    } else passThrough.push(a);
  }
}

// ------------------------------------------------------------------ 1. package
if (!vsix) {
  const started = Date.now();
  say('npm run package');
  const npm = spawnSync('npm', ['run', 'package', '--silent'], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (npm.status !== 0) fail(`npm run package failed (${npm.signal || `exit ${npm.status}`})`);
  vsix = path.join(REPO_ROOT, 'factmark.vsix');
  say(`packaged ${path.relative(REPO_ROOT, vsix)} in ${secs(started)}`);
}
if (!fs.existsSync(vsix)) fail(`${vsix} not found`);

// ------------------------------------------------------------------ 2. unpack
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'factmark-vsix-'));
const removeTmp = () => { if (!keep) fs.rmSync(tmp, { recursive: true, force: true }); };
process.on('exit', removeTmp);
const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
{
  const started = Date.now();
  let how;
  if (has('unzip')) {
    how = 'unzip';
    const r = spawnSync('unzip', ['-q', vsix, '-d', tmp], { stdio: 'inherit' });
    if (r.status !== 0) fail(`unzip failed (exit ${r.status})`);
  } else if (has('python3')) {
    how = 'python3 -m zipfile';
    const r = spawnSync('python3', ['-m', 'zipfile', '-e', vsix, tmp], { stdio: 'inherit' });
    if (r.status !== 0) fail(`python3 -m zipfile failed (exit ${r.status})`);
  } else {
    how = 'node zlib';
    try { unzipWithNode(vsix, tmp); } catch (e) { fail(`cannot unpack ${vsix}: ${e.message}`); }
  }
  say(`unpacked into ${tmp} (${how}, ${secs(started)})`);
}
const extensionPath = path.join(tmp, 'extension');
if (!fs.existsSync(path.join(extensionPath, 'package.json'))) fail(`${vsix} has no extension/package.json`);

// ------------------------------------------------------------------ 3. run the suite
// FACTMARK_E2E_EXTENSION_PATH reaches the extension host (through code-server's environment):
// the suite checks that VS Code loaded the extension from there.
const child = spawn(process.execPath, [path.join(HERE, 'launch-offline.mjs'), '--extension-path', extensionPath, ...passThrough], {
  cwd: REPO_ROOT,
  stdio: 'inherit',
  env: { ...process.env, FACTMARK_E2E_EXTENSION_PATH: extensionPath },
});
// The launcher cleans up after itself on these; pass them on and wait for it.
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
const code = await new Promise((resolve) => child.on('exit', (c, sig) => resolve(c ?? (sig === 'SIGINT' ? 130 : 143))));
say(`${code === 0 ? 'passed' : `failed (exit ${code})`} with the extension from the VSIX (${secs(t0)} in all)` +
  (keep ? `; kept ${tmp}` : ''));
process.exit(code);

// ------------------------------------------------------------------ a minimal unzip
/** Extracts a zip (stored or deflated entries, no zip64) with node's zlib. */
function unzipWithNode(file, dest) {
  const buf = fs.readFileSync(file);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65535); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) throw new Error('not a zip file (no end of central directory)');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const root = path.resolve(dest);
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error('bad central directory entry');
    const method = buf.readUInt16LE(p + 10);
    const compressed = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    p += 46 + nameLen + extraLen + commentLen;
    const target = path.resolve(root, name);
    if (target !== root && !target.startsWith(root + path.sep)) throw new Error(`entry outside the folder: ${name}`);
    if (name.endsWith('/')) { fs.mkdirSync(target, { recursive: true }); continue; }
    const dataAt = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(dataAt, dataAt + compressed);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    if (method === 0) fs.writeFileSync(target, data);
    else if (method === 8) fs.writeFileSync(target, zlib.inflateRawSync(data));
    else throw new Error(`${name}: unsupported compression method ${method}`);
  }
}
