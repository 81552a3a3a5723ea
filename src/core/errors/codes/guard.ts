// Error codes owned by `portcullis guard`. Add codes here and list them in docs/ERRORS.md.
export const GUARD_ERRORS = {
} as const;
