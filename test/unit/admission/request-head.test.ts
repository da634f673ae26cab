import assert from 'node:assert/strict';
import { readRequestHead } from '../../../src/admission/request-head.js';
import { reviewFixture } from '../../support/fixtures.js';

const POD_HEAD = {
  uid: '00000000-0000-4000-8000-000000000001',
  kind: { group: '', kind: 'Pod' },
  name: 'web',
  namespace: 'shop',
  operation: 'CREATE',
};

describe('readRequestHead', () => {
  it('reads uid, kind, name, namespace and operation of a whole review', () => {
    assert.deepEqual(readRequestHead(JSON.stringify(reviewFixture('pod-privileged'))), POD_HEAD);
  });

  it('reads them from a body cut inside request.object (the API server writes them first)', () => {
    const text = JSON.stringify(reviewFixture('pod-privileged'), null, 2);
    const cut = text.slice(0, text.indexOf('"object"') + 40);
    assert.deepEqual(readRequestHead(cut), POD_HEAD);
  });

  it('reads the subresource of a kubectl debug update', () => {
    const head = readRequestHead(JSON.stringify(reviewFixture('pod-ephemeral-privileged')));
    assert.equal(head.subResource, 'ephemeralcontainers');
    assert.equal(head.operation, 'UPDATE');
  });

  it('ignores uid and namespace fields outside request (an object carries its own)', () => {
    const text =
      '{"metadata":{"uid":"not-this"},"request":{"object":{"metadata":{"uid":"nor-this","namespace":"x"}},"uid":"u-1"}}';
    assert.deepEqual(readRequestHead(text), { uid: 'u-1' });
  });

  it('reads escaped strings', () => {
    assert.deepEqual(readRequestHead('{"request":{"uid":"a\\"b\\u0041"}}'), { uid: 'a"bA' });
  });

  const table: Array<[string, string, object]> = [
    ['empty text', '', {}],
    ['not JSON', 'hello', {}],
    ['request not an object', '{"request":"x","uid":"u"}', {}],
    ['uid not a string', '{"request":{"uid":7,"name":"n"}}', { name: 'n' }],
    ['cut inside the uid', '{"request":{"uid":"abc', {}],
    ['cut inside a skipped string with an escape', '{"request":{"uid":"u","x":"a\\', { uid: 'u' }],
    ['garbage after the uid', '{"request":{"uid":"u" ]]]', { uid: 'u' }],
  ];
  for (const [what, text, expected] of table) {
    it(`returns what it found: ${what}`, () => {
      assert.deepEqual(readRequestHead(text), expected);
    });
  }

  it('skips deeply nested values without recursion', () => {
    const deep = '['.repeat(200_000) + ']'.repeat(200_000);
    assert.deepEqual(readRequestHead(`{"request":{"x":${deep},"uid":"u"}}`), { uid: 'u' });
    assert.deepEqual(readRequestHead(`{"request":{"x":${'['.repeat(200_000)}`), {});
  });
});
