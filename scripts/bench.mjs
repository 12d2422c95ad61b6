// `npm run bench`: Colloquy against the browser's floor (the same comments as static HTML set
// with innerHTML), in headless Chromium, on threads of 100, 1,000 and 10,000 comments. Prints
// medians and ratios and writes bench/results.json. A benchmark, not a test: nothing asserts.
import { createServer } from 'node:http';
import { readFile, writeFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROME_ARGS, findChrome } from './chrome-path.mjs';

const ROOT = process.cwd();
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const server = createServer(async (req, res) => {
  const file = normalize(join(ROOT, decodeURIComponent(new URL(req.url, 'http://x').pathname)));
  if (!file.startsWith(ROOT + sep)) return res.writeHead(404).end();
  try {
    const body = await readFile(file);
    res.writeHead(200, { 'content-type': extname(file) === '.html' ? 'text/html' : extname(file) === '.json' ? 'application/json' : 'text/javascript' });
    res.end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${server.address().port}/bench/bench.html`;
const browser = await chromium.launch({
  executablePath: findChrome() ?? undefined,
  args: [...CHROME_ARGS.filter((a) => !a.startsWith('--headless')), '--enable-precise-memory-info', '--js-flags=--expose-gc'],
});

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = { date: new Date().toISOString(), runs: RUNS, chromium: browser.version(), scenarios: [] };
const scenarios = [
  { n: 100, pages: 1 },
  { n: 1000, pages: 1 },
  { n: 10000, pages: 1 },
  { n: 1000, pages: 10, label: '1,000 comments all shown' },
];
for (const s of scenarios) {
  const c = [];
  const f = [];
  for (let i = 0; i < RUNS; i++) {
    const page = await browser.newPage();
    await page.goto(url);
    c.push(await page.evaluate(([n, pages]) => window.runColloquy(n, pages), [s.n, s.pages]));
    await page.close();
    const floorPage = await browser.newPage();
    await floorPage.goto(url);
    f.push(await floorPage.evaluate(([n, shown]) => window.runFloor(n, shown), [s.n, c.at(-1).shown]));
    await floorPage.close();
  }
  const row = {
    scenario: s.label ?? `${s.n.toLocaleString('en')} comments, first page`,
    shown: c[0].shown,
    firstRenderMs: median(c.map((x) => x.first)),
    renderAllMs: median(c.map((x) => x.all)),
    floorMs: median(f.map((x) => x.all)),
    keystrokeMs: median(c.map((x) => x.keystroke)),
    heapMB: c[0].heap === null ? null : median(c.map((x) => x.heap)) / 1048576,
    floorHeapMB: f[0].heap === null ? null : median(f.map((x) => x.heap)) / 1048576,
  };
  row.ratioToFloor = row.renderAllMs / row.floorMs;
  results.scenarios.push(row);
  console.log(
    `${row.scenario.padEnd(28)} shown ${String(row.shown).padStart(5)} | first render ${row.firstRenderMs.toFixed(1)} ms | all ${row.renderAllMs.toFixed(1)} ms | floor ${row.floorMs.toFixed(1)} ms | ratio ${row.ratioToFloor.toFixed(2)}x | keystroke ${row.keystrokeMs.toFixed(2)} ms | heap ${row.heapMB?.toFixed(1)} MB (floor ${row.floorHeapMB?.toFixed(1)} MB)`,
  );
}
await browser.close();
server.close();
await writeFile('bench/results.json', JSON.stringify(results, null, 2) + '\n');
console.log('\nwrote bench/results.json (median of', RUNS, 'runs each)');
