// Error codes owned by `portcullis guard`. Add codes here and list them in docs/ERRORS.md.
export const GUARD_ERRORS = {
  PCL_ERR_POLICY_INVALID: { description: 'The guard policy (roles, grants) is invalid; the message names the role or grant and the fix.', exit: 2 },
  PCL_ERR_GUARD_CONFIG: { description: 'The guard configuration failed validation; the message names the line and the fix.', exit: 2 },
  PCL_ERR_GUARD_LISTEN: { description: 'A guard listener could not start (address in use, bad key or certificate, unsafe plain TCP).', exit: 2 },
  PCL_ERR_GUARD_PKI: { description: 'The guard could not create or read its CA, server or client certificates.', exit: 2 },
  PCL_ERR_GUARD_TOKEN: { description: 'A bearer token operation failed (unknown name, unreadable token file).', exit: 2 },
  PCL_ERR_GUARD_AUDIT: { description: 'An audit record could not be made durable; the request is denied.', exit: 2 },
  PCL_ERR_GUARD_UPSTREAM: { description: 'The upstream Docker engine could not be reached through the guard.', exit: 2 },
} as const;
