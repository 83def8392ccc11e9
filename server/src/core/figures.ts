/**
 * The figure recogniser: every number a draft states, with what it says about itself — its
 * value, the hedge or bound in front of it ("more than", "nearly"), the unit after it
 * ("years", "-year-old"), the words it counts ("political prisoners"), and its written form, so
 * that a fix can be written back in the draft's own style. Hand-written, see ARCHITECTURE.md
 * for the comparison with @microsoft/recognizers-text-number.
 */
import { allMatches, firstHyphenatedWords, foldForMatch, isSpace, lastHyphenatedWords, letterRuns, TrailingWordPattern } from './text';
import { isNumberWord, isScaleWord, NUMBER_WORDS, parseNumberWords, scaleOf } from './numberWords';

/** How a draft qualifies a figure. `nearly` (just below) exists only in drafts. */
export type DraftBound = 'exact' | 'about' | 'more-than' | 'at-least' | 'less-than' | 'at-most' | 'nearly' | 'range';
export type DurationUnit = 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year';
export type FigureType = 'number' | 'year' | 'date' | 'weekday' | 'percent' | 'money';

export interface CalendarDate {
  readonly year?: number;
  readonly month: number;
  readonly day?: number;
}

export interface Figure {
  /** Start of the expression, including a hedge in front of the number. */
  readonly start: number;
  /** End of the expression, including an attached unit ("14-year", "62-year-old"). */
  readonly end: number;
  /** The number itself: what a fix replaces, together with the hedge. */
  readonly numberStart: number;
  readonly numberEnd: number;
  readonly type: FigureType;
  readonly value?: number;
  /** The upper end of a range ("between 110 and 120", "10–12"); `value` is the lower end. */
  readonly high?: number;
  readonly date?: CalendarDate;
  readonly weekday?: string;
  readonly unit?: DurationUnit;
  /** Stated as someone's age ("aged 43", "62-year-old", "43 years old"). */
  readonly age: boolean;
  readonly bound: DraftBound;
  /** How the number is written: "1,808", "ten", "a decade", "a month" (the article and its unit), "fifth", "5th". */
  readonly form: 'digits' | 'words' | 'decade' | 'article' | 'ordinal-words' | 'ordinal-digits';
  /** The thousands separator the draft used, if any. */
  readonly separator?: string;
  /** Up to four folded words after the number (and its unit): what it counts. */
  readonly following: readonly string[];
  /** Stated as the rest of a group ("all but nine"). */
  readonly allBut: boolean;
  /** Stated after a fact box's label ("Ukrainian citizens among the freed: 5"); `following` holds the label's words. */
  readonly labelled?: boolean;
  /** For "all but N": the size of the group, once known; the figure's value is then the rest. */
  readonly complementOf?: number;
  /** The folded words just before the number (before its hedge), nearest last. */
  readonly preceding: readonly string[];
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const MONTH_NAME = '(?:January|February|March|April|May|June|July|August|September|October|November|December|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\\.?)';
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
/** "Saturday", a hasty note's "saturday", a headline's "SATURDAY": no English word is spelled so. */
const WEEKDAY_SPELLINGS = WEEKDAYS.flatMap((day) => [day[0].toUpperCase() + day.slice(1), day, day.toUpperCase()]).join('|');

/** Dates first (they contain digits), then digit numbers; number words are found token by token. */
const DATE_OR_DIGITS = new RegExp(
  [
    `(?<mdy>${MONTH_NAME}\\s+(?<mdyDay>\\d{1,2})(?:st|nd|rd|th)?(?:,?\\s+(?<mdyYear>\\d{4}))?)(?![\\d,]*\\d)`,
    `(?<dmy>(?<dmyDay>\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?(?<dmyMonth>${MONTH_NAME})(?:,?\\s+(?<dmyYear>\\d{4}))?)`,
    `(?<my>(?<myMonth>${MONTH_NAME})\\s+(?<myYear>(?:1[89]|20)\\d{2}))(?!\\d)`,
    `(?<clock>(?<![\\d.,:])\\d{1,2}[:.]\\d{2}(?:\\s?[ap]\\.?m\\.?)?(?![\\d.,:]))`,
    `(?<weekday>\\b(?:${WEEKDAY_SPELLINGS})\\b)`,
    `(?<dotted>(?<![\\d.])(?<dottedDay>\\d{1,2})\\.(?<dottedMonth>\\d{1,2})\\.(?<dottedYear>\\d{4})(?![\\d.]\\d))`,
    `(?<currency>[$€£])?(?<digits>(?<![\\p{L}\\d.,])\\d{1,3}(?:(?<sep>[,\\u00A0\\u202F\\u2009])\\d{3})(?:\\k<sep>\\d{3})*(?:\\.\\d+)?(?!\\d)|(?<![\\p{L}\\d.,])\\d+(?:\\.\\d+)?(?=[kK](?![\\p{L}\\d])|(?![\\d\\p{L}])))`,
  ].join('|'),
  'gu',
);

const HEDGES: readonly [RegExp, DraftBound][] = [
  [/\b(?:just|well|a little|slightly)\s+(?:over|more than|above)\s*$/i, 'more-than'],
  [/\b(?:more than|over|above|upwards of|in excess of)\s*$/i, 'more-than'],
  [/\b(?:at least|no fewer than|no less than|a minimum of)\s*$/i, 'at-least'],
  [/\b(?:nearly|almost|just under|just shy of|not quite)\s*$/i, 'nearly'],
  [/\b(?:about|around|some|roughly|approximately|an estimated|estimated|close to|circa|c\.)\s*$/i, 'about'],
  [/\b(?:up to|as many as|at most|no more than|a maximum of)\s*$/i, 'at-most'],
  [/\b(?:fewer than|less than|under|below)\s*$/i, 'less-than'],
];

/** Words after which a number names something ("UPDATE 2", "No. 5", "page 12") rather than counting. */
const LABEL_BEFORE = /\b(?:updates?|no\.|nos\.|number|pages?|pp?\.|chapters?|sections?|tables?|figure|fig\.|items?|parts?|versions?|vol\.|issues?|articles?|paragraphs?|paras?\.?|lines?|episodes?|rounds?)\s*(?:\d+\s?[-\u2013]\s?)?$/i;
/**
 * Capitalised words that name a numbered item ("Claim 2", "Question 4", "Step 3"). Only with a
 * capital: lower case, "at one point 300 people" and "the count 114" are counts.
 */
const NAMED_ITEM_BEFORE = /\b(?:Claim|Question|Q|Point|Step|Exhibit|Footnote|Note|Slide|Photo|Clip|Tweet|Post|Entry|Rule|Option|Case|Count|Act|Scene|Box|Map|Graphic|Chart)\s$/;

const UNIT_WORDS: Record<string, DurationUnit> = {
  minute: 'minute', minutes: 'minute', min: 'minute', mins: 'minute', hour: 'hour', hours: 'hour', hr: 'hour', hrs: 'hour',
  day: 'day', days: 'day', week: 'week', weeks: 'week', month: 'month', months: 'month',
  year: 'year', years: 'year', yr: 'year', yrs: 'year',
};
/** A unit word after a number, with the abbreviations newsrooms use in captions and fact boxes. */
const UNIT = 'minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|yrs?';
/** The unit word that opens a text: built once, not per figure. */
const STARTS_WITH_UNIT = new RegExp(`^(?:\\s+|-)(?:${UNIT})\\b`, 'i');
const ATTACHED_UNIT = new RegExp(`^(?:\\s+|-)(${UNIT})\\b(?:-long)?`, 'i');
/** "two and a half years" after a number without its unit. */
const HALF_WITH_UNIT = new RegExp(`^\\s+and\\s+a\\s+half\\s+(${UNIT})\\b`, 'i');
const SHARED_UNIT = new RegExp(`^\\s+(?:and|or|to)\\s+(?:\\d+|[a-z]+(?:-[a-z]+)?)\\s+(${UNIT})\\b`, 'i');

/** `runs`: the prose's runs of letters (letterRuns), when the caller has them. */
export function findFigures(prose: string, runs = letterRuns(prose)): Figure[] {
  const figures: Figure[] = [];
  for (const match of allMatches(DATE_OR_DIGITS, prose)) {
    const figure = figureFromMatch(prose, match);
    if (figure) figures.push(figure);
  }
  figures.push(...findWordFigures(prose, figures, runs));
  figures.push(...findDecadeAges(prose, figures));
  figures.push(...findOrdinals(prose, figures));
  return ellipticalUnits(prose, joinRanges(prose, withHalves(prose, figures.sort((a, b) => a.start - b.start))));
}

/**
 * "two and a half years", "a year and a half": the half belongs to the figure. The fix then
 * replaces the whole number, half included.
 */
function withHalves(prose: string, figures: Figure[]): Figure[] {
  return figures.map((figure) => {
    if (figure.type !== 'number' || figure.value === undefined || !Number.isInteger(figure.value) || figure.bound === 'range') return figure;
    if (figure.unit) {
      const half = /^\s+and\s+a\s+half\b/i.exec(prose.slice(figure.end, figure.end + 16));
      return half ? figureWith(figure, { value: figure.value + 0.5, end: figure.end + half[0].length, following: wordsAfter(prose, figure.end + half[0].length) }) : figure;
    }
    const half = HALF_WITH_UNIT.exec(prose.slice(figure.end, figure.end + 30));
    if (!half) return figure;
    const end = figure.end + half[0].length;
    return figureWith(figure, { value: figure.value + 0.5, unit: UNIT_WORDS[half[1].toLowerCase()], numberEnd: end - half[1].length - 1, end, following: wordsAfter(prose, end) });
  });
}

const ORDINAL_WORDS = ['second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth', 'eleventh', 'twelfth', 'thirteenth', 'fourteenth', 'fifteenth', 'sixteenth', 'seventeenth', 'eighteenth', 'nineteenth', 'twentieth'];
/** What an ordinal counts when it carries a figure: years for an anniversary, the unit it names, or times. */
// Without the u flag: nothing in it needs Unicode, and over a whole draft the u flag with i costs about 4× the time.
const ORDINAL = new RegExp(`\\b(?:(${ORDINAL_WORDS.join('|')})|(\\d{1,3})(?:st|nd|rd|th))\\s+(anniversary|day|week|month|year|time)\\b`, 'gi');

/**
 * Ordinals that carry a figure: "the fifth anniversary" (five years), "the 12th day of the hunger
 * strike" (twelve days), "detained for the third time" (three times). "First" is left out: "the
 * first group", "for the first time" state no amount. Other ordinals ("the second group", "his
 * third book") rank things and are no figures.
 */
function findOrdinals(prose: string, taken: readonly Figure[]): Figure[] {
  const figures: Figure[] = [];
  for (const match of allMatches(ORDINAL, prose)) {
    const start = match.index!;
    const numberEnd = start + (match[1] ?? `${match[2]}xx`).length;
    if (taken.some((figure) => figure.start < numberEnd && figure.end > start)) continue;
    const value = match[1] ? ORDINAL_WORDS.indexOf(match[1].toLowerCase()) + 2 : Number(match[2]);
    const what = match[3].toLowerCase();
    const unit: DurationUnit | undefined = what === 'anniversary' ? 'year' : what === 'time' ? undefined : (what as DurationUnit);
    const end = start + match[0].length;
    // "for the third time" counts times: only a fact that counts times may be meant.
    const following = what === 'time' ? ['times'] : wordsAfter(prose, end);
    const figure = figureWith(base(prose, start, numberEnd, { type: 'number', value, form: match[1] ? 'ordinal-words' : 'ordinal-digits', unit }), { end, following });
    // "on the second day after the release" is one or two days after it, as the day of release is counted or not.
    const counted = unit !== undefined && what !== 'anniversary' && figure.bound === 'exact';
    figures.push(counted ? figureWith(figure, { value: value - 1, high: value, bound: 'range' }) : figure);
  }
  return figures;
}

const DECADE_WORDS: Record<string, number> = { twenties: 20, thirties: 30, forties: 40, fifties: 50, sixties: 60, seventies: 70, eighties: 80, nineties: 90 };

// No u flag (as ORDINAL): it made this pass over the whole draft about 20× slower.
const DECADE_AGE = /\bin\s+(?:his|her|their)\s+(?:(early|mid|late)[-\s]?)?(twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties|[2-9]0['’]?s)\b/gi;

/**
 * "in his seventies", "in her early forties", "IN THEIR 60S": an age stated as a range of ten
 * years (early: the first five, mid: the middle four, late: the last four).
 */
function findDecadeAges(prose: string, taken: readonly Figure[]): Figure[] {
  const figures: Figure[] = [];
  for (const match of allMatches(DECADE_AGE, prose)) {
    const start = match.index!;
    const end = start + match[0].length;
    if (taken.some((figure) => figure.start < end && figure.end > start)) continue;
    const word = match[2].toLowerCase();
    const decade = DECADE_WORDS[word] ?? Number(word.slice(0, 2));
    const part = match[1]?.toLowerCase();
    const [low, high] = part === 'early' ? [decade, decade + 4] : part === 'mid' ? [decade + 3, decade + 6] : part === 'late' ? [decade + 6, decade + 9] : [decade, decade + 9];
    const numberStart = start + match[0].length - match[2].length - (match[1] ? match[0].length - match[2].length - match[0].toLowerCase().lastIndexOf(match[1].toLowerCase()) : 0);
    // Written as a decade, so no fix can carry an exact age in the same words.
    const figure = base(prose, numberStart, end, { type: 'number', value: low, form: 'decade' });
    figures.push(figureWith(figure, { start, high, bound: 'range', age: true }));
  }
  return figures;
}

/**
 * "Kalesnikava was sentenced to 11 years; Znak received 12.": a bare number that ends its
 * clause after a verb takes the unit of the figure before it in the same sentence, when it is
 * of the same order (gapping, as news prose does in lists of sentences).
 */
function ellipticalUnits(prose: string, figures: Figure[]): Figure[] {
  return figures.map((figure, i) => {
    const previous = figures[i - 1];
    if (!previous?.unit || previous.age || figure.type !== 'number' || figure.unit || figure.age || figure.bound !== 'exact' || figure.value === undefined || previous.value === undefined) return figure;
    if (figure.value > previous.value * 3 || figure.value * 3 < previous.value) return figure;
    if (!/^\s*(?:[.;!?]|$)/.test(prose.slice(figure.end, figure.end + 2))) return figure;
    const between = prose.slice(previous.end, figure.start);
    if (/[.!?]\s|\n/.test(between)) return figure;
    const verb = /\b(\p{Ll}+)\s+$/u.exec(between);
    if (!verb || NOT_GAPPING_VERBS.has(verb[1])) return figure;
    return figureWith(figure, { unit: previous.unit });
  });
}

const NOT_GAPPING_VERBS = new Set(['is', 'was', 'are', 'were', 'aged', 'age', 'at', 'turned', 'turns', 'of', 'and', 'or', 'to', 'the', 'in', 'on', 'by', 'from', 'since', 'until', 'page', 'number', 'no']);

/**
 * "between 110 and 120", "from 10 to 12", "10 to 12 years", "10–12": two numbers that state one
 * range become one figure. "nine and seven years" (two people's figures) stays two.
 */
function joinRanges(prose: string, figures: Figure[]): Figure[] {
  const joined: Figure[] = [];
  for (let i = 0; i < figures.length; i++) {
    const low = figures[i];
    const high = figures[i + 1];
    if (high && low.type === 'number' && high.type === 'number' && low.value !== undefined && high.value !== undefined && high.value > low.value && low.bound === 'exact' && high.bound === 'exact') {
      const between = /\b(between|from)\s+$/i.exec(prose.slice(Math.max(0, low.start - 10), low.start));
      const gap = prose.slice(low.numberEnd, high.numberStart);
      const connector = between ? (between[1].toLowerCase() === 'between' ? /^\s+and\s+$/i : /^\s+to\s+$/i) : /^(?:\s+to\s+|\s?[\u2013\u2014-]\s?)$/;
      if (connector.test(gap) && (!low.unit || low.unit === high.unit)) {
        const start = between ? low.start - between[0].length : low.start;
        joined.push(figureWith(high, { start, numberStart: start, value: low.value, high: high.value, bound: 'range', form: low.form, separator: low.separator ?? high.separator, preceding: low.preceding }));
        i++;
        continue;
      }
    }
    joined.push(low);
  }
  return joined;
}

function figureFromMatch(prose: string, match: RegExpMatchArray): Figure | undefined {
  const g = match.groups!;
  const start = match.index!;
  const end = start + match[0].length;
  if (g.mdy) return dateFigure(prose, start, end, g.mdy.slice(0, g.mdy.search(/\s/)), g.mdyDay, g.mdyYear);
  if (g.dmy) return dateFigure(prose, start, end, g.dmyMonth, g.dmyDay, g.dmyYear);
  if (g.my) return dateFigure(prose, start, end, g.myMonth, undefined, g.myYear);
  if (g.dotted) return dateFigure(prose, start, end, MONTHS[Number(g.dottedMonth) - 1] ?? '', g.dottedDay, g.dottedYear);
  if (g.clock) return undefined; // a time of day ("15:20") is a timestamp, not a figure
  if (g.digits && isItemNumber(prose, start)) return undefined; // "UPDATE 2", "page 4"
  if (g.weekday) {
    return base(prose, start, end, { type: 'weekday', weekday: g.weekday.toLowerCase(), form: 'words' });
  }
  return digitFigure(prose, start, end, g);
}

function isItemNumber(prose: string, start: number): boolean {
  const before = prose.slice(Math.max(0, start - 18), start);
  return LABEL_BEFORE.test(before) || NAMED_ITEM_BEFORE.test(before);
}

function monthNumber(name: string): number {
  const folded = name.toLowerCase().replace('.', '');
  return MONTHS.findIndex((month) => month.startsWith(folded)) + 1;
}

function dateFigure(prose: string, start: number, end: number, month: string, day?: string, year?: string): Figure | undefined {
  const date: CalendarDate = {
    month: monthNumber(month),
    day: day === undefined ? undefined : Number(day),
    year: year === undefined ? undefined : Number(year),
  };
  if (date.month === 0 || (date.day !== undefined && (date.day < 1 || date.day > 31))) return undefined;
  // "May" alone is a verb far more often than a month; only a day or a year makes it a date.
  return base(prose, start, end, { type: 'date', date, form: 'words' });
}

function digitFigure(prose: string, start: number, end: number, g: Record<string, string | undefined>): Figure | undefined {
  const digits = g.digits!;
  // The currency sign belongs to the number: "$360" is replaced whole.
  const numberStart = g.currency ? start : end - digits.length;
  const separator = g.sep;
  let value = Number(separator ? digits.split(separator).join('') : digits);
  if (!Number.isFinite(value)) return undefined;
  let numberEnd = end;
  let type: FigureType = g.currency ? 'money' : 'number';

  const after = prose.slice(numberEnd, numberEnd + 40);
  const scale = /^\s+(thousand|million|billion|trillion)\b/i.exec(after);
  const suffix = /^[kK](?![\p{L}\d])/u.exec(after); // captions: "1.2K"
  if (scale) {
    value *= scaleOf(scale[1].toLowerCase()) ?? 1e12;
    numberEnd += scale[0].length;
  } else if (suffix) {
    value = Math.round(value * 1000);
    numberEnd += 1;
  }
  const plus = /^(?:\+|-plus\b)/.exec(prose.slice(numberEnd, numberEnd + 5)); // "1,200+", "1,200-plus"
  if (plus) numberEnd += plus[0].length;
  const percent = /^(?:\s?%|\s+(?:percent|per cent)\b)/i.exec(prose.slice(numberEnd, numberEnd + 12));
  if (percent) {
    type = 'percent';
    numberEnd += percent[0].length;
  }
  if (type === 'number' && !separator && !scale && /^\d{4}$/.test(digits) && value >= 1800 && value <= 2100 && !startsWithUnit(prose, numberEnd)) {
    type = 'year';
  }
  const figure = base(prose, start, numberEnd, { type, value, form: 'digits', separator, numberStart });
  return plus && figure.bound === 'exact' ? figureWith(figure, { bound: 'more-than' }) : figure;
}

function startsWithUnit(prose: string, at: number): boolean {
  return STARTS_WITH_UNIT.test(prose.slice(at, at + 12));
}

/** Number words ("ten", "twenty-one", "a dozen", "a decade") not already inside a digit figure. */
function findWordFigures(prose: string, taken: readonly Figure[], runs: Int32Array): Figure[] {
  const figures: Figure[] = [];
  const words = new LetterRuns(prose, runs);
  let i = 0;
  let next = 0; // the first figure in `taken` that does not end before the current word
  while (i < words.count) {
    // Most words are none of those below: a quick way past them, since this runs for every word.
    if (!mayBeFirstWord(prose, words.start(i), words.end(i))) {
      i++;
      continue;
    }
    const key = words.text(i).toLowerCase(); // number words are plain ASCII
    if (!FIRST_WORDS.has(key)) {
      i++;
      continue;
    }
    const start = words.start(i);
    const end = words.end(i);
    while (next < taken.length && taken[next].end <= start) next++;
    if (next < taken.length && start >= taken[next].start) {
      i++;
      continue;
    }
    if ((key === 'a' || key === 'an') && i + 1 < words.count) {
      const figure = singleUnitFigure(prose, words, i);
      if (figure) figures.push(figure);
      i++;
      continue;
    }
    if (key === 'decade' || key === 'decades') {
      const figure = decadeFigure(prose, words, i);
      if (figure) figures.push(figure);
      i++;
      continue;
    }
    const vague = vagueFigure(prose, key, start, end) ?? halfOfGroup(prose, key, start, end);
    if (vague) {
      figures.push(vague);
      i++;
      continue;
    }
    // "three decades" is read by decadeFigure.
    if (!isNumberWord(key) || /^\s+decades?\b/i.test(prose.slice(end, end + 10)) || (isScaleWord(key) && !/\ba\s+$/i.test(prose.slice(start - 2, start)))) {
      i++;
      continue;
    }
    let last = i;
    const parts = [key];
    while (last + 1 < words.count) {
      const gap = prose.slice(words.end(last), words.start(last + 1));
      const nextKey = foldForMatch(words.text(last + 1));
      if (/^(?:-| )$/.test(gap) && isNumberWord(nextKey)) {
        parts.push(nextKey);
        last++;
      } else if (gap === ' ' && nextKey === 'and' && last + 2 < words.count && isNumberWord(foldForMatch(words.text(last + 2))) && isScaleWord(parts[parts.length - 1])) {
        last++;
      } else break;
    }
    let value = parseNumberWords(parts.filter((part) => part !== 'and'));
    let numberStart = /\ba\s+$/i.test(prose.slice(Math.max(0, start - 2), start)) && (key === 'dozen' || isScaleWord(key)) ? start - 2 : start;
    // "half a dozen", "half a million".
    if (numberStart === start - 2 && /\bhalf\s$/i.test(prose.slice(Math.max(0, numberStart - 5), numberStart)) && value !== undefined) {
      value /= 2;
      numberStart -= 5;
    }
    const numberEnd = words.end(last);
    i = last + 1;
    const year = spokenYear(parts) ?? writtenOutYear(prose, parts, value, start);
    if (year !== undefined) {
      figures.push(base(prose, numberStart, numberEnd, { type: 'year', value: year, form: 'words' }));
      continue;
    }
    if (value === undefined || !isCountingWord(prose, parts, numberEnd)) continue;
    const figure = base(prose, numberStart, numberEnd, { type: 'number', value, form: 'words' });
    if (figure) figures.push(figure);
  }
  return figures;
}

/**
 * The words that may begin a figure in words, lower-cased: an article ("a month"), "decade",
 * "half" or a number word. (Every word that vagueFigure reads is a number word by isNumberWord.)
 */
const FIRST_WORDS: ReadonlySet<string> = new Set(['a', 'an', 'half', 'decade', 'decades', ...NUMBER_WORDS]);

/** For each ASCII letter, a bit for each length of the FIRST_WORDS that begin with it. */
const FIRST_WORD_LENGTHS = new Uint32Array(128);
for (const word of FIRST_WORDS) {
  if (word.charCodeAt(0) < 128 && word.length < 32) FIRST_WORD_LENGTHS[word.charCodeAt(0)] |= 1 << word.length;
}

/**
 * Whether the letters prose.slice(start, end), lower-cased, may be one of the FIRST_WORDS: false
 * for most words, without cutting them out of the text. The FIRST_WORDS are ASCII, and a word that
 * lower-cases to ASCII keeps its length and lower-cases its first letter as ASCII does (the one
 * other letter that lower-cases to ASCII, the Kelvin sign K, is let through by the first test).
 */
function mayBeFirstWord(prose: string, start: number, end: number): boolean {
  const first = prose.charCodeAt(start);
  const length = end - start;
  if (first >= 128 || length >= 32) return true;
  return (FIRST_WORD_LENGTHS[first | 0x20] & (1 << length)) !== 0; // | 0x20: a letter in lower case
}

/** The runs of letters in a text (as /\p{L}+/gu finds them), by index. */
class LetterRuns {
  private readonly runs: Int32Array;
  readonly count: number;

  constructor(private readonly prose: string, runs: Int32Array) {
    this.runs = runs;
    this.count = runs.length / 2;
  }

  start(i: number): number {
    return this.runs[2 * i];
  }

  end(i: number): number {
    return this.runs[2 * i + 1];
  }

  text(i: number): string {
    return this.prose.slice(this.runs[2 * i], this.runs[2 * i + 1]);
  }
}

/**
 * "a few hundred", "several thousand": a vague amount is still a range a source can contradict
 * ("a few hundred left" against "more than 1,200"). A few or several of a scale is read as two
 * to nine of it.
 */
function vagueFigure(prose: string, key: string, start: number, end: number): Figure | undefined {
  const scale = scaleOf(key);
  if (scale === undefined || scale > 1000) return undefined;
  const hedge = /\b(?:a few|several)\s+$/i.exec(prose.slice(Math.max(0, start - 10), start));
  if (!hedge) return undefined;
  const figure = base(prose, start - hedge[0].length, end, { type: 'number', value: 2 * scale, form: 'words' });
  return figure && figureWith(figure, { high: 9 * scale, bound: 'range' });
}

/**
 * "half of the 123", "more than half of those 123": half a group the sentence counts is a part
 * of it, about half its size. (Without the group's number, "half of those freed", no figure.)
 */
function halfOfGroup(prose: string, key: string, start: number, end: number): Figure | undefined {
  if (key !== 'half') return undefined;
  const whole = /^\s+of\s+(?:the|those|these|all)\s+(\d{1,3}(?:,\d{3})*|\d+)(?!\d)/i.exec(prose.slice(end, end + 24));
  if (!whole) return undefined;
  const figure = base(prose, start, end, { type: 'number', value: Number(whole[1].replace(/,/g, '')) / 2, form: 'digits' });
  return figureWith(figure, { bound: figure.bound === 'exact' ? 'about' : figure.bound });
}

/**
 * A year said as two numbers ("twenty nineteen", "nineteen ninety-nine", "twenty twenty-one"):
 * a tens or teens word followed by another number of ten or more, which no cardinal allows.
 */
function spokenYear(parts: readonly string[]): number | undefined {
  if (parts.length < 2 || parts.some((part) => isScaleWord(part) || part === 'and' || part === 'dozen')) return undefined;
  const century = parseNumberWords([parts[0]]);
  const rest = parseNumberWords(parts.slice(1));
  const second = parseNumberWords([parts[1]]);
  if (century === undefined || rest === undefined || second === undefined || century < 10 || second < 10 || rest > 99) return undefined;
  const year = century * 100 + rest;
  return year >= 1800 && year <= 2099 ? year : undefined;
}

/** "since two thousand and nineteen": a number written out after a preposition of time. */
function writtenOutYear(prose: string, parts: readonly string[], value: number | undefined, start: number): number | undefined {
  if (value === undefined || value < 1900 || value > 2099 || !parts.includes('thousand')) return undefined;
  return /\b(?:in|since|until|by|before|after)\s+$/i.test(prose.slice(Math.max(0, start - 8), start)) ? value : undefined;
}

/**
 * "one" and "a dozen" are figures only when they count something measurable: "one of the
 * leaders" is not a figure, "one year" is. Larger number words always count.
 */
function isCountingWord(prose: string, parts: readonly string[], end: number): boolean {
  if (parts.length > 1 || !['one', 'zero'].includes(parts[0])) return true;
  return startsWithUnit(prose, end);
}

/** "a month after the election", "a week": one unit of time, written with the article. */
function singleUnitFigure(prose: string, words: LetterRuns, i: number): Figure | undefined {
  const start = words.start(i);
  const unitWord = words.text(i + 1);
  const unitEnd = words.end(i + 1);
  if (prose.slice(words.end(i), words.start(i + 1)) !== ' ' || !/^(?:minute|hour|day|week|fortnight|month|year)$/i.test(unitWord)) return undefined;
  if (/\b(?:once|twice|times|per)\s+$/i.test(prose.slice(Math.max(0, start - 8), start))) return undefined;
  if (/^-old\b/.test(prose.slice(unitEnd, unitEnd + 5))) return undefined; // 5: "-old" and the character \b looks at
  const fortnight = unitWord.toLowerCase() === 'fortnight';
  const half = /\bhalf\s+$/i.test(prose.slice(Math.max(0, start - 5), start)); // "half an hour"
  const unit = fortnight ? 'week' : UNIT_WORDS[unitWord.toLowerCase()];
  const value = (fortnight ? 2 : 1) * (half ? 0.5 : 1);
  return base(prose, half ? start - 5 : start, unitEnd, { type: 'number', value, form: fortnight || half ? 'words' : 'article', unit, numberStart: half ? start - 5 : start });
}

function decadeFigure(prose: string, words: LetterRuns, i: number): Figure | undefined {
  const start = words.start(i);
  const wordEnd = words.end(i);
  const before = /(?:\b(a|one|two|three|four|five)\s+)$/i.exec(prose.slice(Math.max(0, start - 8), start));
  if (!before) return undefined;
  const half = before[1].toLowerCase() === 'a' && /\bhalf\s+$/i.test(prose.slice(Math.max(0, start - before[0].length - 5), start - before[0].length));
  // "a decade and a half": five years more.
  const andHalf = /^\s+and a half\b/i.exec(prose.slice(wordEnd, wordEnd + 14));
  const count = (before[1].toLowerCase() === 'a' ? 1 : parseNumberWords([before[1].toLowerCase()]) ?? 1) * (half ? 0.5 : 1) + (andHalf ? 0.5 : 0);
  const end = wordEnd + (andHalf?.[0].length ?? 0);
  const from = start - before[0].length - (half ? 'half '.length : 0);
  return base(prose, from, end, { type: 'number', value: count * 10, form: 'decade', unit: 'year', numberStart: from });
}

interface Core {
  type: FigureType;
  value?: number;
  date?: CalendarDate;
  weekday?: string;
  form: Figure['form'];
  separator?: string;
  unit?: DurationUnit;
  numberStart?: number;
}

/** Completes a recognised number with its hedge, its unit, an age reading and the words around it. */
function base(prose: string, numberStart: number, numberEnd: number, core: Core): Figure {
  const coreStart = core.numberStart ?? numberStart;
  const { start, bound } = hedgeBefore(prose, coreStart);
  let end = numberEnd;
  let unit = core.unit;
  let age = false;
  if (core.type === 'number') {
    const unitMatch = ATTACHED_UNIT.exec(prose.slice(numberEnd, numberEnd + 20));
    const shared = unit ? null : SHARED_UNIT.exec(prose.slice(numberEnd, numberEnd + 40));
    if (unitMatch && !unit) {
      unit = UNIT_WORDS[unitMatch[1].toLowerCase()];
      end = numberEnd + unitMatch[0].length;
    } else if (shared) {
      unit = UNIT_WORDS[shared[1].toLowerCase()]; // "nine and seven years": the unit belongs to both
    } else if (core.form === 'decade') {
      const long = /^-long\b/.exec(prose.slice(numberEnd, numberEnd + 6));
      if (long) end += long[0].length;
    }
    const old = /^(?:-old\b|\s+old\b|\s+of\s+age\b)/i.exec(prose.slice(end, end + 10));
    if (unit === 'year' && old) {
      age = true;
      end += old[0].length;
    }
    const before = prose.slice(Math.max(0, start - 12), start);
    if (!unit && AGED_BEFORE.test(before)) age = true;
    // "She is 34.", "He's sixty-five, he founded Viasna", "He is 64 now": a person's age, said with a
    // bare number (after a name, see isCopulaAge in match.ts).
    if (!unit && PERSON_IS_BEFORE.test(prose.slice(Math.max(0, start - 16), start)) && COPULA_AGE_END.test(prose.slice(numberEnd, numberEnd + 6))) age = true;
    if (!unit && PERSON_AT_BEFORE.test(prose.slice(Math.max(0, start - 14), start))) age = true; // "who at 44 had spent" 
  }
  const label = labelBefore(prose, start);
  return makeFigure({
    start,
    end,
    numberStart: coreStart,
    numberEnd,
    type: core.type,
    value: core.value,
    date: core.date,
    weekday: core.weekday,
    unit,
    age,
    bound: core.type === 'number' || core.type === 'percent' || core.type === 'money' ? (unit && bound === 'more-than' && /^over\b/i.test(prose.slice(start, numberStart)) ? 'about' : bound) : 'exact',
    form: core.form,
    separator: core.separator,
    // "all but 19 of the freed", "the remaining 19 of the 123": the figure stands for the rest of a group.
    allBut: ALL_BUT_BEFORE.test(prose.slice(Math.max(0, start - 10), start))
      || (THE_REST_BEFORE.test(prose.slice(Math.max(0, start - 16), start)) && /^\s+of\s+(?:the|those)\s/i.test(prose.slice(end, end + 12))),
    labelled: label !== undefined,
    following: label ?? wordsAfter(prose, end),
    preceding: wordsBefore(prose, start),
  });
}

const AGED_BEFORE = new TrailingWordPattern(/\b(?:aged|age|ages)\s+$/i, ['aged', 'age', 'ages']);
const PERSON_IS_BEFORE = new TrailingWordPattern(/\b(?:he|she)(?:\s+(?:is|was|turned|turns)|['’]s)\s+$/i, ['is', 'was', 'turned', 'turns', 's']);
const PERSON_AT_BEFORE = new TrailingWordPattern(/\b(?:who|he|she)\s+(?:was\s+)?at\s+$/i, ['at']);
export const ALL_BUT_BEFORE = new TrailingWordPattern(/\ball but\s+$/i, ['but']);
const THE_REST_BEFORE = new TrailingWordPattern(/\bthe (?:remaining|other)\s+$/i, ['remaining', 'other']);

/**
 * The one place a figure object is made, its offsets moved by `delta`: every property in this
 * order, none left out. A draft's hundreds of figures are then objects of one shape, which the
 * matching and the moving of later paragraphs' figures on every keystroke read fast (spreads
 * had made them many shapes).
 */
function makeFigure(f: Figure, delta = 0): Figure {
  return {
    start: f.start + delta,
    end: f.end + delta,
    numberStart: f.numberStart + delta,
    numberEnd: f.numberEnd + delta,
    type: f.type,
    value: f.value,
    high: f.high,
    date: f.date,
    weekday: f.weekday,
    unit: f.unit,
    age: f.age,
    bound: f.bound,
    form: f.form,
    separator: f.separator,
    following: f.following,
    allBut: f.allBut,
    labelled: f.labelled,
    complementOf: f.complementOf,
    preceding: f.preceding,
  };
}

/** A figure with some of its properties changed. */
export function figureWith(figure: Figure, changes: Partial<Figure>): Figure {
  return makeFigure({ ...figure, ...changes });
}

/** A figure moved by `delta` characters, as the text before it grew or shrank. */
export function movedFigure(figure: Figure, delta: number): Figure {
  return makeFigure(figure, delta);
}

/** What may follow a bare age: the end of its clause, "and", or "now". */
export const COPULA_AGE_END = /^(?:\s+now\b|\s*[.,;:!?)\u2013\u2014]|\s*$|\s+and\b)/i;

/** Any of the HEDGES: one regex that fails for most figures, where the seven of them would be tried one by one. */
const ANY_HEDGE = new TrailingWordPattern(new RegExp(HEDGES.map(([pattern]) => `(?:${pattern.source})`).join('|'), 'i'), [
  'over', 'above', 'than', 'of', 'least', 'nearly', 'almost', 'under', 'quite', 'about', 'around', 'some', 'roughly',
  'approximately', 'estimated', 'to', 'circa', 'as', 'most', 'below',
]);

/** For the tests: each must give what its pattern gives. */
export const TRAILING_WORD_PATTERNS = [ANY_HEDGE, AGED_BEFORE, PERSON_IS_BEFORE, PERSON_AT_BEFORE, ALL_BUT_BEFORE, THE_REST_BEFORE];

function hedgeBefore(prose: string, numberStart: number): { start: number; bound: DraftBound } {
  const window = prose.slice(Math.max(0, numberStart - 24), numberStart);
  if (!ANY_HEDGE.test(window)) return { start: numberStart, bound: 'exact' };
  for (const [pattern, bound] of HEDGES) {
    const match = pattern.exec(window);
    if (match) return { start: numberStart - (window.length - match.index), bound };
  }
  return { start: numberStart, bound: 'exact' };
}

/**
 * Fact boxes put the measure before a colon and the figure after it ("Ukrainian citizens among
 * the freed: 5"): there the label's words say what the figure counts.
 */
function labelBefore(prose: string, start: number): string[] | undefined {
  if (!colonBefore(prose, start, Math.max(0, start - 80))) return undefined; // the regex's :\s*$, without running it
  const label = /(?:^|\n)[ \t]*(?:[-*+]\s+)?([\p{L}][\p{L}'’-]*(?:\s+[\p{L}'’-]+){0,6}):\s*$/u.exec(prose.slice(Math.max(0, start - 80), start));
  if (!label) return undefined;
  return firstHyphenatedWords(label[1], 0, label[1].length, 5);
}

/** Whether prose.slice(from, start) ends in a colon and then only white space (\s). */
function colonBefore(prose: string, start: number, from: number): boolean {
  let i = start;
  while (i > from && isSpace(prose.charCodeAt(i - 1))) i--;
  return i > from && prose.charCodeAt(i - 1) === 0x3a;
}

/** Folded words after a figure up to the end of its clause or table cell (at most four). */
const CLAUSE_ENDS = '.;:!?()\n\u2014|';

/** Whether a char code is one of the CLAUSE_ENDS (a test that runs for up to 160 characters around every figure). */
function isClauseEnd(unit: number): boolean {
  return unit < 128 ? ASCII_CLAUSE_ENDS[unit] === 1 : unit === 0x2014;
}

const ASCII_CLAUSE_ENDS = new Uint8Array(128);
for (const end of CLAUSE_ENDS) if (end.charCodeAt(0) < 128) ASCII_CLAUSE_ENDS[end.charCodeAt(0)] = 1;

function wordsAfter(prose: string, end: number): string[] {
  let to = end;
  while (to < prose.length && to - end < 80 && !isClauseEnd(prose.charCodeAt(to))) to++;
  return firstHyphenatedWords(prose, end, to, 4);
}

/** Folded words before a figure back to the start of its clause (at most four), nearest last. */
function wordsBefore(prose: string, start: number): string[] {
  let from = start;
  while (from > 0 && start - from < 80 && !isClauseEnd(prose.charCodeAt(from - 1))) from--;
  return lastHyphenatedWords(prose, from, start, 4);
}

export const WEEKDAY_NAMES = WEEKDAYS;
export const MONTH_NAMES = MONTHS;
