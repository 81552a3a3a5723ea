// The guard's configuration file: listeners, upstream, tokens, audit, metrics, limits and the policy.
// Secure by default: plain TCP needs `allowPlaintext: true` and a loopback address, or the file is refused.
import { z } from 'zod';
import { policySchema } from '../core/policy/index.js';

const address = z.string().regex(/^(\[[0-9a-fA-F:]+\]|[^:\s]+):\d{1,5}$/, 'use HOST:PORT, e.g. 127.0.0.1:2376');

const tlsFiles = { cert: z.string().min(1), key: z.string().min(1) };

export const listenerSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('mtls'), address, ca: z.string().min(1), ...tlsFiles }).strict(),
  z.object({ type: z.literal('token'), address, ...tlsFiles }).strict(),
  z.object({
    type: z.literal('unix'), path: z.string().startsWith('/'),
    mode: z.string().regex(/^0?[0-7]{3}$/, "use an octal mode string such as '0660'").default('0660'),
    uid: z.number().int().nonnegative().optional(), gid: z.number().int().nonnegative().optional(),
    subject: z.string().min(1).default('local'),
  }).strict(),
  z.object({
    type: z.literal('plain'), address, subject: z.string().min(1).default('local'),
    allowPlaintext: z.literal(true, { errorMap: () => ({ message: 'plain TCP needs allowPlaintext: true (and a loopback address)' }) }),
  }).strict(),
]);

export const guardConfigSchema = z.object({
  /** `unix:///var/run/docker.sock` (default) or `tcp://host:port` (optionally with tls). */
  upstream: z.object({
    url: z.string().regex(/^(unix:\/\/\/.+|tcp:\/\/[^/]+:\d+)$/, 'use unix:///path/docker.sock or tcp://host:port').default('unix:///var/run/docker.sock'),
    tls: z.object({ ca: z.string().optional(), cert: z.string().optional(), key: z.string().optional() }).strict().optional(),
  }).strict().default({}),
  listeners: z.array(listenerSchema).min(1, 'add at least one listener (mtls, token, unix or plain)'),
  tokens: z.string().default('tokens.json'),
  audit: z.object({ file: z.string().default('audit.jsonl'), store: z.string().optional() }).strict().default({}),
  metrics: z.object({ address }).strict().optional(),
  limits: z.object({
    bodyBytes: z.number().int().positive().max(64 * 1024 * 1024).default(1024 * 1024),
    /** Largest list answer collected to filter it for a scoped subject; larger ones are refused with 502. */
    listBytes: z.number().int().positive().max(1024 * 1024 * 1024).default(64 * 1024 * 1024),
  }).strict().default({}),
  policy: policySchema,
}).strict();

export type GuardConfig = z.infer<typeof guardConfigSchema>;
export type ListenerConfig = z.infer<typeof listenerSchema>;

/** Whether a HOST:PORT address is on loopback. */
export function isLoopback(addr: string): boolean {
  const host = addr.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

export function splitAddress(addr: string): { host: string; port: number } {
  const i = addr.lastIndexOf(':');
  return { host: addr.slice(0, i).replace(/^\[|\]$/g, ''), port: Number(addr.slice(i + 1)) };
}
