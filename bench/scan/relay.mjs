// Benchmark helper (runs inside the bench's network namespace): listen on each given address:2375 and relay
// every connection byte for byte to the lab engine's unix socket. Usage: node relay.mjs SOCKET ADDR...
import { createConnection, createServer } from 'node:net';
import process from 'node:process';

const [socketPath, ...addrs] = process.argv.slice(2);
let ready = 0;
for (const host of addrs) {
  const server = createServer({ allowHalfOpen: true }, (c) => {
    const up = createConnection({ path: socketPath, allowHalfOpen: true });
    c.pipe(up); up.pipe(c);
    const kill = () => { c.destroy(); up.destroy(); };
    c.on('error', kill); up.on('error', kill);
  });
  server.listen(2375, host, () => { if (++ready === addrs.length) process.stdout.write('ready\n'); });
}
