/** How `profilegate verify` prints its verdicts: for people (text) or for tools (-o json). */
import type { ContainerVerdict, RunSummary } from '../../verify/verify-container.js';
import type { Operation } from '../../patch/json-patch.js';

export interface VerifyReport {
  resource: string;
  runtime: string;
  command: string[];
  /** Ids of the findings whose patches were applied. */
  patchedBy: string[];
  patch: Operation[];
  containers: ContainerVerdict[];
}

function exitOf(s: RunSummary): string {
  const o = s.outcome;
  if (o.timedOut) return 'timed out';
  if (!s.started) return 'did not start';
  return o.exitCode === null ? `killed by ${o.signal ?? 'a signal'}` : `exit ${o.exitCode}`;
}

function specLine(s: RunSummary): string {
  const parts = [
    s.readOnlyRootFilesystem ? 'read-only root' : 'writable root',
    `capabilities ${s.capabilities.length > 0 ? s.capabilities.join(',') : 'none'}`,
    `seccomp ${s.seccomp}`,
    ...(s.noNewPrivileges ? ['no_new_privs'] : []),
    `uid ${s.user.uid} gid ${s.user.gid}`,
    ...(s.mounts.length > 0 ? [`volumes ${s.mounts.join(', ')}`] : []),
  ];
  return parts.join('; ');
}

function tail(text: string, lines: number): string[] {
  return text
    .trimEnd()
    .split('\n')
    .filter((l) => l.length > 0)
    .slice(-lines);
}

export function formatVerifyText(report: VerifyReport): string {
  const lines = [
    `${report.resource}: ${report.patch.length} patch operations` +
      (report.patchedBy.length > 0 ? ` (${report.patchedBy.join(', ')})` : ' (nothing to patch)') +
      `, run with ${report.runtime}: ${report.command.join(' ')}`,
  ];
  for (const c of report.containers) {
    const head = `container "${c.container}": ${c.verdict}`;
    if (c.verdict === 'kept working') {
      lines.push(
        `${head} (${exitOf(c.patched)} under the patched spec, ${exitOf(c.original)} under the original)`,
      );
    } else if (c.verdict === 'broke') {
      lines.push(
        `${head} (${exitOf(c.patched)} under the patched spec, ${exitOf(c.original)} under the original)`,
      );
      for (const r of c.diagnosis?.reasons ?? []) lines.push(`  - ${r}`);
      for (const l of tail(c.patched.outcome.stderr, 5)) lines.push(`  stderr: ${l}`);
    } else {
      lines.push(`${head}: the command fails under the original spec too (${exitOf(c.original)})`);
      for (const l of tail(c.original.outcome.stderr, 5)) lines.push(`  stderr: ${l}`);
    }
    lines.push(`  patched spec: ${specLine(c.patched)}`);
    for (const n of c.patched.notes) lines.push(`  note: ${n}`);
  }
  return `${lines.join('\n')}\n`;
}

function runJson(s: RunSummary) {
  const outcome: Partial<RunSummary['outcome']> = { ...s.outcome };
  delete outcome.wrapperPid; // a host pid means nothing to the reader
  return { ...s, outcome };
}

export function formatVerifyJson(report: VerifyReport): string {
  return `${JSON.stringify(
    {
      ...report,
      verdict: verdictOf(report.containers),
      containers: report.containers.map((c) => ({
        container: c.container,
        verdict: c.verdict,
        reasons: c.diagnosis?.reasons ?? [],
        ...(c.diagnosis === undefined ? {} : { diagnosis: c.diagnosis }),
        patched: runJson(c.patched),
        original: runJson(c.original),
      })),
    },
    null,
    2,
  )}\n`;
}

export function verdictOf(containers: ContainerVerdict[]): string {
  if (containers.some((c) => c.verdict === 'broke')) return 'broke';
  if (containers.some((c) => c.verdict === 'inconclusive')) return 'inconclusive';
  return 'kept working';
}
