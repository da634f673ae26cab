import assert from 'node:assert/strict';
import { renderPolicyDocs } from '../../../../src/cli/build/render-policy-docs.js';
import type { RuleMetadata } from '../../../../src/cli/build/rule-metadata.js';

const rule = (id: string, psa?: RuleMetadata['psa']): RuleMetadata => ({
  id,
  title: id,
  description: 'Does x.',
  severity: 'high',
  level: 'baseline',
  remediation: 'Fix x.',
  frameworks: { pss: 'baseline/x', cis: [], nsa: '', mitre: [] },
  parameters: {},
  exposure: false,
  ...(psa ? { psa } : {}),
  package: `profilegate.rules.${id}`,
  file: `policies/rego/rules/${id}.rego`,
});

describe('renderPolicyDocs', () => {
  it('lists each PSA check with the versions that changed it and its rule, and the history per rule', () => {
    const docs = renderPolicyDocs([
      rule('pss-sysctls', {
        check: 'sysctls',
        versions: { 'v1.37': 'adds b', 'v1.0': 'a', 'v1.27': 'adds c' },
      }),
      rule('pss-apparmor', { check: 'appArmorProfile', versions: { 'v1.0': 'types' } }),
      rule('exposure-x'),
    ]);
    const table = docs.slice(
      docs.indexOf('| PSA check |'),
      docs.indexOf('## Pod Security Standards: baseline'),
    );
    assert.equal(
      table.trim(),
      [
        '| PSA check | level | versions that changed it | ProfileGate rule |',
        '| --- | --- | --- | --- |',
        '| `appArmorProfile` | baseline | v1.0 | [`pss-apparmor`](#pss-apparmor) |',
        '| `sysctls` | baseline | v1.0, v1.27, v1.37 | [`pss-sysctls`](#pss-sysctls) |',
      ].join('\n'),
    );
    assert.ok(
      docs.includes(
        'Versions (Pod Security Admission check `sysctls`, applied by `levelVersion`):\n\n- v1.0: a\n- v1.27: adds c\n- v1.37: adds b\n',
      ),
    );
  });

  it('has no parity section without PSA checks', () => {
    assert.ok(!renderPolicyDocs([rule('exposure-x')]).includes('Pod Security Admission parity'));
  });
});
