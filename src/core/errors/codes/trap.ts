// Error codes owned by `portcullis trap`. Add codes here and list them in docs/ERRORS.md.
export const TRAP_ERRORS = {
} as const;
