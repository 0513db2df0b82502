// Which hosts count as loopback, where a token may go over plain http: only addresses that are
// loopback by themselves, and the name localhost. Any other name (api.localhost included) is
// resolved through DNS or the hosts file, which may send it anywhere.
import { describe, expect, it } from 'vitest';
import { isLoopback } from '../../src/api/url.js';
import { runInProcess } from '../helpers/inprocess.js';

describe('isLoopback', () => {
  it('loopback addresses and localhost itself', () => {
    for (const h of ['localhost', 'LOCALHOST', '127.0.0.1', '127.1.2.3', '[::1]', '::1', '[::ffff:7f00:1]']) expect(isLoopback(h), h).toBe(true);
  });
  it('no other name, even under .localhost', () => {
    for (const h of ['api.localhost', 'evil.localhost', 'localhost.', 'localhost.evil.com', 'example.com', '10.0.0.1', '128.0.0.1', '0.0.0.0', '[::]', '[::ffff:a00:1]']) {
      expect(isLoopback(h), h).toBe(false);
    }
  });
});

describe('a token over plain http', () => {
  it('is refused for a *.localhost name (exit 2, nothing sent)', async () => {
    const r = await runInProcess(['--base-url', 'http://api.localhost:9/acme', 'license-type', 'list', '--instance', 'i', '--group', '1b4e28ba-2fa1-11d2-883f-0016d3cca427'], {
      env: { LICENSECTL_TOKEN: 'tok-0123456789' },
    });
    expect(r.stderr).toBe('licensectl: refusing to send a token over plain http to api.localhost:9: use https, or `licensectl profile set <name> --allow-insecure-http` if you really must\n');
    expect(r.code).toBe(2);
  });
});
