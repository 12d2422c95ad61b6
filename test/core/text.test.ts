import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { countGraphemes } from '../../src/core/text.js';

describe('countGraphemes', () => {
  it('counts a flag as one', () => {
    assert.equal(countGraphemes('🇵🇰'), 1);
  });
});
