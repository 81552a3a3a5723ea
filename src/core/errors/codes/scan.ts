// Error codes owned by `portcullis scan`. Add codes here and list them in docs/ERRORS.md.
export const SCAN_ERRORS = {
  PCL_ERR_SCAN_TARGET_INVALID: { description: 'A scan target is not an address, CIDR, range, host name or host:port.', exit: 2 },
  PCL_ERR_SCAN_PORTS_INVALID: { description: 'The --ports value is not a list of ports, ranges or named sets.', exit: 2 },
  PCL_ERR_SCAN_TARGETS_UNREADABLE: { description: 'A targets file (@file) or stdin could not be read.', exit: 2 },
  PCL_ERR_SCAN_NO_TARGETS: { description: 'No targets were given (or all were excluded).', exit: 2 },
  PCL_ERR_SCAN_TOO_LARGE: { description: 'The targets cover more endpoints than a scan should take without --yes (or than any scan can finish).', exit: 2 },
  PCL_ERR_SCAN_OUTPUT: { description: 'The --output file could not be written.', exit: 2 },
} as const;
