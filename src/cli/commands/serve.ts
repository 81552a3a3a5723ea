// `portcullis serve`: argv and wiring for the web console and JSON API over the store (SQLite or fleet PostgreSQL).
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { PortcullisError } from '../../core/errors/index.js';
import { openStore } from '../../core/store/index.js';
import { startServe } from '../../serve/index.js';

interface ServeFlags {
  listen: string;
  store?: string;
  tokenFile?: string;
  tlsCert?: string;
  tlsKey?: string;
  tlsClientCa?: string;
  pollMs: string;
}

function readFlagFile(flag: string, path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    const code = flag === 'token-file' ? 'PCL_ERR_CLI_USAGE' : 'PCL_ERR_SERVE_TLS';
    throw new PortcullisError(code, `cannot read --${flag} ${path}: ${(err as Error).message}`, { cause: err });
  }
}

/** `host:port`, `[v6]:port`, `host` or `:port`. */
export function parseListen(v: string): { host: string; port: number } {
  const m = v.match(/^(?:\[([^\]]+)\]|([^:]*))(?::(\d+))?$/);
  const host = (m?.[1] ?? m?.[2]) || '127.0.0.1';
  const port = m?.[3] === undefined ? 7375 : Number(m[3]);
  if (!m || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new PortcullisError('PCL_ERR_CLI_USAGE', `--listen must be host:port, e.g. 127.0.0.1:7375 (got "${v}")`);
  }
  return { host, port };
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .summary('web console and JSON API over the store')
    .description('Serve the web console (overview, guard log, scans, audit, watch alerts, trap sessions) and a JSON API '
      + 'over the store. Binds 127.0.0.1 by default; any other address needs --token-file (or $PORTCULLIS_SERVE_TOKEN) '
      + 'or --tls-client-ca. See docs/SERVE.md.')
    .option('-l, --listen <host:port>', 'address to listen on', '127.0.0.1:7375')
    .option('--store <path|url>', 'store file or postgres:// URL (default: $PORTCULLIS_STORE or ~/.local/share/portcullis/portcullis.db)')
    .option('--token-file <file>', 'file holding the login token (default: $PORTCULLIS_SERVE_TOKEN)')
    .option('--tls-cert <file>', 'serve HTTPS with this certificate (PEM)')
    .option('--tls-key <file>', 'private key for --tls-cert (PEM)')
    .option('--tls-client-ca <file>', 'require client certificates signed by this CA (mutual TLS)')
    .option('--poll-ms <ms>', 'how often live updates poll the store', '2000')
    .action(async (flags: ServeFlags) => {
      const { host, port } = parseListen(flags.listen);
      const token = (flags.tokenFile ? readFlagFile('token-file', flags.tokenFile) : process.env.PORTCULLIS_SERVE_TOKEN ?? '').trim();
      if (flags.tokenFile && !token) throw new PortcullisError('PCL_ERR_CLI_USAGE', `--token-file ${flags.tokenFile} is empty`);
      if (Boolean(flags.tlsCert) !== Boolean(flags.tlsKey)) {
        throw new PortcullisError('PCL_ERR_CLI_USAGE', '--tls-cert and --tls-key go together');
      }
      if (flags.tlsClientCa && !flags.tlsCert) throw new PortcullisError('PCL_ERR_CLI_USAGE', '--tls-client-ca needs --tls-cert and --tls-key');
      const pollMs = Number(flags.pollMs);
      if (!Number.isInteger(pollMs) || pollMs < 100) throw new PortcullisError('PCL_ERR_CLI_USAGE', '--poll-ms must be an integer >= 100');
      const tls = flags.tlsCert && flags.tlsKey ? {
        cert: readFlagFile('tls-cert', flags.tlsCert), key: readFlagFile('tls-key', flags.tlsKey),
        ...(flags.tlsClientCa ? { clientCa: readFlagFile('tls-client-ca', flags.tlsClientCa) } : {}),
      } : undefined;
      const store = await openStore(flags.store);
      let console_;
      try {
        console_ = await startServe({ store, host, port, pollMs, ...(token ? { token } : {}), ...(tls ? { tls } : {}),
          log: (m) => process.stderr.write(`portcullis serve: ${m}\n`) });
      } catch (err) {
        await store.close();
        throw err;
      }
      process.stderr.write(`portcullis serve: console at ${console_.url}/ over ${store.location}${token ? ' (login required)' : ''}\n`);
      await new Promise<void>((resolve) => {
        const stop = () => { process.off('SIGINT', stop); process.off('SIGTERM', stop); resolve(); };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      await console_.close();
      await store.close();
    });
}
