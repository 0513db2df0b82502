// Preloaded with --import into a benchmarked child: at exit, it writes the process's peak resident
// set size (KiB, from getrusage) to the file named by LICENSECTL_BENCH_RSS_FILE.
import fs from 'node:fs';

const file = process.env.LICENSECTL_BENCH_RSS_FILE;
if (file) process.on('exit', () => fs.writeFileSync(file, String(process.resourceUsage().maxRSS)));
