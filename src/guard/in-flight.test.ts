// InFlight runs pipelined requests one at a time per connection and keeps raw-socket writes behind owed answers.
import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { InFlight } from './in-flight.js';

type FakeSocket = Socket & EventEmitter & { writable: boolean; destroyed: boolean };
const sock = (): FakeSocket => Object.assign(new EventEmitter(), { writable: true, destroyed: false }) as unknown as FakeSocket;
const res = (): ServerResponse & EventEmitter => new EventEmitter() as unknown as ServerResponse & EventEmitter;

describe('InFlight', () => {
  it('runs at once when nothing is owed', () => {
    const f = new InFlight();
    let ran = 0;
    f.afterAll(sock(), () => { ran++; });
    f.begin(sock(), res(), () => { ran++; });
    expect(ran).toBe(2);
  });
  it('starts pipelined requests one after another, counting finish and close once each', () => {
    const f = new InFlight();
    const s = sock(), other = sock();
    const a = res(), b = res(), c = res();
    const started: string[] = [];
    f.begin(s, a, () => started.push('a'));
    f.begin(s, b, () => started.push('b'));
    f.begin(other, c, () => started.push('c'));
    const after: string[] = [];
    f.afterAll(s, () => after.push('s'));
    expect(started).toEqual(['a', 'c']);
    a.emit('finish');
    a.emit('close'); // the same answer: must not start anything twice
    expect(started).toEqual(['a', 'c', 'b']);
    expect(after).toEqual([]);
    b.emit('close');
    expect(after).toEqual(['s']);
    expect(f.pending(other)).toBe(1);
  });
  it('never starts a request behind an answer that closed the connection', () => {
    const f = new InFlight();
    const s = sock();
    const a = res(), b = res();
    const started: string[] = [];
    f.begin(s, a, () => started.push('a'));
    f.begin(s, b, () => started.push('b'));
    s.writable = false; // Node's destroySoon after a Connection: close answer
    a.emit('finish');
    expect(started).toEqual(['a']);
    expect(f.pending(s)).toBe(0);
  });
  it('never starts a request parsed after an answer that closed the connection had already finished', () => {
    // The bytes behind a closing answer can reach the parser after that answer is out (split packets, a loaded
    // machine): the queue is empty then, yet the request must not run (Go would never read it).
    const f = new InFlight();
    const s = sock();
    const a = res(), b = res();
    const started: string[] = [];
    f.begin(s, a, () => started.push('a'));
    s.writable = false;
    a.emit('finish');
    f.begin(s, b, () => started.push('b'));
    expect(started).toEqual(['a']);
    expect(f.pending(s)).toBe(0);
  });
});
