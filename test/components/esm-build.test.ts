/**
 * The ESM build for bundlers (dist/esm, built by `tsc -p tsconfig.build.json` before the browser
 * tests): importing the package entry registers the elements and exports the API.
 */
import { expect } from '@open-wc/testing';

describe('dist/esm (bundlers)', () => {
  it('registers the elements and exports the API', async () => {
    const entry = '/dist/esm/index.js';
    const mod = (await import(/* @vite-ignore */ entry)) as typeof import('../../src/index.js');
    expect(customElements.get('colloquy-comments')).to.equal(mod.ColloquyComments);
    expect(new mod.AdapterError('network', 'x').kind).to.equal('network');
    expect(typeof mod.setDefaultAdapter).to.equal('function');
    const page = await new mod.MemoryAdapter({ seed: { t: [{ body: 'hi' }] } }).listComments('t', {});
    expect(page.comments[0].body).to.equal('hi');
    // Importing it again (another bundle on the page) must not throw.
    mod.defineAll();
  });
});
