/**
 * Which changes the safety net can judge. A patch may only touch the pod spec fields whose
 * effect effective-privileges.ts and observed-behaviour.ts model; anything else (replicas,
 * labels, sysctls, images, commands, SELinux options, mount propagation, ...) is reported, so a
 * patch we cannot reason about is never applied silently.
 *
 * The diff between the original and the patched object is taken leaf by leaf (fast-json-patch
 * `compare`); a parent that did not exist before shows up as one `add` of the whole value, so
 * for those the value's keys are checked instead.
 */
import { compare } from '../patch/json-patch.js';
import { CONTAINER_KINDS } from '../schema/pod-spec.js';

const SECURITY_CONTEXT_KEYS = [
  'capabilities',
  'privileged',
  'allowPrivilegeEscalation',
  'readOnlyRootFilesystem',
  'runAsNonRoot',
  'runAsUser',
  'seccompProfile',
  'procMount',
];
const MOUNT_KEYS = ['name', 'mountPath', 'readOnly'];

interface Rule {
  /** Pointer segments relative to the pod spec; `*` is one array index. */
  pattern: string[];
  /** prefix: the path and everything below it; whole: exactly the path, value keys checked. */
  mode: 'prefix' | 'whole';
  keys?: string[];
  /** For whole arrays: keys allowed in each item. */
  itemKeys?: string[];
}

const seg = (pointer: string): string[] => pointer.split('/').slice(1);

const RULES: Rule[] = [
  ...['/hostNetwork', '/hostPID', '/hostIPC', '/automountServiceAccountToken', '/volumes'].map((p): Rule => ({
    pattern: seg(p),
    mode: 'prefix',
  })),
  ...['seccompProfile', 'runAsNonRoot', 'runAsUser'].map((k): Rule => ({
    pattern: seg(`/securityContext/${k}`),
    mode: 'prefix',
  })),
  { pattern: seg('/securityContext'), mode: 'whole', keys: ['seccompProfile', 'runAsNonRoot', 'runAsUser'] },
  ...CONTAINER_KINDS.flatMap((kind): Rule[] => [
    ...SECURITY_CONTEXT_KEYS.map((k): Rule => ({
      pattern: seg(`/${kind}/*/securityContext/${k}`),
      mode: 'prefix',
    })),
    { pattern: seg(`/${kind}/*/securityContext`), mode: 'whole', keys: SECURITY_CONTEXT_KEYS },
    { pattern: seg(`/${kind}/*/volumeMounts`), mode: 'whole', itemKeys: MOUNT_KEYS },
    { pattern: seg(`/${kind}/*/volumeMounts/*`), mode: 'whole', keys: MOUNT_KEYS },
    ...MOUNT_KEYS.map((k): Rule => ({ pattern: seg(`/${kind}/*/volumeMounts/*/${k}`), mode: 'prefix' })),
    { pattern: seg(`/${kind}/*/ports/*/hostPort`), mode: 'prefix' },
  ]),
];

function matches(parts: string[], rule: Rule): boolean {
  if (rule.mode === 'whole' ? parts.length !== rule.pattern.length : parts.length < rule.pattern.length)
    return false;
  return rule.pattern.every((p, i) => (p === '*' ? /^\d+$/.test(parts[i] ?? '') : p === parts[i]));
}

function keysWithin(value: unknown, allowed: string[] | undefined): boolean {
  if (allowed === undefined) return true;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return Object.keys(value).every((k) => allowed.includes(k));
}

function judged(relative: string, op: { op: string; value?: unknown }): boolean {
  const parts = seg(relative);
  return RULES.some((rule) => {
    if (!matches(parts, rule)) return false;
    if (rule.mode === 'prefix' || op.op === 'remove') return true;
    if (rule.itemKeys !== undefined) {
      return (
        Array.isArray(op.value) && (op.value as unknown[]).every((item) => keysWithin(item, rule.itemKeys))
      );
    }
    return keysWithin(op.value, rule.keys);
  });
}

export function outsidePodSpec(path: string): string {
  return `changes ${path}, outside the pod spec`;
}

/** One message per changed path the safety net cannot judge (empty when all are judged). */
export function outOfScopeChanges(original: unknown, patched: unknown, podSpecPointer: string): string[] {
  const reasons: string[] = [];
  for (const op of compare(original as object, patched as object)) {
    if (!op.path.startsWith(`${podSpecPointer}/`)) {
      reasons.push(outsidePodSpec(op.path));
      continue;
    }
    const relative = op.path.slice(podSpecPointer.length);
    if (!judged(relative, op as { op: string; value?: unknown })) {
      reasons.push(`changes ${relative}, which the safety net cannot judge`);
    }
  }
  return reasons;
}
