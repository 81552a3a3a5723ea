// The engine's event as the watcher reads it (Type/Action/Actor, which newer API versions require), and
// which of them the watcher must react to.

export interface EngineEvent {
  readonly Type: string;
  readonly Action: string;
  readonly Actor: { readonly ID: string; readonly Attributes?: Readonly<Record<string, string>> };
  readonly time?: number;
  readonly timeNano?: number;
  readonly scope?: string;
}

export type Reaction =
  | { readonly kind: 'container'; readonly containerId: string; readonly why: string }
  | { readonly kind: 'exec'; readonly containerId: string; readonly execId?: string; readonly command?: string; readonly why: string }
  | { readonly kind: 'image'; readonly image: string; readonly why: string }
  | { readonly kind: 'forget'; readonly containerId: string };

export function isEngineEvent(v: unknown): v is EngineEvent {
  if (!v || typeof v !== 'object') return false;
  const e = v as Record<string, unknown>;
  return typeof e.Type === 'string' && typeof e.Action === 'string' && !!e.Actor && typeof e.Actor === 'object';
}

/** Map one engine event to what the watcher must do about it (undefined: nothing). Pure. */
export function reactionTo(e: EngineEvent): Reaction | undefined {
  const attrs = e.Actor.Attributes ?? {};
  if (e.Type === 'container') {
    const action = e.Action;
    if (action === 'create' || action === 'start' || action === 'restart' || action === 'unpause' || action === 'update') {
      return { kind: 'container', containerId: e.Actor.ID, why: action };
    }
    // The archive upload event (PUT /containers/{id}/archive) is "extract-to-dir".
    if (action === 'extract-to-dir') return { kind: 'container', containerId: e.Actor.ID, why: 'archive upload' };
    // Exec actions carry the command after a colon: "exec_create: sh -c ...".
    const m = /^(exec_create|exec_start):\s?(.*)$/s.exec(action);
    if (m) return { kind: 'exec', containerId: e.Actor.ID, execId: attrs.execID, command: m[2], why: m[1] as string };
    if (action === 'destroy') return { kind: 'forget', containerId: e.Actor.ID };
    return undefined;
  }
  if (e.Type === 'image' && (e.Action === 'pull' || e.Action === 'import' || e.Action === 'load' || e.Action === 'tag')) {
    return { kind: 'image', image: attrs.name ?? e.Actor.ID, why: `image ${e.Action}` };
  }
  return undefined;
}

/** `since` value for /events from a nanosecond timestamp: seconds.nanoseconds as the engine accepts it. */
export function sinceParam(timeNano: bigint): string {
  const s = timeNano / 1_000_000_000n;
  const ns = timeNano % 1_000_000_000n;
  return `${s}.${ns.toString().padStart(9, '0')}`;
}
