import { readdirSync, readFileSync } from 'node:fs';
import { build as esbuild, transform as transformCss } from 'esbuild';
import { defineConfig, type Plugin } from 'vite';

/** Ships each message catalog as its own file, dist/locales/<lang>.json, fetched on demand. */
function locales(): Plugin {
  return {
    name: 'colloquy-locales',
    generateBundle() {
      for (const file of readdirSync('src/i18n/locales')) {
        if (file.endsWith('.json')) this.emitFile({ type: 'asset', fileName: `locales/${file}`, source: readFileSync(`src/i18n/locales/${file}`) });
      }
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

// The script-tag path: dist/colloquy.js (loader) imports dist/colloquy-app.js (ES module), which
// imports its shared chunk; DOMPurify, the MemoryAdapter, <colloquy-moderation> and the catalogs
// are fetched on demand. The ESM build for bundlers is made by `tsc -p tsconfig.build.json`.
//
// Everything the application module imports statically goes into ONE shared chunk ("core"), which
// the lazy chunks import too. Left to itself, the bundler cuts that code into pieces along
// which lazy chunk shares what (strict entry signatures keep colloquy-app.js from exporting
// internals), and each cut costs the script-tag path gzip efficiency and import/export lists:
// with <colloquy-moderation> lazy, about 1 KB gzip. The application module itself stays a
// stub: the API and the moderation watcher.
export default defineConfig({
  plugins: [minifyCssTemplates(), locales(), loader()],
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: false,
    sourcemap: true,
    manifest: true,
    copyPublicDir: false,
    modulePreload: false,
    rolldownOptions: {
      input: { 'colloquy-app': 'src/embed.ts' },
      preserveEntrySignatures: 'strict',
      output: {
        entryFileNames: '[name].js',
        chunkFileNames: 'colloquy-[name]-[hash].js',
        codeSplitting: {
          groups: [{ name: 'core', tags: ['$initial'], test: (id: string) => !/[\\/]src[\\/]embed\.ts$/.test(id) }],
        },
      },
    },
  },
});
