// Child process for the store's crash and concurrency tests: writes records to a real SQLite file and prints
// one "ack <n>" line only after each write's promise resolved, so the parent knows what must have survived.
import { openStore } from '../../../src/core/store/index.js';
import { audit } from './fixtures.js';

const [path, mode, countArg] = process.argv.slice(2);
const count = Number(countArg ?? '100000');
const store = await openStore(path);
process.stdout.write('ready\n');
for (let n = 1; n <= count; n++) {
  if (mode === 'audit-batch') {
    await store.appendGuardAudit([audit(n, { requestId: `child-${n}-a` }), audit(n, { requestId: `child-${n}-b` })]);
  } else {
    await store.appendGuardAudit([audit(n, { requestId: `child-${n}` })]);
  }
  process.stdout.write(`ack ${n}\n`);
}
await store.close();
process.stdout.write('done\n');
