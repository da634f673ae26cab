import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import {
  STARTUP_SYSCALLS,
  isWithinRuntimeDefault,
  localhostProfilePath,
  localhostSeccompProfile,
  seccompProfileObject,
  syscallsOutsideRuntimeDefault,
} from '../../../src/hardening/seccomp-profile.js';
import { renderRuntimeDefaultsRego, renderSeccompRego } from '../../../src/cli/build/rego-defaults.js';

describe('seccomp profile', () => {
  const cases = [
    { syscalls: ['read', 'write', 'openat', 'epoll_wait', 'clone', 'clone3'], caps: [], within: true },
    { syscalls: ['chroot'], caps: [], within: false },
    { syscalls: ['chroot'], caps: ['SYS_CHROOT'], within: true },
    { syscalls: ['keyctl', 'read'], caps: [], within: false },
    { syscalls: ['mount'], caps: ['SYS_ADMIN'], within: true },
  ];
  for (const c of cases) {
    it(`${c.syscalls.join(',')} with [${c.caps.join(',')}] → ${c.within ? 'RuntimeDefault' : 'Localhost'}`, () => {
      assert.equal(isWithinRuntimeDefault(c.syscalls, c.caps), c.within);
    });
  }

  it('names the syscalls outside the allow-list', () => {
    assert.deepEqual(syscallsOutsideRuntimeDefault(['keyctl', 'read', 'add_key', 'keyctl']), [
      'add_key',
      'keyctl',
    ]);
  });

  it('generates an OCI profile allowing exactly observed ∪ start-up syscalls', () => {
    const profile = localhostSeccompProfile(['keyctl', 'read']);
    assert.equal(profile.defaultAction, 'SCMP_ACT_ERRNO');
    const names = profile.syscalls[0]?.names ?? [];
    assert.deepEqual(names, [...new Set(['keyctl', 'read', ...STARTUP_SYSCALLS])].sort());
  });

  it('emits the Security Profiles Operator object and its Localhost path', () => {
    const obj = seccompProfileObject('shop', 'deployment-web-web', ['keyctl']) as {
      apiVersion: string;
      kind: string;
      spec: { defaultAction: string };
    };
    assert.equal(obj.apiVersion, 'security-profiles-operator.x-k8s.io/v1beta1');
    assert.equal(obj.kind, 'SeccompProfile');
    assert.equal(obj.spec.defaultAction, 'SCMP_ACT_ERRNO');
    assert.equal(localhostProfilePath('shop', 'deployment-web-web'), 'operator/shop/deployment-web-web.json');
  });

  it('the generated Rego copies are current (run scripts/generate-seccomp-rego.ts)', () => {
    const lib = new URL('../../../policies/rego/lib/', import.meta.url);
    assert.equal(readFileSync(new URL('runtime_default_syscalls.rego', lib), 'utf8'), renderSeccompRego());
    assert.equal(readFileSync(new URL('runtime_defaults.rego', lib), 'utf8'), renderRuntimeDefaultsRego());
  });
});
