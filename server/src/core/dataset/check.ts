/**
 * The JSON Schema check of the fast path (dataset/fast.ts), written out by hand for the one
 * schema we ship: a million facts take ajv's generated validator about two seconds, and this walk
 * does the same check while counting the properties (for duplicate keys) and giving every
 * repeated string and word list one copy (which roughly halves the memory a fact takes).
 *
 * It must accept exactly what ajv accepts with `server/schema/factmark-dataset.schema.json`
 * (test/unit/dataset-check.test.ts compares the two on generated files): whatever it refuses
 * goes the slow way, which reports the problem with ajv's message.
 */
/**
 * The number of properties the data has at all levels, when the schema accepts it; -1 when it
 * does not. Accepted data has its repeated strings and word lists shared; refused data may have
 * been partly shared (the same values, so harmless).
 */
export function checkAndShare(data: unknown): number {
  const walk = new Walk();
  return walk.file(data) ? walk.properties : -1;
}

type Json = Record<string, unknown>;

const ID = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/u;
const PUBLISHED = /^\d{4}(-\d{2}(-\d{2})?)?$/u;
const YEAR_OR_MONTH = /^\d{4}(-\d{2})?$/u;
const NOT_SPACE = /\S/u;
const ENTITY_KINDS = new Set(['person', 'organisation', 'place', 'event']);
const PRONOUNS = new Set(['he', 'she', 'they']);
const FACT_KINDS = new Set(['count', 'duration', 'age', 'year', 'date', 'weekday', 'percent', 'money']);
const BOUNDS = new Set(['exact', 'about', 'more-than', 'at-least', 'less-than', 'at-most']);

class Walk {
  properties = 0;
  private readonly strings = new Map<string, string>();
  private readonly lists = new Map<string, string[]>();

  file(data: unknown): boolean {
    if (!isObject(data)) return false;
    for (const key in data) {
      this.properties++;
      const value = data[key];
      const ok =
        key === 'factmark' ? value === 1
        : key === 'title' ? typeof value === 'string'
        : key === 'sources' ? isListOf(value, (item) => this.source(item))
        : key === 'entities' ? isListOf(value, (item) => this.entity(item))
        : key === 'facts' ? isListOf(value, (item) => this.fact(item))
        : false;
      if (!ok) return false;
    }
    return data.factmark !== undefined;
  }

  private source(item: unknown): boolean {
    if (!isObject(item)) return false;
    for (const key in item) {
      this.properties++;
      const value = item[key];
      const ok =
        key === 'id' ? isId(value)
        : key === 'title' || key === 'path' ? isFilled(value)
        : key === 'publisher' || key === 'url' ? typeof value === 'string'
        : key === 'date' ? typeof value === 'string' && PUBLISHED.test(value)
        : false;
      if (!ok) return false;
    }
    return item.id !== undefined && item.title !== undefined;
  }

  private entity(item: unknown): boolean {
    if (!isObject(item)) return false;
    for (const key in item) {
      this.properties++;
      const value = item[key];
      let ok: boolean;
      if (key === 'id') ok = isId(value);
      else if (key === 'name') ok = isSpelled(value);
      else if (key === 'kind') ok = isOneOf(value, ENTITY_KINDS) && this.share(item, key);
      else if (key === 'aliases') ok = isListOf(value, isSpelled);
      else if (key === 'description') ok = typeof value === 'string';
      else if (key === 'related' || key === 'parents') ok = isListOf(value, isId) && this.shareList(item, key);
      else if (key === 'pronoun') ok = isOneOf(value, PRONOUNS);
      else ok = false;
      if (!ok) return false;
    }
    return item.id !== undefined && item.name !== undefined && item.kind !== undefined;
  }

  private fact(item: unknown): boolean {
    if (!isObject(item)) return false;
    for (const key in item) {
      this.properties++;
      const value = item[key];
      let ok: boolean;
      if (key === 'id') ok = isId(value);
      else if (key === 'about') ok = isId(value) && this.share(item, key);
      else if (key === 'measure') ok = isFilled(value) && this.share(item, key);
      else if (key === 'kind') ok = isOneOf(value, FACT_KINDS) && this.share(item, key);
      else if (key === 'unit') ok = typeof value === 'string' && this.share(item, key);
      else if (key === 'when') ok = typeof value === 'string' && YEAR_OR_MONTH.test(value) && this.share(item, key);
      else if (key === 'counts' || key === 'signals') ok = isListOf(value, isFilled) && this.shareList(item, key);
      else if (key === 'note') ok = typeof value === 'string';
      else if (key === 'values') ok = Array.isArray(value) && value.length > 0 && isListOf(value, (entry) => this.value(entry));
      else ok = false;
      if (!ok) return false;
    }
    return item.id !== undefined && item.about !== undefined && item.measure !== undefined && item.kind !== undefined && item.values !== undefined;
  }

  private value(item: unknown): boolean {
    if (!isObject(item)) return false;
    for (const key in item) {
      this.properties++;
      const value = item[key];
      const ok =
        key === 'value' ? typeof value === 'number' || typeof value === 'string'
        : key === 'bound' ? isOneOf(value, BOUNDS) && this.share(item, key)
        : key === 'cite' ? Array.isArray(value) && value.length > 0 && isListOf(value, (entry) => this.citation(entry))
        : false;
      if (!ok) return false;
    }
    return item.value !== undefined && item.cite !== undefined;
  }

  private citation(item: unknown): boolean {
    if (!isObject(item)) return false;
    for (const key in item) {
      this.properties++;
      const value = item[key];
      const ok = key === 'source' ? isId(value) && this.share(item, key) : key === 'quote' ? isFilled(value) : false;
      if (!ok) return false;
    }
    return item.source !== undefined && item.quote !== undefined;
  }

  /** Puts the one copy of the string at `item[key]` there; always true (it runs inside a check). */
  private share(item: Json, key: string): true {
    const value = item[key] as string;
    const known = this.strings.get(value);
    if (known === undefined) this.strings.set(value, value);
    else item[key] = known;
    return true;
  }

  /** Puts the one copy of the word list at `item[key]` (checked to be strings) there; always true. */
  private shareList(item: Json, key: string): true {
    const values = item[key] as string[];
    const listKey = values.join('\u0000');
    const known = this.lists.get(listKey);
    if (known) {
      item[key] = known;
    } else {
      for (let i = 0; i < values.length; i++) {
        const word = this.strings.get(values[i]);
        if (word === undefined) this.strings.set(values[i], values[i]);
        else values[i] = word;
      }
      this.lists.set(listKey, values);
    }
    return true;
  }
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isId(value: unknown): boolean {
  return typeof value === 'string' && ID.test(value);
}

/** A string of at least one character (the schema's minLength 1). */
function isFilled(value: unknown): boolean {
  return typeof value === 'string' && value.length > 0;
}

/** A string with a character that is not a space (minLength 1 and pattern \S). */
function isSpelled(value: unknown): boolean {
  return typeof value === 'string' && NOT_SPACE.test(value);
}

function isOneOf(value: unknown, allowed: ReadonlySet<string>): boolean {
  return typeof value === 'string' && allowed.has(value);
}

function isListOf(value: unknown, check: (item: unknown) => boolean): boolean {
  if (!Array.isArray(value)) return false;
  for (let i = 0; i < value.length; i++) if (!check(value[i])) return false;
  return true;
}
