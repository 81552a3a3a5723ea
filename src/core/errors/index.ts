// Public entry of the error catalogue.
export { PortcullisError, isPortcullisError } from './error.js';
export { ERROR_CODES, type ErrorCode, type ErrorCodeInfo } from './codes.js';
