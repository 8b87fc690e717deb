// Runs every benchmark in bench/ (or those named on the command line), one process each.
// Each file is bundled with esbuild for Node and prints its own figures beside a baseline
// measured in the same process.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, basename } from 'node:path';
import esbuild from 'esbuild';

const wanted = process.argv.slice(2);
const files = readdirSync('bench')
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => wanted.length === 0 || wanted.some((w) => name.includes(w)))
  .sort();

const outDir = mkdtempSync(join(tmpdir(), 'kira-bench-'));
let failed = 0;
try {
  for (const file of files) {
    const outfile = join(outDir, basename(file, '.ts') + '.cjs');
    await esbuild.build({
      entryPoints: [join('bench', file)],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      outfile,
      external: ['fake-indexeddb', 'fake-indexeddb/*'],
      // Benchmarks that drive the plugin run it in the headless host, as the tests do.
      alias: { obsidian: join(process.cwd(), 'tests/host/obsidian.ts') },
      logLevel: 'warning',
    });
    console.log(`\n## ${file}`);
    const run = spawnSync(process.execPath, ['--expose-gc', outfile], {
      stdio: 'inherit',
      env: { ...process.env, TZ: 'UTC', NODE_PATH: join(process.cwd(), 'node_modules') },
    });
    if (run.status !== 0) failed += 1;
  }
} finally {
  rmSync(outDir, { recursive: true, force: true });
}
if (failed > 0) {
  console.error(`${failed} benchmark(s) failed`);
  process.exit(1);
}
