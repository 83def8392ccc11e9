/**
 * One spelling per person: a draft that writes "Kolesnikova" in one paragraph and "Kalesnikava"
 * in another gets a `name-inconsistent` finding on the minority spelling, with a fix that makes
 * every mention use one spelling — the dataset's preferred one, or the draft's first, per setting.
 *
 * Surnames and given names are compared separately: "Maria Kalesnikava" and "Kalesnikava" agree;
 * "Viktor Babaryka" and "Viktar Babaryka" do not. Nicknames ("Masha") are not compared.
 */
import type { Dataset, Entity } from './dataset/model';
import type { NameMention } from './names';
import { spellings } from './names';
import type { TextEdit } from './textEdit';

export type NameStyle = 'dataset' | 'first-use';

export interface Inconsistency {
  readonly start: number;
  readonly end: number;
  readonly message: string;
  readonly fixTitle: string;
  readonly edits: readonly TextEdit[];
}

type Part = 'surname' | 'given';

/** A surname or given-name token of one of an entity's mentions: which mention, and where in its text. */
interface Form {
  readonly part: Part;
  readonly text: string;
  readonly mention: number;
  readonly at: number;
}

/** An inconsistency worked out from the spellings alone, to be placed at the mentions' offsets. */
interface Template {
  readonly form: number;
  readonly message: string;
  readonly fixTitle: string;
  /** The forms the fix changes, and to what; one list shared by every inconsistency of a name part. */
  readonly edits: readonly { readonly form: number; readonly newText: string }[];
}

/**
 * What inconsistentNames finds for a person depends on the spellings of their mentions, in order,
 * and not on where they stand: the last result is kept per person and placed again at the new
 * offsets while the spellings stay the same, as they do for nearly every keystroke.
 */
interface Worked {
  readonly spellings: string;
  readonly forms: readonly Form[];
  readonly templates: readonly Template[];
}

const workedOut = new WeakMap<Dataset, Map<string, Worked>>();

export function inconsistentNames(dataset: Dataset, mentions: readonly NameMention[], style: NameStyle): Inconsistency[] {
  const byEntity = new Map<string, NameMention[]>();
  for (const mention of mentions) {
    if (!mention.entityId || mention.candidates.length > 1) continue;
    const list = byEntity.get(mention.entityId);
    if (list) list.push(mention);
    else byEntity.set(mention.entityId, [mention]);
  }
  let cache = workedOut.get(dataset);
  if (!cache) {
    cache = new Map();
    workedOut.set(dataset, cache);
  }
  const found: Inconsistency[] = [];
  for (const [entityId, list] of byEntity) {
    // Mentions spelled all alike cannot disagree; most people in a draft are written one way
    // (tested first: the entity is looked up in a map of them all only for the others).
    if (list.length < 2 || list.every((mention) => mention.text === list[0].text)) continue;
    const entity = dataset.entities.get(entityId);
    if (!entity || entity.kind !== 'person') continue;
    const spellings = `${style}\n${list.map((mention) => mention.text).join('\n')}`;
    let worked = cache.get(entityId);
    if (worked?.spellings !== spellings) {
      worked = workOut(entity, list, style, spellings);
      cache.set(entityId, worked);
    }
    place(worked, list, found);
  }
  return found.sort((a, b) => a.start - b.start);
}

function workOut(entity: Entity, list: readonly NameMention[], style: NameStyle, spellings: string): Worked {
  const forms = list.flatMap((mention, i) => formsOf(entity, mention, i));
  const templates: Template[] = [];
  for (const part of ['surname', 'given'] as const) templates.push(...inconsistentPart(entity, forms, part, style));
  return { spellings, forms, templates };
}

/** The templates at the offsets of this version's mentions. */
function place(worked: Worked, list: readonly NameMention[], found: Inconsistency[]): void {
  const startOf = (form: number) => list[worked.forms[form].mention].start + worked.forms[form].at;
  let placedEdits: TextEdit[] | undefined;
  let editsOf: Template['edits'] | undefined;
  for (const template of worked.templates) {
    if (template.edits !== editsOf) {
      editsOf = template.edits;
      placedEdits = editsOf.map((edit) => ({ start: startOf(edit.form), end: startOf(edit.form) + worked.forms[edit.form].text.length, newText: edit.newText }));
    }
    const start = startOf(template.form);
    found.push({ start, end: start + worked.forms[template.form].text.length, message: template.message, fixTitle: template.fixTitle, edits: placedEdits! });
  }
}

