// The bench's report: one row per target, plain text so it reads the same in a log as on a screen.

const COLUMNS = [
  ['target', 'target'],
  ['baseline', 'baseline (median)'],
  ['measured', 'licensectl (median)'],
  ['ratio', 'ratio'],
  ['goal', 'goal'],
  ['result', 'result'],
];

export function printTable(rows, info) {
  const widths = COLUMNS.map(([key, title]) => Math.max(title.length, ...rows.map((r) => String(r[key] ?? '').length)));
  const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join('  ').trimEnd();
  const out = [
    `licensectl bench: Node ${info.node}, ${info.cpus} CPUs; start-up ${info.rounds} rounds, bulk ${info.bulkRounds}, list ${info.listRounds}`,
    '',
    line(COLUMNS.map(([, title]) => title)),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map((r) => line(COLUMNS.map(([key]) => r[key] ?? ''))),
  ];
  for (const r of rows) {
    if (r.rates) out.push('', `bulk rate: licensectl ${r.rates.cliPerSecond} PUT/s, curl loop ${r.rates.curlPerSecond} PUT/s`);
    if (r.note) out.push('', `${r.target.trim()}: ${r.note}`);
  }
  const judged = rows.filter((r) => r.result === 'PASS' || r.result === 'MISS');
  const passed = judged.filter((r) => r.result === 'PASS').length;
  out.push('', `${passed} of ${judged.length} targets met${rows.some((r) => r.result === 'SKIP') ? ' (some skipped: see the notes above)' : ''}`);
  process.stdout.write(out.join('\n') + '\n');
}
