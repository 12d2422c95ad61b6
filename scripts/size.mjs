// `npm run size`: the size of what a page downloads, raw and gzip (level 9), against the budget
// in size-budget.json. Fails above budget. Run after `npm run build`.
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const budget = JSON.parse(readFileSync('size-budget.json', 'utf8'));
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
let over = 0;
console.log('artifact'.padEnd(28), 'raw'.padStart(10), 'gzip'.padStart(10), 'budget'.padStart(10));
for (const [file, max] of Object.entries(budget.gzip)) {
  if (!existsSync(file)) {
    console.error(`${file} is missing: run \`npm run build\` first.`);
    process.exit(1);
  }
  const raw = readFileSync(file);
  const gz = gzipSync(raw, { level: 9 }).length;
  const flag = gz > max ? '  OVER BUDGET' : '';
  if (gz > max) over++;
  console.log(file.padEnd(28), kb(raw.length).padStart(10), kb(gz).padStart(10), kb(max).padStart(10) + flag);
}
if (over) {
  console.error(`\n${over} artifact(s) over budget.`);
  process.exit(1);
}
console.log(`\nWithin budget (target for the script-tag path: ${kb(budget.target)} gzip).`);
