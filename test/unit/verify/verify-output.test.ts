import assert from 'node:assert/strict';
import {
  formatVerifyJson,
  formatVerifyText,
  type VerifyReport,
} from '../../../src/cli/verify/verify-output.js';
import type { RunSummary } from '../../../src/verify/verify-container.js';

function run(exitCode: number, stderr = ''): RunSummary {
  return {
    outcome: {
      exitCode,
      signal: null,
      timedOut: false,
      stdout: '',
      stderr,
      runtimeError: undefined,
      wrapperPid: 42,
    },
    started: true,
    seccomp: 'RuntimeDefault',
    capabilities: ['CHOWN'],
    readOnlyRootFilesystem: true,
    noNewPrivileges: true,
    user: { uid: 0, gid: 0, additionalGids: [0] },
    mounts: ['/var/log/app (rw)'],
    notes: [],
  };
}

const report: VerifyReport = {
  resource: 'Deployment shop/web',
  runtime: 'runc',
  command: ['./it.sh'],
  patchedBy: ['runtime-unused-capabilities'],
  patch: [
    { op: 'replace', path: '/spec/template/spec/containers/0/securityContext/capabilities', value: {} },
  ],
  containers: [
    {
      container: 'web',
      verdict: 'broke',
      original: run(0),
      patched: run(1, 'boom\n'),
      diagnosis: {
        reasons: [
          'capability NET_BIND_SERVICE is missing: the kernel refused it to web (granted under the original spec)',
        ],
        deniedSyscalls: [],
        missingCapabilities: ['NET_BIND_SERVICE'],
        failedCalls: [],
        fileErrors: [],
        runtimeError: undefined,
      },
    },
  ],
};

describe('verify: report output', () => {
  it('text names the verdict, each reason, the stderr tail and the patched spec', () => {
    assert.equal(
      formatVerifyText(report),
      [
        'Deployment shop/web: 1 patch operations (runtime-unused-capabilities), run with runc: ./it.sh',
        'container "web": broke (exit 1 under the patched spec, exit 0 under the original)',
        '  - capability NET_BIND_SERVICE is missing: the kernel refused it to web (granted under the original spec)',
        '  stderr: boom',
        '  patched spec: read-only root; capabilities CHOWN; seccomp RuntimeDefault; no_new_privs; uid 0 gid 0; volumes /var/log/app (rw)',
        '',
      ].join('\n'),
    );
  });

  it('json carries the overall verdict and no host pid', () => {
    const json = JSON.parse(formatVerifyJson(report)) as {
      verdict: string;
      containers: { reasons: string[]; patched: { outcome: Record<string, unknown> } }[];
    };
    assert.equal(json.verdict, 'broke');
    assert.deepEqual(json.containers[0]?.reasons, report.containers[0]?.diagnosis?.reasons);
    assert.equal(json.containers[0]?.patched.outcome.wrapperPid, undefined);
  });
});
