import { strict as assert } from 'node:assert';
import { analyzeDraft, hoverAt } from '../../server/src/core';
import { nameIndexOf } from '../../server/src/core/analyze';
import { analyse, datasetFrom, SMALL_DATASET, WIRE_TEXT, withCursor } from './helpers';

const dataset = datasetFrom(SMALL_DATASET, { 'wire.txt': WIRE_TEXT });

function names(text: string): string[] {
  return analyse(text, dataset).mentions.map((m) => `${text.slice(m.start, m.end)}=${m.entityId ?? m.candidates.join('|')}`);
}

describe('name recognition', () => {
  it('finds every spelling, longest first', () => {
    assert.deepEqual(names('Maria Kolesnikova met Kalesnikava.'), ['Maria Kolesnikova=kalesnikava', 'Kalesnikava=kalesnikava']);
  });

  it('keeps possessives out of the name, with straight or curly apostrophes', () => {
    assert.deepEqual(names("Babariko's campaign and Viktor Babariko’s son"), ['Babariko=babaryka', 'Viktor Babariko=babaryka']);
    const mention = analyse('Kalesnikava’s passport', dataset).mentions[0];
    assert.equal(mention.possessive, true);
  });

  it('matches whole words only, and only capitalised', () => {
    assert.deepEqual(names('Kalesnikavas and viasna and Viasna'), ['Viasna=viasna']);
  });

  it('folds diacritics', () => {
    assert.deepEqual(names('Kalesnikavá spoke'), ['Kalesnikavá=kalesnikava']);
  });

  it('resolves a shared surname to the person last named in full, else leaves it open', () => {
    assert.deepEqual(names('Babaryka spoke.'), ['Babaryka=babaryka|eduard']);
    assert.deepEqual(names('Eduard Babaryka is still held. Babaryka wrote.'), ['Eduard Babaryka=eduard', 'Babaryka=eduard']);
    assert.deepEqual(names('Viktar Babaryka was freed. Babaryka wrote.'), ['Viktar Babaryka=babaryka', 'Babaryka=babaryka']);
    // Introduced as a relative of someone already named, the full name leaves the surname open.
    assert.deepEqual(names('Viktar Babaryka was freed. His son Eduard Babaryka is still held. Babaryka wrote.'), ['Viktar Babaryka=babaryka', 'Eduard Babaryka=eduard', 'Babaryka=babaryka|eduard']);
    assert.deepEqual(names('Viktar Babaryka was freed. His son Eduard Babaryka is still held. Viktar Babaryka spoke. Babaryka wrote.').pop(), 'Babaryka=babaryka');
  });

  it('follows the dataset as it is rebuilt: same people with new facts, a new spelling, an entity removed', () => {
    const text = 'Kolesnikova met Kalesnikava. The Flautist and Viasna spoke.';
    const found = (yaml: string) => analyse(text, datasetFrom(yaml, { 'wire.txt': WIRE_TEXT })).mentions.map((m) => `${text.slice(m.start, m.end)}=${m.entityId}`);
    const before = found(SMALL_DATASET);
    assert.deepEqual(before, ['Kolesnikova=kalesnikava', 'Kalesnikava=kalesnikava', 'Viasna=viasna']);
    // Only the facts changed: the names are found as before.
    assert.deepEqual(found(SMALL_DATASET.replace('value: 123', 'value: 124')), before);
    // A spelling added (a nickname no variant rule would find): it is a name now.
    const withAlias = SMALL_DATASET.replace('aliases: [Maria Kolesnikova,', 'aliases: [The Flautist, Maria Kolesnikova,');
    assert.deepEqual(found(withAlias), ['Kolesnikova=kalesnikava', 'Kalesnikava=kalesnikava', 'The Flautist=kalesnikava', 'Viasna=viasna']);
    // A spelling removed again, and then the organisation gone: nothing of the other versions stays.
    assert.deepEqual(found(SMALL_DATASET), before);
    assert.deepEqual(found(SMALL_DATASET.replace('  - { id: viasna, name: Viasna, kind: organisation }\n', '').replace(/about: viasna/g, 'about: release')), before.slice(0, 2));
  });

  it('never finds names inside code', () => {
    assert.deepEqual(names('`Kalesnikava` and\n\n```\nViasna\n```\n'), []);
  });
});

