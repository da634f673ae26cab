import assert from 'node:assert/strict';
import { containerCapabilities } from '../../../src/verify/container-capabilities.js';
import { containerOciSpec, type ContainerSpecRequest } from '../../../src/verify/container-oci-spec.js';
import { resolveProcessUser } from '../../../src/verify/process-user.js';
import { VerifyInputError } from '../../../src/verify/verify-errors.js';

const PASSWD = 'root:x:0:0:root:/root:/bin/bash\nwww-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\n';
const GROUP = 'root:x:0:\nadm:x:4:www-data\nwww-data:x:33:\n';

function request(podSpec: Record<string, unknown>): ContainerSpecRequest {
  return {
    podSpec,
    container: 'app',
    command: ['/bin/true'],
    cwd: '/work',
    hostname: 'node',
    passwd: PASSWD,
    group: GROUP,
    volumesDir: '/bundle/volumes',
    localhostSeccomp: (path) => ({
      defaultAction: 'SCMP_ACT_ERRNO',
      architectures: [],
      syscalls: [{ names: [path], action: 'SCMP_ACT_ALLOW' }],
    }),
  };
}

describe('verify: a pod spec container as containerd would run it', () => {
  const caps: [string, Record<string, unknown>, string[]][] = [
    [
      'runtime default',
      {},
      [
        'AUDIT_WRITE',
        'CHOWN',
        'DAC_OVERRIDE',
        'FOWNER',
        'FSETID',
        'KILL',
        'MKNOD',
        'NET_BIND_SERVICE',
        'NET_RAW',
        'SETFCAP',
        'SETGID',
        'SETPCAP',
        'SETUID',
        'SYS_CHROOT',
      ],
    ],
    [
      'drop ALL, add one',
      { capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } },
      ['NET_BIND_SERVICE'],
    ],
    [
      'drop wins over add',
      { capabilities: { add: ['NET_ADMIN'], drop: ['NET_ADMIN', 'CHOWN'] } },
      [
        'AUDIT_WRITE',
        'DAC_OVERRIDE',
        'FOWNER',
        'FSETID',
        'KILL',
        'MKNOD',
        'NET_BIND_SERVICE',
        'NET_RAW',
        'SETFCAP',
        'SETGID',
        'SETPCAP',
        'SETUID',
        'SYS_CHROOT',
      ],
    ],
    ['add ALL, drop one', { capabilities: { add: ['ALL'], drop: ['cap_sys_admin'] } }, []],
  ];
  for (const [name, sc, expected] of caps) {
    it(`capabilities: ${name}`, () => {
      const got = containerCapabilities(sc);
      if (name === 'add ALL, drop one') {
        assert.equal(got.length, 40);
        assert.ok(!got.includes('SYS_ADMIN'));
      } else {
        assert.deepEqual(got, expected);
      }
    });
  }

  it('user: runAsUser takes its passwd group; listed groups, supplementalGroups and fsGroup are added', () => {
    assert.deepEqual(
      resolveProcessUser(
        { runAsUser: 33, runAsGroup: undefined, supplementalGroups: [5], fsGroup: 2000 },
        PASSWD,
        GROUP,
      ),
      {
        uid: 33,
        gid: 33,
        additionalGids: [4, 5, 33, 2000],
      },
    );
    assert.deepEqual(
      resolveProcessUser(
        { runAsUser: 1234, runAsGroup: undefined, supplementalGroups: [], fsGroup: undefined },
        PASSWD,
        GROUP,
      ),
      {
        uid: 1234,
        gid: 0,
        additionalGids: [0],
      },
    );
  });

  it('a hardened container: read-only root, no_new_privs, Localhost seccomp, emptyDir with fsGroup', () => {
    const plan = containerOciSpec(
      request({
        securityContext: { fsGroup: 2000, runAsUser: 33 },
        volumes: [
          { name: 'data', emptyDir: {} },
          { name: 'cfg', configMap: { name: 'c' } },
        ],
        containers: [
          {
            name: 'app',
            env: [
              { name: 'A', value: '1' },
              { name: 'B', valueFrom: {} },
            ],
            volumeMounts: [
              { name: 'data', mountPath: '/var/lib/app' },
              { name: 'cfg', mountPath: '/etc/app', readOnly: true },
            ],
            securityContext: {
              readOnlyRootFilesystem: true,
              allowPrivilegeEscalation: false,
              capabilities: { drop: ['ALL'] },
              seccompProfile: { type: 'Localhost', localhostProfile: 'operator/ns/p.json' },
            },
          },
        ],
      }),
    );
    assert.equal(plan.spec.root.readonly, true);
    assert.equal(plan.spec.process.noNewPrivileges, true);
    assert.deepEqual(plan.spec.process.capabilities.bounding, []);
    assert.deepEqual(plan.spec.process.user, { uid: 33, gid: 33, additionalGids: [4, 33, 2000] });
    assert.deepEqual(plan.spec.process.env, [
      'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      'HOSTNAME=node',
      'A=1',
    ]);
    assert.equal(plan.spec.process.cwd, '/work');
    assert.equal(plan.seccomp, 'Localhost operator/ns/p.json');
    assert.deepEqual(plan.spec.linux.seccomp?.syscalls[0]?.names, ['operator/ns/p.json']);
    assert.deepEqual(plan.volumes.directories, [
      { volume: 'data', path: '/bundle/volumes/data', uid: 0, gid: 2000, mode: 0o2777 },
      { volume: 'cfg', path: '/bundle/volumes/cfg', uid: 0, gid: 0, mode: 0o755 },
    ]);
    assert.deepEqual(plan.volumes.notes, [
      'volume "cfg" (configMap) is mounted as an empty directory at /etc/app: verify runs without a cluster',
    ]);
    assert.deepEqual(
      plan.spec.mounts.slice(-2).map((m) => [m.destination, m.source, m.options]),
      [
        ['/etc/app', '/bundle/volumes/cfg', ['rbind', 'rprivate', 'ro']],
        ['/var/lib/app', '/bundle/volumes/data', ['rbind', 'rprivate', 'rw']],
      ],
    );
    assert.ok(plan.spec.linux.maskedPaths.includes('/proc/kcore'));
  });

  it('an emptyDir without fsGroup is root-owned with mode 0777; RuntimeDefault is the runtime allow-list', () => {
    const plan = containerOciSpec(
      request({
        volumes: [{ name: 'tmp', emptyDir: {} }],
        containers: [{ name: 'app', volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }] }],
        securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
      }),
    );
    assert.deepEqual(plan.volumes.directories, [
      { volume: 'tmp', path: '/bundle/volumes/tmp', uid: 0, gid: 0, mode: 0o777 },
    ]);
    assert.equal(plan.seccomp, 'RuntimeDefault');
    const names = plan.spec.linux.seccomp?.syscalls[0]?.names ?? [];
    assert.ok(names.includes('chown') && names.includes('chroot') && !names.includes('mount'));
    assert.equal(plan.spec.root.readonly, false);
  });

  it('privileged: every capability, no seccomp, no masked paths, writable sysfs', () => {
    const plan = containerOciSpec(
      request({
        containers: [
          { name: 'app', securityContext: { privileged: true, seccompProfile: { type: 'RuntimeDefault' } } },
        ],
      }),
    );
    assert.equal(plan.capabilities.length, 41);
    assert.equal(plan.spec.linux.seccomp, undefined);
    assert.deepEqual(plan.spec.linux.maskedPaths, []);
    assert.ok(plan.spec.mounts.find((m) => m.type === 'sysfs')?.options.includes('rw'));
  });

  it('names the container that is not there, and the volume a mount lacks', () => {
    assert.throws(
      () => containerOciSpec(request({ containers: [{ name: 'web' }] })),
      (e: unknown) => {
        assert.ok(e instanceof VerifyInputError);
        assert.equal(e.message, 'the pod spec has no container "app" (containers: "web")');
        return true;
      },
    );
    assert.throws(
      () =>
        containerOciSpec(
          request({ containers: [{ name: 'app', volumeMounts: [{ name: 'x', mountPath: '/x' }] }] }),
        ),
      /^VerifyInputError: container "app" mounts volume "x" at \/x, but the pod spec has no volume of that name$/,
    );
  });
});
