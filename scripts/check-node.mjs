#!/usr/bin/env node
// Stops `npm test` (pretest) and `npm run demo` in one line when Node is older than licensectl
// needs, saying how to get Node 22, instead of running for minutes and crashing inside a tool.
// bin/licensectl.js prints the same line itself (it cannot import from scripts/: not published).
import { fileURLToPath } from 'node:url';

export const MIN_NODE = '22.19';

/** The one-line message for `version`, or undefined when it is new enough. */
export function nodeVersionProblem(version, who = 'licensectl') {
  const [major, minor] = version.split('.').map(Number);
  if (major > 22 || (major === 22 && minor >= 19)) return undefined;
  return `${who}: needs Node.js ${MIN_NODE} or newer; this is ${version}. Get Node 22 without root: ` +
    `npm install --prefix "$HOME/.node22" node@22 && export PATH="$HOME/.node22/node_modules/.bin:$PATH" (README: Quick start)`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const problem = nodeVersionProblem(process.versions.node, process.argv[2] ?? 'licensectl');
  if (problem) {
    process.stderr.write(problem + '\n');
    process.exit(1);
  }
}
