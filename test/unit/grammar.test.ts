/** The TextMate grammar that colours figures in Markdown before the server answers. */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, Registry, parseRawGrammar, type IGrammar } from 'vscode-textmate';

const GRAMMAR = path.join(__dirname, '..', '..', 'syntaxes', 'factmark-figures.tmLanguage.json');

async function loadGrammar(): Promise<IGrammar> {
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new Registry({
    onigLib: Promise.resolve({ createOnigScanner: (s) => new oniguruma.OnigScanner(s), createOnigString: (s) => new oniguruma.OnigString(s) }),
    loadGrammar: async () => parseRawGrammar(readFileSync(GRAMMAR, 'utf8'), GRAMMAR),
  });
  return (await registry.loadGrammar('factmark.figures.injection'))!;
}

describe('figure grammar', () => {
  let grammar: IGrammar;
  before(async () => {
    grammar = await loadGrammar();
  });

  /** The pieces of a line scoped as figures. */
  function figures(line: string): string[] {
    return grammar
      .tokenizeLine(line, INITIAL)
      .tokens.filter((token) => token.scopes.some((scope) => scope.endsWith('figure.factmark')))
      .map((token) => line.slice(token.startIndex, token.endIndex));
  }

  it('scopes numbers, number words, dates, percentages and money', () => {
    assert.deepEqual(figures('Belarus freed 123 political prisoners; 1,808 days; ten years; a decade'), ['123', '1,808', 'ten', 'a decade']);
    assert.deepEqual(figures('On December 14, 2025, about 12% of $5 million'), ['December 14, 2025', '12%', '$5 million']);
    assert.deepEqual(figures('twenty-one people and 1.2 million tonnes'), ['twenty-one', '1.2 million']);
  });

  it('leaves numbers inside words alone', () => {
    assert.deepEqual(figures('Tut.by and COVID19 and v2'), []);
  });

  it('is injected into Markdown but not into code', () => {
    const raw = JSON.parse(readFileSync(GRAMMAR, 'utf8')) as { injectionSelector: string };
    assert.match(raw.injectionSelector, /^L:text\.html\.markdown /);
    assert.match(raw.injectionSelector, /-markup\.fenced_code/);
    assert.match(raw.injectionSelector, /-markup\.inline\.raw/);
  });
});
