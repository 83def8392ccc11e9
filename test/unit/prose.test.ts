import { strict as assert } from 'node:assert';
import { proseOnly } from '../../server/src/core/prose';
import { sentenceSpans } from '../../server/src/core/text';

describe('Markdown prose', () => {
  const draft = [
    '---',
    'title: 123 freed',
    '---',
    '# Belarus frees **123**',
    '',
    'Read [the report](https://example.org/2021/report "from 2021") and `code 42`.',
    '',
    '```yaml',
    'count: 99',
    '```',
    '<!-- note 77 -->',
    '3. A list item with 5 people',
  ].join('\n');
  const prose = proseOnly(draft, 'markdown');

  it('keeps every offset', () => {
    assert.equal(prose.length, draft.length);
  });

  it('blanks front matter, code, comments, link targets and list numbers', () => {
    for (const hidden of ['title: 123', '2021/report', 'code 42', 'count: 99', 'note 77', '3.']) {
      assert.ok(!prose.includes(hidden), `still visible: ${hidden}`);
    }
    for (const kept of ['**123**', 'the report', '5 people']) assert.ok(prose.includes(kept), `lost: ${kept}`);
  });

  it('leaves plain text alone', () => {
    assert.equal(proseOnly('`code 42`', 'plaintext'), '`code 42`');
  });

  it('blanks section numbers that open a line, in any draft, but not a number that starts a sentence', () => {
    assert.equal(proseOnly('1.2 Of those freed, 114 went to Ukraine.', 'plaintext'), '    Of those freed, 114 went to Ukraine.');
    assert.equal(proseOnly('4.2.1 Earlier releases', 'markdown'), '      Earlier releases');
    assert.equal(proseOnly('1.2 million people protested.', 'plaintext'), '1.2 million people protested.');
  });
});

describe('sentences', () => {
  function sentences(text: string): string[] {
    return sentenceSpans(text).map((s) => text.slice(s.start, s.end));
  }

  it('splits at full stops, blank lines and headings, not at abbreviations', () => {
    assert.deepEqual(sentences('The U.S. lifted sanctions. Belarus freed 123.\n\n# Next\nMr. Coale spoke.'), [
      'The U.S. lifted sanctions.',
      'Belarus freed 123.',
      '# Next',
      'Mr. Coale spoke.',
    ]);
  });

  it('ends a sentence at each list item', () => {
    assert.deepEqual(sentences('Freed:\n- Kalesnikava, 43\n- Babaryka, 62'), ['Freed:', '- Kalesnikava, 43', '- Babaryka, 62']);
  });
});
