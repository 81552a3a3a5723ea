// Identifiers the way dockerd mints them: 64 lowercase hex for containers and execs (random per create), and
// stable sha256 image ids and digests derived from the sensor and reference so a returning attacker sees the same.
import { createHash, randomBytes } from 'node:crypto';

/** A fresh 64-hex id (container, exec). */
export function newObjectId(): string {
  return randomBytes(32).toString('hex');
}

/** A session id (16 hex, like cowrie's short session ids but longer). */
export function newSessionId(): string {
  return randomBytes(8).toString('hex');
}

/** A stable 64-hex value derived from the parts (image ids, layer digests, decoy container ids). */
export function stableHex(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex');
}

export function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}
