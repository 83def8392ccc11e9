/**
 * The command line: the same checks as the editor, for a desk's CI.
 *
 *   factmark check [--dataset PATH]... [--cache DIR] [--format text|json] [--max-file-size N] FILE...
 *
 * Exit codes: 0 clean, 1 warnings or errors found in the drafts, 2 bad input (a usage error, an
 * unreadable or too long draft, or reference data with an error or a warning, e.g. a quote its
 * source does not contain: a desk's CI must tell "fix the draft" from "fix the data").
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeDraft, LineIndex, RULES, type DatasetProblem, type DraftFinding, type Severity } from '../core';
import { DatasetFolder, type DatasetLoad } from '../workspace/datasets';
import { readAtMost } from '../workspace/read';
import { ParseCache } from '../workspace/parseCache';
import { DEFAULT_SETTINGS } from '../lsp/settings';

const USAGE = `Usage: factmark check [--dataset PATH]... [--cache DIR] [--format text|json] [--max-file-size N] FILE...

Checks the names and figures in each draft FILE against the reference data.
Without --dataset, every *.facts.yaml, *.facts.yml and *.facts.json file under
the current folder is used, as the editor does for a workspace folder.

Options:
  --dataset PATH        a dataset file to use (repeatable)
  --cache DIR           keep packed copies of large .facts.json files and the name index
                        in DIR, so that the next run reads them in a fraction of the time
                        (made if missing)
  --format text|json    output format (default: text)
  --max-file-size N     a draft of more than N characters is not checked (default:
                        ${DEFAULT_SETTINGS.maxFileSize}, as the editor's factmark.maxFileSize)
  -h, --help            show this help
  -v, --version         show the version

Exit status: 0 no problems, 1 warnings found in the drafts, 2 bad input (including
reference data with errors or warnings; the drafts are still checked and reported).`;

class UsageError extends Error {}

interface Options {
  datasets: string[];
  cache?: string;
  format: 'text' | 'json';
  maxFileSize: number;
  files: string[];
}

interface Report {
  readonly file: string;
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly start: { line: number; character: number };
  readonly end: { line: number; character: number };
  readonly related?: readonly { uri: string; line: number; character: number; message: string }[];
  readonly fixes?: readonly { title: string; edits: readonly { start: { line: number; character: number }; end: { line: number; character: number }; newText: string }[] }[];
}

export async function main(argv: readonly string[]): Promise<number> {
  let options: Options;
  try {
    options = parseArguments(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`factmark: ${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    throw error;
  }
  if (options.files.length === 0) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }

  const folder = new DatasetFolder(process.cwd());
  if (options.cache) {
    folder.cache = new ParseCache(path.resolve(options.cache));
    // The indexes built as the data loads (the name index read from the cache, or kept there for the next run).
    folder.prepare = (dataset) => folder.prepareIndexes(dataset);
  }
  let load: DatasetLoad;
  try {
    load = await folder.reload(options.datasets.length > 0 ? options.datasets : undefined);
  } catch (error) {
    // Bad data comes back as problems; this is a failure of the loader itself (a bug, or the folder vanished).
    process.stderr.write(`factmark: could not load the reference data: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  await folder.cacheWritten();
  const cacheError = folder.cache?.takeWriteError();
  if (cacheError) process.stderr.write(`factmark: could not write to the cache in ${options.cache} (the next run parses those files again): ${cacheError}\n`);
  // As the server does: entries of files renamed or deleted long ago go (those just read are marked as used).
  await folder.cache?.prune();
  const reports: Report[] = [];
  /** The reference data has an error or a warning: exit 2 whatever the drafts hold. */
  let badData = false;
  for (const [uri, problems] of load.problems) {
    // A clean file's text is not kept; asking for it would read the file again for nothing.
    if (problems.length === 0) continue;
    const lines = new LineIndex(folder.textOf(uri));
    for (const problem of problems) {
      const severity = RULES[problem.code].severity;
      if (severity === 'error' || severity === 'warning') badData = true;
      reports.push(problemReport(displayPath(uri), lines, problem));
    }
  }
  if (load.problems.size === 0) {
    process.stderr.write(`factmark: no reference dataset found${options.datasets.length ? '' : ` under ${process.cwd()} (looked for *.facts.yaml, *.facts.yml, *.facts.json)`}; use --dataset PATH.\n`);
    return 2;
  }

  for (const file of options.files) {
    // Characters, as factmark.maxFileSize counts them. A character (UTF-16 unit) takes at most
    // three bytes of UTF-8, so a file of more than three bytes a character is too long unread.
    const byteCap = 3 * options.maxFileSize;
    let bytes: Buffer;
    try {
      bytes = await readAtMost(file, byteCap);
    } catch (error) {
      process.stderr.write(`factmark: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`);
      return 2;
    }
    const text = bytes.length > byteCap ? undefined : bytes.toString('utf8').replace(/^\uFEFF/, '');
    if (text === undefined || text.length > options.maxFileSize) {
      const size = text === undefined ? `more than ${byteCap.toLocaleString('en-US')} bytes` : `${text.length.toLocaleString('en-US')} characters`;
      process.stderr.write(`factmark: ${file} is not checked: it has ${size}, over the limit of ${options.maxFileSize.toLocaleString('en-US')} characters (raise it with --max-file-size)\n`);
      return 2;
    }
    const language = /\.(?:md|markdown)$/i.test(file) ? 'markdown' : 'plaintext';
    const analysis = analyzeDraft(text, load.dataset, { language });
    if (analysis.internalError) process.stderr.write(`factmark: internal error while checking ${file}: ${analysis.internalError}\n`);
    const lines = new LineIndex(analysis.text);
    for (const finding of analysis.findings) reports.push(findingReport(file, lines, finding));
  }

  write(options.format, reports);
  summarise(reports, options.files.length, load);
  if (badData) return 2;
  return reports.some((report) => report.severity === 'warning' || report.severity === 'error') ? 1 : 0;
}

