/** Keeps the architecture invariants of ARCHITECTURE.md true: the core stays pure. */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

const CORE = path.join(__dirname, '..', '..', 'server', 'src', 'core');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sources(full) : full.endsWith('.ts') ? [full] : [];
  });
}

describe('architecture', () => {
  it('the analysis core imports no editor, file system, clock or process', () => {
    const forbidden = [/from '(?:node:)?(?:fs|path|os|child_process|net|http|https|url)'/, /from 'vscode/, /\bDate\.now\b|\bnew Date\(/, /\bprocess\./, /\bconsole\./, /\brequire\(/];
    for (const file of sources(CORE)) {
      const text = readFileSync(file, 'utf8');
      for (const pattern of forbidden) assert.doesNotMatch(text, pattern, `${path.relative(CORE, file)} breaks the purity of the core`);
    }
  });

  it('only convert.ts turns offsets into LSP ranges', () => {
    const lsp = path.join(CORE, '..', 'lsp');
    for (const file of sources(lsp).filter((f) => !f.endsWith('convert.ts'))) {
      assert.doesNotMatch(readFileSync(file, 'utf8'), /\.positionAt\(|\.offsetAt\(|\bRange\.create\(/, `${path.basename(file)} converts positions itself`);
    }
  });
});
