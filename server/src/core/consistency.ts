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

interface Form {
  readonly part: Part;
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

export function inconsistentNames(dataset: Dataset, mentions: readonly NameMention[], style: NameStyle): Inconsistency[] {
  const byEntity = new Map<string, NameMention[]>();
  for (const mention of mentions) {
    if (!mention.entityId || mention.candidates.length > 1) continue;
    const list = byEntity.get(mention.entityId);
    if (list) list.push(mention);
    else byEntity.set(mention.entityId, [mention]);
  }
  const found: Inconsistency[] = [];
  for (const [entityId, list] of byEntity) {
    const entity = dataset.entities.get(entityId);
    if (!entity || entity.kind !== 'person' || list.length < 2) continue;
    // Mentions spelled all alike cannot disagree; most people in a draft are written one way.
    if (list.every((mention) => mention.text === list[0].text)) continue;
    const forms = list.flatMap((mention) => formsOf(entity, mention));
    for (const part of ['surname', 'given'] as const) found.push(...inconsistentPart(entity, forms.filter((f) => f.part === part), part, style));
  }
  return found.sort((a, b) => a.start - b.start);
}

/** The surname and given-name tokens of a mention, where the entity's spellings tell which is which. */
function formsOf(entity: Entity, mention: NameMention): Form[] {
  const tokens = wordsOf(mention.text).map((word) => ({ text: word.text, start: mention.start + word.at, end: mention.start + word.at + word.text.length }));
  if (tokens.length === 0) return [];
  if (tokens.length > 1) {
    const last = tokens[tokens.length - 1];
    return [{ part: 'given', ...tokens[0] }, { part: 'surname', ...last }];
  }
  const { surnames, givenNames } = nameParts(entity);
  const key = tokens[0].text.toLowerCase();
  if (surnames.has(key)) return [{ part: 'surname', ...tokens[0] }];
  if (givenNames.has(key)) return [{ part: 'given', ...tokens[0] }];
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

function inconsistentPart(entity: Entity, forms: readonly Form[], part: Part, style: NameStyle): Inconsistency[] {
  const counts = new Map<string, number>();
  for (const form of forms) counts.set(form.text, (counts.get(form.text) ?? 0) + 1);
  if (counts.size < 2) return [];
  const preferredWords = entity.name.split(/\s+/);
  const preferred = part === 'surname' ? preferredWords[preferredWords.length - 1] : preferredWords[0];
  const target = style === 'first-use' ? forms[0].text : preferred;
  // The spelling most of the draft uses stays unflagged (the earlier one on a tie); the others are flagged.
  const majority = [...counts.entries()].sort((a, b) => b[1] - a[1] || firstIndex(forms, a[0]) - firstIndex(forms, b[0]))[0][0];
  const edits = forms.filter((f) => f.text !== target).map((f) => ({ start: f.start, end: f.end, newText: target }));
  const others = [...counts.entries()].filter(([text]) => text !== majority).map(([text]) => text);
  const word = part === 'surname' ? 'surname' : 'given name';
  return forms
    .filter((form) => others.includes(form.text))
    .map((form) => ({
      start: form.start,
      end: form.end,
      message: `"${form.text}" spells ${entity.name}'s ${word} differently from the rest of the draft ("${majority}" ×${counts.get(majority)}); the ${style === 'first-use' ? "draft's first use" : 'dataset'} prefers "${target}".`,
      fixTitle: `Spell ${entity.name}'s ${word} "${target}" throughout`,
      edits,
    }));
}

function firstIndex(forms: readonly Form[], text: string): number {
  return forms.findIndex((form) => form.text === text);
}
