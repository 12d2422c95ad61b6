import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { build as esbuild, transform as transformCss } from 'esbuild';
import { resolve } from 'node:path';
import { defineConfig, type Plugin, type UserConfig } from 'vite';

/**
 * `emptyOutDir` would delete dist/esm (the tsc build beside it): this deletes only the files an
 * earlier run of this build wrote (its hashed chunks, their maps, the manifest), so that dist/
 * and the package hold this build's files alone.
 */
function cleanEarlierBuild(): Plugin {
  return {
    name: 'colloquy-clean-earlier-build',
    buildStart() {
      mkdirSync('dist', { recursive: true });
      for (const file of readdirSync('dist', { withFileTypes: true }).filter((f) => f.isFile()).map((f) => f.name)) {
        if (/^colloquy[-.].*\.js(\.map)?$/.test(file)) rmSync(`dist/${file}`);
      }
      rmSync('dist/locales', { recursive: true, force: true });
    },
  };
}

/** dist/colloquy.js: the classic-script loader (src/loader.ts), a minified IIFE with no imports. */
function loader(): Plugin {
  return {
    name: 'colloquy-loader',
    async generateBundle() {
      const out = await esbuild({
        entryPoints: ['src/loader.ts'],
        bundle: true,
        minify: true,
        format: 'iife',
        target: 'es2020',
        write: false,
        legalComments: 'none',
      });
      this.emitFile({ type: 'asset', fileName: 'colloquy.js', source: out.outputFiles[0]!.text });
    },
  };
}

/**
 * Lit's `css` templates are written for people; the browser needs none of their indentation,
 * line breaks or comments. esbuild's CSS minifier rewrites each one in the build only (sources
 * stay readable); a template with `${…}` interpolations is left as it is.
 */
function minifyCssTemplates(): Plugin {
  return {
    name: 'colloquy-minify-css-templates',
    enforce: 'pre',
    async transform(code, id) {
      if (!/\/src\/.*\.ts$/.test(id) || !code.includes('css`')) return null;
      let out = '';
      let last = 0;
      for (const m of code.matchAll(/\bcss`([^`]*)`/g)) {
        if (m[1]!.includes('${') || m[1]!.includes('\\')) continue;
        const { code: min } = await transformCss(m[1]!, { loader: 'css', minify: true, charset: 'utf8', logLevel: 'error' });
        out += code.slice(last, m.index) + `css\`${min.trim()}\``;
        last = m.index! + m[0].length;
      }
      return { code: out + code.slice(last), map: null };
    },
  };
}

/**
 * The modules the reader stage (src/reader.ts) imports statically, as absolute paths: they form
 * the chunk both stages share ("view"), so that the interaction stage brings only the rest.
 */
async function readerModules(): Promise<Set<string>> {
  const out = await esbuild({ entryPoints: ['src/reader.ts'], bundle: true, write: false, metafile: true, format: 'esm', logLevel: 'error' });
  const inputs = out.metafile!.inputs;
  const found = new Set<string>();
  const walk = (file: string): void => {
    if (found.has(file)) return;
    found.add(file);
    for (const i of inputs[file]?.imports ?? []) if (i.kind === 'import-statement' && !i.external) walk(i.path);
  };
  walk('src/reader.ts');
  return new Set([...found].map((f) => resolve(f)));
}

// The script-tag path, in two stages:
// - dist/colloquy.js (the loader, a classic script) imports dist/colloquy-reader.js when a
//   section comes near the viewport: the reader stage, which renders the sections with the
//   elements' own templates (lit-html, the styles, the strings, the first page) from its chunk
//   "view";
// - dist/colloquy-reader.js then imports dist/colloquy-app.js, the interaction stage (the
//   elements, the store, the adapters: chunk "core"), when the browser is idle or at the first
//   interaction. DOMPurify, the MemoryAdapter, <colloquy-moderation> and the catalogs are
//   fetched on demand.
// The ESM build for bundlers is made by `tsc -p tsconfig.build.json`.
//
// What each stage imports goes into ONE chunk ("view" for the reader's modules, "core" for the
// rest of what the application imports statically), which the lazy chunks import too. Left to
// itself, the bundler cuts that code into pieces along which lazy chunk shares what (strict
// entry signatures keep the entries from exporting internals), and each cut costs gzip
// efficiency and import/export lists. The entries themselves stay stubs.
export default defineConfig(async (): Promise<UserConfig> => {
  const reader = await readerModules();
  const entry = /[\\/]src[\\/](embed|reader)\.ts$/;
  return {
    plugins: [cleanEarlierBuild(), minifyCssTemplates(), loader()],
    build: {
      target: 'es2022',
      outDir: 'dist',
      emptyOutDir: false,
      // Written for our own tools (size and profile attribution), not referenced from the files: the package ships no maps.
      sourcemap: 'hidden',
      manifest: true,
      copyPublicDir: false,
      modulePreload: false,
      rolldownOptions: {
        input: { 'colloquy-reader': 'src/reader.ts', 'colloquy-app': 'src/embed.ts' },
        preserveEntrySignatures: 'strict',
        output: {
          entryFileNames: '[name].js',
          chunkFileNames: 'colloquy-[name]-[hash].js',
          codeSplitting: {
            groups: [
              { name: 'view', priority: 2, test: (id: string) => !entry.test(id) && reader.has(resolve(id.split('?')[0]!)) },
              { name: 'core', priority: 1, tags: ['$initial'], test: (id: string) => !entry.test(id) },
            ],
          },
        },
      },
    },
  };
});
