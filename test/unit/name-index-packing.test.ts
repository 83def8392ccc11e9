/** The name index as the parse cache keeps it: unpacked, it finds what the built index finds. */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { allSteps } from '../../server/src/core/steps';
import { buildNameIndex, findNames, nameSuggestions, type NameIndex } from '../../server/src/core/names';
import { wordTokens } from '../../server/src/core/text';
import { packNameIndexSteps, unpackNameIndexSteps } from '../../server/src/core/nameIndexPacking';
import { DatasetFolder } from '../../server/src/workspace/datasets';
import type { Dataset } from '../../server/src/core';

const EXAMPLE = path.join(__dirname, '..', '..', 'examples', 'belarus-2025');

describe('a packed name index', () => {
  let dataset: Dataset;
  before(async () => {
    dataset = (await new DatasetFolder(EXAMPLE).reload()).dataset;
  });
  const pack = () => allSteps(packNameIndexSteps(buildNameIndex(dataset), dataset))!;
  const unpack = (bytes: Uint8Array, against = dataset) => allSteps(unpackNameIndexSteps(bytes, against));

  it('unpacks to the index that was packed: the same trie, surnames, given names and near keys', () => {
    const built = buildNameIndex(dataset);
    assert.deepEqual(unpack(pack()), built);
  });

  it('finds the same names, variants and suggestions in a draft', () => {
    const text = `${readFileSync(path.join(EXAMPLE, 'draft.md'), 'utf8')}\nMaria Kolesnikova, Babariko, Tikhanovskaya and Feduta; Kalesnikova's lawyer; Bialiatsky. Later, Kalesnikaba said she was happy.`;
    const found = (index: NameIndex) => {
      const mentions = findNames(text, index);
      return { mentions, suggestions: nameSuggestions(text, index, wordTokens(text), mentions) };
    };
    const built = found(buildNameIndex(dataset));
    assert.ok(built.suggestions.length > 0, 'a misspelt surname to suggest for');
    assert.deepEqual(found(unpack(pack())!), built);
  });

  it('gives each spelling as its entity spells it (the entities\u2019 own strings, not copies)', () => {
    const index = unpack(pack())!;
    const [, node] = [...index.root.next].find(([key]) => key === 'maria')!;
    const end = [...node.next.values()].flatMap((child) => child.ends)[0];
    const entity = dataset.entities.get(end.entityId)!;
    assert.ok([entity.name, ...entity.aliases].includes(end.alias));
  });

  it('is refused whole when damaged: truncated, or any byte changed; never a throw', () => {
    const packed = pack();
    for (let length = 0; length < packed.length; length += 11) assert.equal(unpack(packed.subarray(0, length)), undefined, `truncated to ${length}`);
    for (let at = 0; at < packed.length; at += 3) {
      const damaged = packed.slice();
      damaged[at] ^= 0x5a;
      const index = unpack(damaged);
      if (index) assert.ok(index.root.next instanceof Map && index.surnames instanceof Map);
    }
  });

  it('is refused against entities it does not fit (fewer of them)', () => {
    const fewer: Dataset = { ...dataset, entities: new Map([...dataset.entities].slice(0, 3)) };
    assert.equal(unpack(pack(), fewer), undefined);
  });
});
