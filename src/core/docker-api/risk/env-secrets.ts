// PCL-CFG-036: credentials in a container's environment. Anyone who can read the Docker API reads them
// (`docker inspect`), which is how the campaigns harvest cloud keys from exposed daemons. Values are never
// reported, only the variable's name and the value's length.
import type { Finding } from '../../report/finding.js';
import { field, finding } from './finding.js';

/** Names that hold a credential: *_PASSWORD, *_SECRET, *_TOKEN, API_KEY, ACCESS_KEY, PRIVATE_KEY, CREDENTIALS, AUTH. */
const SECRET_NAME = /(?:^|_)(?:PASSWORD|PASSWD|PASSPHRASE|PWD|SECRET|SECRETS|TOKEN|API_?KEY|ACCESS_?KEY|SECRET_?KEY|PRIVATE_?KEY|CREDENTIALS?|AUTH)(?:_|$)/;

/** Names that point at a credential instead of holding it, or only configure one. */
const NOT_A_VALUE = /_(?:FILE|PATH|DIR|URL_FILE|LENGTH|EXPIRY|EXPIRES|TTL|TIMEOUT|ENABLED|REQUIRED|HEADER|METHOD|TYPE|MODE|ID)$/;

/** Values that are settings, not secrets: booleans, small numbers, durations, paths, empty. */
const SETTING = /^(?:|true|false|yes|no|on|off|0|1|none|null|disabled?|enabled?|\d{1,7}|\d+(?:ms|s|m|h|d)|\/\S*)$/i;

/** Credential formats recognised by their value whatever the variable is called. */
const SECRET_VALUES: readonly { readonly kind: string; readonly re: RegExp }[] = [
  { kind: 'AWS access key id', re: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { kind: 'GitHub token', re: /\b(?:gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{40,})\b/ },
  { kind: 'GitLab token', re: /\bglpat-[A-Za-z0-9_-]{20,}\b/ },
  { kind: 'Slack token', re: /\bxox[abprs]-[A-Za-z0-9-]{10,}\b/ },
  { kind: 'Stripe secret key', re: /\b[sr]k_live_[A-Za-z0-9]{16,}\b/ },
  { kind: 'Google API key', re: /\bAIza[0-9A-Za-z_-]{35}\b/ },
  { kind: 'private key', re: /-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----/ },
  { kind: 'password in a URL', re: /\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i },
];

/**
 * PCL-CFG-036 findings for `KEY=value` strings at `loc` (Config.Env, a create body's Env).
 *
 * @example
 * envSecretFindings(['POSTGRES_PASSWORD=s3cret!x', 'PATH=/usr/bin'], 'Config.Env', 'db')[0]?.message;
 * // 'environment variable POSTGRES_PASSWORD holds a credential (9 characters)'
 */
export function envSecretFindings(env: readonly string[] | null | undefined, loc: string, target: string): Finding[] {
  const out: Finding[] = [];
  (env ?? []).forEach((entry, i) => {
    const eq = entry.indexOf('=');
    if (eq <= 0) return;
    const name = entry.slice(0, eq);
    const value = entry.slice(eq + 1);
    const byValue = SECRET_VALUES.find(({ re }) => re.test(value));
    const byName = !byValue && SECRET_NAME.test(name.toUpperCase()) && !NOT_A_VALUE.test(name.toUpperCase()) && !SETTING.test(value.trim());
    if (!byValue && !byName) return;
    const what = byValue ? `a ${byValue.kind}` : 'a credential';
    out.push(finding('PCL-CFG-036', target, `environment variable ${name} holds ${what} (${value.length} characters)`,
      [field(`${loc}[${i}]`, `${name}=<${value.length} characters hidden>`)]));
  });
  return out;
}
