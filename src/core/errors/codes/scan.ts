// Error codes owned by `portcullis scan`. Add codes here and list them in docs/ERRORS.md.
export const SCAN_ERRORS = {
} as const;
