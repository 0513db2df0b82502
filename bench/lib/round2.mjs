// The goals of issue 18, each beside its rival in the same run: bulk allocation against ONE
// `curl --parallel --parallel-max 16` process, `--concurrency auto` against a sandbox with latency
// and one with a rate limit, and `list --all --json` of 100,000 types against one curl process
// fetching the same pages. Every run here is bounded (rounds, and timed() kills at its time-out).
import fs from 'node:fs';
import path from 'node:path';
import { curlParallelGets, curlParallelPuts } from './curl.mjs';
import { interleaved, median, mustSucceed, timed } from './measure.mjs';
import { startSandbox } from './sandbox.mjs';

export const fmtMs = (v) => (v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(1)} ms`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function writeCsv(file, groups, codes) {
  fs.writeFileSync(file, 'groupId,codes\n' + groups.map((g) => `${g},${codes.join(';')}`).join('\n') + '\n');
}

/**
 * Bulk allocate reads first and skips the groups already as asked, so every timed run alternates
 * between two files: `a` (the codes curl also PUTs) and `b`. next() is the file the groups do not
 * match now; curlDone() records that curl left them as `a` says.
 */
function alternating(work, name, groups, codes) {
  const a = path.join(work, `${name}-a.csv`);
  const b = path.join(work, `${name}-b.csv`);
  writeCsv(a, groups, codes);
  writeCsv(b, groups, ['IDU']);
  let applied;
  return { next: () => (applied = applied === a ? b : a), curlDone: () => { applied = a; } };
}

/** `group allocate --from-file`, checked: every group ok (written). `file()` names the file of this run. */
function allocator(cli, file, count, env, extra = []) {
  return async () => {
    const r = await mustSucceed(cli('group', 'allocate', '--from-file', file(), ...extra), { env, keepOutput: true, timeoutMs: 300_000 });
    const ok = r.stdout.split('\n').filter((line) => line.split('\t')[1] === 'ok').length;
    if (ok !== count) throw new Error(`group allocate printed ${ok} groups ok of ${count}: ${r.stderr.trim()}`);
    return r;
  };
}

/**
 * Goal 1: licensectl against one curl --parallel process over the same PUTs, at 100, 1,000 and
 * 10,000 groups (`groups` holds at least the largest count, seeded in `sandbox`).
 */
export async function bulkVsCurlParallel({ work, sandbox, cli, groups, allocation, rounds, extra, say }) {
  const rows = [];
  const goals = [[100, 2], [1_000, 1.25], [10_000, 1]];
  for (const [count, limit] of goals) {
    const ids = groups.slice(0, count);
    const files = alternating(work, `groups-${count}`, ids, allocation.userBundleCodes);
    const curl = curlParallelPuts(work, sandbox.profile, ids, allocation, { name: `puts-${count}` });
    say(`bulk vs curl --parallel: ${rounds} rounds of ${count} groups ...`);
    // curl first in each round: it leaves the groups in a known state, whatever ran before.
    const res = await interleaved([
      { name: 'curl', run: async () => { const r = await curl(); files.curlDone(); return r; } },
      { name: 'cli', run: allocator(cli, files.next, count, sandbox.env, extra) },
    ], count >= 10_000 ? Math.min(rounds, 3) : rounds);
    const cliMs = median(res.get('cli').map((r) => r.ms));
    const curlMs = median(res.get('curl').map((r) => r.ms));
    const ratio = cliMs / curlMs;
    rows.push({
      target: `group allocate --from-file (${count} groups)${extra.length ? ` ${extra.join(' ')}` : ''}`,
      baseline: `curl --parallel-max 16 ${fmtMs(curlMs)}`,
      measured: fmtMs(cliMs),
      ratio: `${ratio.toFixed(2)}x`,
      goal: limit === 1 ? '< 1x (faster)' : `<= ${limit}x`,
      result: (limit === 1 ? ratio < 1 : ratio <= limit) ? 'PASS' : 'MISS',
    });
  }
  return rows;
}

/** Counts of the sandbox's answers by status since its log was last cleared. */
async function answers(sandbox) {
  const log = await sandbox.admin('GET', 'requests');
  const by = {};
  for (const e of log) by[e.status] = (by[e.status] ?? 0) + 1;
  return by;
}

/**
 * Goal 3: `--concurrency auto` against a sandbox 30 ms away (1,000 groups, against the ideal of
 * 1,000 x 30 ms / 64 in flight) and against one allowing `rate` requests a second (2,000 groups:
 * none failed, within 1.3 x 2,000 / rate seconds, 429 answers under 5% of the requests).
 */
export async function adaptive({ bin, work, cli, allocation, rounds, rate, say }) {
  const rows = [];
  {
    const latency = 30;
    const sb = await startSandbox(bin, { profile: 'bench-latency', args: ['--latency', String(latency)] });
    try {
      const { groups } = await sb.seed({ groups: { accountId: sb.profile.account, count: 1_000, prefix: 'lat-' } });
      const files = alternating(work, 'latency', groups, allocation.userBundleCodes);
      say(`latency ${latency} ms: ${rounds} rounds of 1000 groups, --concurrency auto and 16 ...`);
      const res = await interleaved([
        { name: 'auto', run: allocator(cli, files.next, 1_000, sb.env) },
        { name: 'fixed16', run: allocator(cli, files.next, 1_000, sb.env, ['--concurrency', '16']) },
      ], rounds);
      const ideal = (1_000 * latency) / 64;
      const autoMs = median(res.get('auto').map((r) => r.ms));
      const fixedMs = median(res.get('fixed16').map((r) => r.ms));
      rows.push({
        target: `allocate 1000 groups, sandbox --latency ${latency}, auto`,
        baseline: `1000 x ${latency} ms / 64 = ${fmtMs(ideal)}`,
        measured: fmtMs(autoMs),
        ratio: `${(autoMs / ideal).toFixed(2)}x`,
        goal: '<= 1.5x',
        result: autoMs <= 1.5 * ideal ? 'PASS' : 'MISS',
        note: `--concurrency 16 took ${fmtMs(fixedMs)}`,
      });
    } finally {
      await sb.stop();
    }
  }
  {
    const count = 2_000;
    const sb = await startSandbox(bin, { profile: 'bench-rate', args: ['--rate-limit', String(rate)] });
    try {
      const { groups } = await sb.seed({ groups: { accountId: sb.profile.account, count, prefix: 'rate-' } });
      const files = alternating(work, 'rate', groups, allocation.userBundleCodes);
      const runs = Math.min(rounds, 3);
      say(`rate limit ${rate}/s: ${runs} rounds of ${count} groups ...`);
      const results = [];
      for (let i = 0; i < runs; i++) {
        await sleep(1_500); // the bucket refills: every round starts as the first would
        await sb.admin('DELETE', 'requests');
        const r = await allocator(cli, files.next, count, sb.env)();
        const by = await answers(sb);
        const total = Object.values(by).reduce((a, b) => a + b, 0);
        results.push({ ms: r.ms, limited: by[429] ?? 0, total });
      }
      const ms = median(results.map((r) => r.ms));
      const worst = results.reduce((a, r) => (r.limited / r.total > a.limited / a.total ? r : a));
      // Bulk allocate reads the groups first (a POST per 100): the rate applies to those too.
      const ideal = (count / rate) * 1000;
      const share = worst.limited / worst.total;
      rows.push({
        target: `allocate ${count} groups, sandbox --rate-limit ${rate}, auto`,
        baseline: `${count} / ${rate} per s = ${fmtMs(ideal)}`,
        measured: fmtMs(ms),
        ratio: `${(ms / ideal).toFixed(2)}x`,
        goal: '<= 1.3x, 0 failed',
        result: ms <= 1.3 * ideal ? 'PASS' : 'MISS',
      }, {
        target: '  same, 429 answers (worst round)',
        baseline: '',
        measured: `${worst.limited} of ${worst.total}`,
        ratio: `${(share * 100).toFixed(1)}%`,
        goal: '< 5%',
        result: share < 0.05 ? 'PASS' : 'MISS',
      });
    } finally {
      await sb.stop();
    }
  }
  return rows;
}

/**
 * Goal 4: `license-type list --all --json` of 100,000 types (peak RSS, and time against one curl
 * process fetching the same 100 pages). Seeds its own group in `sandbox`.
 */
export async function bigList({ work, sandbox, cli, rounds, say }) {
  const count = 100_000;
  const group = 'b1000000-0000-4000-8000-000000100000';
  await sandbox.seed({ licenseTypes: { instance: sandbox.profile.instance, group, count } });
  const pages = Math.ceil(count / 1000);
  const base = `${sandbox.profile.baseUrl}/api/v01/draas/${encodeURIComponent(sandbox.profile.instance)}/groups/${group}/license_types`;
  const urls = Array.from({ length: pages }, (_, i) => `${base}?page_size=1000&page=${i + 1}`);
  const args = ['license-type', 'list', '--all', '--json', '--group', group];
  const first = await mustSucceed(cli(...args), { env: sandbox.env, keepOutput: true, timeoutMs: 120_000 });
  const n = JSON.parse(first.stdout).length;
  if (n !== count) throw new Error(`license-type list --all --json printed ${n} types of ${count}`);
  say(`list --all --json of ${count} types vs one curl --parallel over ${pages} pages: ${rounds} rounds ...`);
  const res = await interleaved([
    { name: 'cli', run: () => mustSucceed(cli(...args), { env: sandbox.env, rss: true, timeoutMs: 120_000 }) },
    { name: 'curl', run: curlParallelGets(work, sandbox.profile.token, urls, { name: 'pages' }) },
  ], rounds);
  const cliMs = median(res.get('cli').map((r) => r.ms));
  const curlMs = median(res.get('curl').map((r) => r.ms));
  const rss = Math.max(...res.get('cli').map((r) => r.rssMiB ?? Infinity));
  return [
    {
      target: `license-type list --all --json (${count} types)`,
      baseline: `curl --parallel, ${pages} pages ${fmtMs(curlMs)}`,
      measured: fmtMs(cliMs),
      ratio: `${(cliMs / curlMs).toFixed(2)}x`,
      goal: '<= 2x',
      result: cliMs <= 2 * curlMs ? 'PASS' : 'MISS',
    },
    { target: '  same, peak RSS (max of runs)', baseline: '', measured: `${rss.toFixed(1)} MiB`, ratio: '', goal: '< 110 MiB', result: rss < 110 ? 'PASS' : 'MISS' },
  ];
}

export { timed };
