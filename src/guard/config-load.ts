// Read and validate the guard config: YAML parsed with node ranges so every error names file:line and the
// fix; relative file paths resolve against the config's directory. `--check` and SIGHUP use the same path.
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { LineCounter, parseDocument, isNode } from 'yaml';
import { PortcullisError } from '../core/errors/index.js';
import { compilePolicy, type CompiledPolicy } from '../core/policy/index.js';
import { guardConfigSchema, isLoopback, type GuardConfig } from './config.js';

export interface LoadedConfig {
  readonly path: string;
  readonly config: GuardConfig;
  readonly policy: CompiledPolicy;
}

function fail(path: string, line: number | undefined, where: string, message: string): never {
  throw new PortcullisError('PCL_ERR_GUARD_CONFIG', `${path}${line ? `:${line}` : ''}: ${where ? `${where}: ` : ''}${message}`);
}

/** Parse and validate config text; `path` is used in messages and to resolve relative files. */
export function parseGuardConfig(text: string, path: string): LoadedConfig {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: true, prettyErrors: true });
  const first = doc.errors[0];
  if (first) fail(path, first.linePos?.[0].line ?? lc.linePos(first.pos[0]).line, '', `${first.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')} (fix the YAML syntax)`);
  const lineOf = (p: readonly (string | number)[]): number | undefined => {
    for (let n = p.length; n >= 0; n--) {
      const node = doc.getIn(p.slice(0, n), true);
      if (isNode(node) && node.range) return lc.linePos(node.range[0]).line;
    }
    return undefined;
  };
  const parsed = guardConfigSchema.safeParse(doc.toJS() ?? {});
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    const hint = i.code === 'unrecognized_keys' ? ` (remove or rename: ${i.keys.join(', ')})`
      : i.code === 'invalid_union_discriminator' ? ` (use one of: ${i.options.join(', ')})` : '';
    fail(path, lineOf(i.path), i.path.join('.'), i.message + hint);
  }
  const config = parsed.data;
  const base = dirname(resolve(path));
  const abs = (p: string): string => (isAbsolute(p) ? p : resolve(base, p));
  config.listeners.forEach((l, i) => {
    if (l.type === 'plain' && !isLoopback(l.address)) {
      fail(path, lineOf(['listeners', i, 'address']), `listeners.${i}.address`, 'plain TCP may only listen on loopback (127.x or ::1); use an mtls or token listener for other addresses');
    }
    if (l.type === 'mtls') Object.assign(l, { ca: abs(l.ca), cert: abs(l.cert), key: abs(l.key) });
    if (l.type === 'token') Object.assign(l, { cert: abs(l.cert), key: abs(l.key) });
  });
  config.tokens = abs(config.tokens);
  config.audit.file = abs(config.audit.file);
  // A store URL (postgres://, sqlite:...) is kept as written; a plain file path is relative to the config file.
  if (config.audit.store !== undefined && !/^(postgres(ql)?:\/\/|sqlite:)/i.test(config.audit.store)) config.audit.store = abs(config.audit.store);
  if (config.upstream.tls) {
    const t = config.upstream.tls;
    config.upstream.tls = { ...(t.ca ? { ca: abs(t.ca) } : {}), ...(t.cert ? { cert: abs(t.cert) } : {}), ...(t.key ? { key: abs(t.key) } : {}) };
  }
  let policy: CompiledPolicy;
  try {
    policy = compilePolicy(config.policy);
  } catch (err) {
    fail(path, lineOf(['policy']), 'policy', err instanceof Error ? err.message : String(err));
  }
  return { path, config, policy };
}

/** Read, parse and validate a config file. */
export function loadGuardConfig(path: string): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new PortcullisError('PCL_ERR_CONFIG_UNREADABLE', `cannot read guard config ${path}: ${(err as Error).message}; run \`portcullis guard init\` to create one`, { cause: err });
  }
  return parseGuardConfig(text, path);
}
