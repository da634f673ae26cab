import assert from 'node:assert/strict';
import { mutationResponse } from '../../../src/decision/mutation-response.js';
import type { ModedViolation } from '../../../src/decision/violation-mode.js';
import type { Mode } from '../../../src/config/config-schema.js';
import type { PatchOperation } from '../../../src/patch/patch-operation.js';

const OBJECT = { spec: { containers: [{ name: 'app', securityContext: {} }] } };
const SECCOMP: PatchOperation[] = [
  { op: 'add', path: '/spec/containers/0/securityContext/seccompProfile', value: { type: 'RuntimeDefault' } },
];

function moded(id: string, mode: Mode, patch: PatchOperation[]): ModedViolation {
  return {
    id,
    severity: 'medium',
    message: `${id} message`,
    evidence: 'runtime',
    containers: ['app'],
    patch,
    mode,
  };
}

function decode(patch: string | undefined): unknown {
  return JSON.parse(Buffer.from(patch ?? '', 'base64').toString('utf8'));
}

describe('mutationResponse', () => {
  it('applies enforce-mode patches as a base64 JSON Patch and names them', () => {
    const got = mutationResponse('u1', OBJECT, [moded('runtime-seccomp', 'enforce', SECCOMP)], []);
    assert.equal(got.decision, 'patch');
    assert.deepEqual(got.patched, {
      spec: {
        containers: [{ name: 'app', securityContext: { seccompProfile: { type: 'RuntimeDefault' } } }],
      },
    });
    assert.equal(got.response.patchType, 'JSONPatch');
    assert.deepEqual(decode(got.response.patch), SECCOMP);
    assert.deepEqual(got.response.auditAnnotations, { patched: 'runtime-seccomp' });
    assert.equal(got.response.warnings, undefined);
  });

  it('describes a warn-mode patch as a warning and an audit-mode one only as an annotation', () => {
    const got = mutationResponse(
      'u1',
      OBJECT,
      [moded('rule-warn', 'warn', SECCOMP), moded('rule-audit', 'audit', SECCOMP)],
      [],
    );
    assert.deepEqual(got.response, {
      uid: 'u1',
      allowed: true,
      auditAnnotations: { 'would-patch': 'rule-warn,rule-audit' },
      warnings: ['[rule-warn] would patch: add /spec/containers/0/securityContext/seccompProfile'],
    });
  });

  it('reports dropped and unappliable patches by id and reason, without their operations', () => {
    const broken = moded('rule-broken', 'enforce', [{ op: 'remove', path: '/spec/nothing' }]);
    const dropped = [{ id: 'rule-loosens', reason: 'loosens capabilities of container "app"', ops: SECCOMP }];
    const got = mutationResponse('u1', OBJECT, [broken], dropped);
    assert.equal(got.decision, 'allow');
    assert.equal(
      got.response.auditAnnotations?.['patches-dropped'],
      JSON.stringify([
        { id: 'rule-loosens', reason: 'loosens capabilities of container "app"' },
        { id: 'rule-broken', reason: 'Cannot perform the operation at a path that does not exist' },
      ]),
    );
  });

  it('allows untouched when no finding has a patch', () => {
    const got = mutationResponse('u1', OBJECT, [moded('rule-x', 'enforce', [])], []);
    assert.deepEqual(got, { decision: 'allow', response: { uid: 'u1', allowed: true } });
  });
});
