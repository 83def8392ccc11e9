/**
 * Does a draft's figure agree with a sourced value? Each statement is read as the set of true
 * values it allows (an interval); the draft disagrees only when the two sets cannot meet. The
 * rules, with examples, are in ARCHITECTURE.md ("Consistency of figures").
 */
import type { Bound, Fact, FactValue } from './dataset/model';
import { figureWith, type DraftBound, type Figure } from './figures';

interface Interval {
  readonly low: number;
  readonly high: number;
  readonly lowOpen: boolean;
  readonly highOpen: boolean;
}

/** Hedged figures ("about", "some") and sources' approximate values allow this much either way. */
const APPROXIMATE = 0.1;
/** How far beyond its bound a source's "more than" or "fewer than" reaches. */
const SOURCE_BOUND_REACH = 0.25;
/** Exact figures this large may be rounded ("1,800" for 1,808); smaller ones must be exact. */
const ROUNDING_FLOOR = 1000;

export function agrees(figure: Figure, value: FactValue, fact?: Fact): boolean {
  if (typeof value.value === 'string') return agreesAsText(figure, value.value);
  if (fact?.kind === 'duration') figure = inUnit(figure, fact.unit ?? 'year');
  if (figure.value === undefined) return false;
  const draft = figure.bound === 'range' && figure.high !== undefined
    ? closed(figure.value, figure.high)
    : draftInterval(figure.value, figure.type === 'year' ? 'exact' : figure.bound, figure.type === 'number' || figure.type === 'money');
  const source = sourceInterval(value.value, value.bound);
  return overlaps(draft, source) && supportsBound(figure.bound, draft, source);
}

/**
 * A draft's bound must follow from the source: "more than 1,000" follows from "more than
 * 1,200", "more than 2,100" does not (nothing in the source supports it).
 */
function supportsBound(bound: DraftBound, draft: Interval, source: Interval): boolean {
  if (bound === 'more-than' || bound === 'at-least') return source.low >= draft.low * (1 - APPROXIMATE);
  if (bound === 'less-than' || bound === 'at-most') return source.high <= draft.high * (1 + APPROXIMATE);
  return true;
}

/** Days in each unit of time; months and years on average. */
const DAYS: Record<string, number> = { minute: 1 / 1440, hour: 1 / 24, day: 1, week: 7, month: 30.44, year: 365.25 };

/**
 * A duration restated in another unit ("two weeks" against a fact in months). Months and years
 * vary in length, so a converted exact figure is compared as an approximate one.
 */
export function inUnit(figure: Figure, unit: string): Figure {
  if (!figure.unit || figure.unit === unit || !DAYS[figure.unit] || !DAYS[unit] || figure.value === undefined) return figure;
  const factor = DAYS[figure.unit] / DAYS[unit];
  return figureWith(figure, {
    unit: unit as Figure['unit'],
    value: figure.value * factor,
    high: figure.high === undefined ? undefined : figure.high * factor,
    bound: figure.bound === 'exact' ? 'about' : figure.bound,
  });
}

function agreesAsText(figure: Figure, value: string): boolean {
  if (figure.weekday) return figure.weekday === value.toLowerCase();
  if (!figure.date) return false;
  const [year, month, day] = value.split('-').map(Number);
  if (figure.date.month !== month) return false;
  if (figure.date.year !== undefined && figure.date.year !== year) return false;
  return figure.date.day === undefined || day === undefined || figure.date.day === day;
}

function draftInterval(value: number, bound: DraftBound, mayBeRounded: boolean): Interval {
  switch (bound) {
    case 'exact': {
      const slack = mayBeRounded ? roundingSlack(value) : 0;
      return closed(value - slack, value + slack);
    }
    case 'about':
      return closed(value * (1 - APPROXIMATE), value * (1 + APPROXIMATE));
    case 'nearly':
      return { low: value * (1 - APPROXIMATE), high: value, lowOpen: false, highOpen: true };
    case 'range':
      return closed(value, value);
    default:
      return boundInterval(value, bound);
  }
}

/**
 * A source's bound is read as news copy means it: "more than 1,200" is somewhat more than
 * 1,200 (up to a quarter more), not any number at all above it.
 */
function sourceInterval(value: number, bound: Bound): Interval {
  switch (bound) {
    case 'exact':
      return closed(value, value);
    case 'about':
      return closed(value * (1 - APPROXIMATE), value * (1 + APPROXIMATE));
    case 'more-than':
      return { low: value, high: value * (1 + SOURCE_BOUND_REACH), lowOpen: true, highOpen: false };
    case 'at-least':
      return closed(value, value * (1 + SOURCE_BOUND_REACH));
    case 'less-than':
      return { low: value * (1 - SOURCE_BOUND_REACH), high: value, lowOpen: false, highOpen: true };
    case 'at-most':
      return closed(value * (1 - SOURCE_BOUND_REACH), value);
  }
}

function boundInterval(value: number, bound: 'more-than' | 'at-least' | 'less-than' | 'at-most'): Interval {
  switch (bound) {
    case 'more-than':
      return { low: value, high: Infinity, lowOpen: true, highOpen: true };
    case 'at-least':
      return { low: value, high: Infinity, lowOpen: false, highOpen: true };
    case 'less-than':
      return { low: -Infinity, high: value, lowOpen: true, highOpen: true };
    case 'at-most':
      return { low: -Infinity, high: value, lowOpen: true, highOpen: false };
  }
}

/** A round figure of 1,000 or more may stand for anything that rounds to it. */
function roundingSlack(value: number): number {
  if (!Number.isInteger(value) || Math.abs(value) < ROUNDING_FLOOR) return 0;
  let unit = 1;
  // Keep at least two significant digits: 1,800 covers 1,750–1,849, never 1,000–2,999.
  while (value % (unit * 10) === 0 && Math.abs(value) / (unit * 10) >= 10) unit *= 10;
  return unit === 1 ? 0 : unit / 2;
}

function closed(low: number, high: number): Interval {
  return { low, high, lowOpen: false, highOpen: false };
}

function overlaps(a: Interval, b: Interval): boolean {
  const low = Math.max(a.low, b.low);
  const high = Math.min(a.high, b.high);
  if (low !== high) return low < high;
  return contains(a, low) && contains(b, low);
}

function contains(interval: Interval, x: number): boolean {
  const aboveLow = x > interval.low || (x === interval.low && !interval.lowOpen);
  const belowHigh = x < interval.high || (x === interval.high && !interval.highOpen);
  return aboveLow && belowHigh;
}
