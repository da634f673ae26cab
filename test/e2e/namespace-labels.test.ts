/**
 * Who may exempt: an ordinary user whom RBAC lets label namespaces still cannot set, change or
 * remove ProfileGate's labels; a member of an editors group can (namespaceLabels.editors in the
 * harness config: system:masters and LABEL_EDITORS_GROUP). Users are impersonated by the admin.
 */
import assert from 'node:assert/strict';
import { createNamespace, EXEMPT_LABEL, MODE_LABEL } from './support/namespaces.js';
import { e2e } from './support/root-hooks.js';
import { LABEL_EDITORS_GROUP } from './support/webhook-process.js';

const RBAC = JSON.stringify({
  apiVersion: 'v1',
  kind: 'List',
  items: [
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'e2e-namespace-labeller' },
      rules: [
        { apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'list', 'create', 'patch', 'update'] },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'e2e-namespace-labeller' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'e2e-namespace-labeller' },
      subjects: [
        { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'alice' },
        { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: LABEL_EDITORS_GROUP },
      ],
    },
  ],
});

const ALICE = ['--as=alice'];
const EDITOR = ['--as=bob', `--as-group=${LABEL_EDITORS_GROUP}`];

/** kubectl's line for the webhook's denial; `create -f` adds where the object came from. */
function denial(namespace: string, changes: string, from = ''): string {
  return (
    `Error from server (Forbidden): ${from}admission webhook "namespaces.profilegate.dev" denied the request: ` +
    `profilegate denied Namespace ${namespace}: its ProfileGate labels may only be set, changed or removed by ` +
    `the groups system:masters, ${LABEL_EDITORS_GROUP} (namespaceLabels.editors); alice changed ${changes}`
  );
}

async function labelsOf(namespace: string): Promise<Record<string, string>> {
  const object = (await e2e().kubectl.getJson('namespace', namespace, '')) as {
    metadata: { labels?: Record<string, string> };
  };
  return object.metadata.labels ?? {};
}

describe('namespace labels: who may exempt', () => {
  let namespace: string;

  before(async () => {
    await e2e().kubectl.ok(['apply', '-f', '-'], RBAC);
    namespace = await createNamespace(e2e().kubectl, 'e2e-labels');
  });

  it('an ordinary user may label the namespace otherwise (RBAC allows it: the negative control)', async () => {
    await e2e().kubectl.ok([...ALICE, 'label', 'namespace', namespace, 'team=shop']);
    assert.equal((await labelsOf(namespace))['team'], 'shop');
  });

  it("an ordinary user's exempt label is denied, naming the allowed groups, and not stored", async () => {
    const result = await e2e().kubectl.run([
      ...ALICE,
      'label',
      'namespace',
      namespace,
      `${EXEMPT_LABEL}=true`,
    ]);
    assert.notEqual(result.code, 0, result.output);
    assert.equal(result.stderr.trim(), denial(namespace, `${EXEMPT_LABEL} (unset → "true")`));
    assert.equal((await labelsOf(namespace))[EXEMPT_LABEL], undefined);
  });

  it('a member of an editors group sets the mode label; the same user may not remove it', async () => {
    await e2e().kubectl.ok([...EDITOR, 'label', 'namespace', namespace, `${MODE_LABEL}=audit`]);
    assert.equal((await labelsOf(namespace))[MODE_LABEL], 'audit');

    const result = await e2e().kubectl.run([...ALICE, 'label', 'namespace', namespace, `${MODE_LABEL}-`]);
    assert.notEqual(result.code, 0, result.output);
    assert.equal(result.stderr.trim(), denial(namespace, `${MODE_LABEL} ("audit" → unset)`));
    assert.equal((await labelsOf(namespace))[MODE_LABEL], 'audit');
  });

  it('an ordinary user cannot create a namespace that carries an exempt label', async () => {
    const name = `e2e-labels-created-${Math.random().toString(36).slice(2, 7)}`;
    const manifest = JSON.stringify({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name, labels: { [EXEMPT_LABEL]: 'true' } },
    });
    const result = await e2e().kubectl.run([...ALICE, 'create', '-f', '-'], manifest);
    assert.notEqual(result.code, 0, result.output);
    assert.equal(
      result.stderr.trim(),
      denial(name, `${EXEMPT_LABEL} (unset → "true")`, 'error when creating "STDIN": '),
    );
    assert.equal(await e2e().kubectl.getJson('namespace', name, ''), undefined);
  });
});
