import { readdirSync, readFileSync } from 'node:fs';
import { build as esbuild } from 'esbuild';
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
 * line breaks or comments. Collapsing them in the build only (sources stay readable) saves
 * bytes on every page. Only whitespace around CSS punctuation is dropped, never inside strings.
 */
function minifyCssTemplates(): Plugin {
  return {
    name: 'colloquy-minify-css-templates',
    enforce: 'pre',
    transform(code, id) {
      if (!/\/src\/.*\.ts$/.test(id) || !code.includes('css`')) return null;
      const out = code.replace(/css`([^`]*)`/g, (_m, body: string) => {
        const min = body
          .replace(/\/\*[\s\S]*?\*\//g, '')
          .replace(/\s+/g, ' ')
          .replace(/ ?([{};,>]) ?/g, '$1')
          .replace(/ ?: /g, ':')
          .replace(/;}/g, '}')
          .trim();
        return `css\`${min}\``;
      });
      return { code: out, map: null };
    },
  };
}

// The script-tag path: dist/colloquy.js (loader) imports dist/colloquy-app.js (ES module), which
// imports its shared chunks; DOMPurify, the MemoryAdapter and the catalogs are fetched on demand.
// The ESM build for bundlers is made by `tsc -p tsconfig.build.json`.
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
      },
    },
  },
});
