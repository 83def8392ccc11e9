/**
 * Hover cards, written as Markdown: on a name, who or what it is with the facts the sources
 * give; on a figure, the fact it was matched to, the sourced values and whether the draft agrees.
 * Every value names its sources and quotes them, with a link that opens the source at the quote.
 */
import type { DraftAnalysis } from './analyze';
import { describeFact, itemAt } from './analyze';
import type { Citation, Dataset, Entity, Fact, FactValue, TextLocation } from './dataset/model';
import { describeValue } from './format';
import type { FigureCheck } from './match';
import type { NameMention } from './names';

export interface HoverCard {
  readonly markdown: string;
  readonly start: number;
  readonly end: number;
}

export function hoverAt(analysis: DraftAnalysis, offset: number): HoverCard | undefined {
  const { mention, check } = itemAt(analysis, offset);
  if (check) return { markdown: figureCard(analysis.dataset, check), start: check.figure.start, end: check.figure.end };
  if (mention) return { markdown: nameCard(analysis.dataset, mention), start: mention.start, end: mention.end };
  return undefined;
}

const VERDICT: Record<FigureCheck['status'], string> = {
  agrees: '✅ The draft agrees with the sources.',
  disputed: '⚖️ The sources disagree; the draft follows one of them.',
  mismatch: '⚠️ The draft disagrees with every source.',
  unchecked: 'Not checked.',
};

function figureCard(dataset: Dataset, check: FigureCheck): string {
  const { fact } = check;
  if (!fact) return `**Figure** — not checked: ${check.reason ?? 'no fact is clearly meant.'}`;
  const lines = [
    `**${escape(describeFact(dataset, fact))}**`,
    '',
    VERDICT[check.status],
    '',
    ...valueLines(dataset, fact, check.agreeing),
  ];
  if (fact.note) lines.push('', `*Note:* ${escape(fact.note)}`);
  lines.push('', `Matched to fact \`${fact.id}\` (${fact.kind}).`);
  return lines.join('\n');
}

function nameCard(dataset: Dataset, mention: NameMention): string {
  if (!mention.entityId) {
    const names = mention.candidates.map((id) => dataset.entities.get(id)?.name ?? id);
    return [
      `**${escape(mention.text)}** could be ${names.map(escape).join(' or ')}.`,
      '',
      'Name one of them in full nearby; until then no figure in this sentence is checked against either.',
    ].join('\n');
  }
  const entity = dataset.entities.get(mention.entityId)!;
  const lines = [`### ${escape(entity.name)}`, '', `*${entity.kind}*${otherSpellings(entity)}`];
  if (entity.description) lines.push('', escape(entity.description));
  if (mention.variant) {
    lines.push('', `Written here as *${escape(mention.text)}*, a spelling the dataset does not list: recognised as another romanisation of *${escape(entity.name)}*.`);
  } else if (normalise(mention.text) !== normalise(entity.name) && !entity.name.endsWith(mention.text)) {
    lines.push('', `Written here as *${escape(mention.text)}*; the dataset prefers *${escape(entity.name)}*.`);
  }
  const facts = dataset.factsByEntity.get(entity.id) ?? [];
  if (facts.length > 0) {
    lines.push('', '**Facts**');
    for (const fact of facts) lines.push(...factLines(dataset, fact));
  }
  const related = entity.related.map((id) => dataset.entities.get(id)?.name).filter((name): name is string => Boolean(name));
  if (related.length > 0) lines.push('', `**Related:** ${related.map(escape).join(', ')}`);
  return lines.join('\n');
}

function otherSpellings(entity: Entity): string {
  const others = entity.aliases.filter((alias) => alias !== entity.name);
  return others.length > 0 ? ` · also written ${others.map((alias) => escape(alias)).join(', ')}` : '';
}

function factLines(dataset: Dataset, fact: Fact): string[] {
  if (fact.values.length === 1) {
    const value = fact.values[0];
    return [`- ${escape(capitalise(fact.measure))}: **${escape(describeValue(fact, value))}** — ${citationsText(dataset, value.citations)}`];
  }
  return [
    `- ${escape(capitalise(fact.measure))} — *sources differ*:`,
    ...fact.values.map((value) => `  - **${escape(describeValue(fact, value))}** — ${citationsText(dataset, value.citations)}`),
  ];
}

function valueLines(dataset: Dataset, fact: Fact, agreeing: readonly FactValue[]): string[] {
  const heading = fact.values.length > 1 ? 'The sources differ:' : 'The sources say:';
  return [
    heading,
    ...fact.values.map((value) => {
      const mark = agreeing.includes(value) ? ' ✓' : '';
      return `- **${escape(describeValue(fact, value))}**${mark} — ${citationsText(dataset, value.citations)}`;
    }),
  ];
}

function citationsText(dataset: Dataset, citations: readonly Citation[]): string {
  return citations.map((citation) => citationText(dataset, citation)).join('; ');
}

function citationText(dataset: Dataset, citation: Citation): string {
  const source = dataset.sources.get(citation.sourceId);
  const name = source ? [source.publisher, source.date].filter(Boolean).join(', ') : '';
  const label = `${citation.sourceId}${name ? ` (${name})` : ''}`;
  const quote = `“${escape(citation.quote)}”`;
  if (!citation.quoteAt) return `${escape(label)} ${quote}`;
  const { uri, line, character } = citation.quoteAt;
  return `[${label.replace(/([\\[\]])/g, '\\$1')}](${uri}#L${line + 1},${character + 1}) ${quote}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function normalise(text: string): string {
  return text.normalize('NFC').toLowerCase();
}

/** Markdown-escape text from the dataset so that it shows as written. */
function escape(text: string): string {
  return text.replace(/([\\`*_{}[\]()#+!|<>])/g, '\\$1');
}

/** One citation behind the item under the cursor, for "show the sources of this fact". */
export interface CitationView {
  readonly fact: string;
  readonly value: string;
  readonly source: string;
  readonly quote: string;
  readonly location?: TextLocation;
}

/** The citations behind the figure or name at an offset: the matched fact's, or every fact of the entity. */
export function citationsAt(analysis: DraftAnalysis, offset: number): CitationView[] {
  const { mention, check } = itemAt(analysis, offset);
  const facts = check?.fact ? [check.fact] : mention?.entityId ? [...(analysis.dataset.factsByEntity.get(mention.entityId) ?? [])] : [];
  return facts.flatMap((fact) =>
    fact.values.flatMap((value) =>
      value.citations.map((citation) => ({
        fact: describeFact(analysis.dataset, fact),
        value: describeValue(fact, value),
        source: sourceTitle(analysis.dataset, citation.sourceId),
        quote: citation.quote,
        location: citation.quoteAt,
      })),
    ),
  );
}

function sourceTitle(dataset: Dataset, sourceId: string): string {
  const source = dataset.sources.get(sourceId);
  if (!source) return sourceId;
  return [source.publisher, source.title, source.date].filter(Boolean).join(' · ') + ` (${sourceId})`;
}
