// Error codes owned by `portcullis trap`. Add codes here and list them in docs/ERRORS.md.
export const TRAP_ERRORS = {
  PCL_ERR_TRAP_LISTEN: { description: 'The trap could not listen on the requested address (in use, or a port below 1024 without the capability).' },
  PCL_ERR_TRAP_EVENTS_FILE: { description: 'An --events file given to `trap report` could not be read.' },
  PCL_ERR_TRAP_PRIVILEGES: { description: 'The trap could not drop root privileges to the --user given.' },
} as const;
