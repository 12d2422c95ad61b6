import { defineConfig } from 'vite';

// The script-tag bundle: one self-contained file, dist/colloquy.js, that registers the elements
// and sets window.Colloquy. The ESM build for bundlers is made by `tsc -p tsconfig.build.json`.
export default defineConfig({
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
