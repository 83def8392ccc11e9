/**
 * Parsing one dataset file: YAML or JSON text in, plain data with the offsets of every node
 * out, validated against the shipped JSON Schema. Problems carry offsets into the file's text.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { isAlias, isMap, isNode, isPair, isScalar, isSeq, parseDocument, visit, type Alias, type Document, type Node } from 'yaml';
import schema from '../../../schema/factmark-dataset.schema.json';
import type { FindingCode } from '../rules';
import { checkJson, checkYamlNesting } from './syntax';

export interface DatasetProblem {
  readonly uri: string;
  readonly code: FindingCode;
  readonly start: number;
  readonly end: number;
  readonly message: string;
}

/** A parsed, schema-valid dataset file: its data, and a way to find where any part was written. */
export interface ParsedDatasetFile {
  readonly uri: string;
  readonly data: RawDataset;
  /** Offsets of the node at a path such as ['facts', 3, 'values', 0, 'value']; the whole file when not found. */
  rangeOf(path: readonly (string | number)[]): { start: number; end: number };
}

export interface RawDataset {
  factmark: 1;
  title?: string;
  sources?: RawSource[];
  entities?: RawEntity[];
  facts?: RawFact[];
}
export interface RawSource { id: string; title: string; publisher?: string; date?: string; url?: string; path?: string }
export interface RawEntity { id: string; name: string; kind: string; aliases?: string[]; description?: string; related?: string[]; parents?: string[]; pronoun?: 'he' | 'she' | 'they' }
export interface RawFact {
  id: string; about: string; measure: string; kind: string; unit?: string; counts?: string[]; signals?: string[];
  when?: string; note?: string; values: RawValue[];
}
export interface RawValue { value: number | string; bound?: string; cite: { source: string; quote: string }[] }

export type ParseResult =
  | { readonly ok: true; readonly file: ParsedDatasetFile }
  | { readonly ok: false; readonly problems: readonly DatasetProblem[] };

const ajv = new Ajv({ allErrors: true, strict: false });
const validateAll = ajv.compile<RawDataset>(schema);
/** Stops at the first error: tells a valid file from an invalid one without collecting anything. */
const validateFirst = new Ajv({ allErrors: false, strict: false }).compile<RawDataset>(schema);
/** The list sections of a file, each item validated on its own (see `schemaErrors`). */
const SECTIONS = [
  { key: 'sources', validate: ajv.getSchema(`${schema.$id}#/definitions/source`)! },
  { key: 'entities', validate: ajv.getSchema(`${schema.$id}#/definitions/entity`)! },
  { key: 'facts', validate: ajv.getSchema(`${schema.$id}#/definitions/fact`)! },
] as const;

/** At most this many schema problems are reported per file, then one that says how many more there are. */
export const MAX_SCHEMA_PROBLEMS = 100;

/** Aliases are expanded at most this many times: a "billion laughs" file fails instead of exhausting memory. */
const MAX_ALIAS_EXPANSIONS = 1000;

/** Never throws: whatever is wrong with the text comes back as problems with offsets. */
export function parseDatasetFile(uri: string, text: string): ParseResult {
  try {
    // Checked before the YAML parser sees the text: it must never get a file nested deeply enough to exhaust its stack.
    const before = isJsonFile(uri) ? checkJson(text) : checkYamlNesting(text);
    if (before) return { ok: false, problems: [problem(uri, 'dataset-syntax', before.start, before.end, before.message)] };
    return parseChecked(uri, text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, problems: [problem(uri, 'dataset-syntax', 0, Math.min(text.length, 1), `The file cannot be read: ${message}`)] };
  }
}

function isJsonFile(uri: string): boolean {
  return /\.json$/i.test(uri.replace(/[?#].*$/, ''));
}

function parseChecked(uri: string, text: string): ParseResult {
  const document = parseDocument(text, { uniqueKeys: true, prettyErrors: false, strict: true });
  const syntaxProblems = document.errors.map((error) => problem(uri, 'dataset-syntax', error.pos[0], error.pos[1], error.message.split('\n')[0]));
  if (syntaxProblems.length > 0) return { ok: false, problems: syntaxProblems };

  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: MAX_ALIAS_EXPANSIONS });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const range = (/alias/i.test(message) ? offendingAlias(document)?.range : undefined) ?? [0, Math.min(text.length, 1)];
    return { ok: false, problems: [problem(uri, 'dataset-syntax', range[0], range[1], message)] };
  }
  const rangeOf = (path: readonly (string | number)[]) => nodeRange(document, path, text);
  const errors = schemaErrors(data);
  if (errors.length > 0) {
    return { ok: false, problems: cappedProblems(errors, (error) => schemaProblem(uri, error, document, data, rangeOf)) };
  }
  return { ok: true, file: { uri, data: data as RawDataset, rangeOf } };
}

