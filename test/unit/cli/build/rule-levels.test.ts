/** The level table main.rego gates by, generated from the rule packages' METADATA. */
import assert from 'node:assert/strict';
import { ruleLevelsData } from '../../../../src/cli/build/rule-levels.js';
import type { RuleMetadata } from '../../../../src/cli/build/rule-metadata.js';

const rule = (pkg: string, level: RuleMetadata['level']) => ({ package: pkg, level }) as RuleMetadata;

describe('ruleLevelsData', () => {
  it('holds one level per package below profilegate.rules, sorted, at data.profilegate.generated.rule_levels', () => {
    const data = ruleLevelsData([
      rule('profilegate.rules.pss_privileged', 'baseline'),
      rule('profilegate.rules.exposure_external_ips', 'exposure'),
      rule('other.rules.x', 'restricted'),
    ]);
    assert.equal(
      data,
      '{\n  "profilegate": {\n    "generated": {\n      "rule_levels": {\n        "exposure_external_ips": "exposure",\n        "pss_privileged": "baseline"\n      }\n    }\n  }\n}\n',
    );
  });
});
