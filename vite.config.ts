import { readdirSync, readFileSync } from 'node:fs';
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

// The script-tag bundle: one self-contained file, dist/colloquy.js, that registers the elements
// and sets window.Colloquy. The ESM build for bundlers is made by `tsc -p tsconfig.build.json`.
export default defineConfig({
  plugins: [locales()],
  // An IIFE has no import.meta: the catalogs' base URL is the script's own, read while it runs.
  define: { 'import.meta.url': '(document.currentScript && document.currentScript.src || document.baseURI)' },
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: false,
    sourcemap: true,
    lib: {
      entry: 'src/embed.ts',
      formats: ['iife'],
      name: 'ColloquyBundle',
      fileName: () => 'colloquy.js',
    },
  },
});