function parseArguments(argv: readonly string[]): Options {
  const args = [...argv];
  const command = args.shift();
  const none: Options = { datasets: [], format: 'text', maxFileSize: DEFAULT_SETTINGS.maxFileSize, files: [] };
  if (command === '-h' || command === '--help' || command === undefined) return none;
  if (command === '-v' || command === '--version') {
    process.stdout.write('factmark 0.1.0\n');
    process.exit(0);
  }
  if (command !== 'check') throw new UsageError(`unknown command '${command}'`);
  const options: Options = { ...none, datasets: [] };
  while (args.length > 0) {
    const arg = args.shift()!;
    if (arg === '--dataset') options.datasets.push(required(args.shift(), '--dataset needs a PATH'));
    else if (arg.startsWith('--dataset=')) options.datasets.push(arg.slice('--dataset='.length));
    else if (arg === '--cache') options.cache = required(args.shift(), '--cache needs a DIR');
    else if (arg.startsWith('--cache=')) options.cache = arg.slice('--cache='.length);
    else if (arg === '--format' || arg.startsWith('--format=')) {
      const format = arg === '--format' ? args.shift() : arg.slice('--format='.length);
      if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not '${format ?? ''}'`);
      options.format = format;
    } else if (arg === '--max-file-size' || arg.startsWith('--max-file-size=')) {
      const value = arg === '--max-file-size' ? args.shift() : arg.slice('--max-file-size='.length);
      options.maxFileSize = Number(value);
      if (!Number.isSafeInteger(options.maxFileSize) || options.maxFileSize <= 0) throw new UsageError(`--max-file-size must be a positive number of characters, not '${value ?? ''}'`);
    } else if (arg === '-h' || arg === '--help') return none;
    else if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option '${arg}'`);
    else options.files.push(arg);
  }
  if (options.files.length === 0) throw new UsageError('no draft FILE given');
  return options;
}

function required(value: string | undefined, message: string): string {
  if (value === undefined || value.startsWith('--')) throw new UsageError(message);
  return value;
}

function displayPath(uri: string): string {
  const file = fileURLToPath(uri);
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') ? file : relative;
}

function problemReport(file: string, lines: LineIndex, problem: DatasetProblem): Report {
  return {
    file,
    code: problem.code,
    severity: RULES[problem.code].severity,
    message: problem.message,
    start: lines.positionAt(problem.start),
    end: lines.positionAt(problem.end),
  };
}

function findingReport(file: string, lines: LineIndex, finding: DraftFinding): Report {
  return {
    file,
    code: finding.code,
    severity: finding.severity,
    message: finding.message,
    start: lines.positionAt(finding.start),
    end: lines.positionAt(finding.end),
    related: finding.related.map((r) => ({ uri: r.location.uri, line: r.location.line, character: r.location.character, message: r.message })),
    fixes: finding.fixes.map((fix) => ({
      title: fix.title,
      edits: fix.edits.map((edit) => ({ start: lines.positionAt(edit.start), end: lines.positionAt(edit.end), newText: edit.newText })),
    })),
  };
}

function write(format: Options['format'], reports: readonly Report[]): void {
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify(reports, null, 2)}\n`);
    return;
  }
  for (const report of reports) {
    process.stdout.write(`${report.file}:${report.start.line + 1}:${report.start.character + 1}: ${report.severity} ${report.code} ${report.message}\n`);
  }
}

function summarise(reports: readonly Report[], fileCount: number, { dataset, filesFromCache, nameIndexFromCache }: DatasetLoad): void {
  const counts = new Map<Severity, number>();
  for (const report of reports) counts.set(report.severity, (counts.get(report.severity) ?? 0) + 1);
  const parts = (['error', 'warning', 'information', 'hint'] as const)
    .filter((severity) => counts.get(severity))
    .map((severity) => `${counts.get(severity)} ${severity}${counts.get(severity) === 1 || severity === 'information' ? '' : 's'}`);
  const found = parts.length > 0 ? parts.join(', ') : 'no problems';
  process.stderr.write(`factmark: ${found} in ${fileCount} file${fileCount === 1 ? '' : 's'} (reference data: ${dataset.entities.size} entities, ${dataset.facts.length} facts, ${dataset.sources.size} sources${filesFromCache > 0 ? `; ${filesFromCache} of ${dataset.files.length} dataset files from the cache` : ''}${nameIndexFromCache ? `${filesFromCache > 0 ? ',' : ';'} the name index from the cache` : ''})\n`);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`factmark: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
