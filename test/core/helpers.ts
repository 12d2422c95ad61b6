import assert from 'node:assert/strict';
import { AdapterError } from '../../src/core/adapter.js';

/** Asserts that a promise rejects with an AdapterError of `kind`, and returns the error. */
export async function rejectsWith(promise: Promise<unknown>, kind: AdapterError['kind']): Promise<AdapterError> {
  let caught: unknown;
  await assert.rejects(promise, (err: unknown) => {
    caught = err;
    return true;
  });
  assert.ok(caught instanceof AdapterError, `expected an AdapterError, got ${String(caught)}`);
  assert.equal(caught.kind, kind);
  return caught;
}
