import { describe, expect, it } from 'vitest';
import { parseImageRef } from './image-ref.js';

describe('parseImageRef', () => {
  it('names images as docker does', () => {
    expect(parseImageRef('alpine')).toMatchObject({ familiar: 'alpine:latest', remotePath: 'library/alpine', tag: 'latest' });
    expect(parseImageRef('docker.io/library/alpine:3.19')).toMatchObject({ familiar: 'alpine:3.19', remotePath: 'library/alpine' });
    expect(parseImageRef('pocosow/centos:7.6.1810')).toMatchObject({ familiar: 'pocosow/centos:7.6.1810', remotePath: 'pocosow/centos' });
    expect(parseImageRef('registry.example.invalid:5000/x/y')).toMatchObject({ familiar: 'registry.example.invalid:5000/x/y:latest' });
    expect(parseImageRef('alpine', 'edge')).toMatchObject({ familiar: 'alpine:edge' });
    const d = `sha256:${'a'.repeat(64)}`;
    expect(parseImageRef(`alpine@${d}`)).toMatchObject({ familiar: `alpine@${d}`, digest: d });
  });

  it('refuses what dockerd refuses, with its wording', () => {
    expect(parseImageRef('Bad:Ref')).toEqual({ error: 'invalid reference format: repository name must be lowercase' });
    expect(parseImageRef('')).toEqual({ error: 'invalid reference format' });
    expect(parseImageRef('a b')).toEqual({ error: 'invalid reference format' });
    expect(parseImageRef('alpine:bad tag')).toEqual({ error: 'invalid reference format' });
  });
});