describe('name consistency', () => {
  const draft = 'Maria Kalesnikava was freed. Kolesnikova said she was happy. Kalesnikava thanked Ukraine.';

  it('flags the minority spelling of a person, and only that', () => {
    const findings = analyse(draft, dataset).findings.filter((f) => f.code === 'name-inconsistent');
    assert.deepEqual(findings.map((f) => draft.slice(f.start, f.end)), ['Kolesnikova']);
    assert.match(findings[0].message, /"Kalesnikava" ×2/);
  });

  it('fixes every mention to the dataset\'s spelling, or to the draft\'s first', () => {
    const apply = (text: string, edits: readonly { start: number; end: number; newText: string }[]) =>
      [...edits].reverse().reduce((t, e) => t.slice(0, e.start) + e.newText + t.slice(e.end), text);
    const [preferred] = analyse('Kolesnikova was freed. Later Kolesnikova and Kalesnikava spoke.', dataset).findings;
    assert.equal(apply('Kolesnikova was freed. Later Kolesnikova and Kalesnikava spoke.', preferred.fixes[0].edits), 'Kalesnikava was freed. Later Kalesnikava and Kalesnikava spoke.');
    const firstUse = analyzeDraft('Kolesnikova was freed. Kalesnikava spoke.', dataset, { nameStyle: 'first-use' }).findings[0];
    assert.equal(apply('Kolesnikova was freed. Kalesnikava spoke.', firstUse.fixes[0].edits), 'Kolesnikova was freed. Kolesnikova spoke.');
  });

  it('accepts a full name and its surname, and given names compared on their own', () => {
    assert.deepEqual(analyse('Maria Kalesnikava was freed. Kalesnikava spoke.', dataset).findings, []);
    const text = 'Viktar Babaryka was freed. Viktor Babariko spoke.';
    assert.deepEqual(analyse(text, dataset).findings.map((f) => text.slice(f.start, f.end)), ['Viktor', 'Babariko']);
  });
});

describe('spellings the dataset does not list', () => {
  it('recognises other romanisations of a person, with the given name as evidence', () => {
    assert.deepEqual(names('Maria Kalesnikova spoke. Viktor Babaryko too.'), ['Maria Kalesnikova=kalesnikava', 'Viktor Babaryko=babaryka']);
    const [mention] = analyse('Kolesnikova spoke.', dataset).mentions;
    assert.equal(mention.variant, false, 'a listed spelling is not a variant');
    assert.equal(analyse('Maria Kalesnikova spoke.', dataset).mentions[0].variant, true);
  });

  it('never takes an English word or someone else\'s name for a person', () => {
    assert.deepEqual(names('Maria Callas sang.'), []);
    assert.deepEqual(names('Eduard Shevardnadze and Donald Trump Jr. spoke.'), []);
  });

  it('explains a variant in the hover', () => {
    const { text, offset } = withCursor('Maria Kales|nikova spoke.');
    assert.match(hoverAt(analyse(text, dataset), offset)!.markdown, /a spelling the dataset does not list/);
  });

  it('suggests, at information level only, a known name for a near miss', () => {
    const findings = analyse('Later, Kalesnikaba said she was happy.', dataset).findings;
    assert.deepEqual(findings.map((f) => [f.code, f.severity]), [['name-variant', 'information']]);
    assert.match(findings[0].message, /did you mean Maria Kalesnikava/);
  });

  it('names every one of many people who share a spelling, each once, however they spell it twice', () => {
    const people = Array.from({ length: 300 }, (_, i) => `  - { id: p${i}, name: Viktar${'abcdefghij'[i % 10]}${i} Ivanov, kind: person, aliases: [Ivanov, IVANOV] }`);
    const shared = datasetFrom(`factmark: 1\nentities:\n${people.join('\n')}\n`);
    const [mention] = analyse('Ivanov was freed.', shared).mentions;
    assert.deepEqual(mention.candidates, people.map((_, i) => `p${i}`), 'all 300, in dataset order, none twice');
    assert.equal(mention.entityId, undefined, 'not one of them in particular');
    assert.equal(analyse('Viktarj9 Ivanov was freed.', shared).mentions[0].entityId, 'p9');
    assert.equal(nameIndexOf(shared).aliasCount, 600, 'two spellings each: IVANOV is Ivanov again');
  });
});
