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
  // Each kind of object: which properties it may have (checked, and shared where they repeat) and which it must.
  private readonly source = this.object(['id', 'title'], (item, key, value) => {
    switch (key) {
      case 'id': return isId(value);
      case 'title': case 'path': return isFilled(value);
      case 'publisher': case 'url': return typeof value === 'string';
      case 'date': return typeof value === 'string' && PUBLISHED.test(value);
      default: return false;
    }
  });

  private readonly entity = this.object(['id', 'name', 'kind'], (item, key, value) => {
    switch (key) {
      case 'id': return isId(value);
      case 'name': return isSpelled(value);
      case 'kind': return isOneOf(value, ENTITY_KINDS) && this.share(item, key);
      case 'aliases': return isListOf(value, isSpelled);
      case 'description': return typeof value === 'string';
      case 'related': case 'parents': return isListOf(value, isId) && this.shareList(item, key);
      case 'pronoun': return isOneOf(value, PRONOUNS);
      default: return false;
    }
  });

  private readonly citation = this.object(['source', 'quote'], (item, key, value) => {
    switch (key) {
      case 'source': return isId(value) && this.share(item, key);
      case 'quote': return isFilled(value);
      default: return false;
    }
  });

  private readonly value = this.object(['value', 'cite'], (item, key, value) => {
    switch (key) {
      case 'value': return typeof value === 'number' || typeof value === 'string';
      case 'bound': return isOneOf(value, BOUNDS) && this.share(item, key);
      case 'cite': return isListOf(value, this.citation, 1);
      default: return false;
    }
  });

  private readonly fact = this.object(['id', 'about', 'measure', 'kind', 'values'], (item, key, value) => {
    switch (key) {
      case 'id': return isId(value);
      case 'about': return isId(value) && this.share(item, key);
      case 'measure': return isFilled(value) && this.share(item, key);
      case 'kind': return isOneOf(value, FACT_KINDS) && this.share(item, key);
      case 'unit': return typeof value === 'string' && this.share(item, key);
      case 'when': return typeof value === 'string' && YEAR_OR_MONTH.test(value) && this.share(item, key);
      case 'counts': case 'signals': return isListOf(value, isFilled) && this.shareList(item, key);
      case 'note': return typeof value === 'string';
      case 'values': return isListOf(value, this.value, 1);
      default: return false;
    }
  });

  readonly file = this.object(['factmark'], (item, key, value) => {
    switch (key) {
      case 'factmark': return value === 1;
      case 'title': return typeof value === 'string';
      case 'sources': return isListOf(value, this.source);
      case 'entities': return isListOf(value, this.entity);
      case 'facts': return isListOf(value, this.fact);
      default: return false;
    }
  });

  /** A check of an object: every property it has passes `property` (and is counted), and the required ones are there. */
  private object(required: readonly string[], property: (item: Json, key: string, value: unknown) => boolean): (item: unknown) => boolean {
    return (item) => {
      if (!isObject(item)) return false;
      for (const key in item) {
        this.properties++;
        if (!property(item, key, item[key])) return false;
      }
      for (const key of required) if (item[key] === undefined) return false;
      return true;
    };
  }

  /** Puts the one copy of the string at `item[key]` there; always true (it runs inside a check). */
  private share(item: Json, key: string): true {
    item[key] = this.intern(item[key] as string);
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
      for (let i = 0; i < values.length; i++) values[i] = this.intern(values[i]);
      this.lists.set(listKey, values);
    }
    return true;
  }

  private intern(value: string): string {
    const known = this.strings.get(value);
    if (known !== undefined) return known;
    this.strings.set(value, value);
    return value;
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

/** An array of at least `minItems` items, each passing `check`. */
function isListOf(value: unknown, check: (item: unknown) => boolean, minItems = 0): boolean {
  if (!Array.isArray(value) || value.length < minItems) return false;
  for (let i = 0; i < value.length; i++) if (!check(value[i])) return false;
  return true;
}