/** The surname and given-name tokens of a mention, where the entity's spellings tell which is which. */
function formsOf(entity: Entity, mention: NameMention, index: number): Form[] {
  const words = wordsOf(mention.text);
  if (words.length === 0) return [];
  if (words.length > 1) {
    const last = words[words.length - 1];
    return [{ part: 'given', text: words[0].text, mention: index, at: words[0].at }, { part: 'surname', text: last.text, mention: index, at: last.at }];
  }
  const { surnames, givenNames } = nameParts(entity);
  const key = words[0].text.toLowerCase();
  if (surnames.has(key)) return [{ part: 'surname', text: words[0].text, mention: index, at: words[0].at }];
  if (givenNames.has(key)) return [{ part: 'given', text: words[0].text, mention: index, at: words[0].at }];
  return [];
}

const wordsOfSpelling = new Map<string, readonly { text: string; at: number }[]>();

/** The words of a spelling and where they start in it; spellings repeat, so each is read once. */
function wordsOf(spelling: string): readonly { text: string; at: number }[] {
  let words = wordsOfSpelling.get(spelling);
  if (!words) {
    words = [...spelling.matchAll(/[\p{L}\p{M}]+(?:[-'’][\p{L}\p{M}]+)*/gu)].map((m) => ({ text: m[0], at: m.index! }));
    if (wordsOfSpelling.size < 10_000) wordsOfSpelling.set(spelling, words);
  }
  return words;
}

const namePartsOf = new WeakMap<Entity, { surnames: Set<string>; givenNames: Set<string> }>();

/** Which single words are surnames and which given names, read off the entity's full spellings. */
function nameParts(entity: Entity): { surnames: Set<string>; givenNames: Set<string> } {
  let parts = namePartsOf.get(entity);
  if (!parts) {
    parts = namePartsFrom(entity);
    namePartsOf.set(entity, parts);
  }
  return parts;
}

function namePartsFrom(entity: Entity): { surnames: Set<string>; givenNames: Set<string> } {
  const surnames = new Set<string>();
  const givenNames = new Set<string>();
  for (const spelling of spellings(entity)) {
    const words = spelling.split(/\s+/).filter(Boolean);
    if (words.length < 2) continue;
    surnames.add(words[words.length - 1].toLowerCase());
    givenNames.add(words[0].toLowerCase());
  }
  return { surnames, givenNames };
}

function inconsistentPart(entity: Entity, all: readonly Form[], part: Part, style: NameStyle): Template[] {
  const forms: { readonly form: Form; readonly index: number }[] = [];
  all.forEach((form, index) => {
    if (form.part === part) forms.push({ form, index });
  });
  const counts = new Map<string, number>();
  for (const { form } of forms) counts.set(form.text, (counts.get(form.text) ?? 0) + 1);
  if (counts.size < 2) return [];
  const preferredWords = entity.name.split(/\s+/);
  const preferred = part === 'surname' ? preferredWords[preferredWords.length - 1] : preferredWords[0];
  const target = style === 'first-use' ? forms[0].form.text : preferred;
  // The spelling most of the draft uses stays unflagged (the earlier one on a tie); the others are flagged.
  const majority = [...counts.entries()].sort((a, b) => b[1] - a[1] || firstIndex(forms, a[0]) - firstIndex(forms, b[0]))[0][0];
  const edits = forms.filter(({ form }) => form.text !== target).map(({ index }) => ({ form: index, newText: target }));
  const others = [...counts.entries()].filter(([text]) => text !== majority).map(([text]) => text);
  const word = part === 'surname' ? 'surname' : 'given name';
  return forms
    .filter(({ form }) => others.includes(form.text))
    .map(({ form, index }) => ({
      form: index,
      message: `"${form.text}" spells ${entity.name}'s ${word} differently from the rest of the draft ("${majority}" ×${counts.get(majority)}); the ${style === 'first-use' ? "draft's first use" : 'dataset'} prefers "${target}".`,
      fixTitle: `Spell ${entity.name}'s ${word} "${target}" throughout`,
      edits,
    }));
}

function firstIndex(forms: readonly { readonly form: Form }[], text: string): number {
  return forms.findIndex(({ form }) => form.text === text);
}
