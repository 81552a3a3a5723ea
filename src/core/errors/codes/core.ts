// Error codes of the core and the CLI plumbing (config, store, API decoding, reports).
export const CORE_ERRORS = {
  PCL_ERR_CLI_USAGE: { description: 'The command line is invalid; the message names the option and the fix.', exit: 2 },
  PCL_ERR_CONFIG_INVALID: { description: 'A configuration file failed validation; the message names the line and the fix.', exit: 2 },
  PCL_ERR_CONFIG_UNREADABLE: { description: 'A configuration file could not be read.', exit: 2 },
  PCL_ERR_STORE_OPEN: { description: 'The store could not be opened (path, permissions or URL).', exit: 2 },
  PCL_ERR_STORE_MIGRATE: { description: 'The store schema could not be migrated to this version.', exit: 2 },
  PCL_ERR_STORE_WRITE: { description: 'A record could not be written to the store.', exit: 2 },
  PCL_ERR_API_JSON_SYNTAX: { description: 'A request body is not valid JSON as Go\'s encoding/json reads it.' },
  PCL_ERR_API_JSON_AMBIGUOUS: { description: 'A request body has keys that dockerd would read ambiguously (strict mode).' },
  PCL_ERR_API_JSON_TYPE: { description: 'A JSON value has a type dockerd would refuse for that field.' },
  PCL_ERR_API_PATH_INVALID: { description: 'A request target cannot be read the way dockerd\'s router reads it.' },
  PCL_ERR_API_VERSION_UNSUPPORTED: { description: 'The API version in the request is outside what the core understands.' },
  PCL_ERR_REPORT_FORMAT: { description: 'The requested output format is unknown for this command.', exit: 2 },
  PCL_ERR_DOCKER_UNREACHABLE: { description: 'The Docker engine could not be reached at the given host.', exit: 2 },
  PCL_ERR_DOCKER_RESPONSE: { description: 'The Docker engine answered with an error or an unreadable body.', exit: 2 },
  PCL_ERR_INTERNAL: { description: 'An unexpected internal error; please report it with the message.', exit: 70 },
} as const;
