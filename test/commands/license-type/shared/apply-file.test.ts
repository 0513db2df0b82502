import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseDesired, readDesired } from '../../../../src/commands/license-type/shared/apply-file.js';
import { CliError } from '../../../../src/errors.js';

function usage(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(CliError);
    expect((err as CliError).exitCode).toBe(2);
    return (err as CliError).message;
  }
  throw new Error('expected a usage error');
}

describe('parseDesired', () => {
  it('reads an array or {"license_types": [...]}, keeping description only when given', () => {
    const items = [{ sku: 'A', name: 'Alpha', description: 'x' }, { sku: 'B', name: 'Beta' }];
    expect(parseDesired(JSON.stringify(items), 'f.json')).toEqual(items);
    expect(parseDesired('\uFEFF' + JSON.stringify({ license_types: items }), 'f.json')).toEqual(items);
    expect(parseDesired('[]', 'f.json')).toEqual([]);
  });

  it.each([
    ['{', /^f\.json is not valid JSON: /],
    ['{"types": []}', /^f\.json must hold a JSON array of/],
    ['"x"', /^f\.json must hold a JSON array of/],
    ['{"license_types": [], "page": 1}', /^f\.json: unknown top-level key "page"/],
    ['[{"name": "A"}]', /^f\.json: \[0\]: "sku" is missing$/],
    ['[{"sku": "A", "name": ""}]', /^f\.json: \[0\]: "name" is empty$/],
    ['[{"sku": " ", "name": "x"}]', /^f\.json: \[0\]: "sku" is empty$/],
    ['[{"sku": 5, "name": "x"}]', /^f\.json: \[0\]: "sku" must be a string, not a number 5$/],
    ['[{"sku": "A", "name": "x", "description": null}]', /^f\.json: \[0\]: "description" must be a string, not null$/],
    ['[{"sku": "A", "name": "x", "colour": "red"}]', /^f\.json: \[0\]: unknown key "colour"$/],
    ['[{"id": 3, "sku": "A", "name": "x"}]', /\[0\]: unknown key "id" \(apply matches license types by sku/],
    ['[null]', /^f\.json: \[0\]: expected an object \{"sku","name","description"\}, got null$/],
    ['{"license_types": [{"sku":"A","name":"a"}, {"sku":"A","name":"b"}]}', /^f\.json: \.license_types\[1\]: duplicate sku "A" \(also \.license_types\[0\]\)$/],
  ])('refuses %s as a usage error naming the item', (text, message) => {
    expect(usage(() => parseDesired(text, 'f.json'))).toMatch(message);
  });

  it('lists several problems in one line, the first five of them', () => {
    const bad = Array.from({ length: 7 }, (_, i) => ({ sku: `S${i}` }));
    const message = usage(() => parseDesired(JSON.stringify([{ sku: 'ok', name: 'ok' }, ...bad]), 'f.json'));
    expect(message).toBe('f.json: 7 problems: [1]: "name" is missing; [2]: "name" is missing; [3]: "name" is missing; [4]: "name" is missing; [5]: "name" is missing; and 2 more');
    expect(message).not.toContain('\n');
  });

  it('names every problem of one item together', () => {
    expect(usage(() => parseDesired('[{"sku": 1, "x": 2}]', 'f.json'))).toBe('f.json: [0]: unknown key "x", "sku" must be a string, not a number 1, "name" is missing');
  });
});

describe('readDesired', () => {
  it('an unreadable file is a usage error', async () => {
    const missing = path.join(os.tmpdir(), `licensectl-no-such-${process.pid}.json`);
    await expect(readDesired(missing, Readable.from([]))).rejects.toMatchObject({ exitCode: 2, message: `cannot read ${missing}: no such file` });
    await expect(readDesired(os.tmpdir(), Readable.from([]))).rejects.toMatchObject({ exitCode: 2, message: `cannot read ${os.tmpdir()}: it is a folder` });
  });

  it('reads a file, or stdin for "-"', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'licensectl-apply-'));
    const file = path.join(dir, 'd.json');
    fs.writeFileSync(file, '[{"sku":"A","name":"a"}]');
    expect(await readDesired(file, Readable.from([]))).toEqual([{ sku: 'A', name: 'a' }]);
    expect(await readDesired('-', Readable.from([Buffer.from('[{"sku":"B",'), Buffer.from('"name":"b"}]')]))).toEqual([{ sku: 'B', name: 'b' }]);
    await expect(readDesired('-', Readable.from([Buffer.from('[{"sku":"B"}]')]))).rejects.toMatchObject({ message: 'stdin: [0]: "name" is missing' });
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
