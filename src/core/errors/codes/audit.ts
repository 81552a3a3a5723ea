// Error codes owned by `portcullis audit`. Add codes here and list them in docs/ERRORS.md.
export const AUDIT_ERRORS = {
  PCL_ERR_AUDIT_OUTPUT: { description: 'The audit report could not be written to the --output file.', exit: 2 },
  PCL_ERR_AUDIT_ROOT: { description: 'The --root directory does not exist or is not a directory.', exit: 2 },
} as const;
