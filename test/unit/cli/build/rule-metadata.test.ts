import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  psaVersions,
  parseInspectOutput,
  readRuleMetadataFile,
  RuleMetadataError,
} from '../../../../src/cli/build/rule-metadata.js';

const ROOT = join(import.meta.dirname, '..', '..', '..', '..');

function inspected(
  custom: Record<string, unknown>,
  pkg = 'pss_x',
  file = 'policies/rego/rules/pss_x.rego',
): string {
  return JSON.stringify({
    annotations: [
      {
        annotations: { scope: 'package', title: 'X', description: 'Does x.', custom },
        location: { file, row: 1, col: 1 },
        path: ['data', 'profilegate', 'rules', pkg].map((value) => ({ type: 'string', value })),
      },
    ],
  });
}

const valid = {
  id: 'pss-x',
  severity: 'high',
  level: 'baseline',
  remediation: 'Fix x.',
  frameworks: { pss: 'baseline/x', cis: '5.2.2', nsa: 'Pod security', mitre: ['T1611'] },
};

describe('rule metadata', () => {
  it('reads a rule package annotation into the typed list, normalising single references to lists', () => {
    const [rule] = parseInspectOutput(inspected(valid));
    assert.deepEqual(rule, {
      ...valid,
      title: 'X',
      description: 'Does x.',
      frameworks: { pss: 'baseline/x', cis: ['5.2.2'], nsa: 'Pod security', mitre: ['T1611'] },
      parameters: {},
      exposure: false,
      package: 'profilegate.rules.pss_x',
      file: 'policies/rego/rules/pss_x.rego',
    });
  });

  const invalid: [string, Record<string, unknown>, RegExp][] = [
    ['an unknown severity', { ...valid, severity: 'urgent' }, /pss_x\.rego: severity/],
    ['an id that is not kebab-case', { ...valid, id: 'PSS_X' }, /id/],
    ['no remediation', { ...valid, remediation: undefined }, /remediation/],
    ['an unknown level', { ...valid, level: 'strict' }, /level/],
    [
      'a PSA version that is not v1.N',
      { ...valid, psa: { check: 'x', versions: { '1.25': 'y' } } },
      /pss_x\.rego: psa\.versions\.1\.25: must be a version like v1\.25/,
    ],
    [
      'a PSA history without versions',
      { ...valid, psa: { check: 'x', versions: {} } },
      /pss_x\.rego: psa\.versions: must list at least the first version/,
    ],
    ['a PSA history without its check', { ...valid, psa: { versions: { 'v1.0': 'y' } } }, /psa\.check/],
  ];
  for (const [what, custom, message] of invalid) {
    it(`rejects ${what}, naming the file and field`, () => {
      assert.throws(
        () => parseInspectOutput(inspected(custom)),
        (e: unknown) => e instanceof RuleMetadataError && message.test(e.message),
      );
    });
  }

  it('lists PSA versions in release order', () => {
    const [rule] = parseInspectOutput(
      inspected({ ...valid, psa: { check: 'x', versions: { 'v1.19': 'b', 'v1.8': 'a', 'v1.0': 'z' } } }),
    );
    assert.ok(rule?.psa);
    assert.deepEqual(psaVersions(rule.psa), [
      ['v1.0', 'z'],
      ['v1.8', 'a'],
      ['v1.19', 'b'],
    ]);
  });

  it('ignores test packages and packages outside profilegate.rules', () => {
    const testPkg = inspected(valid, 'pss_x_test', 'policies/rego/rules/pss_x_test.rego');
    assert.deepEqual(parseInspectOutput(testPkg), []);
  });

  it('rejects two packages with the same id', () => {
    const one = JSON.parse(inspected(valid)) as { annotations: unknown[] };
    const two = JSON.parse(inspected(valid, 'pss_y', 'policies/rego/rules/pss_y.rego')) as {
      annotations: unknown[];
    };
    const both = JSON.stringify({ annotations: [...one.annotations, ...two.annotations] });
    assert.throws(() => parseInspectOutput(both), /pss-x is used by more than one package/);
  });

  it('reads one output per inspected path as one list, and names both files of a clash', () => {
    const other = { ...valid, id: 'team-y' };
    const rules = parseInspectOutput(
      inspected(valid),
      inspected(other, 'team_y', '/home/a/team/rules/y.rego'),
    );
    assert.deepEqual(
      rules.map((r) => [r.id, r.file]),
      [
        ['pss-x', 'policies/rego/rules/pss_x.rego'],
        ['team-y', '/home/a/team/rules/y.rego'],
      ],
    );
    assert.throws(
      () => parseInspectOutput(inspected(valid), inspected(valid, 'mine', '/home/a/team/rules/mine.rego')),
      (e: unknown) =>
        e instanceof RuleMetadataError &&
        e.message ===
          'rule id pss-x is used by more than one package: profilegate.rules.pss_x (policies/rego/rules/pss_x.rego) and profilegate.rules.mine (/home/a/team/rules/mine.rego)',
    );
  });

  it('rejects a rule package that has no METADATA block, naming its file', () => {
    const bare = JSON.stringify({
      annotations: [],
      namespaces: {
        'data.profilegate.rules.bare': ['team/rules/bare.rego'],
        'data.profilegate.rules.bare_test': ['team/rules/bare_test.rego'],
        'data.profilegate.lib.pods': ['policies/rego/lib/pods.rego'],
      },
    });
    assert.throws(
      () => parseInspectOutput(bare),
      (e: unknown) =>
        e instanceof RuleMetadataError &&
        e.message ===
          'invalid rule METADATA:\n  team/rules/bare.rego: package profilegate.rules.bare has no METADATA block (a rule package needs "# METADATA" with custom.id, severity and level; docs/policy-authoring.md)',
    );
  });

  it('the committed metadata.json lists every Pod Security Standards control', async () => {
    const rules = await readRuleMetadataFile(join(ROOT, 'policies/bundle/metadata.json'));
    const controls = new Set(rules.map((r) => r.frameworks.pss));
    const expected = [
      'baseline/host-namespaces',
      'baseline/privileged-containers',
      'baseline/capabilities',
      'baseline/hostpath-volumes',
      'baseline/host-ports',
      'baseline/apparmor',
      'baseline/selinux',
      'baseline/proc-mount-type',
      'baseline/seccomp',
      'baseline/sysctls',
      'baseline/hostprocess',
      'baseline/probes-and-lifecycle-hooks',
      'restricted/volume-types',
      'restricted/privilege-escalation',
      'restricted/running-as-non-root',
      'restricted/running-as-non-root-user',
      'restricted/seccomp',
      'restricted/capabilities',
    ];
    assert.deepEqual(
      expected.filter((c) => !controls.has(c)),
      [],
    );
    for (const rule of rules.filter(
      (r) => r.id.startsWith('pss-') && r.frameworks.pss.startsWith('restricted/'),
    )) {
      assert.equal(rule.level, 'restricted', `${rule.id} must be gated at the restricted level`);
    }
  });

  it('the committed metadata.json names a PSA check for every PSS rule, each check once', async () => {
    const rules = await readRuleMetadataFile(join(ROOT, 'policies/bundle/metadata.json'));
    const pss = rules.filter((r) => r.id.startsWith('pss-'));
    assert.deepEqual(
      pss.filter((r) => r.psa === undefined).map((r) => r.id),
      [],
    );
    // Every check of k8s.io/pod-security-admission v0.37.2 (policy/check_*.go).
    assert.deepEqual(pss.map((r) => r.psa?.check).sort(), [
      'allowPrivilegeEscalation',
      'appArmorProfile',
      'capabilities_baseline',
      'capabilities_restricted',
      'hostNamespaces',
      'hostPathVolumes',
      'hostPorts',
      'hostProbesAndHostLifecycle',
      'privileged',
      'procMount',
      'procMount_restricted',
      'restrictedVolumes',
      'runAsNonRoot',
      'runAsUser',
      'seLinuxOptions',
      'seccompProfile_baseline',
      'seccompProfile_restricted',
      'sysctls',
      'windowsHostProcess',
    ]);
  });
});
