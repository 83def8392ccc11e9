/** A dataset file for the tests of the parse cache, shared by the command line's and the server's. */
import { utimesSync, writeFileSync } from 'node:fs';

/**
 * Writes a `.facts.json` file large enough for the fast path, and so for the parse cache: 3,001
 * facts about Maria Kalesnikava, one of them her age (43, so "Maria Kalesnikava, 47" is a
 * mismatch). Dated long ago: a file written in the last seconds is neither cached nor read from
 * the cache (its times may not tell a second write).
 */
export function writeLargeDataset(file: string): void {
  const facts = Array.from({ length: 3000 }, (_, i) => ({ id: `f${i}`, about: 'k', measure: `m${i}`, kind: 'age', values: [{ value: 43, cite: [{ source: 's', quote: 'aged 43' }] }] }));
  facts.push({ id: 'age', about: 'k', measure: 'age', kind: 'age', values: [{ value: 43, cite: [{ source: 's', quote: 'aged 43' }] }] });
  writeFileSync(file, JSON.stringify({ factmark: 1, sources: [{ id: 's', title: 'S' }], entities: [{ id: 'k', name: 'Maria Kalesnikava', kind: 'person' }], facts }));
  utimesSync(file, new Date('2026-01-01'), new Date('2026-01-01'));
}
