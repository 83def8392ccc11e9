/** Test helpers: datasets from inline YAML, and drafts with a `|` cursor marker. */
import { strict as assert } from 'node:assert';
import { analyzeDraft, buildDataset, parseDatasetFile, type Dataset, type DraftAnalysis, type SourceText } from '../../server/src/core';

export const DATASET_URI = 'file:///ws/test.facts.yaml';

/** A dataset built from YAML; `sources` maps a source path (relative to the dataset) to its text. */
export function datasetFrom(yaml: string, sources: Record<string, string> = {}): Dataset {
  const parsed = parseDatasetFile(DATASET_URI, yaml);
  assert.ok(parsed.ok, `fixture dataset does not parse: ${JSON.stringify(!parsed.ok && parsed.problems)}`);
  const texts = new Map<string, SourceText>(Object.entries(sources).map(([path, text]) => [new URL(path, DATASET_URI).toString(), { status: 'ok', text }]));
  const built = buildDataset([parsed.file], texts);
  assert.deepEqual(built.problems, [], 'fixture dataset has problems');
  return built.dataset;
}

/** Splits "text with a | cursor" into the text and the cursor's offset. */
export function withCursor(marked: string): { text: string; offset: number } {
  const offset = marked.indexOf('|');
  assert.ok(offset !== -1, 'no | cursor marker');
  return { text: marked.slice(0, offset) + marked.slice(offset + 1), offset };
}

/** The figure-mismatch warnings of a draft, as the text they cover. */
export function mismatches(analysis: DraftAnalysis): string[] {
  return analysis.findings.filter((f) => f.code === 'figure-mismatch').map((f) => analysis.text.slice(f.start, f.end));
}

export function analyse(text: string, dataset: Dataset): DraftAnalysis {
  const analysis = analyzeDraft(text, dataset, { language: 'markdown' });
  assert.equal(analysis.internalError, undefined);
  return analysis;
}

/** A small dataset shaped like the shipped example, for tests that need people, events and a dispute. */
export const SMALL_DATASET = `
factmark: 1
sources:
  - { id: wire, title: Wire report, publisher: Wire, date: "2025-12-13", path: wire.txt }
  - { id: paper, title: Paper report, publisher: Paper }
entities:
  - { id: kalesnikava, name: Maria Kalesnikava, kind: person, pronoun: she, aliases: [Maria Kolesnikova, Kalesnikava, Kolesnikova], description: Protest leader., related: [babaryka] }
  - { id: babaryka, name: Viktar Babaryka, kind: person, pronoun: he, aliases: [Viktor Babariko, Babaryka, Babariko] }
  - { id: eduard, name: Eduard Babaryka, kind: person, pronoun: he, aliases: [Babaryka, Babariko] }
  - { id: viasna, name: Viasna, kind: organisation }
  - { id: release, name: the December 2025 release, kind: event }
facts:
  - id: release-count
    about: release
    measure: prisoners freed
    kind: count
    when: "2025-12"
    counts: [political prisoners, prisoners, people]
    signals: [freed, released]
    values: [{ value: 123, cite: [{ source: wire, quote: "freed 123 political prisoners" }] }]
  - id: release-day
    about: release
    measure: day of the release
    kind: weekday
    when: "2025-12"
    signals: [freed, released]
    values:
      - { value: Saturday, cite: [{ source: wire, quote: "on Saturday" }] }
      - { value: Friday, cite: [{ source: paper, quote: "on Friday" }] }
  - id: remaining
    about: viasna
    measure: political prisoners still held
    kind: count
    counts: [political prisoners]
    signals: [remain, still held, behind bars]
    values: [{ value: 1200, bound: more-than, cite: [{ source: wire, quote: "more than 1,200 remain" }] }]
  - id: kalesnikava-sentence
    about: kalesnikava
    measure: prison sentence
    kind: duration
    unit: year
    signals: [sentenced, sentence, serving]
    values: [{ value: 11, cite: [{ source: wire, quote: "sentenced to 11 years" }] }]
  - id: kalesnikava-days
    about: kalesnikava
    measure: days in detention
    kind: duration
    unit: day
    signals: [spent, detention]
    values: [{ value: 1808, cite: [{ source: wire, quote: "1,808 days" }] }]
  - id: kalesnikava-age
    about: kalesnikava
    measure: age
    kind: age
    values: [{ value: 43, cite: [{ source: paper, quote: "aged 43" }] }]
  - id: babaryka-sentence
    about: babaryka
    measure: prison sentence
    kind: duration
    unit: year
    signals: [sentenced, sentence, serving]
    values: [{ value: 14, cite: [{ source: paper, quote: "a 14-year sentence" }] }]
`;

export const WIRE_TEXT = 'Belarus freed 123 political prisoners on Saturday. Kalesnikava was sentenced to 11 years and spent 1,808 days behind bars; more than 1,200 remain.';
