/**
 * The Localhost seccomp profile lets the OCI runtime start the container: the filter is loaded
 * before the runtime's init has finished (before it drops capabilities and switches user when
 * no_new_privs is off), so the profile must allow what runc and crun call in between
 * (RUNTIME_INIT_SYSCALLS). Proven by starting real containers with the profile of a program
 * that itself needs nothing beyond process start-up; the negative control removes the runtime's
 * share and the container does not start.
 */
import assert from 'node:assert/strict';
import { localhostSeccompProfile, RUNTIME_INIT_SYSCALLS } from '../../../src/hardening/seccomp-profile.js';
import type { OciSeccomp } from '../../../src/verify/oci-types.js';
import { verifyContainer } from '../../../src/verify/verify-container.js';

function podSpec(noNewPrivs: boolean, runAsUser: number | undefined): Record<string, unknown> {
  return {
    containers: [
      {
        name: 'app',
        image: 'registry.example/app:1.0',
        securityContext: {
          ...(runAsUser === undefined ? {} : { runAsUser }),
          ...(noNewPrivs ? { allowPrivilegeEscalation: false } : {}),
          capabilities: { drop: ['ALL'] },
          seccompProfile: { type: 'Localhost', localhostProfile: 'operator/shop/app.json' },
        },
      },
    ],
  };
}

const unconfined = { containers: [{ name: 'app', image: 'registry.example/app:1.0' }] };

async function start(
  runtime: 'runc' | 'crun',
  noNewPrivs: boolean,
  runAsUser: number | undefined,
  profile: OciSeccomp,
) {
  return verifyContainer({
    original: unconfined,
    patched: podSpec(noNewPrivs, runAsUser),
    container: 'app',
    command: ['/usr/bin/true'],
    cwd: '/',
    runtime,
    deadlineMs: 30_000,
    localhostSeccomp: (path) => {
      assert.equal(path, 'operator/shop/app.json');
      return profile;
    },
  });
}

const full = localhostSeccompProfile([]) as OciSeccomp;
const withoutRuntime: OciSeccomp = {
  ...full,
  syscalls: full.syscalls.map((r) => ({
    ...r,
    names: r.names.filter((n) => !RUNTIME_INIT_SYSCALLS.includes(n)),
  })),
};

describe('Localhost seccomp profile: the runtime can start the container', function () {
  this.timeout(120_000);

  for (const runtime of ['runc', 'crun'] as const) {
    for (const noNewPrivs of [true, false]) {
      for (const runAsUser of [undefined, 1000]) {
        it(`${runtime}, allowPrivilegeEscalation ${noNewPrivs ? 'false' : 'unset'}, ${runAsUser === undefined ? 'root' : `uid ${runAsUser}`}`, async () => {
          const result = await start(runtime, noNewPrivs, runAsUser, full);
          assert.equal(result.verdict, 'kept working', JSON.stringify(result.diagnosis));
          assert.equal(result.patched.seccomp, 'Localhost operator/shop/app.json');
          assert.equal(result.patched.noNewPrivileges, noNewPrivs);
        });
      }
    }
  }

  it('negative control, runc with no_new_privs: without the runtime syscalls the container does not start', async () => {
    const result = await start('runc', true, undefined, withoutRuntime);
    assert.equal(result.verdict, 'broke');
    assert.equal(result.patched.started, false);
    const d = result.diagnosis;
    assert.ok(d);
    assert.equal(d.runtimeError, 'ensure /proc/self/fd is on procfs: operation not permitted');
    assert.ok(d.deniedSyscalls.includes('fstatfs'), JSON.stringify(d));
  });

  it('negative control, runc without no_new_privs: capset and the user switch are refused', async () => {
    const result = await start('runc', false, 1000, withoutRuntime);
    assert.equal(result.verdict, 'broke');
    assert.equal(result.patched.started, false);
    const d = result.diagnosis;
    assert.ok(d);
    for (const s of ['capget', 'capset', 'prctl', 'setgroups', 'setgid', 'setuid']) {
      assert.ok(d.deniedSyscalls.includes(s), `${s}: ${JSON.stringify(d)}`);
    }
  });

  it('negative control, crun without no_new_privs: capset and the user switch are refused', async () => {
    const result = await start('crun', false, 1000, withoutRuntime);
    assert.equal(result.verdict, 'broke');
    assert.equal(result.patched.started, false);
    const d = result.diagnosis;
    assert.ok(d);
    assert.deepEqual(d.deniedSyscalls, ['capset', 'prctl', 'setresgid', 'setresuid']);
  });
});
