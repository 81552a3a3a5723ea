// `portcullis guard`: argv and wiring for the guard front end (run, --check, init, cert, token, explain).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import { PortcullisError } from '../../core/errors/index.js';
import { openStore } from '../../core/store/index.js';
import type { Store } from '../../core/store/store.js';
import type { EventSink } from '../../core/events/index.js';
import {
  addGrant, createToken, denialMessage, explain, initGuard, issueCert, loadGuardConfig, readTokens, revokeToken, startGuard,
} from '../../guard/cli-api.js';
import { EXIT } from '../exit-codes.js';

interface RunFlags { config: string; check?: boolean; events?: boolean; store?: string }

const stdoutSink: EventSink = { name: 'stdout', write: (e) => { process.stdout.write(JSON.stringify(e) + '\n'); } };

async function run(flags: RunFlags): Promise<void> {
  const loaded = loadGuardConfig(flags.config);
  if (flags.check) {
    process.stdout.write(`${flags.config}: ok (${loaded.config.listeners.length} listener(s), ${loaded.policy.grants.length} grant(s))\n`);
    return;
  }
  // --store, then the config's audit.store, then $PORTCULLIS_STORE; with none the JSON-lines audit file is the record.
  const where = flags.store ?? loaded.config.audit.store ?? (process.env.PORTCULLIS_STORE?.trim() || undefined);
  let store: Store | undefined;
  if (where) store = await openStore(where);
  const guard = await startGuard({ configPath: flags.config, ...(store ? { store } : {}), sinks: flags.events === false ? [] : [stdoutSink] });
  process.stderr.write(`portcullis guard: listening on ${guard.addresses.join(', ')}${guard.metricsAddress ? `; metrics on ${guard.metricsAddress}` : ''}\n`);
  process.on('SIGHUP', () => {
    const err = guard.reload();
    if (!err) process.stderr.write('portcullis guard: config reloaded\n'); // a refusal is logged by the guard itself
  });
  await new Promise<void>((resolve) => {
    const stop = (): void => { void guard.close().then(() => store?.close()).then(() => resolve()); };
    process.once('SIGTERM', stop);
    process.once('SIGINT', () => { process.exitCode = EXIT.interrupted; stop(); });
  });
}

