// Public entry of the Go-compatible JSON decoder.
export { parseGoJson, parseGoJsonDocument, GO_MAX_DEPTH, type JsonNode, type JsonMember, type ParseOutcome } from './ast.js';
export { goFold, goEqualFold } from './fold.js';
export { t, f, embed, type GoType, type GoStruct, type GoField } from './types.js';
export { fieldTable, lookupField, type FlatField } from './fields.js';
export type { DecodeIssue, IssueKind } from './decode.js';
export { decodeGo, unmarshalGo, decodeErrorToPortcullis, toBytes, type DecodeOptions, type GoDecodeError, type GoDecodeResult } from './api.js';
export { encodeCanonical } from './encode.js';
