/**
 * The widget in a site developer's own bundled app, built here by Vite's, Rollup's and webpack's
 * JavaScript APIs with no configuration of ours, importing `colloquy` as a package (a symlink to
 * this repository, as `npm install ../colloquy` makes one). Loaded in headless Chromium: a
 * section with `lang="fr"` speaks French (its catalog is a chunk the bundler split off), nothing
 * is a 404, and a catalog imported from `colloquy/locales/ru` can be registered by the page.
 * Needs dist/esm (npm test builds it before this runs).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { rollup } from 'rollup';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import webpack from 'webpack';
import { chromium, type Browser } from 'playwright-core';
import { CHROME_ARGS, findChrome } from '../../scripts/chrome-path.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let browser: Browser;
let app: string;
let server: Server;
let origin: string;

before(async () => {
  assert.ok(existsSync(join(ROOT, 'dist/esm/index.js')), 'dist/esm is missing: run `npm run build` first');
  app = mkdtempSync(join(tmpdir(), 'colloquy-vite-app-'));
  mkdirSync(join(app, 'node_modules'));
  symlinkSync(ROOT, join(app, 'node_modules', 'colloquy'), 'dir');
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'a-site', private: true, type: 'module' }));
  writeFileSync(
    join(app, 'index.html'),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>A site</title></head><body>
      <div lang="fr"><colloquy-comments id="fr" thread="t"></colloquy-comments></div>
      <div lang="ru"><colloquy-comments id="ru" thread="t"></colloquy-comments></div>
      <script type="module" src="/main.js"></script></body></html>`,
  );
  writeFileSync(
    join(app, 'main.js'),
    `import { MemoryAdapter, registerCatalog, setDefaultAdapter } from 'colloquy';
     import ru from 'colloquy/locales/ru';
     registerCatalog('ru', ru);
     setDefaultAdapter(new MemoryAdapter({ seed: { t: [{ body: 'Bonjour', authorName: 'Amélie' }] } }));`,
  );
  await build({ root: app, logLevel: 'silent', build: { outDir: join(app, 'dist') } });
  // The same app with Rollup itself: its one plugin every app has (resolving packages), nothing else.
  const bundle = await rollup({ input: join(app, 'main.js'), plugins: [nodeResolve({ browser: true })], logLevel: 'silent' });
  await bundle.write({ dir: join(app, 'rollup-out'), format: 'es' });
  await bundle.close();
  writeFileSync(join(app, 'rollup-out', 'index.html'), readFileSync(join(app, 'index.html'), 'utf8').replace('/main.js', '/rollup-out/main.js'));
  // And with webpack 5 as `npx webpack` runs it with no webpack.config.js: production mode, the
  // entry, an output folder. Its chunks are numbered, so the French one is found by its text.
  await new Promise<void>((resolve, reject) =>
    webpack({ mode: 'production', context: app, entry: './main.js', output: { path: join(app, 'webpack-out') } }, (err, stats) => {
      if (err || stats?.hasErrors()) reject(err ?? new Error(stats?.toString({ all: false, errors: true })));
      else resolve();
    }),
  );
  writeFileSync(join(app, 'webpack-out', 'index.html'), readFileSync(join(app, 'index.html'), 'utf8').replace('/main.js', '/webpack-out/main.js'));
  server = createServer(async (req, res) => {
    // Vite's build at the root (its pages ask for /assets/…), Rollup's and webpack's under their folders.
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const base = /^\/(rollup|webpack)-out\//.test(path) ? app : join(app, 'dist');
    const file = normalize(join(base, path));
    if (!file.startsWith(base + sep)) return void res.writeHead(404).end();
    try {
      const body = await readFile(file.endsWith(sep) ? join(file, 'index.html') : file);
      res.writeHead(200, { 'content-type': extname(file) === '.js' ? 'text/javascript' : 'text/html' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const executablePath = findChrome();
  assert.ok(executablePath, 'Chromium is needed: apt-get install -y chromium, or set CHROME_PATH');
  browser = await chromium.launch({ executablePath, args: CHROME_ARGS.filter((a) => !a.startsWith('--headless')), headless: true });
});

after(async () => {
  await browser?.close();
  server?.close();
  if (app) rmSync(app, { recursive: true, force: true });
});

/**
 * Opens one build of the app (its catalogs' chunks in `chunksDir`) and checks what a reader sees:
 * French from the chunk the bundler split off, Russian from the catalog the page registered, no
 * 404, no error.
 */
async function expectBothLanguages(chunksDir: string, url: string): Promise<void> {
  const chunks = readdirSync(chunksDir).filter((f) => f.endsWith('.js'));
  const french = chunks.filter((f) => readFileSync(join(chunksDir, f), 'utf8').includes('Avez-vous aim'));
  assert.equal(french.length, 1, `the French catalog is in one file: ${french.join(', ')}`);
  assert.ok(!/^(main|index)[-.]/.test(french[0]), `the French catalog is a chunk of its own, not in the entry: ${chunks.join(', ')}`);
  const page = await browser.newPage();
  const missing: string[] = [];
  const errors: string[] = [];
  page.on('response', (r) => r.status() >= 400 && missing.push(`${r.status()} ${r.url()}`));
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(url);
  const part = (id: string, name: string) => page.locator(`#${id}`).locator(`[part~="${name}"]`);
  await page.locator('#fr').getByText('Bonjour').waitFor({ timeout: 10_000 });
  assert.equal(await part('fr', 'count').textContent(), '1 commentaire');
  assert.equal((await part('fr', 'like-question').textContent())?.replace(/\s/g, ' '), 'Avez-vous aimé cet article ?');
  assert.equal(await part('ru', 'count').textContent(), '1 комментарий');
  assert.deepEqual(missing, []);
  assert.deepEqual(errors, []);
  await page.close();
}

describe('colloquy in a bundled app', () => {
  it('Vite, no configuration: French from a catalog the bundler split off, Russian from one the page imported and registered; no 404', async () => {
    await expectBothLanguages(join(app, 'dist', 'assets'), `${origin}/`);
  });

  it('Rollup, node-resolve only: the same', async () => {
    await expectBothLanguages(join(app, 'rollup-out'), `${origin}/rollup-out/index.html`);
  });

  it('webpack 5, no webpack.config.js: the same', async () => {
    await expectBothLanguages(join(app, 'webpack-out'), `${origin}/webpack-out/index.html`);
  });
});
