#!/usr/bin/env node
// Standard e2e launcher: runs the same suite (out/e2e/suite.js) in desktop VS Code with
// @vscode/test-electron. Uses the VS Code named by VSCODE_EXECUTABLE when set; otherwise
// test-electron downloads one (needs internet — offline, use test/e2e/launch-offline.mjs).
//
//   VSCODE_EXECUTABLE=/usr/share/code/code node test/e2e/launch-electron.mjs
//   node test/e2e/launch-electron.mjs            # downloads VS Code stable first
//
// On a machine without a display, wrap it: xvfb-run -a node test/e2e/launch-electron.mjs
import { runTests } from '@vscode/test-electron';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(HERE, '..', '..');
const extensionDevelopmentPath = REPO_ROOT;
const extensionTestsPath = path.join(REPO_ROOT, 'out', 'e2e', 'suite.js');
const workspace = path.join(REPO_ROOT, 'examples', 'belarus-2025');
const scratch = path.join(REPO_ROOT, 'test-output', 'e2e', 'electron');

if (!fs.existsSync(extensionTestsPath)) {
  console.error(`e2e: ${path.relative(process.cwd(), extensionTestsPath)} not found; run: npm run build`);
  process.exit(2);
}

const vscodeExecutablePath = process.env.VSCODE_EXECUTABLE || undefined;
if (vscodeExecutablePath && !fs.existsSync(vscodeExecutablePath)) {
  console.error(`e2e: VSCODE_EXECUTABLE=${vscodeExecutablePath} does not exist`);
  process.exit(2);
}
console.log(vscodeExecutablePath
  ? `e2e: using VS Code at ${vscodeExecutablePath}`
  : 'e2e: VSCODE_EXECUTABLE not set; @vscode/test-electron will download VS Code stable');

fs.rmSync(scratch, { recursive: true, force: true });
fs.mkdirSync(scratch, { recursive: true });

const NETWORK_ERROR = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|getaddrinfo|socket hang up|Failed to get JSON|Failed to download/i;

try {
  const code = await runTests({
    vscodeExecutablePath,
    extensionDevelopmentPath,
    extensionTestsPath,
    launchArgs: [
      workspace,
      '--user-data-dir', path.join(scratch, 'user-data'),
      '--extensions-dir', path.join(scratch, 'extensions'),
      '--disable-extensions', // other installed extensions; the one under development still loads
      '--disable-telemetry',
    ],
  });
  process.exit(code);
} catch (err) {
  const msg = String(err?.message ?? err);
  if (!vscodeExecutablePath && NETWORK_ERROR.test(`${msg} ${err?.code ?? ''} ${err?.cause?.message ?? ''}`)) {
    console.error(`e2e: could not download VS Code (${msg.split('\n')[0]}).\n` +
      '     This machine is offline. Either point VSCODE_EXECUTABLE at an installed VS Code,\n' +
      '     or use the offline launcher: bash .ci/install-e2e.sh && node test/e2e/launch-offline.mjs');
    process.exit(2);
  }
  // TestRunFailedError: the suite failed (its output is above).
  const code = typeof err?.code === 'number' ? err.code : 1;
  console.error(`e2e: test run failed: ${msg}`);
  process.exit(code || 1);
}
