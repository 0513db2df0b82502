// vitest globalSetup: every test of the run makes its temporary files (config folders, reports,
// fake servers' files, the code cache) under one folder of its own, removed when the run ends, so
// runs leave nothing behind in the machine's temporary folder. Set before any worker starts, so
// os.tmpdir() in the workers and in the CLIs they spawn (cleanEnv passes TMPDIR on) points there.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export default function setup(): () => void {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'licensectl-tests-'));
  process.env.TMPDIR = root;
  return () => fs.rmSync(root, { recursive: true, force: true });
}
