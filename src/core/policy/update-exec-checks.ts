// Judgement of container update (limits and restart policy only) and exec create bodies against one role:
// the first denial names rule and field, undefined when allowed.
import type { CompiledRole } from './compile.js';
import { badShape } from './body-checks.js';
import { deny, type Decision } from './types.js';
import { checkExecUser } from './user-checks.js';
import { arr, isObj, num, obj, str } from './values.js';

/** container.update may change limits and restart policy only; judge those. */
export function checkContainerUpdate(role: CompiledRole, body: unknown): Decision | undefined {
  if (!isObj(body)) return deny('policy.body.shape', 'container update body is not a JSON object', '');
  const rp = isObj(body.RestartPolicy) ? str(body.RestartPolicy.Name) : undefined;
  if (rp !== undefined && !(role.container.restartPolicies as string[]).includes(rp)) {
    return deny('policy.container.restart_policy', `restart policy "${rp}" is not allowed for this role`, 'RestartPolicy.Name');
  }
  for (const [i, dev] of arr(body.Devices).entries()) {
    const p = str(obj(dev).PathOnHost);
    if (!(role.container.devices.includes('*') || role.container.devices.includes(p))) return deny('policy.container.devices', `device ${p} is not allowed for this role`, `Devices[${i}]`);
  }
  if (role.container.maxMemory !== undefined && num(body.Memory) > role.container.maxMemory) return deny('policy.container.limits', `memory limit above ${role.container.maxMemory} bytes`, 'Memory');
  if (role.container.requireLimits.memory && body.Memory !== undefined && num(body.Memory) < 0) return deny('policy.container.limits', 'removing the memory limit is not allowed', 'Memory');
  // dockerd's update keeps a field that is 0 and applies any other value: a negative CPU quota lifts the limit.
  if (role.container.requireLimits.cpu) {
    for (const k of ['CpuQuota', 'NanoCpus'] as const) {
      if (num(body[k]) < 0) return deny('policy.container.limits', `removing the CPU limit (${k} ${num(body[k])}) is not allowed`, k);
    }
  }
  return undefined;
}

export function checkExecCreate(role: CompiledRole, body: unknown): Decision | undefined {
  if (!isObj(body)) return deny('policy.body.shape', 'exec create body is not a JSON object', '');
  const d = badShape(body, 'Cmd', 'array') ?? badShape(body, 'User', 'string');
  if (d) return d;
  if (body.Privileged === true && !role.exec.privileged) return deny('policy.exec.privileged', 'privileged exec is not allowed for this role', 'Privileged');
  const du = checkExecUser(role, str(body.User));
  if (du) return du;
  if (role.execCommands) {
    const cmd = arr(body.Cmd).map(str).join(' ');
    if (!role.execCommands(cmd)) return deny('policy.exec.command', `command "${cmd.slice(0, 80)}" is not in this role's exec allow-list`, 'Cmd');
  }
  return undefined;
}