/**
 * Every schema error of the data, in the order ajv gives them for the whole file. Validating the
 * whole file with allErrors costs time quadratic in the errors (ajv concatenates each sub-schema's
 * errors onto all before: 10 s for 50,000), so the top level and each item of a section are
 * validated on their own, and only once a quick check has found the file invalid.
 */
function schemaErrors(data: unknown): ErrorObject[] {
  if (validateFirst(data)) return [];
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return errorsOf(validateAll, data);
  const record = data as Record<string, unknown>;
  const shell: Record<string, unknown> = { ...record };
  for (const { key } of SECTIONS) if (Array.isArray(record[key])) shell[key] = [];
  const topLevel = errorsOf(validateAll, shell);
  // The sections are the schema's last properties, so ajv reports every other top-level error first.
  const errors = topLevel.filter((error) => !SECTIONS.some(({ key }) => isUnder(error, key)));
  for (const { key, validate } of SECTIONS) {
    const items = record[key];
    if (Array.isArray(items)) items.forEach((item, index) => errors.push(...errorsOf(validate, item, `/${key}/${index}`)));
    else errors.push(...topLevel.filter((error) => isUnder(error, key)));
  }
  return errors;
}

/** The useful errors of one validation, their paths prefixed with where the value stands in the file. */
function errorsOf(validate: ValidateFunction, value: unknown, prefix = ''): ErrorObject[] {
  if (validate(value)) return [];
  const errors = usefulErrors(validate.errors ?? []);
  return prefix ? errors.map((error) => ({ ...error, instancePath: prefix + error.instancePath })) : errors;
}

function isUnder(error: ErrorObject, key: string): boolean {
  return error.instancePath === `/${key}` || error.instancePath.startsWith(`/${key}/`);
}

function usefulErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  return errors.filter(isUsefulError).filter(withoutPatternOfTooShort);
}

/**
 * The first MAX_SCHEMA_PROBLEMS problems, and one in place of the rest: thousands would bury the
 * first and slow the editor. Only those are located (locating is most of the cost of an error);
 * the rest are counted, an error said twice once.
 */
function cappedProblems(errors: readonly ErrorObject[], toProblem: (error: ErrorObject) => DatasetProblem): DatasetProblem[] {
  const located = new Set<string>();
  const unlocated = new Set<string>();
  const problems: DatasetProblem[] = [];
  for (const error of errors) {
    if (problems.length > MAX_SCHEMA_PROBLEMS) {
      unlocated.add(`${error.instancePath}\u0000${error.keyword}\u0000${JSON.stringify(error.params)}`);
      continue;
    }
    const found = toProblem(error);
    const key = `${found.start}:${found.end}:${found.message}`;
    if (!located.has(key)) problems.push(found);
    located.add(key);
  }
  if (problems.length <= MAX_SCHEMA_PROBLEMS) return problems;
  return [...problems.slice(0, MAX_SCHEMA_PROBLEMS), summaryProblem(problems[MAX_SCHEMA_PROBLEMS], unlocated.size + 1)];
}

/** Stands in for the unreported errors, where the first of them is. */
function summaryProblem(first: DatasetProblem, count: number): DatasetProblem {
  const message = `… and ${count.toLocaleString('en')} more schema error${count === 1 ? '' : 's'} in this file (the first ${MAX_SCHEMA_PROBLEMS} are reported).`;
  return problem(first.uri, 'dataset-schema', first.start, first.end, message);
}

/**
 * The alias that made toJS fail (yaml's errors there carry no position): the first alias of an
 * anchor not defined before it, or else — for the alias-count cap — the first alias of the file.
 */
function offendingAlias(document: Document): Alias | undefined {
  const anchors = new Set<string>();
  let first: Alias | undefined;
  let unresolved: Alias | undefined;
  visit(document, (_key, node) => {
    if (isAlias(node)) {
      first ??= node;
      if (!anchors.has(node.source)) {
        unresolved = node;
        return visit.BREAK;
      }
    } else if (isNode(node) && node.anchor) {
      anchors.add(node.anchor);
    }
    return undefined;
  });
  return unresolved ?? first;
}

function problem(uri: string, code: FindingCode, start: number, end: number, message: string): DatasetProblem {
  return { uri, code, start, end: Math.max(end, start), message };
}

/** ajv reports the branches of a failed `type: [a, b]`/`enum` too; those add nothing for a user. */
function isUsefulError(error: ErrorObject): boolean {
  return error.keyword !== 'if' && error.keyword !== 'anyOf';
}

