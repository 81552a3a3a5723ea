// Error codes owned by `portcullis watch`. Add codes here and list them in docs/ERRORS.md.
export const WATCH_ERRORS = {
} as const;
