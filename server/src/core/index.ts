/**
 * The analysis core's facade: everything the language server, the CLI and the tests use.
 * Pure — no vscode imports, no file system, no clock.
 */
export { analyzeDraft, prepareDataset, nameIndexOf, itemAt, type DraftAnalysis, type DraftFinding, type Fix, type TextEdit } from './analyze';
export { knownNameIndex, nameIndexInputKey, type NameIndex } from './names';
export { packNameIndexSteps, unpackNameIndexSteps } from './nameIndexPacking';
export { parseDatasetFile, type DatasetProblem, type ParsedDatasetFile, type RawDataset } from './dataset/parse';
export { parseDataset, parseDatasetSteps, unpackedFile, type LazyParsedDatasetFile, type Reread } from './dataset/fast';
export { packDataset, unpackDataset } from './dataset/packed';
export { buildDataset, buildDatasetSteps, sourceTextUris, resolveSourceUri, findQuote, type SourceText, type BuildResult, type FactsPieces } from './dataset/build';
export { EMPTY_DATASET, type Dataset, type Entity, type Fact, type TextLocation } from './dataset/model';
export { citationsAt, hoverAt, type CitationView, type HoverCard } from './hover';
export { highlightSpans, TOKEN_MODIFIERS, TOKEN_TYPES, type HighlightSpan } from './tokens';
export { LineIndex, type Position } from './positions';
export { RULES, type FindingCode, type Severity } from './rules';
export type { DraftLanguage } from './prose';
export { RunningHash } from './hash';