export function registerGuard(program: Command): void {
  const guard = program
    .command('guard')
    .summary('authenticating, role-based, body-inspecting proxy in front of the Docker API')
    .description('Run the guard in front of docker.sock: mutual TLS or bearer tokens decide who you are, roles decide what you may do, '
      + 'down to container spec fields. See docs/GUARD.md and docs/POLICY.md.')
    .option('-c, --config <file>', 'guard configuration file (all guard subcommands read it)', 'guard.yaml')
    .option('--check', 'validate the configuration and exit (0 ok, 2 invalid)')
    .option('--no-events', 'do not print security events (JSON lines) on stdout')
    .option('--store <path|url>', 'also record every decision in this store file or postgres:// URL (default: the config\'s audit.store, '
      + 'else $PORTCULLIS_STORE, else none: the JSON-lines audit file only)')
    .action(async (flags: RunFlags) => run(flags));

  guard.command('init')
    .description('create a CA, a server certificate and a starter guard.yaml in --dir')
    .option('-d, --dir <dir>', 'directory for guard.yaml and pki/', '.')
    .option('--san <names...>', 'DNS names and IPs of the server certificate', ['localhost', '127.0.0.1'])
    .option('--address <host:port>', 'mutual-TLS listener address', '127.0.0.1:2376')
    .option('--token-address <host:port>', 'also add a TLS + bearer-token listener')
    .option('--upstream <url>', 'the engine behind the guard', 'unix:///var/run/docker.sock')
    .action((o: { dir: string; san: string[]; address: string; tokenAddress?: string; upstream: string }) => {
      const cfg = initGuard({ dir: o.dir, sans: o.san, address: o.address, upstream: o.upstream, ...(o.tokenAddress ? { tokenAddress: o.tokenAddress } : {}) });
      process.stdout.write(`created ${cfg} and ${join(o.dir, 'pki')}/ (CA, server certificate)\nnext: portcullis guard cert NAME --role ROLE -c ${cfg}\n`);
    });

  guard.command('cert')
    .description('issue a client bundle (ca.pem, cert.pem, key.pem) for NAME and grant it ROLE')
    .argument('<name>', 'client name (certificate CN = subject cert:NAME)')
    .requiredOption('-r, --role <role>', 'role to grant (a preset or a role of the config)')
    .option('-o, --out <dir>', 'output directory (default: clients/NAME beside the config)')
    .option('--days <n>', 'validity in days', '365')
    .action((name: string, _o: unknown, cmd: Command) => {
      const o = cmd.optsWithGlobals<{ role: string; config: string; out?: string; days: string }>();
      const loaded = loadGuardConfig(o.config);
      if (!loaded.policy.roles.has(o.role)) throw new PortcullisError('PCL_ERR_CLI_USAGE', `unknown role "${o.role}"; known: ${[...loaded.policy.roles.keys()].join(', ')}`);
      const l = loaded.config.listeners.find((x) => x.type === 'mtls');
      if (!l || l.type !== 'mtls') throw new PortcullisError('PCL_ERR_CLI_USAGE', 'the config has no mtls listener; add one (see guard init)');
      const out = o.out ?? join(dirname(o.config), 'clients', name);
      issueCert(dirname(l.ca), name, out, Number(o.days));
      addGrant(o.config, `cert:${name}`, o.role);
      process.stdout.write(`issued ${out}/{ca,cert,key}.pem for cert:${name} with role ${o.role}\n`
        + `use: DOCKER_HOST=tcp://${l.address} DOCKER_TLS_VERIFY=1 DOCKER_CERT_PATH=${out} docker ps\n(send SIGHUP to a running guard to apply the grant)\n`);
    });

  const token = guard.command('token').description('create, revoke and list bearer tokens');
  token.command('create').argument('<name>').requiredOption('-r, --role <role>', 'role to grant')
    .action((name: string, _o: unknown, cmd: Command) => {
      const o = cmd.optsWithGlobals<{ role: string; config: string }>();
      const loaded = loadGuardConfig(o.config);
      if (!loaded.policy.roles.has(o.role)) throw new PortcullisError('PCL_ERR_CLI_USAGE', `unknown role "${o.role}"`);
      const t = createToken(loaded.config.tokens, name);
      addGrant(o.config, `token:${name}`, o.role);
      process.stdout.write(`${t}\n`);
      process.stderr.write(`token for token:${name} (role ${o.role}); shown once. For the docker CLI put in config.json: {"HttpHeaders":{"Authorization":"Bearer ${t.slice(0, 8)}..."}}\n`);
    });
  token.command('revoke').argument('<name>')    .action((name: string, _o: unknown, cmd: Command) => { const o = cmd.optsWithGlobals<{ config: string }>(); revokeToken(loadGuardConfig(o.config).config.tokens, name); process.stdout.write(`revoked token:${name}\n`); });
  token.command('list')    .action((_o: unknown, cmd: Command) => {
      const o = cmd.optsWithGlobals<{ config: string }>();
      for (const t of readTokens(loadGuardConfig(o.config).config.tokens)) process.stdout.write(`${t.name}\t${t.created}\t${t.revoked ? `revoked ${t.revoked}` : 'live'}\n`);
    });

  guard.command('explain')
    .description('print the decision for a request without sending it')
    .requiredOption('--as <subject>', 'subject, e.g. cert:ci or token:traefik')
    .option('--owned <n>', 'containers the subject owns (for max-containers rules)')
    .argument('<method>').argument('<path>').argument('[body]', 'JSON body, or @file')
    .action((method: string, path: string, body: string | undefined, _o: unknown, cmd: Command) => {
      const o = cmd.optsWithGlobals<{ as: string; config: string; owned?: string }>();
      const text = body?.startsWith('@') && existsSync(body.slice(1)) ? readFileSync(body.slice(1), 'utf8') : body;
      const j = explain(loadGuardConfig(o.config), o.as, method, path, text, o.owned !== undefined ? Number(o.owned) : undefined);
      const d = j.decision;
      process.stdout.write(JSON.stringify({ effect: d.effect, route: j.match?.route.id, rule: d.ruleId, field: d.field, role: d.role, reason: d.reason,
        ...(d.effect === 'deny' ? { status: j.status, message: denialMessage(d) } : { forwarded: j.body?.toString('utf8') }) }, null, 2) + '\n');
      if (d.effect === 'deny') process.exitCode = EXIT.found;
    });
}
