import assert from 'node:assert/strict';
import { auditAnnotations } from '../../../src/decision/audit-annotations.js';
import type { ModedViolation } from '../../../src/decision/violation-mode.js';

function moded(id: string, message: string): ModedViolation {
  return { id, severity: 'high', message, evidence: 'static', containers: [], patch: [], mode: 'audit' };
}

describe('auditAnnotations', () => {
  it('lists each finding with its mode, severity and evidence, and the distinct ids', () => {
    const got = auditAnnotations([
      moded('pss-privileged', 'container "a" ...'),
      moded('pss-privileged', 'container "b" ...'),
    ]);
    assert.deepEqual(got, {
      violations:
        '[{"id":"pss-privileged","mode":"audit","severity":"high","evidence":"static","message":"container \\"a\\" ..."},' +
        '{"id":"pss-privileged","mode":"audit","severity":"high","evidence":"static","message":"container \\"b\\" ..."}]',
      'violation-ids': 'pss-privileged',
    });
  });

  it('keeps the value under 4000 characters and says how many findings were left out', () => {
    const many = Array.from({ length: 40 }, (_, i) => moded(`rule-${i}`, 'x'.repeat(200)));
    const got = auditAnnotations(many);
    assert.ok((got.violations?.length ?? 0) <= 4000, `${got.violations?.length} characters`);
    const parsed = JSON.parse(got.violations ?? '[]') as { id?: string; truncated?: number }[];
    const kept = parsed.filter((f) => f.id !== undefined).length;
    assert.deepEqual(parsed.at(-1), { truncated: 40 - kept });
    assert.ok(kept > 0 && kept < 40);
    assert.equal(got['violation-ids']?.split(',').length, 40, 'the id list is never truncated');
  });
});
