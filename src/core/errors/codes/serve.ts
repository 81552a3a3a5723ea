// Error codes owned by `portcullis serve` and fleet mode (outbox). Add codes here and list them in docs/ERRORS.md.
export const SERVE_ERRORS = {
  PCL_ERR_SERVE_LISTEN: { description: 'serve could not listen on --listen (address in use or not allowed).', exit: 2 },
  PCL_ERR_SERVE_AUTH_REQUIRED: { description: 'serve was asked to bind a non-loopback address without a login token or mutual TLS.', exit: 2 },
  PCL_ERR_SERVE_TLS: { description: 'The --tls-cert, --tls-key or --tls-client-ca file could not be read or used.', exit: 2 },
  PCL_ERR_SERVE_OUTBOX: { description: 'The local outbox file (fleet mode) could not be opened or written.', exit: 2 },
} as const;
