// Copies the source texts of the shipped example from ../shared/seeds into
// examples/belarus-2025/sources/. The reports themselves are not committed (only short quotes
// are); where the seeds are not beside the repo, the dataset still loads and quotes go unchecked.
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const seeds = process.env.FACTMARK_SEEDS ?? join(here, '..', '..', 'shared', 'seeds');
const target = join(here, 'belarus-2025', 'sources');

if (!existsSync(seeds)) {
  console.warn(`factmark: no seed reports at ${seeds}; the example's quotes will not be checked against their sources.`);
  process.exit(0);
}
mkdirSync(target, { recursive: true });
for (const name of readdirSync(seeds).filter((file) => file.endsWith('.txt'))) {
  copyFileSync(join(seeds, name), join(target, name));
}
