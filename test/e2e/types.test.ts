/**
 * The framework types as a site developer's TypeScript app sees them: a strict React 19 project
 * (in a temporary folder, with `colloquy` installed as a symlink to this repository, after the
 * build) type-checks the React example of docs/embedding.md, with the event handler's parameter inferred;
 * a misspelt attribute and a wrong `detail` field fail `tsc` with the errors a developer reads.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let app: string;

before(() => {
  assert.ok(existsSync(join(ROOT, 'dist/esm/frameworks/react.d.ts')), 'dist/esm is missing: run `npm run build` first');
  app = mkdtempSync(join(tmpdir(), 'colloquy-react-app-'));
  mkdirSync(join(app, 'node_modules', '@types'), { recursive: true });
  symlinkSync(ROOT, join(app, 'node_modules', 'colloquy'), 'dir');
  symlinkSync(join(ROOT, 'node_modules', '@types', 'react'), join(app, 'node_modules', '@types', 'react'), 'dir');
  for (const pkg of ['vue', 'svelte', '@vue']) symlinkSync(join(ROOT, 'node_modules', pkg), join(app, 'node_modules', pkg), 'dir');
});
after(() => app && rmSync(app, { recursive: true, force: true }));

/** `tsc --noEmit --strict` on one file of the app: the messages of its errors. */
function check(source: string): string[] {
  const file = join(app, `app-${Math.random().toString(36).slice(2)}.tsx`);
  writeFileSync(file, source);
  const program = ts.createProgram([file], {
    strict: true,
    noEmit: true,
    jsx: ts.JsxEmit.ReactJSX,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    types: [],
    skipLibCheck: true,
    experimentalDecorators: true,
  });
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

const header = `import 'colloquy';
import type {} from 'colloquy/react';
import { RestAdapter } from 'colloquy';
const adapter = new RestAdapter({ baseUrl: 'https://comments.example.com' });
`;

describe('React 19 types (colloquy/react)', () => {
  it("type-checks the README's example, the handler's event typed with its detail", () => {
    const errors = check(`${header}
export function Comments({ articleId }: { articleId: string }) {
  return (
    <colloquy-comments
      thread={articleId}
      policy-href="/comment-policy"
      adapter={adapter}
      page-size={50}
      oncolloquy-comment-posted={(e) => console.log('posted', e.detail.comment.id)}
      oncolloquy-error={(e) => console.warn(e.detail.action, e.detail.error.kind)}
    />
  );
}
export const Count = () => <colloquy-count thread="a1" />;
`);
    assert.deepEqual(errors, []);
  });

  it('fails on a misspelt attribute and on a detail field that does not exist', () => {
    const misspelt = check(`${header}export const A = () => <colloquy-comments threadd="a1" />;\n`);
    assert.equal(misspelt.length, 1, misspelt.join('\n'));
    assert.match(misspelt[0]!, /Property 'threadd' does not exist/);
    const wrongDetail = check(`${header}export const B = () => <colloquy-comments thread="a1" oncolloquy-comment-posted={(e) => e.detail.nope} />;\n`);
    assert.equal(wrongDetail.length, 1, wrongDetail.join('\n'));
    assert.match(wrongDetail[0]!, /Property 'nope' does not exist on type 'CommentPostedDetail'/);
    const wrongType = check(`${header}export const C = () => <colloquy-comments thread="a1" adapter="not an adapter" />;\n`);
    assert.equal(wrongType.length, 1, wrongType.join('\n'));
  });
});

describe('Vue 3 and Svelte 5 types (colloquy/vue, colloquy/svelte)', () => {
  it("Vue's GlobalComponents: props typed, listeners with their detail, a misspelt prop refused", () => {
    const vue = `import type {} from 'colloquy/vue';
import type { GlobalComponents } from 'vue';
import { RestAdapter } from 'colloquy';
type Props = InstanceType<GlobalComponents['colloquy-comments']>['$props'];
export const ok: Props = { thread: 'a1', 'policy-href': '/policy', adapter: new RestAdapter({ baseUrl: '/' }), onColloquyCommentPosted: (e) => void e.detail.comment.id };
`;
    assert.deepEqual(check(vue), []);
    const bad = check(`${vue}export const bad: Props = { threadd: 'a1' };\nexport const wrong: Props = { onColloquyError: (e) => e.detail.nope };\n`);
    assert.equal(bad.length, 2, bad.join('\n'));
    assert.match(bad.join('\n'), /'threadd' does not exist/);
    assert.match(bad.join('\n'), /Property 'nope' does not exist on type 'ErrorDetail'/);
  });

  it("Svelte's elements: attributes and properties typed, oncolloquy-* handlers with their detail, a misspelt attribute refused", () => {
    const svelte = `import type {} from 'colloquy/svelte';
import type { SvelteHTMLElements } from 'svelte/elements';
type Attrs = SvelteHTMLElements['colloquy-comments'];
export const ok: Attrs = { thread: 'a1', 'page-size': 50, class: 'comments', 'oncolloquy-comment-posted': (e) => void e.detail.comment.id };
`;
    assert.deepEqual(check(svelte), []);
    const bad = check(`${svelte}export const bad: Attrs = { threadd: 'a1' };\n`);
    assert.equal(bad.length, 1, bad.join('\n'));
    assert.match(bad[0]!, /'threadd' does not exist/);
  });
});

describe('Vue single-file components under vue-tsc (strictTemplates)', () => {
  it('checks a template: the README-style use passes; a misspelt attribute and a wrong detail field fail', () => {
    const dir = mkdtempSync(join(app, 'vue-'));
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { strict: true, noEmit: true, module: 'ESNext', moduleResolution: 'Bundler', target: 'ES2022', lib: ['ES2022', 'DOM'], skipLibCheck: true, types: [] },
        vueCompilerOptions: { strictTemplates: true },
        include: ['*.vue'],
      }),
    );
    const sfc = (template: string) => `<script setup lang="ts">
import 'colloquy';
import type {} from 'colloquy/vue';
import { RestAdapter } from 'colloquy';
const adapter = new RestAdapter({ baseUrl: 'https://comments.example.com' });
defineProps<{ articleId: string }>();
</script>

<template>
  ${template}
</template>
`;
    const vueTsc = (files: Record<string, string>) => {
      for (const f of ['App.vue', 'Bad.vue']) rmSync(join(dir, f), { force: true });
      for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
      const run = spawnSync(process.execPath, [join(ROOT, 'node_modules/vue-tsc/bin/vue-tsc.js'), '--noEmit', '-p', join(dir, 'tsconfig.json')], { cwd: dir, encoding: 'utf8' });
      return { status: run.status, out: `${run.stdout}${run.stderr}` };
    };
    const good = vueTsc({ 'App.vue': sfc('<colloquy-comments :thread="articleId" :adapter="adapter" policy-href="/policy" @colloquy-comment-posted="(e) => console.log(e.detail.comment.id)" />') });
    assert.equal(good.status, 0, good.out);
    const bad = vueTsc({ 'Bad.vue': sfc('<colloquy-comments threadd="x" :adapter="adapter" @colloquy-error="(e) => console.warn(e.detail.nope)" />') });
    assert.notEqual(bad.status, 0);
    assert.match(bad.out, /'threadd' does not exist/);
    assert.match(bad.out, /Property 'nope' does not exist on type 'ErrorDetail'/);
  });
});