/** An empty string also fails the `\\S` pattern of names; "must not be empty" says it better alone. */
function withoutPatternOfTooShort(error: ErrorObject, _index: number, errors: readonly ErrorObject[]): boolean {
  return error.keyword !== 'pattern' || !errors.some((other) => other.keyword === 'minLength' && other.instancePath === error.instancePath);
}

function schemaProblem(
  uri: string,
  error: ErrorObject,
  document: Document,
  data: unknown,
  rangeOf: ParsedDatasetFile['rangeOf'],
): DatasetProblem {
  const path = error.instancePath.split('/').slice(1).map(decodePointerSegment);
  const where = humanPath(path);
  if (error.keyword === 'additionalProperties') {
    const key = String(error.params.additionalProperty);
    const range = keyRange(document, path, key) ?? rangeOf(path);
    return problem(uri, 'dataset-schema', range.start, range.end, `Unknown property '${key}'${where ? ` in ${where}` : ''}.`);
  }
  const range = rangeOf(path);
  const message = describeSchemaError(error, valueAt(data, path));
  return problem(uri, 'dataset-schema', range.start, range.end, where ? `${where}: ${message}` : message);
}

/** The value at a path of the data (ajv leaves `error.data` empty unless it runs verbose). */
function valueAt(data: unknown, path: readonly (string | number)[]): unknown {
  let value = data;
  for (const part of path) value = typeof value === 'object' && value !== null ? (value as Record<string | number, unknown>)[part] : undefined;
  return value;
}

/** What a pattern of the schema asks for, in words. */
const PATTERN_MEANING: Record<string, string> = {
  [schema.definitions.id.pattern]: "an id is letters, digits, '-', '_' and '.', starting with a letter or digit",
  [schema.definitions.entity.properties.name.pattern]: 'a spelling must contain a character that is not a space',
  [schema.definitions.source.properties.date.pattern]: 'a date is written YYYY, YYYY-MM or YYYY-MM-DD',
  [schema.definitions.fact.properties.when.pattern]: 'write the year or month as "YYYY" or "YYYY-MM"',
};

function describeSchemaError(error: ErrorObject, value: unknown): string {
  switch (error.keyword) {
    case 'required':
      return `missing required property '${error.params.missingProperty}'.`;
    case 'enum':
      return `must be one of ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}.`;
    case 'const':
      return `must be ${JSON.stringify(error.params.allowedValue)}.`;
    case 'type':
      return `must be ${String(error.params.type).replace(',', ' or ')}.`;
    case 'pattern': {
      const meaning = PATTERN_MEANING[String(error.params.pattern)];
      return `'${String(value)}' does not have the expected form${meaning ? `: ${meaning}` : ''}.`;
    }
    default:
      return `${error.message ?? 'is not valid'}.`;
  }
}

function decodePointerSegment(segment: string): string | number {
  const decoded = segment.replace(/~1/g, '/').replace(/~0/g, '~');
  return /^\d+$/.test(decoded) ? Number(decoded) : decoded;
}

function humanPath(path: readonly (string | number)[]): string {
  return path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${part}`)).join('').replace(/^\./, '');
}

function nodeAt(document: Document, path: readonly (string | number)[]): Node | undefined {
  let node: unknown = document.contents;
  for (const part of path) {
    if (isMap(node)) node = node.get(part, true);
    else if (isSeq(node) && typeof part === 'number') node = node.get(part, true);
    else return undefined;
  }
  return isNode(node) ? node : undefined;
}

function nodeRange(document: Document, path: readonly (string | number)[], text: string): { start: number; end: number } {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = nodeAt(document, path.slice(0, depth));
    if (node?.range) {
      // A scalar is marked whole; a collection only at its first line, which is where a reader looks.
      const [start, valueEnd] = node.range;
      const end = isScalar(node) ? valueEnd : Math.min(valueEnd, lineEnd(text, start));
      return { start, end: Math.max(end, start + 1) };
    }
  }
  return { start: 0, end: Math.min(1, text.length) };
}

function lineEnd(text: string, start: number): number {
  const newline = text.indexOf('\n', start);
  return newline === -1 ? text.length : newline;
}

function keyRange(document: Document, path: readonly (string | number)[], key: string): { start: number; end: number } | undefined {
  const parent = nodeAt(document, path) ?? (path.length === 0 ? (document.contents as Node) : undefined);
  if (!isMap(parent)) return undefined;
  for (const item of parent.items) {
    if (isPair(item) && isScalar(item.key) && item.key.value === key && item.key.range) {
      return { start: item.key.range[0], end: item.key.range[1] };
    }
  }
  return undefined;
}
