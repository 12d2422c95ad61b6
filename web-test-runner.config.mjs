// Component tests in real headless Chromium (Debian's package; nothing downloads a browser).
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { fileURLToPath } from 'node:url';
import { findChrome, CHROME_ARGS } from './scripts/chrome-path.mjs';

export default {
  files: ['test/components/**/*.test.ts'],
  nodeResolve: true,
  concurrency: 1,
  concurrentBrowsers: 1,
  testsFinishTimeout: 300_000,
  // /fail-once/* serves dist/*, except that the first request for colloquy-app.js fails:
  // the loader's retry is tested against it.
  middleware: [
    (() => {
      let failed = false;
      return async (ctx, next) => {
        if (!ctx.path.startsWith('/fail-once/')) return next();
        if (ctx.path.endsWith('/colloquy-app.js') && !failed) {
          failed = true;
          ctx.status = 503;
          return;
        }
        ctx.url = ctx.url.replace('/fail-once/', '/dist/');
        return next();
      };
    })(),
  ],
  plugins: [
    esbuildPlugin({
      ts: true,
      target: 'es2022',
      tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)),
    }),
  ],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: findChrome() ?? undefined,
        args: CHROME_ARGS,
      },
    }),
  ],
  // Lit's one-line dev-mode notice would repeat for every file.
  filterBrowserLogs: ({ args }) => !String(args[0] ?? '').startsWith('Lit is in dev mode'),
  testFramework: {
    config: { timeout: 10_000 },
  },
};
