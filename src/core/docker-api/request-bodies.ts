// How dockerd 20.10 reads the small JSON bodies core's specs do not model (exec start, network create/connect,
// swarm init/join, login) and its CheckForJSON content-type rule, with Go's wording: package-qualified root
// types (`types.ExecStartCheck`) and the handlers' `got EOF while reading request body`.
import { decodeGo, type GoDecodeError } from './go-json/api.js';
import { f, t, type GoStruct } from './go-json/types.js';

/**
 * httputils.CheckForJSON: a body labelled as anything but application/json (media type, any case, parameters
 * allowed) is refused; no Content-Type is fine only without a body. Returns dockerd's message (400) or undefined.
 *
 * @example
 * checkForJson('text/plain', 5); // "Content-Type specified (text/plain) must be 'application/json'"
 */
export function checkForJson(contentType: string | undefined, bodyLength: number): string | undefined {
  const ct = contentType ?? '';
  if (ct === '' && bodyLength === 0) return undefined;
  const media = /^\s*([^\s;/]+\/[^\s;]+)\s*(?:;.*)?$/.exec(ct);
  if (media && media[1]?.toLowerCase() === 'application/json') return undefined;
  return `Content-Type specified (${ct}) must be 'application/json'`;
}

/** Root type names as reflect prints them (package-qualified) for bodies dockerd decodes. */
const QUALIFIED: Readonly<Record<string, string>> = {
  ContainerConfigWrapper: 'runconfig.ContainerConfigWrapper', ExecConfig: 'types.ExecConfig', ExecStartCheck: 'types.ExecStartCheck',
  VolumeCreateBody: 'volume.VolumeCreateBody', UpdateConfig: 'container.UpdateConfig', NetworkCreateRequest: 'types.NetworkCreateRequest',
  NetworkConnect: 'types.NetworkConnect', NetworkDisconnect: 'types.NetworkDisconnect', InitRequest: 'swarm.InitRequest',
  JoinRequest: 'swarm.JoinRequest', AuthConfig: 'types.AuthConfig', Config: 'container.Config',
};

/**
 * Go names the root of a failed decode with its package (`Go value of type types.ExecConfig`) while struct
 * fields keep the bare struct name: qualify the root of a decoder message.
 *
 * @example
 * qualifyRootType('json: cannot unmarshal array into Go value of type ExecConfig'); // '... of type types.ExecConfig'
 */
export function qualifyRootType(message: string): string {
  const m = /^(json: cannot unmarshal \w+ into Go value of type )(\w+)$/.exec(message);
  const q = m?.[2] !== undefined ? QUALIFIED[m[2]] : undefined;
  return m && q ? `${m[1]}${q}` : message;
}

/**
 * The message json.Decoder (not json.Unmarshal) gives for a decode error: a truncated value is `unexpected EOF`,
 * an empty body `EOF` (or the handler's `eofMessage`), type errors name the root with its package.
 *
 * @example
 * decoderMessage({ kind: 'eof', message: 'EOF' }, 'got EOF while reading request body'); // the handler's wording
 */
export function decoderMessage(err: Pick<GoDecodeError, 'kind' | 'message'>, eofMessage?: string): string {
  if (err.kind === 'eof' && err.message === 'EOF') return eofMessage ?? 'EOF';
  return qualifyFieldType(qualifyRootType(err.message));
}

/** Field types as reflect prints them; a StrSlice reports the `string` of its fallback decode. */
const FIELD_TYPES: Readonly<Record<string, string>> = {
  'strslice.StrSlice': 'string', HostConfig: 'container.HostConfig', NetworkingConfig: 'network.NetworkingConfig', IPAM: 'network.IPAM',
  RestartPolicy: 'container.RestartPolicy', HealthConfig: 'container.HealthConfig', LogConfig: 'container.LogConfig',
  EndpointSettings: 'network.EndpointSettings', EndpointIPAMConfig: 'network.EndpointIPAMConfig', IPAMConfig: 'network.IPAMConfig',
};

function qualifyFieldType(message: string): string {
  const m = /^(json: cannot unmarshal \w+ into Go struct field [\w.]+ of type )([\w.]+)$/.exec(message);
  const q = m?.[2] !== undefined ? FIELD_TYPES[m[2]] : undefined;
  return m && q ? `${m[1]}${q}` : message;
}

const str = t.string;
const strMap = t.map(t.string);
const ENDPOINT = t.partial('EndpointSettings', [f('Aliases', t.slice(str)), f('NetworkID', str), f('IPAddress', str)]);

export const BODY_TYPES = {
  execStart: t.struct('ExecStartCheck', [f('Detach', t.bool), f('Tty', t.bool), f('ConsoleSize', t.ptr(t.array(2, t.uint)))]),
  networkCreate: t.partial('NetworkCreateRequest', [f('Name', str), f('CheckDuplicate', t.bool), f('Driver', str), f('Scope', str),
    f('EnableIPv6', t.bool), f('IPAM', t.ptr(t.partial('IPAM', [f('Driver', str), f('Options', strMap), f('Config', t.slice(t.partial('IPAMConfig',
      [f('Subnet', str), f('IPRange', str), f('Gateway', str), f('AuxiliaryAddresses', strMap, 'AuxiliaryAddresses')])))]))),
    f('Internal', t.bool), f('Attachable', t.bool), f('Ingress', t.bool), f('ConfigOnly', t.bool), f('Options', strMap), f('Labels', strMap)]),
  networkConnect: t.struct('NetworkConnect', [f('Container', str), f('EndpointConfig', t.ptr(ENDPOINT))]),
  networkDisconnect: t.struct('NetworkDisconnect', [f('Container', str), f('Force', t.bool)]),
  swarmInit: t.partial('InitRequest', [f('ListenAddr', str), f('AdvertiseAddr', str), f('DataPathAddr', str), f('ForceNewCluster', t.bool)]),
  swarmJoin: t.partial('JoinRequest', [f('ListenAddr', str), f('AdvertiseAddr', str), f('DataPathAddr', str), f('RemoteAddrs', t.slice(str)), f('JoinToken', str)]),
  auth: t.partial('AuthConfig', [f('Username', str, 'username'), f('Password', str, 'password'), f('Auth', str, 'auth'), f('Email', str, 'email'),
    f('ServerAddress', str, 'serveraddress'), f('IdentityToken', str, 'identitytoken'), f('RegistryToken', str, 'registrytoken')]),
} satisfies Record<string, GoStruct>;

export type BodyKind = keyof typeof BODY_TYPES;

/**
 * `json.NewDecoder(r.Body).Decode(&v)` as these handlers run it: one value (trailing data ignored), Go's error
 * text with the root type qualified, and an empty body reported as `eofMessage` (the handlers' own words) or
 * Go's bare `EOF`.
 *
 * @example
 * decodeBody('execStart', '[]').error?.message; // 'json: cannot unmarshal array into Go value of type types.ExecStartCheck'
 */
export function decodeBody(kind: BodyKind, body: Uint8Array | string, eofMessage?: string): { value?: Record<string, unknown>; error?: GoDecodeError } {
  const r = decodeGo(BODY_TYPES[kind], body);
  if (r.error) return { error: { ...r.error, message: decoderMessage(r.error, eofMessage) } };
  const v = r.value;
  return { value: v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {} };
}
