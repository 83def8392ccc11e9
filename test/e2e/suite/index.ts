// Entry point of the e2e suite that runs inside the VS Code extension host.
// esbuild bundles this file (with mocha) into out/e2e/suite.js; both launchers
// (test/e2e/launch-offline.mjs and test/e2e/launch-electron.mjs) pass that file as
// extensionTestsPath, and VS Code calls run().
//
// Bundling note: the test files are loaded with require() *inside* run(), after
// mocha's 'pre-require' event has put suite()/test()/setup()... on globalThis.
// A top-level `import './extension.test'` would be hoisted and evaluated when the
// bundle loads — before those globals exist. esbuild still bundles the require()d
// file (static string), it only defers evaluating it.
import Mocha from 'mocha';
import { format } from 'node:util';

/** Every line the suite prints starts with this, so the launcher can tell it from the
 *  rest of the extension host's console. Keep in sync with launch-offline.mjs. */
export const LOG_PREFIX = '[factmark-e2e] ';

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', timeout: 60_000, color: false, reporter: 'spec' });
  // The spec reporter prints with Base.consoleLog: prefix each line.
  const base = Mocha.reporters.Base as unknown as { consoleLog: (...args: unknown[]) => void };
  base.consoleLog = (...args: unknown[]) => {
    for (const line of format(...args).split('\n')) console.log(LOG_PREFIX + line);
  };

  // A launcher may run one suite only (launch-offline.mjs --untrusted: the Restricted Mode one).
  const grep = process.env.FACTMARK_E2E_GREP;
  if (grep) mocha.grep(grep);
  mocha.suite.emit('pre-require', globalThis, 'factmark-e2e', mocha);
  // Add new test files here (one line each).
  require('./extension.test');
  require('./restricted.test');
  require('./dataset.test');
  require('./commands.test');

  const { failures, passes, pending } = await new Promise<Mocha.Stats>((resolve) => {
    const runner = mocha.run(() => resolve(runner.stats ?? { passes: 0, failures: 1, pending: 0 } as Mocha.Stats));
  });
  // A plain closing line CI can read ("N passed, N failed").
  console.log(`${LOG_PREFIX}e2e: ${passes} passed, ${failures} failed` + (pending ? `, ${pending} skipped` : ''));
  if (failures > 0) throw new Error(`${failures} e2e test(s) failed`);
  if (passes === 0) throw new Error('no e2e test ran');
}
