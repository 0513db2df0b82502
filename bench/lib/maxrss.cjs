// Preloaded with --require into a benchmarked child: at exit, it writes the process's peak resident
// set size (KiB, from getrusage) to the file named by LICENSECTL_BENCH_RSS_FILE. CommonJS, so the
// preload does not make Node load its ES module loader, which the CLI's own start does not.
'use strict';
const fs = require('node:fs');

const file = process.env.LICENSECTL_BENCH_RSS_FILE;
if (file) process.on('exit', () => fs.writeFileSync(file, String(process.resourceUsage().maxRSS)));
