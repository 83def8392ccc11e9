/** The `factmark.*` settings as the server uses them, read defensively: a bad value falls back to its default. */
import { RULES, type Severity } from '../core';

export interface Settings {
  readonly enable: boolean;
  readonly datasets: readonly string[];
  readonly severity: Readonly<Record<string, Severity | 'off'>>;
  readonly languages: readonly string[];
  /** Drafts longer than this many characters are not checked. */
  readonly maxFileSize: number;
  /** The spelling a name-consistency fix uses: the dataset's preferred one, or the draft's first. */
  readonly nameStyle: 'dataset' | 'first-use';
  /** Keep packed copies of large dataset files between starts (see workspace/parseCache.ts). */
  readonly datasetCache: boolean;
}

export const DEFAULT_SETTINGS: Settings = {
  enable: true,
  datasets: [],
  severity: {},
  languages: ['markdown', 'plaintext'],
  maxFileSize: 2_000_000,
  nameStyle: 'dataset',
  datasetCache: true,
};

const SEVERITIES = new Set(['error', 'warning', 'information', 'hint', 'off']);

export function normaliseSettings(raw: unknown): Settings {
  const value = (raw ?? {}) as Record<string, unknown>;
  const severity: Record<string, Severity | 'off'> = {};
  if (value.severity && typeof value.severity === 'object') {
    for (const [code, level] of Object.entries(value.severity as Record<string, unknown>)) {
      if (code in RULES && typeof level === 'string' && SEVERITIES.has(level)) severity[code] = level as Severity | 'off';
    }
  }
  return {
    enable: typeof value.enable === 'boolean' ? value.enable : DEFAULT_SETTINGS.enable,
    datasets: stringArray(value.datasets) ?? DEFAULT_SETTINGS.datasets,
    severity,
    languages: stringArray(value.languages) ?? DEFAULT_SETTINGS.languages,
    maxFileSize: typeof value.maxFileSize === 'number' && value.maxFileSize > 0 ? value.maxFileSize : DEFAULT_SETTINGS.maxFileSize,
    nameStyle: value.nameStyle === 'first-use' ? 'first-use' : DEFAULT_SETTINGS.nameStyle,
    datasetCache: typeof value.datasetCache === 'boolean' ? value.datasetCache : DEFAULT_SETTINGS.datasetCache,
  };
}

function stringArray(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : undefined;
}
