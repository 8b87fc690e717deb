// `npm run demo`: after the production build, bundles the demo session (which uses the
// headless host) for Node and runs it. See scripts/demo-session.ts.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import esbuild from 'esbuild';

const outDir = mkdtempSync(join(tmpdir(), 'kira-demo-build-'));
const outfile = join(outDir, 'demo-session.cjs');
try {
  await esbuild.build({
    entryPoints: ['scripts/demo-session.ts'],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile,
    logLevel: 'warning',
  });
  const run = spawnSync(process.execPath, [outfile, process.cwd()], {
    stdio: 'inherit',
    env: { ...process.env, TZ: process.env.TZ ?? 'UTC' },
  });
  process.exitCode = run.status ?? 1;
} finally {
  rmSync(outDir, { recursive: true, force: true });
}
