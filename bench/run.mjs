// `npm run bench`: the performance targets of issues 7 and 18, each measured beside its baseline in the
// same run, printed as a table of medians with PASS/MISS. Figures only: nothing here asserts time.
//
//   node bench/run.mjs [--rounds <n>] [--bulk-rounds <n>] [--list-rounds <n>] [--bulk-concurrency <n>]
//                      [--rate <per-second>] [--only <sections>] [--no-build] [--json] [--sea]
//
// Sections (--only takes a comma-separated list; default all): startup, loop (bulk against a curl
// loop), parallel (bulk against one curl --parallel), adaptive (latency and rate limit), list
// (10,000 types), biglist (100,000 types against curl). See bench/README.md.
//
// --sea also packages the single executable (scripts/package.mjs, into a temporary folder) and
// times its `--version` and `license-type get` in the same start-up rounds.
//
// It builds dist/ (unless --no-build), starts the built `licensectl sandbox` in its own process,
// seeds 1,000 UiPath groups and 10,000 license types, and spawns the built CLI as a user would.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { curlHasParallel, curlLoop, curlMissing } from './lib/curl.mjs';
import { adaptive, bigList, bulkVsCurlParallel } from './lib/round2.mjs';
import { interleaved, median, mustSucceed } from './lib/measure.mjs';
import { startSandbox } from './lib/sandbox.mjs';
import { printTable } from './lib/table.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = path.join(ROOT, 'bin', 'licensectl.js');
const GROUPS = 1_000;
/** Seeded for the bulk runs against curl --parallel; the first GROUPS are the curl loop's. */
const MAX_GROUPS = 10_000;
const LICENSE_TYPES = 10_000;
// Runs of `group allocate` that warm the sandbox before anything is timed (see below).
const WARM_BULK_RUNS = 8;
const ALLOCATION = { userBundleCodes: ['RPADEVPRONU', 'IDU'], useExternalLicense: false };

const { values: flags } = parseArgs({
  options: {
    rounds: { type: 'string', default: '30' },
    'bulk-rounds': { type: 'string', default: '5' },
    'list-rounds': { type: 'string', default: '5' },
    'bulk-concurrency': { type: 'string' },
    rate: { type: 'string', default: '400' },
    only: { type: 'string', default: 'startup,loop,parallel,adaptive,list,biglist' },
    'no-build': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    sea: { type: 'boolean', default: false },
  },
});
const count = (name) => {
  const n = Number(flags[name]);
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new Error(`--${name} must be an integer from 1 to 1000`);
  return n;
};
const rounds = count('rounds');
const bulkRounds = count('bulk-rounds');
const listRounds = count('list-rounds');
const rate = Number(flags.rate);
if (!Number.isInteger(rate) || rate < 50 || rate > 5000) throw new Error('--rate must be an integer from 50 to 5000');
const SECTIONS = ['startup', 'loop', 'parallel', 'adaptive', 'list', 'biglist'];
const only = new Set(flags.only.split(',').map((x) => x.trim()).filter(Boolean));
for (const x of only) if (!SECTIONS.includes(x)) throw new Error(`--only: unknown section ${x} (${SECTIONS.join(', ')})`);
// Unset: the CLI's default, as an admin would run it.
const concurrency = flags['bulk-concurrency'] === undefined ? [] : ['--concurrency', flags['bulk-concurrency']];
const say = (line) => process.stderr.write(line + '\n');

