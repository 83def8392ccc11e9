import { strict as assert } from 'node:assert';
import { analyzeDraft, highlightSpans, hoverAt, type DraftAnalysis } from '../../server/src/core';
import { analyse, datasetFrom, mismatches, SMALL_DATASET, WIRE_TEXT, withCursor } from './helpers';

const dataset = datasetFrom(SMALL_DATASET, { 'wire.txt': WIRE_TEXT });

describe('checking figures', () => {
  it('warns on a figure that disagrees, naming the sourced value and its sources', () => {
    const analysis = analyse('Belarus freed 132 political prisoners on Saturday.', dataset);
    assert.deepEqual(mismatches(analysis), ['132']);
    const [warning] = analysis.findings.filter((f) => f.code === 'figure-mismatch');
    assert.equal(warning.severity, 'warning');
    assert.match(warning.message, /123/);
    assert.match(warning.message, /Wire \(wire\)/);
    assert.equal(warning.related[0].location.uri, 'file:///ws/wire.txt');
    assert.equal(WIRE_TEXT.slice(warning.related[0].location.start, warning.related[0].location.end), 'freed 123 political prisoners');
  });

  it('stays silent on figures that agree, in any form', () => {
    const text = 'Belarus freed **123** political prisoners. Kalesnikava, 43, had spent about 1,800 days in detention and was serving eleven years. More than 1,200 political prisoners remain.';
    assert.deepEqual(mismatches(analyse(text, dataset)), []);
  });

  it('finds the person of a figure through a pronoun', () => {
    assert.deepEqual(mismatches(analyse('Kalesnikava was freed. She had been sentenced to 12 years.', dataset)), ['12 years']);
  });

  it('stays silent when a figure could be about either of two people', () => {
    assert.deepEqual(mismatches(analyse('Babaryka was sentenced to 12 years.', dataset)), [], 'Babaryka could be father or son');
    assert.deepEqual(mismatches(analyse('Viktar Babaryka was sentenced to 12 years.', dataset)), ['12 years']);
  });

  it('does not compare a figure about another time', () => {
    assert.deepEqual(mismatches(analyse('In September, Belarus freed 52 political prisoners.', dataset)), []);
    assert.deepEqual(mismatches(analyse('Belarus freed 52 political prisoners in June.', dataset)), []);
  });

  it('never checks inside code', () => {
    assert.deepEqual(mismatches(analyse('Belarus freed `132` political prisoners.\n\n```\nBelarus freed 132 political prisoners.\n```\n', dataset)), []);
  });

  it('reports a draft that follows one side of a disputed fact as disputed, not wrong', () => {
    const analysis = analyse('Belarus freed the prisoners on Friday.', dataset);
    assert.deepEqual(mismatches(analysis), []);
    const disputed = analysis.findings.find((f) => f.code === 'figure-disputed');
    assert.ok(disputed);
    assert.equal(disputed.severity, 'information');
    assert.match(disputed.message, /Saturday/);
  });

  it('offers a fix in the draft\'s own style', () => {
    const fixes = (text: string) => analyse(text, dataset).findings.flatMap((f) => f.fixes.filter((fix) => fix.title.startsWith('Replace')).map((fix) => fix.edits[0].newText));
    assert.deepEqual(fixes('Belarus freed 132 political prisoners.'), ['123']);
    assert.deepEqual(fixes('Kalesnikava was sentenced to twelve years.'), ['eleven']);
    assert.deepEqual(fixes('Kalesnikava spent 1,908 days in detention.'), ['1,808']);
    assert.deepEqual(fixes('Kalesnikava spent 1908 days in detention.'), ['1808']);
    assert.deepEqual(fixes('Nearly 1,200 political prisoners remain.'), ['More than 1,200']);
    assert.deepEqual(fixes('Only a few hundred political prisoners remain.'), ['more than 1,200'], 'a long number is written in digits');
  });

  it('obeys inline controls, and offers to add one', () => {
    const wrong = 'Belarus freed 132 political prisoners.';
    assert.deepEqual(mismatches(analyse(`<!-- factmark-disable -->\n${wrong}\n<!-- factmark-enable -->\n${wrong}`, dataset)).length, 1);
    assert.deepEqual(mismatches(analyse(`<!-- factmark-disable-next-line figure-mismatch -->\n${wrong}\n${wrong}`, dataset)).length, 1);
    assert.deepEqual(mismatches(analyse(`<!-- factmark-disable figure-disputed -->\n${wrong}`, dataset)).length, 1, 'other codes stay on');
    const [finding] = analyse(`Intro.\n  ${wrong}`, dataset).findings;
    const ignore = finding.fixes.find((fix) => fix.title.startsWith('Ignore'))!;
    assert.deepEqual(ignore.edits, [{ start: 7, end: 7, newText: '  <!-- factmark-disable-next-line figure-mismatch -->\n' }]);
    const edited = `Intro.\n  ${wrong}`.slice(0, 7) + ignore.edits[0].newText + `  ${wrong}`;
    assert.deepEqual(mismatches(analyse(edited, dataset)), []);
  });

  it('never throws, whatever the draft', () => {
    for (const text of ['', '\u0000\u0000', '🙂'.repeat(1000), '1'.repeat(5000), '[[[((((', '```', 'Kalesnikava, , , 43,,', '\uD800 lone surrogate 12']) {
      assert.equal(analyzeDraft(text, dataset).internalError, undefined, JSON.stringify(text.slice(0, 20)));
    }
  });
});

