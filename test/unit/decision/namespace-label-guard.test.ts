import assert from 'node:assert/strict';
import type { AdmissionRequest } from '../../../src/admission/admission-review.js';
import { parseConfig } from '../../../src/config/parse-config.js';
import type { ConfigInput } from '../../../src/config/config-schema.js';
import { guardNamespaceLabels } from '../../../src/decision/namespace-label-guard.js';

function namespaceRequest(
  operation: 'CREATE' | 'UPDATE' | 'DELETE',
  before: Record<string, string> | undefined,
  after: Record<string, string> | undefined,
  userInfo: { username?: string; groups?: string[] },
): AdmissionRequest {
  const object = (labels: Record<string, string>) => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'team-a', labels },
  });
  return {
    uid: 'u-1',
    kind: { group: '', version: 'v1', kind: 'Namespace' },
    resource: { group: '', version: 'v1', resource: 'namespaces' },
    name: 'team-a',
    operation,
    userInfo,
    ...(after ? { object: object(after) } : {}),
    ...(before ? { oldObject: object(before) } : {}),
  };
}

const ALICE = { username: 'alice', groups: ['developers', 'system:authenticated'] };
const ADMIN = { username: 'kubernetes-admin', groups: ['system:masters', 'system:authenticated'] };
const PLATFORM = { username: 'bob', groups: ['platform', 'system:authenticated'] };
const CI = { username: 'system:serviceaccount:ci:deployer', groups: ['system:serviceaccounts'] };
const EDITORS: ConfigInput = {
  namespaceLabels: { editors: { groups: ['system:masters', 'platform'], users: [CI.username] } },
};

describe('guardNamespaceLabels', () => {
  const table: Array<{
    what: string;
    request: AdmissionRequest;
    config?: ConfigInput;
    denied?: string;
  }> = [
    {
      what: 'an ordinary user sets exempt on an existing namespace',
      request: namespaceRequest('UPDATE', {}, { 'profilegate.dev/exempt': 'true' }, ALICE),
      config: EDITORS,
      denied:
        'profilegate denied Namespace team-a: its ProfileGate labels may only be set, changed or removed by the groups system:masters, platform and the user system:serviceaccount:ci:deployer (namespaceLabels.editors); alice changed profilegate.dev/exempt (unset → "true")',
    },
    {
      what: 'an ordinary user relaxes the mode and removes the level (default editors)',
      request: namespaceRequest(
        'UPDATE',
        { 'profilegate.dev/mode': 'enforce', 'profilegate.dev/level': 'restricted', team: 'a' },
        { 'profilegate.dev/mode': 'audit', team: 'b' },
        ALICE,
      ),
      denied:
        'profilegate denied Namespace team-a: its ProfileGate labels may only be set, changed or removed by the group system:masters (namespaceLabels.editors); alice changed profilegate.dev/level ("restricted" → unset), profilegate.dev/mode ("enforce" → "audit")',
    },
    {
      what: 'an ordinary user creates a namespace with an unknown profilegate.dev/ label',
      request: namespaceRequest('CREATE', undefined, { 'profilegate.dev/anything': 'x' }, ALICE),
      denied:
        'profilegate denied Namespace team-a: its ProfileGate labels may only be set, changed or removed by the group system:masters (namespaceLabels.editors); alice changed profilegate.dev/anything (unset → "x")',
    },
    {
      what: 'a configured label key outside profilegate.dev/',
      request: namespaceRequest('UPDATE', {}, { 'example.com/pg-exempt': 'true' }, ALICE),
      config: { namespaceLabels: { exempt: 'example.com/pg-exempt', editors: { groups: [] } } },
      denied:
        'profilegate denied Namespace team-a: its ProfileGate labels may only be set, changed or removed by nobody (namespaceLabels.editors); alice changed example.com/pg-exempt (unset → "true")',
    },
    {
      what: "an ordinary user pins the level version to PSA's labels (configured keys)",
      request: namespaceRequest(
        'UPDATE',
        { 'pod-security.kubernetes.io/enforce-version': 'latest' },
        { 'pod-security.kubernetes.io/enforce-version': 'v1.22' },
        ALICE,
      ),
      config: { namespaceLabels: { levelVersion: 'pod-security.kubernetes.io/enforce-version' } },
      denied:
        'profilegate denied Namespace team-a: its ProfileGate labels may only be set, changed or removed by the group system:masters (namespaceLabels.editors); alice changed pod-security.kubernetes.io/enforce-version ("latest" → "v1.22")',
    },
    {
      what: 'an admin of system:masters (the default editors) sets exempt',
      request: namespaceRequest('UPDATE', {}, { 'profilegate.dev/exempt': 'true' }, ADMIN),
    },
    {
      what: 'a member of a configured group changes the mode',
      request: namespaceRequest(
        'UPDATE',
        { 'profilegate.dev/mode': 'enforce' },
        { 'profilegate.dev/mode': 'warn' },
        PLATFORM,
      ),
      config: EDITORS,
    },
    {
      what: 'a configured user (a service account) creates a labelled namespace',
      request: namespaceRequest('CREATE', undefined, { 'profilegate.dev/mode': 'warn' }, CI),
      config: EDITORS,
    },
    {
      what: 'an ordinary user changes other labels and keeps the guarded ones',
      request: namespaceRequest(
        'UPDATE',
        { 'profilegate.dev/mode': 'enforce', team: 'a' },
        { 'profilegate.dev/mode': 'enforce', team: 'b', 'kubernetes.io/metadata.name': 'team-a' },
        ALICE,
      ),
    },
    {
      what: 'an ordinary user creates a namespace without ProfileGate labels',
      request: namespaceRequest('CREATE', undefined, { team: 'a' }, ALICE),
    },
    {
      what: 'an ordinary user deletes a labelled namespace (RBAC decides)',
      request: namespaceRequest('DELETE', { 'profilegate.dev/mode': 'enforce' }, undefined, ALICE),
    },
  ];
  for (const { what, request, config, denied } of table) {
    it(`${denied ? 'denies' : 'allows'}: ${what}`, () => {
      const outcome = guardNamespaceLabels(request, parseConfig(config ?? {}, 'test'));
      if (denied === undefined) {
        assert.deepEqual(outcome.response, { uid: 'u-1', allowed: true });
        return;
      }
      assert.deepEqual(outcome.response, {
        uid: 'u-1',
        allowed: false,
        status: { code: 403, reason: 'Forbidden', message: denied },
      });
    });
  }
});
