// --ports parsing: numbers, ranges, named sets and coded errors.
import { describe, expect, it } from 'vitest';
import { parsePorts, PORT_SETS } from './ports.js';

describe('parsePorts', () => {
  it('reads numbers, ranges and named sets, sorted and unique', () => {
    expect(parsePorts('2376,2375,2375')).toEqual([2375, 2376]);
    expect(parsePorts('4243-4244,docker')).toEqual([2375, 2376, 4243, 4244]);
    expect(parsePorts('docker-all')).toEqual([...PORT_SETS['docker-all']!].sort((a, b) => a - b));
    expect(parsePorts('docker-all')).toContain(2377);
  });
  it('rejects bad values with a coded error', () => {
    for (const bad of ['0', '70000', '5-1', 'nope', '']) {
      expect(() => parsePorts(bad), bad).toThrow(expect.objectContaining({ code: 'PCL_ERR_SCAN_PORTS_INVALID' }));
    }
  });
});
