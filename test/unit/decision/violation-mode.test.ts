import assert from 'node:assert/strict';
import type { ConfigInput, Mode } from '../../../src/config/config-schema.js';
import { parseConfig } from '../../../src/config/parse-config.js';
import { applyPolicySettings, modeOfViolation } from '../../../src/decision/violation-mode.js';
import type { Maturity, ProfileView } from '../../../src/profile/profile-view.js';
import type { RuleLevel, Violation } from '../../../src/policy/violation.js';

function finding(evidence: 'static' | 'runtime', level?: RuleLevel): Violation {
  return {
    id: 'rule-x',
    severity: 'high',
    message: 'container "app" ...',
    evidence,
    containers: ['app'],
    patch: [],
    ...(evidence === 'runtime' ? { reliesOn: ['capabilities'] } : {}),
    ...(level ? { level } : {}),
  };
}

function view(maturity: Maturity): ProfileView {
  return {
    name: 'deployment-web',
    phase: 'complete',
    maturity,
    maturityReason: maturity,
    containers: {},
    observation: {
      firstSeen: '2026-01-01T00:00:00Z',
      lastSeen: '2026-01-02T00:00:00Z',
      podsObserved: 1,
      nodesObserved: [],
      eventsLost: 0,
    },
    observedHours: 24,
    source: { type: 'agent' },
    images: {},
  };
}

describe('modeOfViolation', () => {
  const table: [string, ConfigInput, Violation, Mode, Maturity | null, Mode][] = [
    ['the namespace mode applies', {}, finding('static'), 'warn', null, 'warn'],
    [
      'a policy mode wins over the namespace mode',
      { policies: { 'rule-x': { mode: 'audit' } } },
      finding('static'),
      'enforce',
      null,
      'audit',
    ],
    [
      'a policy mode may be stricter than the namespace',
      { policies: { 'rule-x': { mode: 'enforce' } } },
      finding('static'),
      'warn',
      null,
      'enforce',
    ],
    ['exposure findings warn by default', {}, finding('static', 'exposure'), 'enforce', null, 'warn'],
    [
      'a level cap never raises the namespace mode',
      {},
      finding('static', 'exposure'),
      'audit',
      null,
      'audit',
    ],
    [
      'a configured level cap applies',
      { maxModeByLevel: { baseline: 'audit' } },
      finding('static', 'baseline'),
      'enforce',
      null,
      'audit',
    ],
    [
      'a policy mode wins over the level cap',
      { policies: { 'rule-x': { mode: 'enforce' } } },
      finding('static', 'exposure'),
      'enforce',
      null,
      'enforce',
    ],
    [
      'a runtime finding from a complete profile keeps the mode',
      {},
      finding('runtime'),
      'enforce',
      'complete',
      'enforce',
    ],
    [
      'a runtime finding from a learning profile only warns',
      {},
      finding('runtime'),
      'enforce',
      'learning',
      'warn',
    ],
    ['a runtime finding from a stale profile only warns', {}, finding('runtime'), 'enforce', 'stale', 'warn'],
    ['a runtime finding with no profile only warns', {}, finding('runtime'), 'enforce', null, 'warn'],
    [
      'an untrusted runtime finding only warns even with a policy mode',
      { policies: { 'rule-x': { mode: 'enforce' } } },
      finding('runtime'),
      'enforce',
      'learning',
      'warn',
    ],
    [
      'the cap for untrusted findings never raises audit',
      {},
      finding('runtime'),
      'audit',
      'learning',
      'audit',
    ],
  ];
  for (const [name, config, violation, namespaceMode, maturity, want] of table) {
    it(name, () => {
      const got = modeOfViolation(
        violation,
        namespaceMode,
        parseConfig(config, 'test'),
        maturity ? view(maturity) : null,
      );
      assert.equal(got, want);
    });
  }
});

describe('applyPolicySettings', () => {
  it('drops disabled policies and those exempting the namespace, and attaches the mode of the rest', () => {
    const config = parseConfig(
      {
        policies: {
          'rule-off': { enabled: false },
          'rule-exempt': { exemptNamespaces: ['shop'] },
          'rule-audit': { mode: 'audit' },
        },
      },
      'test',
    );
    const violations = ['rule-off', 'rule-exempt', 'rule-audit', 'rule-plain'].map((id) => ({
      ...finding('static'),
      id,
    }));
    const got = applyPolicySettings(violations, 'shop', 'enforce', config, null).map(
      (v) => `${v.id}:${v.mode}`,
    );
    assert.deepEqual(got, ['rule-audit:audit', 'rule-plain:enforce']);
    const elsewhere = applyPolicySettings(violations, 'other', 'enforce', config, null).map((v) => v.id);
    assert.deepEqual(elsewhere, ['rule-exempt', 'rule-audit', 'rule-plain']);
  });
});
