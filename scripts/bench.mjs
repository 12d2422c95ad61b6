// `npm run bench`: issue 7's figures for Colloquy against the browser's floor (the same comments as
// static semantic HTML set with innerHTML, with and without content-visibility), in headless
// Chromium. Colloquy is driven only through its public API and parts (bench/bench.html), so the
// same benchmark serves one element per comment and one shadow root for the whole list. Runs are
// interleaved (Colloquy, floor, floor+cv, Colloquy variants, first pages, cold script-tag load)
// for BENCH_RUNS rounds (default 5); figures are medians. Prints one table and writes
// bench/results.json with every figure and the raw samples. A benchmark, not a test: nothing asserts.
import { createServer } from 'node:http';
import { readFile, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { CHROME_ARGS, findChrome } from './chrome-path.mjs';

const ROOT = process.cwd();
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 5));
const KEYSTROKES = 30;
const REPLIES = 10;
const MAIN = 1273; // 1,000 top-level comments + 273 replies
const TYPES = { '.html': 'text/html', '.json': 'application/json', '.svg': 'image/svg+xml', '.css': 'text/css', '.js': 'text/javascript', '.mjs': 'text/javascript' };

// The repository root, over loopback only.
const server = createServer(async (req, res) => {
  const file = normalize(join(ROOT, decodeURIComponent(new URL(req.url, 'http://x').pathname)));
  if (!file.startsWith(ROOT + sep)) return res.writeHead(404).end();
  try {
    const body = await readFile(file);
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${server.address().port}`;
const url = `${origin}/bench/bench.html`;
const browser = await chromium.launch({
  executablePath: findChrome() ?? undefined,
  args: [...CHROME_ARGS.filter((a) => !a.startsWith('--headless')), '--enable-precise-memory-info', '--js-flags=--expose-gc'],
});

const offLoopback = new Set();
const pageErrors = [];
let hardwareConcurrency = null;
async function openPage(onResponse) {
  const page = await browser.newPage();
  page.on('request', (r) => {
    if (!r.url().startsWith(origin) && !r.url().startsWith('data:')) offLoopback.add(r.url());
  });
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  if (onResponse) page.on('response', onResponse);
  await page.goto(url);
  hardwareConcurrency ??= await page.evaluate(() => navigator.hardwareConcurrency);
  const cdp = await page.context().newCDPSession(page);
  return { page, cdp };
}
/** V8's heap and Blink's (Oilpan: DOM nodes, styles) after gc, from the DevTools protocol. */
async function heapUsage(cdp) {
  const u = await cdp.send('Runtime.getHeapUsage');
  return { v8: u.usedSize, embedder: u.embedderHeapUsedSize ?? null };
}

/** Keystrokes into the main form's textarea (real key events) and reply forms opened by mouse clicks. */
async function interactions(page) {
  const keys = [];
  const prep = await page.evaluate(() => window.bench.prepareKeys());
  if (prep.error) return { error: prep.error };
  for (let k = 0; k < KEYSTROKES; k++) {
    await page.evaluate(() => window.bench.armKey());
    await page.keyboard.press('a');
    keys.push(await page.evaluate(() => window.bench.keyResult()));
  }
  const replies = [];
  for (let k = 0; k < REPLIES; k++) {
    const at = await page.evaluate(([i, of]) => window.bench.prepareReply(i, of), [k, REPLIES]);
    await page.mouse.click(at.x, at.y);
    const r = await page.evaluate(() => window.bench.replyResult());
    await page.keyboard.press('Escape');
    const closed = await page.evaluate(() => window.bench.replyClosed());
    replies.push({ ...r, index: at.index, hitButton: at.hitButton, closed });
  }
  return { focusedBefore: prep.focused, keys, replies };
}

async function colloquy(opts, { interact = false, natural = false } = {}) {
  const fetched = [];
  const { page, cdp } = await openPage(
    natural &&
      ((r) => {
        const path = new URL(r.url()).pathname;
        if (path.startsWith('/dist/') && path.endsWith('.js')) fetched.push(r.body().then((b) => ({ path, raw: b.length, gzip: gzipSync(b, { level: 9 }).length })));
      }),
  );
  try {
    const base = await page.evaluate((o) => window.bench.prepareColloquy(o), { n: opts.n, natural });
    const baseCdp = await heapUsage(cdp);
    const run = await page.evaluate((o) => window.bench.runColloquy(o), opts);
    const m = await page.evaluate(() => window.bench.measure());
    const after = await heapUsage(cdp);
    const out = { ...run, ...m, thread: { tops: base.tops, replies: base.replies, nested: base.nested }, heapBase: base.heap, cdpBase: baseCdp, cdpAfter: after };
    if (interact) out.interactions = await interactions(page);
    if (natural) {
      // The interaction stage arrives after the first comment (when the browser is idle): when, and what it added.
      out.interactiveMs = await page.evaluate(async (t0) => {
        await window.Colloquy.ready;
        return performance.now() - t0;
      }, run.t0);
      await page.waitForTimeout(100);
      out.fetched = await Promise.all(fetched);
    }
    return out;
  } finally {
    await page.close();
  }
}

async function floor(cv) {
  const { page, cdp } = await openPage();
  try {
    const base = await page.evaluate((o) => window.bench.prepareFloor(o), { n: MAIN, cv });
    const baseCdp = await heapUsage(cdp);
    const run = await page.evaluate(() => window.bench.runFloor());
    const m = await page.evaluate(() => window.bench.measure());
    const after = await heapUsage(cdp);
    return { ...run, ...m, heapBase: base.heap, cdpBase: baseCdp, cdpAfter: after, interactions: await interactions(page) };
  } finally {
    await page.close();
  }
}

const median = (xs) => {
  const s = xs.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return null;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const VARIANTS = {
  main: { label: '1,273 shown, page-size 100, a frame before each Load more click', opts: { n: MAIN, pageSize: 100, all: true, frameBeforeClick: true }, interact: true },
  noWait: { label: '1,273 shown, page-size 100, Load more clicked as soon as enabled', opts: { n: MAIN, pageSize: 100, all: true, frameBeforeClick: false } },
  bigPages: { label: '1,273 shown, pageSize property 1000 (pages of ≤ 1,000 comments)', opts: { n: MAIN, pageSize: 100, pageSizeProperty: 1000, all: true, frameBeforeClick: false } },
  first100: { label: 'first page, 100-comment thread', opts: { n: 100, pageSize: 100 } },
  first1000: { label: 'first page, 1,000-comment thread', opts: { n: 1000, pageSize: 100 } },
  first10000: { label: 'first page, 10,000-comment thread', opts: { n: 10000, pageSize: 100 } },
};
const samples = { floor: [], floorCv: [], natural: [], ...Object.fromEntries(Object.keys(VARIANTS).map((k) => [k, []])) };

const started = Date.now();
for (let round = 0; round < RUNS; round++) {
  samples.main.push(await colloquy(VARIANTS.main.opts, { interact: true }));
  samples.floor.push(await floor(false));
  samples.floorCv.push(await floor(true));
  for (const k of ['noWait', 'bigPages', 'first100', 'first1000', 'first10000']) samples[k].push(await colloquy(VARIANTS[k].opts));
  samples.natural.push(await colloquy({ n: MAIN, pageSize: 100 }, { natural: true }));
  process.stderr.write(`round ${round + 1}/${RUNS} done (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
}
// lit-html's own floor: the same markup rendered by lit-html alone (no Colloquy code), beside innerHTML.
const litFloor = await (async () => {
  const page = await browser.newPage();
  try {
    await page.goto(`${origin}/bench/lit-floor.html`);
    await page.waitForFunction(() => window.litFloor);
    return await page.evaluate(() => window.litFloor());
  } finally {
    await page.close();
  }
})();
const chromiumVersion = browser.version();
await browser.close();
server.close();

// ---- Figures.
const errors = Object.entries(samples).flatMap(([k, xs]) => xs.filter((x) => x.error || x.interactions?.error).map((x) => `${k}: ${x.error ?? x.interactions.error}`));
const med = (k, f) => median(samples[k].map(f));
const MB = 1048576;
const keyOf = (k) => samples[k].flatMap((s) => s.interactions?.keys ?? []);
const replyOf = (k) => samples[k].flatMap((s) => s.interactions?.replies ?? []);
const nodesPer = (k, part = 'total') => med(k, (s) => s.nodes[part] / s.shown);
const heapDelta = (k) => med(k, (s) => (s.heap === null ? null : s.heap - s.heapBase));
const natural0 = samples.natural[0];
const readerFiles = natural0.fetched.filter((f) => natural0.scriptsAtFirst.includes(f.path));
const laterFiles = natural0.fetched.filter((f) => !natural0.scriptsAtFirst.includes(f.path));
const gzipBytes = readerFiles.reduce((a, f) => a + f.gzip, 0);
const rawBytes = readerFiles.reduce((a, f) => a + f.raw, 0);
const laterGzip = laterFiles.reduce((a, f) => a + f.gzip, 0);

const figures = {
  renderAllMs: { colloquy: med('main', (s) => s.all), floor: med('floor', (s) => s.all), floorCv: med('floorCv', (s) => s.all) },
  renderAllNoClickFramesMs: { colloquy: med('main', (s) => s.all - s.waitsMs) },
  renderAllClickedAtOnceMs: { colloquy: med('noWait', (s) => s.all) },
  renderAllBigPagesMs: { colloquy: med('bigPages', (s) => s.all) },
  loadMoreClicks: { main: med('main', (s) => s.clicks), bigPages: med('bigPages', (s) => s.clicks) },
  harnessMs: { main: med('main', (s) => s.harnessMs), noWait: med('noWait', (s) => s.harnessMs), bigPages: med('bigPages', (s) => s.harnessMs) },
  clickFrameWaitsMs: { main: med('main', (s) => s.waitsMs) },
  shown: { colloquy: samples.main[0].shown, floor: samples.floor[0].shown, floorCv: samples.floorCv[0].shown },
  nodesPerComment: { colloquy: nodesPer('main'), floor: nodesPer('floor') },
  elementsPerComment: { colloquy: nodesPer('main', 'elements'), floor: nodesPer('floor', 'elements') },
  nodes: { colloquy: samples.main[0].nodes, floor: samples.floor[0].nodes },
  jsHeapMB: {
    colloquyDelta: heapDelta('main') / MB,
    floorDelta: heapDelta('floor') / MB,
    floorCvDelta: heapDelta('floorCv') / MB,
    colloquyAbsolute: med('main', (s) => s.heap) / MB,
    colloquyBaseline: med('main', (s) => s.heapBase) / MB,
    floorAbsolute: med('floor', (s) => s.heap) / MB,
    floorBaseline: med('floor', (s) => s.heapBase) / MB,
  },
  blinkHeapDeltaMB: {
    colloquy: med('main', (s) => (s.cdpAfter.embedder ?? NaN) - (s.cdpBase.embedder ?? NaN)) / MB,
    floor: med('floor', (s) => (s.cdpAfter.embedder ?? NaN) - (s.cdpBase.embedder ?? NaN)) / MB,
  },
  scriptTagPath: {
    gzipBytes,
    rawBytes,
    interactionGzipBytes: laterGzip,
    files: natural0.fetched,
    coldFirstCommentMs: med('natural', (s) => s.first),
    coldInteractiveMs: med('natural', (s) => s.interactiveMs),
  },
  firstPageMs: Object.fromEntries(['first100', 'first1000', 'first10000'].map((k) => [k, { ms: med(k, (s) => s.first), shown: samples[k][0].shown }])),
  keystrokeMs: {
    colloquyToCounter: median(keyOf('main').map((k) => k.text)),
    colloquyToFrame: median(keyOf('main').map((k) => k.frame)),
    floorToCounter: median(keyOf('floor').map((k) => k.text)),
    floorToFrame: median(keyOf('floor').map((k) => k.frame)),
    samples: keyOf('main').length,
  },
  replyOpenMs: {
    colloquy: median(replyOf('main').map((r) => r.fromClick)),
    colloquyFromPointerdown: median(replyOf('main').map((r) => r.fromPointerdown)),
    floor: median(replyOf('floor').map((r) => r.fromClick)),
    floorCv: median(replyOf('floorCv').map((r) => r.fromClick)),
    samples: replyOf('main').length,
    colloquyFocusParts: [...new Set(replyOf('main').map((r) => r.focusPart))],
    allUnderClickedComment: replyOf('main').every((r) => r.ok && r.underClicked && r.hitButton && r.closed),
  },
};

// ---- The table.
const cores = cpus();
console.log(`\nMachine: ${cores.length} cores (${cores[0]?.model.trim()}), ${(totalmem() / 2 ** 30).toFixed(1)} GB, navigator.hardwareConcurrency ${hardwareConcurrency}; Chromium ${chromiumVersion} (headless); Node ${process.version}`);
console.log(`Thread: ${samples.main[0].thread.tops} top-level + ${samples.main[0].thread.replies} replies (${samples.main[0].thread.nested} two levels deep); median of ${RUNS} rounds, interleaved.\n`);
const ms = (x) => (x === null || x === undefined || Number.isNaN(x) ? '—' : x >= 100 ? `${x.toFixed(0)} ms` : `${x.toFixed(1)} ms`);
const num = (x, d = 1) => (x === null || x === undefined || Number.isNaN(x) ? '—' : x.toFixed(d));
const ratio = (a, b) => (a === null || b === null || a === undefined || b === undefined || !b ? '—' : `${(a / b).toFixed(2)}×`);
const rows = [];
const row = (figure, c, f, r, fcv = '', rcv = '') => rows.push([figure, c, f, r, fcv, rcv]);
const F = figures;
row('figure', 'Colloquy', 'floor', 'ratio', 'floor+cv', 'ratio');
row(`1,273 shown (Load more ×${F.loadMoreClicks.main}, frame before each click)`, ms(F.renderAllMs.colloquy), ms(F.renderAllMs.floor), ratio(F.renderAllMs.colloquy, F.renderAllMs.floor), ms(F.renderAllMs.floorCv), ratio(F.renderAllMs.colloquy, F.renderAllMs.floorCv));
row('  same, minus the frames waited before clicks', ms(F.renderAllNoClickFramesMs.colloquy), ms(F.renderAllMs.floor), ratio(F.renderAllNoClickFramesMs.colloquy, F.renderAllMs.floor), ms(F.renderAllMs.floorCv), ratio(F.renderAllNoClickFramesMs.colloquy, F.renderAllMs.floorCv));
row('  Load more clicked as soon as enabled', ms(F.renderAllClickedAtOnceMs.colloquy), ms(F.renderAllMs.floor), ratio(F.renderAllClickedAtOnceMs.colloquy, F.renderAllMs.floor), ms(F.renderAllMs.floorCv), ratio(F.renderAllClickedAtOnceMs.colloquy, F.renderAllMs.floorCv));
row(`  pageSize property 1000 (Load more ×${F.loadMoreClicks.bigPages})`, ms(F.renderAllBigPagesMs.colloquy), ms(F.renderAllMs.floor), ratio(F.renderAllBigPagesMs.colloquy, F.renderAllMs.floor), ms(F.renderAllMs.floorCv), ratio(F.renderAllBigPagesMs.colloquy, F.renderAllMs.floorCv));
row('DOM nodes per comment (elements+text+comment)', num(F.nodesPerComment.colloquy), num(F.nodesPerComment.floor), ratio(F.nodesPerComment.colloquy, F.nodesPerComment.floor));
row('  of which elements', num(F.elementsPerComment.colloquy), num(F.elementsPerComment.floor), ratio(F.elementsPerComment.colloquy, F.elementsPerComment.floor));
row('JS heap after gc, delta over baseline (MB)', num(F.jsHeapMB.colloquyDelta, 2), num(F.jsHeapMB.floorDelta, 2), ratio(F.jsHeapMB.colloquyDelta, F.jsHeapMB.floorDelta), num(F.jsHeapMB.floorCvDelta, 2), ratio(F.jsHeapMB.colloquyDelta, F.jsHeapMB.floorCvDelta));
row('JS heap after gc, absolute (MB)', `${num(F.jsHeapMB.colloquyAbsolute, 2)} (base ${num(F.jsHeapMB.colloquyBaseline, 2)})`, `${num(F.jsHeapMB.floorAbsolute, 2)} (base ${num(F.jsHeapMB.floorBaseline, 2)})`, ratio(F.jsHeapMB.colloquyAbsolute, F.jsHeapMB.floorAbsolute));
row('Blink (DOM) heap delta, CDP (MB)', num(F.blinkHeapDeltaMB.colloquy, 2), num(F.blinkHeapDeltaMB.floor, 2), ratio(F.blinkHeapDeltaMB.colloquy, F.blinkHeapDeltaMB.floor));
row(`script-tag reader stage, gzip -9 of /dist/*.js fetched by the first comment (${readerFiles.length} files)`, `${(gzipBytes / 1024).toFixed(1)} KB`, '0 KB', '—');
row('  cold: loader + reader stage, first comment + frame', ms(F.scriptTagPath.coldFirstCommentMs), ms(F.renderAllMs.floor), ratio(F.scriptTagPath.coldFirstCommentMs, F.renderAllMs.floor), ms(F.renderAllMs.floorCv), ratio(F.scriptTagPath.coldFirstCommentMs, F.renderAllMs.floorCv));
row(`  then the interaction stage (${laterFiles.length} files, fetched when idle)`, `${(laterGzip / 1024).toFixed(1)} KB`, '', '');
row('  cold: interaction stage in place (Colloquy.ready)', ms(F.scriptTagPath.coldInteractiveMs), '', '');
for (const [k, n] of [['first10000', '10,000'], ['first1000', '1,000'], ['first100', '100']]) {
  const v = F.firstPageMs[k];
  row(`first page of ${n}-comment thread (${v.shown} shown) vs 1,273 floor`, ms(v.ms), ms(F.renderAllMs.floor), ratio(v.ms, F.renderAllMs.floor), ms(F.renderAllMs.floorCv), ratio(v.ms, F.renderAllMs.floorCv));
}
row(`keystroke → counter text, 1,273 shown (median of ${F.keystrokeMs.samples})`, ms(F.keystrokeMs.colloquyToCounter), ms(F.keystrokeMs.floorToCounter), ratio(F.keystrokeMs.colloquyToCounter, F.keystrokeMs.floorToCounter));
row('  keystroke → next frame', ms(F.keystrokeMs.colloquyToFrame), ms(F.keystrokeMs.floorToFrame), ratio(F.keystrokeMs.colloquyToFrame, F.keystrokeMs.floorToFrame));
row(`click Reply → focus in reply form + frame (median of ${F.replyOpenMs.samples})`, ms(F.replyOpenMs.colloquy), ms(F.replyOpenMs.floor), ratio(F.replyOpenMs.colloquy, F.replyOpenMs.floor), ms(F.replyOpenMs.floorCv), ratio(F.replyOpenMs.colloquy, F.replyOpenMs.floorCv));
row('  same, from pointerdown', ms(F.replyOpenMs.colloquyFromPointerdown), '', '');
const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
for (const [i, r] of rows.entries()) {
  console.log(r.map((c, j) => (j === 0 ? String(c).padEnd(widths[j]) : String(c).padStart(widths[j]))).join('  '));
  if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
}
console.log(
  `\nLoad more: ${F.loadMoreClicks.main} clicks; frames waited before them ${ms(F.clickFrameWaitsMs.main)}; harness DOM searches inside the timed interval ${ms(F.harnessMs.main)} (clicked at once: ${ms(F.harnessMs.noWait)}; pageSize 1000: ${ms(F.harnessMs.bigPages)}), included above.`,
);
console.log(
  `lit-html alone, the same comments' markup in one shadow root with content-visibility (median of 7): innerHTML ${litFloor.static} ms, one flat template each ${litFloor.flat} ms, nested like Colloquy's ${litFloor.nested} ms. What Colloquy adds beyond that is its own work.`,
);
console.log(`Reply form: focus lands on ${F.replyOpenMs.colloquyFocusParts.join(', ')}; every sample opened under the clicked comment and closed with Escape: ${F.replyOpenMs.allUnderClickedComment}.`);
if (offLoopback.size) console.log(`Requests that were not to loopback (${offLoopback.size}): ${[...offLoopback].slice(0, 5).join(', ')}`);
if (errors.length) console.log(`Errors: ${errors.join('; ')}`);
if (pageErrors.length) console.log(`Page errors: ${[...new Set(pageErrors)].slice(0, 5).join('; ')}`);

const results = {
  date: new Date().toISOString(),
  runs: RUNS,
  machine: { cores: cores.length, hardwareConcurrency, model: cores[0]?.model.trim(), totalMemGB: totalmem() / 2 ** 30, node: process.version },
  chromium: chromiumVersion,
  variants: Object.fromEntries(Object.entries(VARIANTS).map(([k, v]) => [k, { label: v.label, opts: v.opts }])),
  figures,
  litFloorMs: litFloor,
  offLoopbackRequests: [...offLoopback],
  errors,
  pageErrors: [...new Set(pageErrors)],
  samples,
};
await writeFile('bench/results.json', JSON.stringify(results, null, 2) + '\n');
console.log(`\nwrote bench/results.json (${((Date.now() - started) / 1000).toFixed(0)} s)`);
