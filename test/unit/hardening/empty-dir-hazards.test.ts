/**
 * The safety net against emptyDirs that break the app (issue 9): each hazard with the exact
 * message a user reads, and the control that the same patch is kept when the evidence proves it.
 */
import { strict as assert } from 'node:assert';
import { verifyPatches } from '../../../src/hardening/verify-patches.js';
import type { ContainerProfile } from '../../../src/profile/workload-profile.js';
import type { PatchOperation } from '../../../src/patch/patch-operation.js';
import type { ProfileView } from '../../../src/profile/profile-view.js';
import { POINTER, inputFor } from './arbitraries.js';

const observed = (fields: Partial<ContainerProfile>): ContainerProfile => ({
  name: 'web',
  capabilities: [],
  syscalls: [],
  executables: [],
  writePaths: [],
  readPaths: [],
  preexistingWriteDirs: [],
  preexistingUse: [],
  listeningPorts: [],
  outboundPeers: [],
  uids: [0],
  gids: [],
  privilegeTransitions: false,
  hostNamespaces: [],
  ...fields,
});

const profile = (fields: Partial<ContainerProfile>): ProfileView => ({
  name: 'deployment-web',
  phase: 'complete',
  maturity: 'complete',
  maturityReason: 'test',
  containers: { web: observed(fields) },
  observation: {
    firstSeen: '2025-11-20T08:00:00Z',
    lastSeen: '2025-11-26T08:00:00Z',
    podsObserved: 3,
    nodesObserved: [],
    eventsLost: 0,
  },
  observedHours: 144,
  images: {},
});

/** The read-only-root patch as the Rego rule writes it, with one emptyDir at `dir`. */
const readOnlyRootWith = (dir: string): PatchOperation[] => [
  { op: 'add', path: `${POINTER}/containers/0/securityContext/readOnlyRootFilesystem`, value: true },
  { op: 'add', path: `${POINTER}/volumes`, value: [] },
  { op: 'add', path: `${POINTER}/volumes/-`, value: { name: 'pg-rw-c0-0', emptyDir: {} } },
  { op: 'add', path: `${POINTER}/containers/0/volumeMounts`, value: [] },
  {
    op: 'add',
    path: `${POINTER}/containers/0/volumeMounts/-`,
    value: { name: 'pg-rw-c0-0', mountPath: dir },
  },
];

const root = (path: string) => ({ path, uid: 0, gid: 0, mode: '0755' });
const nginxBody = { path: '/var/lib/nginx/body', uid: 33, gid: 0, mode: '0700' };

function judge(
  fields: Partial<ContainerProfile>,
  dir: string,
  securityContext: Record<string, unknown> = {},
  podSecurityContext?: Record<string, unknown>,
): string | undefined {
  const spec = {
    ...(podSecurityContext === undefined ? {} : { securityContext: podSecurityContext }),
    containers: [{ name: 'web', image: 'app', securityContext }],
  };
  const violation = { id: 'runtime-read-only-root-filesystem', patch: readOnlyRootWith(dir) };
  const { dropped } = verifyPatches(inputFor(spec, profile({ writePaths: [dir], ...fields })), [violation]);
  return dropped[0]?.reason;
}

describe('verifyPatches: emptyDir semantics', () => {
  it('keeps an emptyDir over an older root-owned write directory nothing older below was used in', () => {
    assert.equal(judge({ preexistingWriteDirs: [root('/var/cache/app')] }, '/var/cache/app'), undefined);
  });

  it('drops an emptyDir over a directory the app read its config and database from', () => {
    assert.equal(
      judge({ preexistingWriteDirs: [root('/srv/x')], preexistingUse: ['/srv/x'] }, '/srv/x'),
      'would hide what container "web" used in /srv/x (there before the run) under a new emptyDir at /srv/x',
    );
  });

  it('drops an emptyDir over the parent of a directory the app read', () => {
    assert.equal(
      judge({ preexistingWriteDirs: [root('/app')], preexistingUse: ['/app/config'] }, '/app'),
      'would hide what container "web" used in /app/config (there before the run) under a new emptyDir at /app',
    );
  });

  it('drops an emptyDir over a directory the profile has no prior state for', () => {
    assert.equal(
      judge({}, '/var/cache/app'),
      'would mount a new emptyDir at /var/cache/app in container "web", which the profile does not show as a write directory that existed before the run',
    );
  });

  it('drops an emptyDir when the evidence was cut', () => {
    assert.equal(
      judge(
        { preexistingWriteDirs: [root('/var/cache/app')], incomplete: ['preexistingUse'] },
        '/var/cache/app',
      ),
      'cannot prove a new emptyDir at /var/cache/app safe for container "web": its profile\'s preexistingUse did not fit',
    );
  });

  it('drops an emptyDir over a system directory', () => {
    assert.equal(
      judge({ preexistingWriteDirs: [root('/etc')] }, '/etc'),
      'would hide the image\'s /etc under a new emptyDir in container "web"',
    );
  });

  it('nginx: a www-data 0700 directory needs CHOWN and FOWNER to be prepared', () => {
    const nginx = { preexistingWriteDirs: [nginxBody], uids: [0, 33] };
    const dropAll = { capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE', 'SETGID', 'SETUID'] } };
    assert.equal(
      judge(nginx, '/var/lib/nginx/body', dropAll),
      'a new emptyDir at /var/lib/nginx/body is 0:0 mode 0777 where the run found 33:0 mode 0700; preparing it needs CHOWN, FOWNER, which container "web" would lack',
    );
    const kept = {
      capabilities: { drop: ['ALL'], add: ['CHOWN', 'FOWNER', 'NET_BIND_SERVICE', 'SETGID', 'SETUID'] },
    };
    assert.equal(judge(nginx, '/var/lib/nginx/body', kept), undefined);
  });

  it('a container that never ran as root cannot prepare a directory owned by its user', () => {
    assert.equal(
      judge(
        { preexistingWriteDirs: [{ path: '/var/lib/redis', uid: 999, gid: 999, mode: '0750' }], uids: [999] },
        '/var/lib/redis',
      ),
      'a new emptyDir at /var/lib/redis is 0:0 mode 0777 where the run found 999:999 mode 0750; container "web" cannot prepare it (CHOWN, FOWNER) without running as root',
    );
  });

  it('a matching fsGroup makes a root:adm directory need no chown', () => {
    const logs = { preexistingWriteDirs: [{ path: '/var/log/nginx', uid: 0, gid: 4, mode: '0755' }] };
    const dropAll = { capabilities: { drop: ['ALL'] } };
    assert.equal(judge(logs, '/var/log/nginx', dropAll, { fsGroup: 4 }), undefined);
    assert.equal(
      judge(logs, '/var/log/nginx', dropAll),
      'a new emptyDir at /var/log/nginx is 0:0 mode 0777 where the run found 0:4 mode 0755; preparing it needs CHOWN, which container "web" would lack',
    );
  });
});
