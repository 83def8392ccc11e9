import { strict as assert } from 'node:assert';
import { analyse, datasetFrom, SMALL_DATASET, WIRE_TEXT } from './helpers';

const dataset = datasetFrom(SMALL_DATASET, { 'wire.txt': WIRE_TEXT });

function names(text: string): string[] {
  return analyse(text, dataset).mentions.map((m) => `${text.slice(m.start, m.end)}=${m.entityId ?? m.candidates.join('|')}`);
}

describe('name recognition', () => {
  it('finds every spelling, longest first', () => {
    assert.deepEqual(names('Maria Kolesnikova met Kalesnikava.'), ['Maria Kolesnikova=kalesnikava', 'Kalesnikava=kalesnikava']);
  });

  it('keeps possessives out of the name, with straight or curly apostrophes', () => {
    assert.deepEqual(names("Babariko's campaign and Viktor Babariko’s son"), ['Babariko=babaryka|eduard', 'Viktor Babariko=babaryka']);
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
  });

  it('never finds names inside code', () => {
    assert.deepEqual(names('`Kalesnikava` and\n\n```\nViasna\n```\n'), []);
  });
});
