// The baseline for bulk allocation: what an admin without licensectl writes, a bash loop running
// one `curl -X PUT` per group.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { timed } from './measure.mjs';

/** Why the curl baseline cannot run here, or undefined when curl and bash are installed. */
export function curlMissing() {
  for (const tool of ['curl', 'bash']) {
    const r = spawnSync(tool, ['--version'], { stdio: 'ignore' });
    if (r.error || r.status !== 0) return `${tool} is not installed (apt-get install -y ${tool}), so the curl-loop baseline cannot run`;
  }
  return undefined;
}

/**
 * Writes the loop's inputs into `dir` and returns run(): one timed pass of the loop over all
 * groups, which fails unless every PUT answered 200. The token goes in a header file, not argv.
 */
export function curlLoop(dir, { baseUrl, account, token }, groupIds, body) {
  const ids = path.join(dir, 'curl-ids.txt');
  const headers = path.join(dir, 'curl-headers.txt');
  fs.writeFileSync(ids, groupIds.join('\n') + '\n');
  fs.writeFileSync(headers, `Authorization: Bearer ${token}\nContent-Type: application/json\nAccept: application/json\n`, { mode: 0o600 });
  const script = [
    'while IFS= read -r id; do',
    '  curl -s -o /dev/null -w "%{http_code}\\n" -X PUT -H @"$HEADERS" -d "$BODY" "$URL/$id"',
    'done < "$IDS"',
  ].join('\n');
  const env = {
    PATH: process.env.PATH,
    IDS: ids,
    HEADERS: headers,
    BODY: JSON.stringify(body),
    URL: `${baseUrl}/lease_/api/account/${encodeURIComponent(account)}/user-license/group`,
  };
  return async () => {
    const r = await timed(['bash', '-c', script], { env, keepOutput: true, timeoutMs: 600_000 });
    const codes = r.stdout.trim().split('\n');
    const ok = codes.filter((c) => c === '200').length;
    if (r.code !== 0 || ok !== groupIds.length) {
      throw new Error(`the curl loop got ${ok} answers 200 of ${groupIds.length} (first others: ${codes.filter((c) => c !== '200').slice(0, 5).join(', ')})`);
    }
    return r;
  };
}

/** Whether this curl has --parallel (7.66 and later). */
export function curlHasParallel() {
  const r = spawnSync('curl', ['--help', 'all'], { encoding: 'utf8' });
  return !r.error && /--parallel-max/.test(r.stdout ?? '');
}

/**
 * The strongest rival a sysadmin can write: ONE curl process, `--parallel --parallel-max <max>`,
 * over a generated config file with a PUT per group (`next` between them, so each has its own
 * method, headers and body). run() fails unless every PUT answered 200.
 */
export function curlParallelPuts(dir, { baseUrl, account, token }, groupIds, body, { max = 16, name = 'puts' } = {}) {
  const url = `${baseUrl}/lease_/api/account/${encodeURIComponent(account)}/user-license/group`;
  const data = JSON.stringify(JSON.stringify(body));
  const one = (id) => [
    `url = "${url}/${id}"`,
    'request = "PUT"',
    `header = "Authorization: Bearer ${token}"`,
    'header = "Content-Type: application/json"',
    'header = "Accept: application/json"',
    `data = ${data}`,
    'output = "/dev/null"',
    'write-out = "%{http_code}\\n"',
  ].join('\n');
  const config = path.join(dir, `curl-${name}.conf`);
  fs.writeFileSync(config, groupIds.map(one).join('\nnext\n') + '\n', { mode: 0o600 });
  return async () => {
    const r = await timed(['curl', '--parallel', '--parallel-max', String(max), '-s', '-K', config], { keepOutput: true, timeoutMs: 600_000 });
    const codes = r.stdout.trim().split('\n');
    const ok = codes.filter((c) => c === '200').length;
    if (r.code !== 0 || ok !== groupIds.length) throw new Error(`curl --parallel got ${ok} answers 200 of ${groupIds.length} (exit ${r.code})`);
    return r;
  };
}

/** One curl process fetching these URLs (GET, bearer token) in parallel, each answer to stdout. */
export function curlParallelGets(dir, token, urls, { max = 16, name = 'gets' } = {}) {
  const one = (u) => [`url = "${u}"`, `header = "Authorization: Bearer ${token}"`, 'header = "Accept: application/json"', 'fail'].join('\n');
  const config = path.join(dir, `curl-${name}.conf`);
  fs.writeFileSync(config, urls.map(one).join('\nnext\n') + '\n', { mode: 0o600 });
  return async () => {
    const r = await timed(['curl', '--parallel', '--parallel-max', String(max), '-s', '-K', config], { timeoutMs: 600_000 });
    if (r.code !== 0) throw new Error(`curl --parallel of ${urls.length} pages exited ${r.code}`);
    return r;
  };
}
