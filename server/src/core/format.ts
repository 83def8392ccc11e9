/** How values and sources are written in messages, hovers and fixes. */
import type { Bound, Dataset, Fact, FactValue, Source } from './dataset/model';
import type { Figure } from './figures';
import { toDigits, toNumberWords } from './numberWords';
import { MONTH_NAMES } from './figures';

const BOUND_WORDS: Record<Bound, string> = {
  exact: '',
  about: 'about ',
  'more-than': 'more than ',
  'at-least': 'at least ',
  'less-than': 'fewer than ',
  'at-most': 'at most ',
};

/** A sourced value as a reader would say it: "more than 1,200", "11 years", "14 December 2025". */
export function describeValue(fact: Fact, value: FactValue): string {
  if (fact.kind === 'weekday') return capitalise(String(value.value));
  if (fact.kind === 'date') return describeDate(String(value.value));
  const number = typeof value.value === 'number' ? toDigits(value.value, fact.kind === 'year' ? undefined : ',') : String(value.value);
  const unit = fact.kind === 'duration' ? ` ${plural(fact.unit ?? 'year', Number(value.value))}`
    : fact.kind === 'percent' ? '%'
    : fact.kind === 'money' && fact.unit ? ` ${fact.unit}`
    : fact.kind === 'age' ? ' years old' : '';
  return `${BOUND_WORDS[value.bound]}${number}${unit}`;
}

function describeDate(value: string): string {
  const [year, month, day] = value.split('-').map(Number);
  const monthName = capitalise(MONTH_NAMES[month - 1] ?? '');
  return day ? `${day} ${monthName} ${year}` : `${monthName} ${year}`;
}

function plural(unit: string, value: number): string {
  return value === 1 ? unit : `${unit}s`;
}

export function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** A source as it is cited in a message: its publisher or title, and its id. */
export function sourceLabel(dataset: Dataset, sourceId: string): string {
  const source: Source | undefined = dataset.sources.get(sourceId);
  if (!source) return sourceId;
  return source.publisher ? `${source.publisher} (${source.id})` : source.id;
}

export function valueWithSources(dataset: Dataset, fact: Fact, value: FactValue): string {
  const sources = value.citations.map((citation) => sourceLabel(dataset, citation.sourceId));
  return `${describeValue(fact, value)} (${[...new Set(sources)].join(', ')})`;
}

export function factTitle(dataset: Dataset, fact: Fact): string {
  const entity = dataset.entities.get(fact.about);
  return entity ? `${fact.measure} — ${entity.name}` : fact.measure;
}

/**
 * The sourced value written in the draft's own style, to replace the figure's hedge and number:
 * digits stay digits (with the draft's separator), words stay words, a weekday stays a weekday.
 * Undefined when the style cannot carry the value (a decimal in words, "a decade" for 11 years).
 */
export function replacementText(figure: Figure, draftText: string, fact: Fact, value: FactValue): string | undefined {
  if (typeof value.value === 'string') {
    if (fact.kind === 'weekday') return capitalise(value.value.toLowerCase());
    return replacementDate(figure, draftText, value.value);
  }
  // "all but 19" of 123 is written back as the rest of the group: "all but 9" for 114.
  const number = figure.complementOf !== undefined ? figure.complementOf - value.value : value.value;
  let written: string | undefined;
  if (fact.kind === 'duration' && figure.unit && figure.unit !== (fact.unit ?? 'year')) {
    // Another unit than the sources': write the sourced value with its own unit ("a month").
    const unit = fact.unit ?? 'year';
    const count = figure.form === 'digits' ? String(number) : number === 1 ? (unit === 'hour' ? 'an' : 'a') : toNumberWords(number);
    written = count === undefined ? undefined : `${count} ${plural(unit, number)}`;
  } else if (figure.form === 'article') {
    const unit = figure.unit ?? 'year';
    written = number === 1 ? draftText.slice(figure.numberStart, figure.numberEnd) : `${toNumberWords(number) ?? number} ${plural(unit, number)}`;
  } else if (figure.form === 'decade') {
    if (number % 10 !== 0 || number === 0) return undefined;
    written = number === 10 ? 'a decade' : `${toNumberWords(number / 10)} decades`;
  } else if (figure.form === 'ordinal-words' || figure.form === 'ordinal-digits') {
    written = toOrdinal(number, figure.form === 'ordinal-words');
  } else if (figure.form === 'words' && (toNumberWords(number)?.split(' ').length ?? 0) <= 3) {
    written = toNumberWords(number);
  } else if (figure.form === 'words') {
    // "one thousand two hundred" is no way to write 1,200 in copy.
    written = toDigits(number, ',');
  } else {
    // Keep the draft's habit: "1808" stays unseparated; a short figure gives no hint, so use commas.
    const draftWroteLong = (figure.value ?? 0) >= 1000;
    const separator = figure.separator ?? (draftWroteLong ? undefined : ',');
    written = toDigits(number, fact.kind === 'year' ? undefined : separator);
  }
  if (written === undefined) return undefined;
  const original = draftText.slice(figure.start, figure.numberEnd);
  const text = `${BOUND_WORDS[value.bound]}${written}`;
  return /^\p{Lu}/u.test(original) ? capitalise(text) : text;
}

function replacementDate(figure: Figure, draftText: string, value: string): string | undefined {
  const [year, month, day] = value.split('-').map(Number);
  const monthName = capitalise(MONTH_NAMES[month - 1] ?? '');
  const original = draftText.slice(figure.numberStart, figure.numberEnd);
  const showYear = figure.date?.year !== undefined;
  if (!day) return showYear ? `${monthName} ${year}` : monthName;
  if (/^\d/.test(original)) return `${day} ${monthName}${showYear ? ` ${year}` : ''}`;
  return `${monthName} ${day}${showYear ? `, ${year}` : ''}`;
}

const ORDINAL_WORDS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth', 'eleventh', 'twelfth', 'thirteenth', 'fourteenth', 'fifteenth', 'sixteenth', 'seventeenth', 'eighteenth', 'nineteenth', 'twentieth'];

/** "fifth" or "5th" for 5; a whole number only, and words only up to twentieth (then digits). */
function toOrdinal(value: number, inWords: boolean): string | undefined {
  if (!Number.isInteger(value) || value < 1) return undefined;
  if (inWords && value <= ORDINAL_WORDS.length) return ORDINAL_WORDS[value - 1];
  const teen = value % 100 >= 11 && value % 100 <= 13;
  const suffix = teen ? 'th' : ['th', 'st', 'nd', 'rd'][value % 10] ?? 'th';
  return `${value}${suffix}`;
}
