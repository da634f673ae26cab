import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { hostBuiltins } from '../../../src/cli/build/host-builtins.js';
import {
  PROBE_FIRST_LINE,
  probeable,
  probeSource,
  SDK_BUILTINS,
  unavailableBuiltins,
  wasmCapabilities,
  type BuiltinDecl,
} from '../../../src/cli/build/wasm-capabilities.js';
import { readWasmBundle } from '../../../src/policy/read-bundle.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');

const fn = (name: string, args = 1): BuiltinDecl => ({
  name,
  decl: { args: Array.from({ length: args }, () => ({ type: 'any' })), result: { type: 'any' } },
});

describe('WASM capabilities', () => {
  it('keeps native and opa-wasm JavaScript builtins, drops host-only and unusable ones', () => {
    const current = {
      builtins: [fn('count'), fn('sprintf', 2), fn('time.now_ns', 0), fn('all')],
      features: ['x'],
    };
    const result = wasmCapabilities(current, new Set(['sprintf', 'time.now_ns']), new Set(['all']));
    assert.deepEqual(
      result.builtins.map((b) => b.name),
      ['count', 'sprintf'],
    );
    assert.deepEqual(result.features, ['x']);
  });

  it('probes every callable builtin with one rule per line, from PROBE_FIRST_LINE', () => {
    const source = probeSource([fn('count'), fn('object.get', 3)]);
    const lines = source.split('\n');
    assert.equal(lines[PROBE_FIRST_LINE - 1], 'p0 := count(input.a0)');
    assert.equal(lines[PROBE_FIRST_LINE], 'p1 := object.get(input.a0, input.a1, input.a2)');
    assert.match(source, /^r := \[p0, p1\]$/m);
  });

  it('does not probe operators, internals or print', () => {
    assert.equal(probeable({ ...fn('eq', 2), infix: '=' }), false);
    assert.equal(probeable(fn('internal.member_2', 2)), false);
    assert.equal(probeable({ name: 'print', decl: { variadic: { type: 'any' } } }), false);
    assert.equal(probeable(fn('object.keys')), true);
  });

  it('names the builtins opa build could not resolve', () => {
    const output =
      'x.rego:6: rego_type_error: undefined function time.now_ns\nx.rego:7: undefined function http.send';
    assert.deepEqual(unavailableBuiltins(output), ['time.now_ns', 'http.send']);
  });

  it('the committed bundle needs nothing from the host beyond opa-wasm builtins', async () => {
    const bundle = await readWasmBundle(
      await readFile(join(ROOT, 'policies/bundle/bundle.tar.gz')),
      'bundle',
    );
    const needed = await hostBuiltins(bundle.wasm);
    assert.deepEqual(
      needed.filter((b) => !SDK_BUILTINS.has(b)),
      [],
    );
  });
});