describe('hover cards', () => {
  function hover(marked: string): string {
    const { text, offset } = withCursor(marked);
    return hoverAt(analyse(text, dataset), offset)?.markdown ?? '';
  }

  it('on a name: preferred spelling, kind, other spellings, facts with sources and quotes', () => {
    const card = hover('Maria Kolesni|kova was freed.');
    assert.match(card, /### Maria Kalesnikava/);
    assert.match(card, /\*person\*/);
    assert.match(card, /also written .*Kolesnikova/);
    assert.match(card, /the dataset prefers \*Maria Kalesnikava\*/);
    assert.match(card, /Prison sentence: \*\*11 years\*\*/);
    assert.match(card, /“sentenced to 11 years”/);
    assert.match(card, /\[wire \(Wire, 2025-12-13\)\]\(file:\/\/\/ws\/wire\.txt#L1,\d+\)/);
    assert.match(card, /Related:\*\* Viktar Babaryka/);
  });

  it('on a wrong figure: the fact it matched, the sourced value and the verdict', () => {
    const card = hover('Belarus freed 1|32 political prisoners.');
    assert.match(card, /prisoners freed/);
    assert.match(card, /disagrees/);
    assert.match(card, /\*\*123\*\*/);
    assert.match(card, /release-count/);
  });

  it('on a disputed figure: both values with their sources', () => {
    const card = hover('Belarus freed them on Satur|day.');
    assert.match(card, /sources differ/i);
    assert.match(card, /Saturday\*\* ✓/);
    assert.match(card, /Friday/);
  });

  it('on a shared surname: both people', () => {
    assert.match(hover('Babar|yka spoke.'), /could be Viktar Babaryka or Eduard Babaryka/);
  });

  it('nowhere else', () => {
    assert.equal(hover('The wea|ther was cold.'), '');
  });
});

describe('highlights', () => {
  it('marks names and figures, with the figure\'s verdict', () => {
    const text = 'Kalesnikava was freed on Saturday; Belarus freed 132 political prisoners.';
    const spans = highlightSpans(analyse(text, dataset)).map((s) => `${text.slice(s.start, s.end)}:${s.type}:${s.modifiers.join('+')}`);
    assert.deepEqual(spans, ['Kalesnikava:factmarkName:person', 'Saturday:factmarkFigure:disputed', '132:factmarkFigure:mismatch']);
  });
});

describe('analysing again after an edit', () => {
  // Paragraphs with no names or figures, to put the end of the draft far beyond any window around the edit.
  const filler = Array.from({ length: 6 }, (_, i) => `Paragraph ${'abcdef'[i]} of the background says nothing that a check could read, and it says it at some length so that it is long.`).join('\n\n');

  /** Analyses `before`, then `after` given that analysis, and checks it against a fresh analysis of `after`. */
  function reanalyse(before: string, after: string) {
    const previous = analyse(before, dataset);
    const again = analyzeDraft(after, dataset, { language: 'markdown', previous });
    const said = (analysis: DraftAnalysis) => analysis.findings.map((found) => `${found.code} ${found.start}-${found.end} ${found.message}`);
    assert.deepEqual(said(again), said(analyse(after, dataset)));
    return { before: mismatches(previous), after: mismatches(again) };
  }

  it('drops a warning far from the edit when the edit makes a shared surname ambiguous', () => {
    const before = `Eduard Babaryka remains in prison.\n\nFreed on Saturday was Viktar Babaryka.\n\n${filler}\n\nBabaryka was sentenced to 12 years.\n`;
    // "his son Viktar Babaryka": introduced as a relative, the surname no longer names the last full name.
    const after = before.replace('was Viktar Babaryka', 'was his son Viktar Babaryka');
    assert.deepEqual(reanalyse(before, after), { before: ['12 years'], after: [] });
    assert.deepEqual(reanalyse(after, before), { before: [], after: ['12 years'] });
  });

  it('reads a pronoun far from the edit anew when the edit names someone else before it', () => {
    const before = `Viktar Babaryka was freed.\n\n${filler}\n\nViktar Babaryka agreed.\n\n${filler}\n\nShe was sentenced to 12 years.\n`;
    const after = before.replace('Viktar Babaryka was freed', 'Maria Kalesnikava was freed');
    assert.deepEqual(reanalyse(before, after), { before: [], after: ['12 years'] });
  });

  it('gives a far warning when a full name typed early decides whom a later surname names', () => {
    const before = `Eduard Babaryka remains in prison.\n\n${filler}\n\nBabaryka was sentenced to 12 years.\n`;
    const after = before.replace('Eduard Babaryka remains', 'Viktar Babaryka remains');
    assert.deepEqual(reanalyse(before, after), { before: [], after: ['12 years'] });
  });

  it('reads again a surname before the edit that the full name after it decided', () => {
    // A bare surname with no full name before it names the first full name soon after it.
    const before = `Babaryka was sentenced to 12 years.\n\n${filler.slice(0, 300)}\n\nViktar Babaryka spoke.\n\n${filler}\n`;
    const after = before.replace('Viktar Babaryka spoke', 'Eduard Babaryka spoke');
    assert.deepEqual(reanalyse(before, after), { before: ['12 years'], after: [] });
  });

  it('tells apart paragraphs that read alike, with the same text around them, but follow different names', () => {
    // "She" at the top names no one; after Kalesnikava it names her (sentenced to 11 years).
    const alike = `${filler}\n\nShe was sentenced to 12 years.\n\n${filler}`;
    const before = `${alike}\n\nMaria Kalesnikava was freed on Saturday.\n\n${alike}`;
    const after = before.replace('freed on Saturday', 'released on Saturday');
    assert.deepEqual(reanalyse(before, after), { before: ['12 years'], after: ['12 years'] });
  });
});
