import { describe, expect, it } from 'vitest';
import { envSecretFindings } from './env-secrets.js';

const names = (env: string[]) => envSecretFindings(env, 'Config.Env', 't').map((f) => f.message.split(' ')[2]);

describe('PCL-CFG-036 credentials in the environment', () => {
  it('flags credential names with real values and known credential formats under any name', () => {
    expect(names([
      'POSTGRES_PASSWORD=example-pass', 'AWS_SECRET_ACCESS_KEY=abcdEFGHijklMNOPqrstUVWXyz0123456789ABCD', 'SECRET_KEY_BASE=0a1b2c3d4e5f',
      'GITHUB_TOKEN=tok-value-123', 'STRIPE_API_KEY=sk_test_abcdefgh', 'DOCKER_AUTH_CONFIG={"auths":{}}', 'MYSQL_ROOT_PWD=hunter22',
      `ANYTHING=AKIA${'A'.repeat(16)}`, `CI_VALUE=ghp_${'a'.repeat(36)}`, 'DATABASE_URL=postgres://app:pa55word@db:5432/app',
      'KEY_MATERIAL=-----BEGIN RSA PRIVATE KEY-----MIIE', `X=xoxb-${'1'.repeat(12)}`,
    ])).toEqual(['POSTGRES_PASSWORD', 'AWS_SECRET_ACCESS_KEY', 'SECRET_KEY_BASE', 'GITHUB_TOKEN', 'STRIPE_API_KEY', 'DOCKER_AUTH_CONFIG',
      'MYSQL_ROOT_PWD', 'ANYTHING', 'CI_VALUE', 'DATABASE_URL', 'KEY_MATERIAL', 'X']);
  });
  it('leaves settings, references to files and ordinary variables alone', () => {
    expect(names([
      'PATH=/usr/local/sbin:/usr/bin', 'PWD=/app', 'HOME=/root', 'GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D', 'POSTGRES_PASSWORD_FILE=/run/secrets/pg',
      'MYSQL_ALLOW_EMPTY_PASSWORD=yes', 'TOKEN_EXPIRY=3600', 'AUTH_ENABLED=true', 'SESSION_TIMEOUT=30m', 'OAUTH_CLIENT_ID=my-app', 'AWS_ACCESS_KEY_ID=',
      'PASSWORD=', 'REDIS_URL=redis://cache:6379/0', 'TOKEN_HEADER=Authorization', 'API_KEY_PATH=/etc/app/key', 'NODE_ENV=production', 'BROKEN',
    ])).toEqual([]);
  });
  it('never reports the value, only its length, and points at the entry', () => {
    const [f] = envSecretFindings(['A=1', 'DB_PASSWORD=correct-horse'], 'Config.Env', 'container db');
    expect(f).toMatchObject({ ruleId: 'PCL-CFG-036', severity: 'medium', target: 'container db', attack: ['T1552.007'],
      message: 'environment variable DB_PASSWORD holds a credential (13 characters)',
      evidence: [{ kind: 'field', location: 'Config.Env[1]', value: 'DB_PASSWORD=<13 characters hidden>' }] });
    expect(JSON.stringify(f)).not.toContain('correct-horse');
  });
});