if (!flags['no-build']) {
  say('building dist/ ...');
  const b = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
  if (b.status !== 0) throw new Error('the build failed');
}
for (const f of ['dist/cli.cjs']) {
  if (!fs.existsSync(path.join(ROOT, f))) throw new Error(`${f} is missing: run npm run build`);
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'licensectl-bench-work-'));
const sandbox = await startSandbox(BIN);
const rows = [];
try {
  const sea = path.join(work, 'licensectl-sea');
  if (flags.sea) {
    say('packaging the single executable ...');
    const p = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'package.mjs'), '--out', sea], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    if (p.status !== 0) throw new Error('npm run package failed');
  }
  say(`sandbox at ${sandbox.url}; seeding ${MAX_GROUPS} groups and ${LICENSE_TYPES} license types ...`);
  const { groups: allGroups } = await sandbox.seed({ groups: { accountId: sandbox.profile.account, count: MAX_GROUPS, prefix: 'bench-' } });
  const groups = allGroups.slice(0, GROUPS);
  await sandbox.seed({ licenseTypes: { instance: sandbox.profile.instance, group: sandbox.profile.group, count: LICENSE_TYPES } });
  const csv = path.join(work, 'groups.csv');
  fs.writeFileSync(csv, 'groupId,codes\n' + groups.map((g) => `${g},${ALLOCATION.userBundleCodes.join(';')}`).join('\n') + '\n');
  // Bulk allocate reads first and skips groups already as asked: runs alternate between two files
  // so every timed run writes all groups. `applied` is the file the groups now match.
  const csvAlt = path.join(work, 'groups-alt.csv');
  fs.writeFileSync(csvAlt, 'groupId,codes\n' + groups.map((g) => `${g},IDU`).join('\n') + '\n');
  let applied;
  const nextFile = () => (applied = applied === csv ? csvAlt : csv);

  const node = (...args) => [process.execPath, ...args];
  const cli = (...args) => node(BIN, ...args);
  const opts = { env: sandbox.env };

  // Warm-up: the first run of each command trains licensectl's code cache (bin/code-cache.cjs), as
  // an admin's first runs do.
  for (const args of [['--version'], ['--help'], ['license-type', 'get', '1'], ['license-type', 'list']]) {
    for (let i = 0; i < 2; i++) await mustSucceed(cli(...args), opts);
  }
  // The sandbox's own JIT needs warming too: a vendor's server is always warm, but a fresh sandbox
  // serves its first runs of 1,000 PUTs much slower (measured: about 300 ms, settling near 190 ms
  // after some 8,000 PUTs), which would time the emulator's warm-up rather than the client.
  say(`warming the sandbox with ${WARM_BULK_RUNS} runs of ${GROUPS} PUTs ...`);
  for (let i = 0; i < WARM_BULK_RUNS; i++) await mustSucceed(cli('group', 'allocate', '--from-file', nextFile()), opts);

  if (only.has('startup')) {
    say(`start-up: ${rounds} rounds ...`);
    const startup = await interleaved(
      [
        { name: 'node', argv: node('-e', '0'), opts },
        { name: 'version', argv: cli('--version'), opts },
        { name: 'help', argv: cli('--help'), opts },
        { name: 'get', argv: cli('license-type', 'get', '1'), opts },
        ...(flags.sea
          ? [
              { name: 'sea-version', argv: [sea, '--version'], opts },
              { name: 'sea-get', argv: [sea, 'license-type', 'get', '1'], opts },
            ]
          : []),
      ],
      rounds,
    );
    const ms = (name) => median(startup.get(name).map((r) => r.ms));
    const base = ms('node');
    rows.push(
      ratioRow('licensectl --version', 'node -e 0', base, ms('version'), 1.5),
      ratioRow('licensectl --help', 'node -e 0', base, ms('help'), 1.5),
      ratioRow('licensectl license-type get 1', 'node -e 0', base, ms('get'), 1.6),
    );
    if (flags.sea) {
      rows.push(
        ratioRow('single executable --version', 'node -e 0', base, ms('sea-version'), 1.5),
        ratioRow('single executable license-type get 1', 'node -e 0', base, ms('sea-get'), 1.6),
      );
    }

  }
  const missing = curlMissing();
  if (only.has('loop')) {
    say(`bulk: ${bulkRounds} rounds of ${GROUPS} PUTs by licensectl${missing ? '' : ' and by a curl loop'} ...`);
    const allocate = async () => {
      const r = await mustSucceed(cli('group', 'allocate', '--from-file', nextFile(), ...concurrency), { ...opts, keepOutput: true });
      const ok = r.stdout.split('\n').filter((line) => line.split('\t')[1] === 'ok').length;
      if (ok !== GROUPS) throw new Error(`group allocate printed ${ok} groups ok of ${GROUPS}: ${r.stderr.trim()}`);
      return r;
    };
    // The reads' share, side by side (issue 14): a run against groups that already match the file
    // does start-up + batch reads and no write; an offline --dry-run of the same file is start-up
    // alone. Their difference is the reads (over-counted: it includes creating the HTTP client), so
    // the write-only run is the full run minus that, and the ratio is full / write-only.
    const unchanged = async () => {
      const r = await mustSucceed(cli('group', 'allocate', '--from-file', applied, ...concurrency), { ...opts, keepOutput: true });
      const same = r.stdout.split('\n').filter((line) => line.split('\t')[1] === 'unchanged').length;
      if (same !== GROUPS) throw new Error(`group allocate found ${same} groups unchanged of ${GROUPS}: ${r.stderr.trim()}`);
      return r;
    };
    const bulkSubjects = [
      { name: 'cli', run: allocate },
      { name: 'reads-only', run: unchanged },
      { name: 'offline', run: () => mustSucceed(cli('group', 'allocate', '--from-file', csv, '--dry-run'), opts) },
    ];
    if (!missing) {
      const curl = curlLoop(work, sandbox.profile, groups, ALLOCATION);
      // The curl loop leaves every group as groups.csv asks.
      bulkSubjects.push({ name: 'curl', run: async () => { const r = await curl(); applied = csv; return r; } });
    }
    const bulk = await interleaved(bulkSubjects, bulkRounds);
    const cliMs = median(bulk.get('cli').map((r) => r.ms));
    const readsMs = Math.max(0, median(bulk.get('reads-only').map((r) => r.ms)) - median(bulk.get('offline').map((r) => r.ms)));
    const readRatio = cliMs / Math.max(1, cliMs - readsMs);
    const readRow = {
      target: `  same, reads+writes vs writes only`,
      baseline: `writes only ~${fmtMs(cliMs - readsMs)} (reads ${fmtMs(readsMs)})`,
      measured: fmtMs(cliMs),
      ratio: `${readRatio.toFixed(2)}x`,
      goal: '<= 1.3x',
      result: readRatio <= 1.3 ? 'PASS' : 'MISS',
    };
    if (missing) {
      rows.push({ target: `group allocate --from-file (${GROUPS} groups)`, baseline: 'curl loop: MISSING', measured: fmtMs(cliMs), ratio: '', goal: '>= 30x faster', result: 'SKIP' });
    } else {
      const curlMs = median(bulk.get('curl').map((r) => r.ms));
      const speedup = curlMs / cliMs;
      rows.push({
        target: `group allocate --from-file (${GROUPS} groups)${concurrency.length ? ` ${concurrency.join(' ')}` : ''}`,
        baseline: `curl loop ${fmtMs(curlMs)}`,
        measured: fmtMs(cliMs),
        ratio: `${speedup.toFixed(1)}x faster`,
        goal: '>= 30x faster',
        result: speedup >= 30 ? 'PASS' : 'MISS',
        rates: { cliPerSecond: Math.round((GROUPS / cliMs) * 1000), curlPerSecond: Math.round((GROUPS / curlMs) * 1000) },
      });
    }

    rows.push(readRow);

  }
  if (only.has('list')) {
    say(`list: ${listRounds} rounds of license-type list --all --json over ${LICENSE_TYPES}+ types ...`);
    const lists = [];
    for (let i = 0; i < listRounds; i++) {
      const r = await mustSucceed(cli('license-type', 'list', '--all', '--json'), { ...opts, rss: true, keepOutput: i === 0 });
      if (i === 0) {
        const n = JSON.parse(r.stdout).length;
        if (n < LICENSE_TYPES) throw new Error(`license-type list --all --json printed ${n} types, expected at least ${LICENSE_TYPES}`);
      }
      lists.push(r);
    }
    const listMs = median(lists.map((r) => r.ms));
    const rssValues = lists.map((r) => r.rssMiB).filter((v) => v !== undefined);
    rows.push({ target: `license-type list --all --json (${LICENSE_TYPES} types)`, baseline: '', measured: fmtMs(listMs), ratio: 'wall', goal: '< 1500 ms', result: listMs < 1500 ? 'PASS' : 'MISS' });
    if (rssValues.length === 0) {
      rows.push({ target: '  same, peak RSS', baseline: '', measured: 'unknown', ratio: '', goal: '< 150 MiB', result: 'SKIP' });
    } else {
      const rss = Math.max(...rssValues);
      rows.push({ target: '  same, peak RSS (max of runs)', baseline: '', measured: `${rss.toFixed(1)} MiB`, ratio: '', goal: '< 150 MiB', result: rss < 150 ? 'PASS' : 'MISS' });
    }
  }
  if (only.has('parallel')) {
    if (missing || !curlHasParallel()) say('NOTE: curl --parallel is not available: the bulk rows against it are skipped');
    else rows.push(...(await bulkVsCurlParallel({ work, sandbox, cli, groups: allGroups, allocation: ALLOCATION, rounds: bulkRounds, extra: concurrency, say })));
  }
  if (only.has('biglist')) {
    if (missing || !curlHasParallel()) say('NOTE: curl --parallel is not available: the 100,000-type list row is skipped');
    else rows.push(...(await bigList({ work, sandbox, cli, rounds: listRounds, say })));
  }
  if (only.has('adaptive')) rows.push(...(await adaptive({ bin: BIN, work, cli, allocation: ALLOCATION, rounds: bulkRounds, rate, say })));
  if (missing) say(`NOTE: ${missing}`);
} finally {
  await sandbox.stop();
  fs.rmSync(work, { recursive: true, force: true });
}

if (flags.json) process.stdout.write(JSON.stringify({ node: process.version, cpus: os.cpus().length, rows }, null, 2) + '\n');
else printTable(rows, { node: process.version, cpus: os.cpus().length, rounds, bulkRounds, listRounds });

function ratioRow(target, baselineName, baseMs, measuredMs, limit) {
  const ratio = measuredMs / baseMs;
  return {
    target,
    baseline: `${baselineName} ${fmtMs(baseMs)}`,
    measured: fmtMs(measuredMs),
    ratio: `${ratio.toFixed(2)}x`,
    goal: `<= ${limit}x`,
    result: ratio <= limit ? 'PASS' : 'MISS',
  };
}

function fmtMs(v) {
  return v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(1)} ms`;
}
