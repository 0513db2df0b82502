// `group codes`: the catalog, with no request at all.
import { describe, expect, it } from 'vitest';
import { BUNDLE_CODES } from '../../../src/uipath/catalog/codes.js';
import { check } from '../fixtures.js';

describe('group codes', () => {
  it('pipe: code, product, status per line', async () => {
    expect(BUNDLE_CODES.length).toBeGreaterThan(5);
    await check({ name: '', args: ['group', 'codes'], code: 0, stdout: BUNDLE_CODES.map((c) => `${c.code}\t${c.product}\t${c.status}\n`).join(''), stderr: '', requests: [] });
  });

  it('--json: the catalog', async () => {
    await check({ name: '', args: ['--json', 'group', 'codes'], code: 0, stdout: JSON.stringify(BUNDLE_CODES, null, 2) + '\n', stderr: '', requests: [] });
  });

  it('terminal: a table with a header row', async () => {
    const first = BUNDLE_CODES[0]!;
    await check({ name: '', args: ['group', 'codes'], tty: true, code: 0, stdout: new RegExp(`^┌[─┬]+┐\\n│ CODE +│ PRODUCT +│ STATUS +│\\n│ ${first.code} +│ ${first.product.replace(/[()]/g, '\\$&')} +│ ${first.status} +│\\n`), stderr: '' });
  });
});
