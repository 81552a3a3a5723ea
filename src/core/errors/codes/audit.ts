// Error codes owned by `portcullis audit`. Add codes here and list them in docs/ERRORS.md.
export const AUDIT_ERRORS = {
} as const;
