/**
 * People who share a surname because they are parent and child (Viktar and Eduard Babaryka):
 * a bare surname is left open by the name index, but news prose tells them apart with a
 * descriptor — "Babaryka Sr.", "Babariko-senior", "the elder Babaryka", "the younger
 * Babaryka" — or names one by the relation alone ("the father", "the son") once the family
 * has been named. Who is whose parent comes from the dataset's `parents` field, nothing else.
 */
import type { Dataset } from './dataset/model';
import type { NameMention } from './names';

/** Parent and child by entity id, read once per dataset version. */
interface Family {
  readonly parentOf: ReadonlyMap<string, string>;
  readonly childrenOf: ReadonlyMap<string, readonly string[]>;
}

const families = new WeakMap<Dataset, Family>();

/** Parent and child as the dataset's `parents` field states them, read once per dataset version. */
export function familyOf(dataset: Dataset): Family {
  let family = families.get(dataset);
  if (family) return family;
  const parentOf = new Map<string, string>();
  const childrenOf = new Map<string, string[]>();
  for (const entity of dataset.entities.values()) {
    // Only one parent per child is used: the descriptors tell one generation from the next.
    const parent = entity.parents.find((id) => id !== entity.id && dataset.entities.has(id));
    if (!parent) continue;
    parentOf.set(entity.id, parent);
    childrenOf.set(parent, [...(childrenOf.get(parent) ?? []), entity.id]);
  }
  family = { parentOf, childrenOf };
  families.set(dataset, family);
  return family;
}

const ELDER_AFTER = /^(?:[\s-]+(?:senior|sr\b\.?)|,?\s+the elder\b)/i;
const YOUNGER_AFTER = /^(?:[\s-]+(?:junior|jr\b\.?)|,?\s+the younger\b)/i;
const ELDER_BEFORE = /\b(?:the elder|elder)\s+$/i;
const YOUNGER_BEFORE = /\b(?:the younger|younger)\s+$/i;
/** "the father", "the son": the relation alone, once one of the family has been named nearby. */
const RELATION = /\bthe (father|mother|son|daughter)\b(?!\s+of\b|['’]s)/gi;
/** How far back (in characters) a family member must have been named for "the father" to refer. */
const RELATION_REACH = 600;

/**
 * The mentions with shared surnames settled by a descriptor, and "the father" / "the son"
 * added where they refer to a member of a named family. Mentions stay sorted by start.
 */
export function resolveKin(prose: string, mentions: readonly NameMention[], dataset: Dataset): readonly NameMention[] {
  const family = familyOf(dataset);
  if (family.parentOf.size === 0) return mentions;
  const resolved = mentions.map((mention) => {
    if (mention.candidates.length < 2) return mention; // a descriptor outweighs "the person last named in full"
    const after = prose.slice(mention.end, mention.end + 14);
    const before = prose.slice(Math.max(0, mention.start - 12), mention.start);
    const elder = ELDER_AFTER.test(after) || ELDER_BEFORE.test(before);
    const younger = YOUNGER_AFTER.test(after) || YOUNGER_BEFORE.test(before);
    if (elder === younger) return mention;
    const pick = mention.candidates.filter((id) => {
      const related = mention.candidates.filter((other) => other !== id);
      return elder ? related.some((other) => family.parentOf.get(other) === id) : related.some((other) => family.parentOf.get(id) === other);
    });
    return pick.length === 1 ? { ...mention, entityId: pick[0] } : mention;
  });
  const added: NameMention[] = [];
  for (const match of prose.matchAll(RELATION)) {
    const start = match.index! + match[0].length - match[1].length;
    const referent = relationReferent(resolved, family, match[1].toLowerCase(), match.index!);
    const pronoun = referent ? dataset.entities.get(referent)?.pronoun : undefined;
    const fits = pronoun === undefined || pronoun === 'they' || pronoun === (['father', 'son'].includes(match[1].toLowerCase()) ? 'he' : 'she');
    if (referent && fits) added.push({ start, end: start + match[1].length, text: match[1], candidates: [referent], entityId: referent, possessive: false, fullName: false, variant: false });
  }
  if (added.length === 0) return resolved;
  return [...resolved, ...added].sort((a, b) => a.start - b.start);
}

/** The parent or child meant by "the father" or "the son": the one family named in the last few sentences. */
function relationReferent(mentions: readonly NameMention[], family: Family, relation: string, at: number): string | undefined {
  const wantsParent = relation === 'father' || relation === 'mother';
  const meant = new Set<string>();
  for (const mention of mentions) {
    if (mention.end > at) break;
    if (mention.end < at - RELATION_REACH || !mention.entityId) continue;
    const parent = family.parentOf.get(mention.entityId) ?? (family.childrenOf.has(mention.entityId) ? mention.entityId : undefined);
    if (!parent) continue;
    const children = family.childrenOf.get(parent) ?? [];
    if (wantsParent) meant.add(parent);
    else if (children.length === 1) meant.add(children[0]);
  }
  return meant.size === 1 ? [...meant][0] : undefined;
}
