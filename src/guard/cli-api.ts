// What the CLI needs from the guard, in one import (the CLI wires; the guard does the work).
export { startGuard } from './server.js';
export { loadGuardConfig } from './config-load.js';
export { createToken, revokeToken, readTokens } from './tokens.js';
export { initGuard, addGrant, issueCert } from './init.js';
export { explain } from './explain.js';
export { denialMessage } from './judge.js';
