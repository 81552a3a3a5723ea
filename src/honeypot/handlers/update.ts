// Container settings verbs as dockerd 20.10 answers them: update (JSON content type, body errors 500, then the
// container, then its new settings) and resize (integer h/w), plus the Atoi reading of integer query values.
import { checkForJson, decodeContainerUpdate, decoderMessage, goAtoi } from '../../core/docker-api/index.js';
import type { Handler, TrapContext } from '../context.js';
import { lookupContainer } from './containers.js';

/** linuxMinMemory: 6 MiB. */
const MIN_MEMORY = 6_291_456;

export const containerUpdate: Handler = (ctx) => {
  const ct = checkForJson(ctx.headers['content-type'], ctx.body.length);
  if (ct) {
    ctx.res.error(400, ct);
    return;
  }
  const r = decodeContainerUpdate(ctx.body, { apiVersion: ctx.apiVersion });
  if (r.error && r.error.kind !== 'invalid') {
    ctx.res.error(500, decoderMessage(r.error));
    return;
  }
  const c = lookupContainer(ctx);
  if (!c) return;
  if (r.error) {
    ctx.res.error(400, r.error.message);
    return;
  }
  const value = (r.value ?? {}) as Record<string, unknown>;
  const memory = Number((value.Memory as number | bigint | undefined) ?? 0);
  if (memory !== 0 && memory < MIN_MEMORY) {
    ctx.res.error(400, 'Minimum memory limit allowed is 6MB');
    return;
  }
  // container.UpdateContainer: a memory limit above the swap limit already set needs a new swap limit with it.
  const swapNow = Number(c.hostConfig.MemorySwap ?? 0);
  if (memory !== 0 && memory > swapNow && Number((value.MemorySwap as number | bigint | undefined) ?? 0) === 0) {
    ctx.res.error(409, `Cannot update container ${c.id}: Memory limit should be smaller than already set memoryswap limit, update the memoryswap at the same time`);
    return;
  }
  // daemon/update.go: a restart policy is changed only when one is named, never on an AutoRemove container.
  const policy = value.RestartPolicy as { Name?: string; MaximumRetryCount?: number | bigint } | undefined;
  const name = policy?.Name ?? '';
  if (name !== '' && name !== 'no' && c.hostConfig.AutoRemove === true) {
    ctx.res.error(409, `Cannot update container ${c.id}: Restart policy cannot be updated because AutoRemove is enabled for the container`);
    return;
  }
  // The new limits read back in inspect (zero means "unchanged", as dockerd's update merges them).
  for (const [k, v] of Object.entries(value)) {
    if (k === 'RestartPolicy' || v === undefined || v === null) continue;
    const n = typeof v === 'bigint' ? Number(v) : v;
    if (n !== 0 && n !== '' && !(Array.isArray(n) && n.length === 0)) c.hostConfig[k] = n;
  }
  if (name !== '') c.hostConfig.RestartPolicy = { Name: name, MaximumRetryCount: Number(policy?.MaximumRetryCount ?? 0) };
  ctx.res.json(200, { Warnings: null });
};

/** Query integers dockerd reads with strconv.Atoi (`t`, `h`, `w`, `limit`): false once the 500/400 is sent. */
export function atoiParams(ctx: TrapContext, names: readonly string[], status: number, always = false): boolean {
  for (const n of names) {
    const v = ctx.query[n] ?? '';
    if (v === '' && !always) continue;
    const r = goAtoi(v);
    if (!r.ok) {
      ctx.res.error(status, r.error);
      return false;
    }
  }
  return true;
}

/** `POST /containers/{id}/resize`: h and w must be integers (400), the container must run (409). */
export const containerResize: Handler = (ctx) => {
  if (!atoiParams(ctx, ['h', 'w'], 400, true)) return;
  const c = lookupContainer(ctx);
  if (!c) return;
  if (c.status !== 'running') ctx.res.error(409, `Container ${c.id} is not running`);
  else ctx.res.empty(200);
};
