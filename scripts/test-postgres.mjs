// The server suites again, on PostgreSQL: the same test files as on SQLite
// (test/server/helpers.ts reads COLLOQUY_TEST_STORE), and test/postgres/ (several instances, faults). Uses COLLOQUY_TEST_DATABASE_URL when set,
// else one throwaway cluster for the whole run (scripts/postgres.mjs), stopped at the end.
// Without PostgreSQL: one line and nothing run, except in CI (CI=true), where that fails.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { findPostgresBin, startPostgres } from './postgres.mjs';

const ci = /^(1|true)$/i.test(process.env.CI ?? '');
let url = process.env.COLLOQUY_TEST_DATABASE_URL;
let cluster = null;
if (!url) {
  if (!findPostgresBin()) {
    const line = 'PostgreSQL is not installed, so the server suites ran on SQLite only (apt-get install -y postgresql, or set COLLOQUY_TEST_DATABASE_URL).';
    if (ci) {
      console.error(`${line} In CI they must run on PostgreSQL too.`);
      process.exit(1);
    }
    console.log(line);
    process.exit(0);
  }
  cluster = await startPostgres();
  url = cluster.url;
}
const stop = () => cluster?.stop();
process.on('SIGINT', () => (stop(), process.exit(130)));
process.on('SIGTERM', () => (stop(), process.exit(143)));
const files = process.argv.slice(2).length
  ? process.argv.slice(2)
  : ['test/server', 'test/postgres'].flatMap((dir) => readdirSync(dir).filter((f) => f.endsWith('.test.ts')).sort().map((f) => `${dir}/${f}`));
const child = spawn(process.execPath, ['--import', 'tsx', '--test', ...files], {
  stdio: 'inherit',
  env: { ...process.env, COLLOQUY_TEST_STORE: 'postgres', COLLOQUY_TEST_DATABASE_URL: url },
  shell: false,
});
child.on('close', (code) => {
  stop();
  process.exit(code ?? 1);
});
