/**
 * What `npm install colloquy` gives a site developer: `npm pack --dry-run` of the widget package
 * (after the build). Only what runs in a browser is a dependency, none of them runs an install
 * script, the package holds the built files a page or a bundler needs (no source maps, no Vite
 * manifest, no sources, no server), and it stays within its size budget.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8'));
/** The packed tarball's budget (gzip bytes), about 5 % above what the build reached. */
const PACKED_BUDGET = 300 * 1024;

describe('the widget package', () => {
  it('depends only on what runs in a browser, none of which runs an install script', () => {
    assert.deepEqual(Object.keys(pkg.dependencies).sort(), ['@lit/reactive-element', 'dompurify', 'lit']);
    for (const name of Object.keys(pkg.dependencies)) {
      const dep = JSON.parse(readFileSync(`${ROOT}node_modules/${name}/package.json`, 'utf8'));
      for (const script of ['preinstall', 'install', 'postinstall']) assert.equal(dep.scripts?.[script], undefined, `${name} ${script}`);
      assert.equal(dep.gypfile, undefined, `${name} compiles nothing`);
    }
    const server = JSON.parse(readFileSync(`${ROOT}server/package.json`, 'utf8'));
    assert.ok(server.dependencies['better-sqlite3'] && server.dependencies.zod, "the server's own package has the server's dependencies");
  });

  it('ships the built files a page or a bundler needs, and nothing else, within budget', () => {
    const [packed] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
    const files: string[] = packed.files.map((f: { path: string }) => f.path);
    for (const needed of ['dist/colloquy.js', 'dist/colloquy-reader.js', 'dist/colloquy-app.js', 'dist/esm/index.js', 'dist/esm/index.d.ts', 'dist/esm/i18n/locales/fr.js', 'custom-elements.json', 'package.json']) {
      assert.ok(files.includes(needed), needed);
    }
    const unwanted = files.filter((f) => /\.map$|\.vite\/|^src\/|^server\/|^test\/|manifest\.json$/.test(f));
    assert.deepEqual(unwanted, []);
    for (const f of files.filter((f) => f.endsWith('.js'))) {
      assert.ok(!readFileSync(`${ROOT}${f}`, 'utf8').includes('sourceMappingURL='), `${f} points at no map that is not shipped`);
    }
    assert.ok(packed.size <= PACKED_BUDGET, `packed ${packed.size} bytes, budget ${PACKED_BUDGET}`);
    console.log(`npm pack: ${files.length} files, ${(packed.size / 1024).toFixed(1)} KB packed (budget ${PACKED_BUDGET / 1024} KB), ${(packed.unpackedSize / 1024).toFixed(0)} KB unpacked`);
  });
});
