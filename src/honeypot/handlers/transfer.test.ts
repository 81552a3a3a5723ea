import { describe, expect, it } from 'vitest';
import { dockerfileSteps } from './transfer.js';

describe('dockerfileSteps', () => {
  it('joins continuations as Docker does and drops comments and blank lines', () => {
    const text = '# syntax\nFROM alpine:3.18\n\nRUN apk add curl && \\\n    # a comment inside\n    curl -s http://example.invalid/x | sh\nCMD ["sh"]\n';
    expect(dockerfileSteps(text)).toEqual(['FROM alpine:3.18', 'RUN apk add curl &&     curl -s http://example.invalid/x | sh', 'CMD ["sh"]']);
  });
  it('caps the number of steps', () => {
    expect(dockerfileSteps('RUN true\n'.repeat(1000))).toHaveLength(256);
  });
});
