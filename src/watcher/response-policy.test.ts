import { describe, expect, it } from 'vitest';
import type { Finding } from '../core/report/finding.js';
import { actionFor, DEFAULT_POLICY, isAllowed, parseResponseSpecs } from './response-policy.js';

const f = (ruleId: string, severity: Finding['severity']): Finding => ({ ruleId, severity, title: '', target: 'c', message: '', evidence: [] });

describe('response policy', () => {
  it('parses severity and rule specs and refuses nonsense with the fix', () => {
    expect(parseResponseSpecs(['critical=kill', 'PCL-MIN-001=pause'])).toEqual({ byRule: { 'PCL-MIN-001': 'pause' }, bySeverity: { critical: 'kill' } });
    expect(() => parseResponseSpecs(['critical=nuke'])).toThrow(/ACTION one of alert, pause, stop, kill/);
    expect(() => parseResponseSpecs(['bad=kill'])).toThrow(/neither a severity/);
  });
  it('takes the strongest action, rule over severity, ignoring findings below the threshold', () => {
    const p = { ...DEFAULT_POLICY, ...parseResponseSpecs(['high=stop', 'PCL-MIN-002=kill']) };
    expect(actionFor(p, [f('PCL-MIN-001', 'high')])).toBe('stop');
    expect(actionFor(p, [f('PCL-MIN-001', 'high'), f('PCL-MIN-002', 'medium')])).toBe('kill');
    expect(actionFor(p, [f('PCL-MIN-002', 'low')])).toBe('alert');
  });
  it('allow-lists images by glob and labels by key or key=value', () => {
    const p = { ...DEFAULT_POLICY, allowImages: ['registry.local/ci/*'], allowLabels: ['team=infra', 'portcullis.allow'] };
    expect(isAllowed(p, 'registry.local/ci/runner:1', {})).toBe(true);
    expect(isAllowed(p, 'alpine:latest', { team: 'infra' })).toBe(true);
    expect(isAllowed(p, 'alpine:latest', { 'portcullis.allow': '' })).toBe(true);
    expect(isAllowed(p, 'alpine:latest', { team: 'web' })).toBe(false);
  });
});