describe('Svelte components under svelte-check', () => {
  it('checks markup: attributes, properties and oncolloquy-* handlers pass; a misspelt attribute and a wrong detail field fail', () => {
    const dir = mkdtempSync(join(app, 'svelte-'));
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { strict: true, noEmit: true, module: 'ESNext', moduleResolution: 'Bundler', target: 'ES2022', lib: ['ES2022', 'DOM'], skipLibCheck: true, types: [], verbatimModuleSyntax: true },
        include: ['*.svelte'],
      }),
    );
    const component = (markup: string) => `<script lang="ts">
  import 'colloquy';
  import type {} from 'colloquy/svelte';
  let { articleId }: { articleId: string } = $props();
</script>

${markup}
`;
    const svelteCheck = (files: Record<string, string>) => {
      for (const f of ['App.svelte', 'Bad.svelte']) rmSync(join(dir, f), { force: true });
      for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
      const run = spawnSync(process.execPath, [join(ROOT, 'node_modules/svelte-check/bin/svelte-check'), '--tsconfig', join(dir, 'tsconfig.json'), '--workspace', dir, '--output', 'machine'], { cwd: dir, encoding: 'utf8' });
      return { status: run.status, out: `${run.stdout}${run.stderr}` };
    };
    const good = svelteCheck({ 'App.svelte': component('<colloquy-comments thread={articleId} page-size={50} oncolloquy-comment-posted={(e) => console.log(e.detail.comment.id)}></colloquy-comments>') });
    assert.equal(good.status, 0, good.out);
    const bad = svelteCheck({ 'Bad.svelte': component('<colloquy-comments thread={articleId} threadd="x" oncolloquy-error={(e) => console.warn(e.detail.nope)}></colloquy-comments>') });
    assert.notEqual(bad.status, 0);
    assert.match(bad.out, /threadd.*does not exist/);
    assert.match(bad.out, /Property 'nope' does not exist on type 'ErrorDetail'/);
  });
});
