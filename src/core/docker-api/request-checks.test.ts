import { describe, expect, it } from 'vitest';
import { commitChangesError } from './commit-changes.js';
import { createTimeError, verifyCreateSettings } from './create-settings.js';
import { validDetachKeys } from './detach-keys.js';
import { containerNameError, isValidTag, localVolumeNameError } from './object-names.js';
import { formatPlatform, parsePlatform } from './platforms.js';
import { checkForJson, decodeBody, decoderMessage, qualifyRootType } from './request-bodies.js';
import { parseSignal, validSignalForPlatform } from './signals.js';

describe('dockerd request checks', () => {
  it('signals: names with or without SIG in any case, numbers, dockerd\'s refusals', () => {
    expect(parseSignal('sigkill')).toEqual({ ok: true, value: 9n });
    expect(parseSignal('RTMAX-3')).toEqual({ ok: true, value: 61n });
    expect(parseSignal('-1')).toEqual({ ok: true, value: 18446744073709551615n });
    expect(parseSignal('0')).toEqual({ ok: false, error: 'Invalid signal: 0' });
    expect(parseSignal('SIGRTMIN 3')).toEqual({ ok: false, error: 'Invalid signal: SIGRTMIN 3' });
    expect([31n, 32n, 33n, 34n, 64n, 65n].map(validSignalForPlatform)).toEqual([true, false, false, true, true, false]);
  });

  it('detach keys as moby/term reads them', () => {
    expect(['ctrl-p,ctrl-q', 'a,b', 'ctrl-@', '', 'ctrl-A', 'ctrl-1', 'bad', 'a,,b'].map(validDetachKeys)).toEqual([true, true, true, true, false, false, false, false]);
  });

  it('names, tags and volume names', () => {
    expect(containerNameError('web-1')).toBeUndefined();
    expect(containerNameError('/a')).toBe('Invalid container name (/a), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed');
    expect(localVolumeNameError('a')).toBe('volume name is too short, names should be at least two alphanumeric characters');
    expect(localVolumeNameError('bad name')).toBe('"bad name" includes invalid characters for a local volume name, only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to pass a host directory, use absolute path');
    expect([isValidTag('v1.0'), isValidTag('BAD TAG'), isValidTag('.x')]).toEqual([true, false, false]);
  });

  it('platforms as containerd parses them', () => {
    const p = (s: string) => { const r = parsePlatform(s, 'amd64'); return r.ok ? formatPlatform(r.value) : r.error; };
    expect(p('windows')).toBe('windows/amd64');
    expect(p('x86_64')).toBe('linux/amd64');
    expect(p('linux/aarch64/8')).toBe('linux/arm64/v8');
    expect(p('bogus')).toBe('"bogus": unknown operating system or architecture: invalid argument');
    expect(p('a/b/c/d')).toBe('"a/b/c/d": cannot parse platform specifier: invalid argument');
    expect(p('linux/*')).toBe('"linux/*": wildcards not yet supported: invalid argument');
  });

  it('commit changes: only commit instructions, with their arguments', () => {
    expect(commitChangesError(['ENV A=1', 'CMD ["sh"]'])).toBeUndefined();
    expect(commitChangesError(['RUN id'])).toBe('run is not a valid change command');
    expect(commitChangesError(['ENV'])).toBe('ENV requires at least one argument');
    expect(commitChangesError(['USER'])).toBe('USER requires exactly one argument');
  });

  it('bodies: CheckForJSON, json.Decoder wording and qualified types', () => {
    expect(checkForJson(undefined, 0)).toBeUndefined();
    expect(checkForJson('Application/JSON; charset=utf-8', 2)).toBeUndefined();
    expect(checkForJson('', 2)).toBe("Content-Type specified () must be 'application/json'");
    expect(checkForJson('application/json-seq', 0)).toBe("Content-Type specified (application/json-seq) must be 'application/json'");
    expect(decodeBody('execStart', '{} x').value).toEqual({});
    expect(decodeBody('execStart', '', 'got EOF while reading request body').error?.message).toBe('got EOF while reading request body');
    expect(decodeBody('networkConnect', '5').error?.message).toBe('json: cannot unmarshal number into Go value of type types.NetworkConnect');
    expect(decoderMessage({ kind: 'eof', message: 'unexpected EOF' })).toBe('unexpected EOF');
    expect(decoderMessage({ kind: 'type', message: 'json: cannot unmarshal number into Go struct field ContainerConfigWrapper.Cmd of type strslice.StrSlice' }))
      .toBe('json: cannot unmarshal number into Go struct field ContainerConfigWrapper.Cmd of type string');
    expect(qualifyRootType('json: cannot unmarshal array into Go value of type Unknown')).toBe('json: cannot unmarshal array into Go value of type Unknown');
  });

  it('container settings: verifyContainerSettings before the image, Binds and SecurityOpt at create time', () => {
    const v = (config: Record<string, unknown>, hc: Record<string, unknown>) => verifyCreateSettings(config, hc, undefined, 4);
    expect(v({}, { Binds: ['/:/host'], Privileged: true, CapAdd: ['SYS_ADMIN', 'ALL'] })).toBeUndefined();
    expect(v({ WorkingDir: 'tmp' }, {})?.message).toBe("the working directory 'tmp' is invalid, it needs to be an absolute path");
    expect(v({}, { Memory: -1 })).toEqual({ status: 400, message: 'Minimum memory limit allowed is 6MB' });
    expect(v({}, { CapDrop: ['bogus'] })?.message).toBe('invalid CapDrop: unknown capability: "CAP_BOGUS"');
    expect(v({}, { NanoCpus: 5e9 })?.message).toBe('Range of CPUs is from 0.01 to 4.00, as there are only 4 CPUs available');
    expect(v({}, { PortBindings: { '80/tcp': [{ HostPort: '8000-8080' }] } })).toBeUndefined();
    expect(createTimeError({ Binds: ['/:/host:ro,rshared'] })).toBeUndefined();
    expect(createTimeError({ Binds: ['/a:/b:zz'] })).toEqual({ status: 500, message: 'invalid mode: zz' });
    expect(createTimeError({ Binds: ['x'] })?.message).toBe('invalid volume specification: \'x\': invalid mount config for type "volume": invalid mount path: \'x\' mount path must be absolute');
    expect(createTimeError({ SecurityOpt: ['seccomp=unconfined', 'no-new-privileges'] })).toBeUndefined();
  });
});
