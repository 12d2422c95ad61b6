// Component tests in real headless Chromium (Debian's package; nothing downloads a browser).
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { fileURLToPath } from 'node:url';
import { findChrome, CHROME_ARGS } from './scripts/chrome-path.mjs';

/**
 * `executeServerCommand('emulate-forced-colors', { forcedColors: 'active' | 'none' })`: Windows
 * High Contrast for the test's page. `emulateMedia({ forcedColors })` from
 * @web/test-runner-commands passes only the media type, color scheme and reduced motion on to
 * Puppeteer (whose `emulateMediaFeatures` refuses `forced-colors`), so this sends CDP's
 * `Emulation.setEmulatedMedia` itself, on a DevTools session of its own kept open while the
 * emulation lasts ('none' closes it, which ends the emulation).
 */
function forcedColorsPlugin() {
  const sessions = new Map();
  return {
    name: 'emulate-forced-colors',
    async executeCommand({ command, payload, session }) {
      if (command !== 'emulate-forced-colors') return undefined;
      if (session.browser.type !== 'puppeteer') throw new Error(`emulate-forced-colors needs the Chrome launcher, not ${session.browser.type}`);
      const value = payload?.forcedColors;
      if (value !== 'active' && value !== 'none') throw new Error("forcedColors must be 'active' or 'none'");
      let cdp = sessions.get(session.id);
      if (value === 'none') {
        sessions.delete(session.id);
        if (cdp) {
          await cdp.send('Emulation.setEmulatedMedia', { features: [] });
          await cdp.detach();
        }
        return true;
      }
      if (!cdp) {
        cdp = await session.browser.getPage(session.id).createCDPSession();
        sessions.set(session.id, cdp);
      }
      await cdp.send('Emulation.setEmulatedMedia', { features: [{ name: 'forced-colors', value: 'active' }] });
      return true;
    },
  };
}

/**
 * /stage/<token>/<mode>/* serves dist/*, except the interaction stage (colloquy-app.js):
 * - `hold`: its requests wait until /stage-release/<token> is fetched (the reader stage is
 *   tested with the interaction stage on its way);
 * - `fail2`: its first two requests fail (503): the reader stage's retry with a fresh URL, then
 *   its "Try again", are tested against it.
 */
function stagesMiddleware() {
  const held = new Map();
  const failures = new Map();
  const release = (token) => {
    const entry = held.get(token) ?? { released: false, waiting: [] };
    entry.released = true;
    for (const go of entry.waiting.splice(0)) go();
    held.set(token, entry);
  };
  return async (ctx, next) => {
    const released = ctx.path.match(/^\/stage-release\/([\w-]+)$/);
    if (released) {
      release(released[1]);
      ctx.body = 'released';
      return;
    }
    const m = ctx.path.match(/^\/stage\/([\w-]+)\/(hold|fail2)\/(.*)$/);
    if (!m) return next();
    const [, token, mode, file] = m;
    if (file === 'colloquy-app.js') {
      if (mode === 'fail2') {
        const n = failures.get(token) ?? 0;
        failures.set(token, n + 1);
        if (n < 2) {
          ctx.status = 503;
          return;
        }
      } else {
        const entry = held.get(token) ?? { released: false, waiting: [] };
        held.set(token, entry);
        if (!entry.released) await new Promise((go) => entry.waiting.push(go));
      }
    }
    ctx.url = `/dist/${file}${ctx.querystring ? `?${ctx.querystring}` : ''}`;
    return next();
  };
}

export default {
  files: ['test/components/**/*.test.ts'],
  nodeResolve: true,
  concurrency: 1,
  concurrentBrowsers: 1,
  testsFinishTimeout: 300_000,
  // /fail-once/* serves dist/*, except that the first request for colloquy-app.js fails:
  // the loader's retry is tested against it.
  middleware: [
    stagesMiddleware(),
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
    forcedColorsPlugin(),
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
