// `npm test`: typecheck, then every suite in turn (unit + server in Node, the server suites again
// on PostgreSQL, components in Chromium, end to end), streaming their output, and one closing line with the totals.
import { spawn } from 'node:child_process';

const steps = [
  ['typecheck', 'npm', ['run', '--silent', 'typecheck']],
  ['docs up to date', 'node', ['scripts/docs.mjs', '--check']],
  ['unit + server', 'npm', ['run', '--silent', 'test:unit']],
  ['server on PostgreSQL', 'npm', ['run', '--silent', 'test:pg']],
  ['components (Chromium)', 'npm', ['run', '--silent', 'test:browser']],
  ['end to end (Chromium)', 'npm', ['run', '--silent', 'test:e2e']],
  ['size budget', 'node', ['scripts/size.mjs']],
];

let passed = 0;
let failed = 0;

function run(name, cmd, args) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => {
      process.stdout.write(d);
      out += d.toString();
    });
    child.on('close', (code) => {
      // node:test prints "# pass N" / "# fail N"; web-test-runner "N passed, N failed".
      const node = [...out.matchAll(/^# (pass|fail) (\d+)$/gm)];
      for (const [, kind, n] of node) kind === 'pass' ? (passed += Number(n)) : (failed += Number(n));
      const wtr = [...out.matchAll(/(\d+) passed, (\d+) failed/g)].at(-1);
      if (wtr) {
        passed += Number(wtr[1]);
        failed += Number(wtr[2]);
      }
      if (code !== 0) console.error(`\n${name} failed (exit code ${code}).`);
      resolve(code ?? 1);
    });
  });
}

let exit = 0;
for (const [name, cmd, args] of steps) {
  const code = await run(name, cmd, args);
  if (code !== 0) {
    exit = code;
    if (failed === 0) failed = 1; // a step that broke before its tests ran still fails the run
    break;
  }
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(exit);
