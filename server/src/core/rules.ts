/**
 * The one table of finding codes. Every finding Factmark reports carries one of these codes;
 * the code is stable (users disable or re-grade findings by it), the severity is the default
 * that the `factmark.severity` setting can override.
 */

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface Rule {
  readonly code: string;
  readonly severity: Severity;
  /** Where the finding is reported. */
  readonly on: 'draft' | 'dataset';
  readonly summary: string;
}

export const RULES = {
  'figure-mismatch': {
    code: 'figure-mismatch',
    severity: 'warning',
    on: 'draft',
    summary: 'A figure in the draft disagrees with every value the sources give for the fact it is about.',
  },
  'figure-disputed': {
    code: 'figure-disputed',
    severity: 'information',
    on: 'draft',
    summary: 'The figure agrees with one source, but other sources give a different value.',
  },
  'name-inconsistent': {
    code: 'name-inconsistent',
    severity: 'information',
    on: 'draft',
    summary: 'The draft spells one person in two ways; the minority spelling is flagged.',
  },
  'name-variant': {
    code: 'name-variant',
    severity: 'information',
    on: 'draft',
    summary: 'A capitalised word is one letter away from a known name: did you mean it?',
  },
  'draft-too-large': {
    code: 'draft-too-large',
    severity: 'information',
    on: 'draft',
    summary: 'The draft is larger than factmark.maxFileSize and was not checked.',
  },
  'dataset-syntax': {
    code: 'dataset-syntax',
    severity: 'error',
    on: 'dataset',
    summary: 'The dataset file is not valid YAML or JSON; the last good version stays in use.',
  },
  'dataset-schema': {
    code: 'dataset-schema',
    severity: 'error',
    on: 'dataset',
    summary: 'The dataset file does not follow the dataset schema; the last good version stays in use.',
  },
  'dataset-duplicate-id': {
    code: 'dataset-duplicate-id',
    severity: 'error',
    on: 'dataset',
    summary: 'Two sources, entities or facts share an id; the later one is ignored.',
  },
  'dataset-unknown-reference': {
    code: 'dataset-unknown-reference',
    severity: 'error',
    on: 'dataset',
    summary: 'A fact or entity names an entity or source that no dataset defines.',
  },
  'dataset-bad-value': {
    code: 'dataset-bad-value',
    severity: 'error',
    on: 'dataset',
    summary: 'A value does not fit its fact kind (a date that is not YYYY-MM-DD, a weekday that is not a day name, a negative count).',
  },
  'quote-not-found': {
    code: 'quote-not-found',
    severity: 'warning',
    on: 'dataset',
    summary: 'A quote does not occur in the text of the source it cites.',
  },
  'source-unavailable': {
    code: 'source-unavailable',
    severity: 'information',
    on: 'dataset',
    summary: "The source's text file cannot be read, so its quotes cannot be checked.",
  },
  'source-outside-workspace': {
    code: 'source-outside-workspace',
    severity: 'error',
    on: 'dataset',
    summary: "The source's path leads outside the workspace folder; Factmark does not read it.",
  },
} as const satisfies Record<string, Rule>;

export type FindingCode = keyof typeof RULES;

export interface Finding {
  readonly code: FindingCode;
  readonly severity: Severity;
  readonly start: number;
  readonly end: number;
  readonly message: string;
}

export function finding(code: FindingCode, start: number, end: number, message: string): Finding {
  return { code, severity: RULES[code].severity, start, end, message };
}
