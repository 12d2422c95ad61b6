// `npm run size`: what a page downloads, raw and gzip (level 9), against size-budget.json.
// Fails above budget. Run after `vite build`. The script-tag path comes in two stages (read
// from Vite's manifest): the reader stage is the loader plus dist/colloquy-reader.js and every
// chunk it imports statically; the interaction stage is dist/colloquy-app.js and the chunks it
// imports statically that the reader stage has not brought. The whole path is both. Chunks
// imported dynamically (DOMPurify, the MemoryAdapter, moderation) and catalogs are listed on their own.
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const budget = JSON.parse(readFileSync('size-budget.json', 'utf8'));
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const need = (file) => {
  if (!existsSync(file)) {
    console.error(`${file} is missing: run \`npm run build\` first.`);
    process.exit(1);
  }
  const raw = readFileSync(file);
  return { raw: raw.length, gzip: gzipSync(raw, { level: 9 }).length };
};

need('dist/.vite/manifest.json');
const manifest = JSON.parse(readFileSync('dist/.vite/manifest.json', 'utf8'));
/** `key`'s file and the files it imports statically, into `into`. */
const walk = (key, into = new Set()) => {
  const chunk = manifest[key];
  if (!chunk || into.has(chunk.file)) return into;
  into.add(chunk.file);
  for (const dep of chunk.imports ?? []) walk(dep, into);
  return into;
};
const dist = (files) => [...files].map((f) => `dist/${f}`);
const readerFiles = walk('src/reader.ts');
const appFiles = [...walk('src/embed.ts')].filter((f) => !readerFiles.has(f));
const lazy = new Map();
for (const key of new Set(Object.values(manifest).flatMap((c) => c.dynamicImports ?? []))) {
  const name = manifest[key].name.replace(/\.es$/, '');
  // A catalog (src/i18n/locales/<lang>.ts) is its own chunk, fetched when that language is used.
  lazy.set(/[\\/]i18n[\\/]locales[\\/]/.test(key) ? `catalog: ${name}` : `lazy: ${name}`, [`dist/${manifest[key].file}`]);
}

/** Artifacts: a name and the files it adds up. */
const artifacts = new Map([
  ['loader (dist/colloquy.js)', ['dist/colloquy.js']],
  ['reader stage (loader + reader + its chunks)', ['dist/colloquy.js', ...dist(readerFiles)]],
  ['interaction stage (app + the chunks it adds)', dist(appFiles)],
  ['script-tag path (both stages)', ['dist/colloquy.js', ...dist(readerFiles), ...dist(appFiles)]],
  ...[...lazy].sort(([a], [b]) => a.localeCompare(b)),
]);

let over = 0;
const rows = [];
console.log('artifact'.padEnd(48), 'raw'.padStart(9), 'gzip'.padStart(9), 'budget'.padStart(9));
for (const [name, files] of artifacts) {
  const size = files.map(need).reduce((a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip }), { raw: 0, gzip: 0 });
  const max = budget.gzip[name];
  if (max === undefined) {
    console.error(`size-budget.json has no budget for "${name}".`);
    over++;
  }
  const flag = max !== undefined && size.gzip > max ? '  OVER BUDGET' : '';
  if (flag) over++;
  rows.push({ name, ...size, budget: max });
  console.log(name.padEnd(48), kb(size.raw).padStart(9), kb(size.gzip).padStart(9), (max === undefined ? '—' : kb(max)).padStart(9) + flag);
}
if (process.argv.includes('--json')) console.log(JSON.stringify(rows));
if (over) {
  console.error(`\n${over} artifact(s) over budget or without one.`);
  process.exit(1);
}
const target = (name, size, max) => `${name} ${kb(max)} (${size > max ? `${kb(size - max)} over` : 'met'})`;
console.log(
  `\nWithin budget. Targets: ${target('loader', rows[0].gzip, budget.target.loader)}, ${target('reader stage', rows[1].gzip, budget.target.reader)}, ${target('whole path', rows[3].gzip, budget.target.path)} gzip.`,
);
