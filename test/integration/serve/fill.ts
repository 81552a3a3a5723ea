// Fills a store for the console tests: the realistic sample records (written through the Store API the way
// the front ends write them) into a fresh SQLite file.
import { join } from 'node:path';
import { openStore } from '../../../src/core/store/index.js';
import type { Store } from '../../../src/core/store/store.js';
import { sampleWrites } from '../fleet/samples.js';

export async function filledStore(dir: string, name = 'serve.db'): Promise<Store> {
  const store = await openStore(join(dir, name));
  for (const w of sampleWrites()) await w(store);
  return store;
}
