/** English number words: reading them in a draft, and writing a value back in the draft's style. */

const SMALL = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten',
  'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const SCALES = new Map<string, number>([['hundred', 100], ['thousand', 1e3], ['million', 1e6], ['billion', 1e9]]);

const WORD_VALUES = new Map<string, number>([
  ...SMALL.map((word, value) => [word, value] as [string, number]),
  ...TENS.map((word, i) => [word, i * 10] as [string, number]).filter(([word]) => word !== ''),
  ['dozen', 12],
]);

/** Every word isNumberWord is true of. */
export const NUMBER_WORDS: ReadonlySet<string> = new Set([...WORD_VALUES.keys(), ...SCALES.keys()]);

export function isNumberWord(word: string): boolean {
  return NUMBER_WORDS.has(word);
}

export function isScaleWord(word: string): boolean {
  return SCALES.has(word);
}

export function scaleOf(word: string): number | undefined {
  return SCALES.get(word);
}

/**
 * The value of a sequence of number words ("one hundred and twenty-three" as
 * ['one','hundred','twenty','three']), or undefined when the words do not form a number.
 */
export function parseNumberWords(words: readonly string[]): number | undefined {
  let total = 0;
  let current = 0;
  let sawAny = false;
  for (const word of words) {
    const value = WORD_VALUES.get(word);
    if (value !== undefined) {
      if (word === 'dozen') current = (current || 1) * 12;
      else current += value;
      sawAny = true;
      continue;
    }
    const scale = SCALES.get(word);
    if (scale === undefined) return undefined;
    if (scale === 100) current = (current || 1) * 100;
    else {
      total += (current || 1) * scale;
      current = 0;
    }
    sawAny = true;
  }
  return sawAny ? total + current : undefined;
}

/** Words for a whole number below a million, as a news style writes it: "one hundred twenty-three". */
export function toNumberWords(value: number): string | undefined {
  if (!Number.isInteger(value) || value < 0 || value >= 1e6) return undefined;
  if (value < 20) return SMALL[value];
  if (value < 100) return TENS[Math.floor(value / 10)] + (value % 10 ? `-${SMALL[value % 10]}` : '');
  if (value < 1000) {
    const rest = value % 100;
    return `${SMALL[Math.floor(value / 100)]} hundred${rest ? ` ${toNumberWords(rest)}` : ''}`;
  }
  const rest = value % 1000;
  return `${toNumberWords(Math.floor(value / 1000))} thousand${rest ? ` ${toNumberWords(rest)}` : ''}`;
}

/** Digits with the draft's thousands separator ("1,808"; none when the draft used none). */
export function toDigits(value: number, separator: string | undefined): string {
  const [whole, fraction] = String(value).split('.');
  const grouped = separator ? whole.replace(/\B(?=(\d{3})+(?!\d))/g, separator) : whole;
  return fraction ? `${grouped}.${fraction}` : grouped;
}
