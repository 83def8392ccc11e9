/** Reading the evaluation set's inline labels: `[[TEXT|LABEL|CATEGORY]]` (see README.md). */

export type Label = 'right' | 'wrong' | 'other';

export interface LabelledFigure {
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly label: Label;
  readonly category: string;
}

export interface LabelledDraft {
  readonly text: string;
  readonly figures: readonly LabelledFigure[];
}

const MARKER = /\[\[([^|\]]+)\|(right|wrong|other)(?:\|([a-z-]+))?\]\]/g;

/** The draft with its markers replaced by their text, and where each labelled figure now stands. */
export function stripLabels(marked: string): LabelledDraft {
  const figures: LabelledFigure[] = [];
  let text = '';
  let last = 0;
  for (const match of marked.matchAll(MARKER)) {
    text += marked.slice(last, match.index);
    const start = text.length;
    text += match[1];
    figures.push({ start, end: text.length, text: match[1], label: match[2] as Label, category: match[3] ?? match[2] });
    last = match.index! + match[0].length;
  }
  text += marked.slice(last);
  if (text.includes('[[')) throw new Error(`A malformed label remains near: ${text.slice(text.indexOf('[['), text.indexOf('[[') + 60)}`);
  return { text, figures };
}

export interface LabelledName {
  readonly start: number;
  readonly end: number;
  readonly text: string;
  /** The entity meant, or undefined for a trap the tool must not recognise. */
  readonly entityId?: string;
  readonly category: string;
}

const NAME_MARKER = /\{\{([^|}]+)\|([a-z0-9-]+|-)(?:\|([a-z-]+))?\}\}/g;

/** A name-set draft with its `{{TEXT|ENTITY_ID|CATEGORY}}` markers replaced by their text (see names/README.md). */
export function stripNameLabels(marked: string): { text: string; names: LabelledName[] } {
  const names: LabelledName[] = [];
  let text = '';
  let last = 0;
  for (const match of marked.matchAll(NAME_MARKER)) {
    text += marked.slice(last, match.index);
    const start = text.length;
    text += match[1];
    names.push({ start, end: text.length, text: match[1], entityId: match[2] === '-' ? undefined : match[2], category: match[3] ?? (match[2] === '-' ? 'trap' : 'listed') });
    last = match.index! + match[0].length;
  }
  text += marked.slice(last);
  if (text.includes('{{')) throw new Error(`A malformed name label remains near: ${text.slice(text.indexOf('{{'), text.indexOf('{{') + 60)}`);
  return { text, names };
}
