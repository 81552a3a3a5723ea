// The SARIF reporter's output validates against the official SARIF 2.1.0 JSON schema (vendored, no network)
// and carries the properties GitHub code scanning reads (security-severity, levels, locations, fingerprints).
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { getReporter, type Report } from '../../src/core/report/index.js';
import { EMPTY_REPORT, SAMPLE_REPORT } from '../golden/sample-report.js';

const schema = JSON.parse(readFileSync(new URL('./fixtures/sarif-schema-2.1.0.json', import.meta.url), 'utf8')) as object;
// ajv-formats is CommonJS with a default export; NodeNext sees the module object.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as
  (ajv: Ajv) => Ajv;
// The official schema's `language` pattern is not valid with the u flag (stray `]`), so compile without it.
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(schema);

interface SarifDoc {
  runs: {
    tool: { driver: { name: string; version: string; informationUri: string; rules: Record<string, unknown>[] } };
    results: {
      ruleId: string; ruleIndex: number; level: string; locations: Record<string, unknown>[];
      partialFingerprints: Record<string, string>; suppressions?: unknown[];
    }[];
  }[];
}

function render(report: Report): SarifDoc {
  return JSON.parse(getReporter('sarif').render(report)) as SarifDoc;
}

describe('SARIF 2.1.0', () => {
  it.each([['sample', SAMPLE_REPORT], ['empty', EMPTY_REPORT]] as const)('the %s report validates against the schema', (_n, report) => {
    const ok = validate(render(report));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the schema check can fail: a result without a message is rejected', () => {
    const doc = render(SAMPLE_REPORT) as unknown as { runs: { results: Record<string, unknown>[] }[] };
    delete doc.runs[0]!.results[0]!['message'];
    expect(validate(doc)).toBe(false);
  });

  it('has what GitHub code scanning reads', () => {
    const run = render(SAMPLE_REPORT).runs[0]!;
    expect(run.tool.driver).toMatchObject({ name: 'portcullis', version: '0.1.0', informationUri: expect.stringMatching(/^https:\/\//) });
    for (const r of run.tool.driver.rules) {
      expect(r).toMatchObject({
        id: expect.stringMatching(/^PCL-/), shortDescription: { text: expect.any(String) },
        fullDescription: { text: expect.any(String) }, help: { text: expect.any(String) },
        defaultConfiguration: { level: expect.stringMatching(/^(error|warning|note)$/) },
        properties: { 'security-severity': expect.stringMatching(/^\d+\.\d$/), tags: expect.arrayContaining(['security']) },
      });
    }
    const [file, endpoint, suppressed] = run.results;
    expect(file!.locations).toEqual([{ physicalLocation: {
      artifactLocation: { uri: 'etc/docker/daemon.json', uriBaseId: 'ROOTPATH' }, region: { startLine: 3 } } }]);
    expect(endpoint!.locations).toEqual([{
      physicalLocation: { artifactLocation: { uri: 'portcullis/audit/127.0.0.1%3A2375' } },
      logicalLocations: [{ name: '127.0.0.1:2375', fullyQualifiedName: '127.0.0.1:2375', kind: 'resource' }] }]);
    expect(suppressed!.suppressions).toEqual([{ kind: 'external', justification: 'lab machine, accepted until 2026-06' }]);
    for (const r of run.results) {
      // GitHub rejects the whole file if any result lacks an artifact location (github/codeql-action#2459).
      expect(r.locations).toHaveLength(1);
      expect(r.locations[0]).toMatchObject({ physicalLocation: { artifactLocation: { uri: expect.stringMatching(/^[^/]/) } } });
      expect(run.tool.driver.rules[r.ruleIndex]!['id']).toBe(r.ruleId);
      expect(Object.values(r.partialFingerprints)[0]).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(new Set(run.results.map((r) => r.partialFingerprints['portcullisFinding/v1'])).size).toBe(run.results.length);
  });
});
