/**
 * The hand-written schema check of the fast path (dataset/check.ts) against ajv with the schema
 * we ship: on generated dataset files, most of them a field or two away from valid, both must
 * accept and refuse the same files. A file the check wrongly accepted would load without the
 * problem the slow path reports; one it wrongly refused would only be slower.
 */
import { strict as assert } from 'node:assert';
import Ajv from 'ajv';
import fc from 'fast-check';
import schema from '../../server/schema/factmark-dataset.schema.json';
import { checkAndShare } from '../../server/src/core/dataset/check';

const validate = new Ajv({ allErrors: false, strict: false }).compile(schema);
const RUNS = Number(process.env.FACTMARK_FUZZ_RUNS ?? 40) * 50;

/** Marks a property left out of a generated object. */
const MISSING = Symbol('missing');

const anyJson = fc.oneof(fc.constant(null), fc.integer(), fc.double({ noDefaultInfinity: true, noNaN: true }), fc.boolean(), fc.constant([]), fc.constant({}), fc.string({ maxLength: 3 }));
/** Mostly what the schema asks for, sometimes anything at all. */
const mostly = <T>(valid: fc.Arbitrary<T>) => fc.oneof({ weight: 60, arbitrary: valid }, { weight: 1, arbitrary: anyJson });
/** Usually `usual`, now and then `unusual`. */
const rarely = <T, U>(usual: fc.Arbitrary<T>, unusual: fc.Arbitrary<U>) => fc.oneof({ weight: 30, arbitrary: usual }, { weight: 1, arbitrary: unusual });
/** Mostly good values, sometimes near misses, sometimes any string. */
const strings = (good: string[], nearMisses: string[]) =>
  mostly(fc.oneof({ weight: 60, arbitrary: fc.constantFrom(...good) }, { weight: 1, arbitrary: fc.constantFrom(...nearMisses) }, { weight: 1, arbitrary: fc.string({ maxLength: 3 }) }));
const id = strings(['src-1', 'e.2', 'A_b-3', '7'], ['', '-x', 'a b', 'é', 'x\n']);
const text = strings(['x', 'Ales Bialiatski', '\uD800', 'é'], ['', ' ', '\u00A0', '\t\n', '\u3000']);
const wordList = mostly(fc.array(text, { maxLength: 3 }));
const oneOf = (...values: string[]) => strings(values, ['', 'Person', 'other']);
const dateLike = strings(['2025', '2025-12', '2025-12-13'], ['2025-1', '25-12-13', '2025-12-13x', '٢٠٢٥']);
const listOf = <T>(item: fc.Arbitrary<T>) => mostly(fc.array(item, { maxLength: 3 }));

/** An object of these properties, each left out now and then, sometimes with one the schema does not know. */
function object(properties: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<unknown> {
  const optional = Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, rarely(value, fc.constant(MISSING))]));
  return mostly(
    fc.tuple(fc.record(optional), rarely(fc.constant(null), fc.constantFrom('extra', 'Id', 'constructor', 'toString'))).map(([record, extra]) => {
      const result: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(record)) if (value !== MISSING) result[key] = value;
      if (extra !== null) result[extra] = 'x';
      return result;
    }),
  );
}

const source = object({ id, title: text, publisher: text, date: dateLike, url: text, path: text });
const entity = object({
  id,
  name: text,
  kind: oneOf('person', 'organisation', 'place', 'event'),
  aliases: wordList,
  description: text,
  related: listOf(id),
  parents: listOf(id),
  pronoun: oneOf('he', 'she', 'they'),
});
const citation = object({ source: id, quote: text });
const value = object({ value: mostly(fc.oneof(fc.integer(), fc.double({ noDefaultInfinity: true, noNaN: true }), text)), bound: oneOf('exact', 'about', 'more-than', 'at-least', 'less-than', 'at-most'), cite: listOf(citation) });
const fact = object({
  id,
  about: id,
  measure: text,
  kind: oneOf('count', 'duration', 'age', 'year', 'date', 'weekday', 'percent', 'money'),
  unit: text,
  counts: wordList,
  signals: wordList,
  when: dateLike,
  note: text,
  values: listOf(value),
});
const datasetFile = object({ factmark: rarely(fc.constant(1), fc.constantFrom(2, '1')), title: text, sources: listOf(source), entities: listOf(entity), facts: listOf(fact) });

/** How many properties the data has, all levels (what the check counts for the duplicate-key test). */
function propertiesOf(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + propertiesOf(item), 0);
  return Object.values(value).reduce((sum: number, item) => sum + 1 + propertiesOf(item), 0);
}

/** The verdicts of ajv and of the check on a file's text, with what the check did to the data. */
function verdicts(json: string) {
  const checked = JSON.parse(json);
  const properties = checkAndShare(checked);
  return { ajv: validate(JSON.parse(json)), check: properties !== -1, properties, expected: propertiesOf(checked), unchanged: JSON.stringify(checked) === json };
}

describe('the fast path’s schema check', () => {
  it('accepts and refuses the same generated dataset files as ajv does, counting every property of those it accepts', () => {
    let accepted = 0;
    fc.assert(
      fc.property(datasetFile, (data) => {
        const json = JSON.stringify(data);
        const { ajv, check, properties, expected, unchanged } = verdicts(json);
        assert.equal(check, ajv, `ajv says ${ajv ? 'valid' : 'invalid'}: ${json}`);
        assert.ok(unchanged, 'sharing strings changed the data');
        if (check) {
          accepted++;
          assert.equal(properties, expected);
        }
      }),
      { numRuns: RUNS },
    );
    // The generator is meant to land on both sides of the line: a check that refused everything would pass the rest.
    assert.ok(accepted > RUNS / 20, `only ${accepted} of ${RUNS} generated files were valid`);
  });

  it('agrees with ajv on what JSON.parse can give and JSON.stringify never writes', () => {
    const file = (fact: string) => `{"factmark":1,"facts":[${fact}]}`;
    const cases = [
      file('{"id":"f","about":"e","measure":"m","kind":"count","values":[{"value":1e400,"cite":[{"source":"s","quote":"q"}]}]}'),
      file('{"id":"f","about":"e","measure":"m","kind":"count","values":[{"value":-0,"cite":[{"source":"s","quote":"q"}]}]}'),
      file('{"id":"f","about":"e","measure":"m","kind":"count","__proto__":{},"values":[{"value":1,"cite":[{"source":"s","quote":"q"}]}]}'),
      '{"factmark":1,"__proto__":{"title":"x"}}',
      '{"factmark":1.0}',
      '[{"factmark":1}]',
    ];
    for (const json of cases) {
      const { ajv, check } = verdicts(json);
      assert.equal(check, ajv, json);
    }
  });

  it('gives repeated word lists one copy', () => {
    const json = JSON.stringify({
      factmark: 1,
      facts: [1, 2].map((n) => ({ id: `f${n}`, about: 'e', measure: 'prison sentence', kind: 'duration', unit: 'year', signals: ['sentenced', 'jailed'], values: [{ value: n, cite: [{ source: 's', quote: 'q' }] }] })),
    });
    const data = JSON.parse(json);
    assert.notEqual(checkAndShare(data), -1);
    const [first, second] = data.facts;
    assert.equal(first.signals, second.signals, 'the word lists are one array');
  });
});
