import { strict as assert } from 'node:assert';
import { LineIndex } from '../../server/src/core/positions';

describe('positions', () => {
  it('counts lines across \\n, \\r\\n and \\r', () => {
    const lines = new LineIndex('a\nb\r\nc\rd');
    assert.deepEqual(lines.positionAt(0), { line: 0, character: 0 });
    assert.deepEqual(lines.positionAt(2), { line: 1, character: 0 });
    assert.deepEqual(lines.positionAt(5), { line: 2, character: 0 });
    assert.deepEqual(lines.positionAt(7), { line: 3, character: 0 });
  });

  it('counts characters in UTF-16 code units, as LSP does', () => {
    const text = 'ab😀 123';
    const lines = new LineIndex(text);
    assert.deepEqual(lines.positionAt(text.indexOf('123')), { line: 0, character: 5 });
    assert.equal(lines.offsetAt({ line: 0, character: 5 }), text.indexOf('123'));
  });

  it('clamps positions outside the text', () => {
    const lines = new LineIndex('one\ntwo');
    assert.equal(lines.offsetAt({ line: 9, character: 0 }), 7);
    assert.equal(lines.offsetAt({ line: 0, character: 99 }), 4);
    assert.deepEqual(lines.positionAt(99), { line: 1, character: 3 });
  });
});
