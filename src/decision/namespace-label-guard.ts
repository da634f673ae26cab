/**
 * Who may exempt: a namespace's ProfileGate labels (mode, level, exempt, anything under
 * profilegate.dev/) decide how its workloads are judged, so setting, changing or removing one is
 * reserved to the groups and users in `namespaceLabels.editors`. Without this, anyone allowed to
 * label a namespace could set `profilegate.dev/exempt=true` and bypass every policy. It is an
 * authorization rule, not a policy finding: it denies in every mode.
 */
import type { AdmissionRequest, AdmissionResponse } from '../admission/admission-review.js';
import type { Config } from '../config/config-schema.js';
import { isRecord } from '../schema/is-record.js';
import { allowed, forbidden } from './admission-responses.js';

export const PROFILEGATE_LABEL_PREFIX = 'profilegate.dev/';

export function isNamespaceRequest(request: Pick<AdmissionRequest, 'kind' | 'subResource'>): boolean {
  return request.kind.group === '' && request.kind.kind === 'Namespace' && !request.subResource;
}

function labelsOf(object: unknown): Record<string, unknown> {
  const metadata = isRecord(object) ? object.metadata : undefined;
  const labels = isRecord(metadata) ? metadata.labels : undefined;
  return isRecord(labels) ? labels : {};
}

export interface LabelChange {
  key: string;
  before: unknown;
  after: unknown;
}

/** Guarded labels that differ between the old and the new object (CREATE: every one set). */
export function guardedLabelChanges(request: AdmissionRequest, config: Config): LabelChange[] {
  const keys = config.namespaceLabels;
  const guarded = (key: string) =>
    key.startsWith(PROFILEGATE_LABEL_PREFIX) ||
    [keys.mode, keys.level, keys.levelVersion, keys.exempt].includes(key);
  const before = labelsOf(request.operation === 'CREATE' ? undefined : request.oldObject);
  const after = labelsOf(request.object);
  return [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .filter(guarded)
    .filter((key) => before[key] !== after[key])
    .sort()
    .map((key) => ({ key, before: before[key], after: after[key] }));
}

function mayEdit(request: AdmissionRequest, config: Config): boolean {
  const { groups, users } = config.namespaceLabels.editors;
  const username = request.userInfo.username;
  if (username !== undefined && users.includes(username)) return true;
  return (request.userInfo.groups ?? []).some((group) => groups.includes(group));
}

/** "the groups a, b and the users c" / "nobody" */
export function describeEditors(config: Config): string {
  const { groups, users } = config.namespaceLabels.editors;
  const parts = [
    ...(groups.length > 0 ? [`the group${groups.length > 1 ? 's' : ''} ${groups.join(', ')}`] : []),
    ...(users.length > 0 ? [`the user${users.length > 1 ? 's' : ''} ${users.join(', ')}`] : []),
  ];
  return parts.length > 0 ? parts.join(' and ') : 'nobody';
}

function shown(value: unknown): string {
  return value === undefined ? 'unset' : JSON.stringify(value);
}

export interface LabelGuardOutcome {
  response: AdmissionResponse;
  decision: 'allow' | 'deny';
  changes: LabelChange[];
}

/** CREATE and UPDATE of a Namespace; any other operation changes no label. */
export function guardNamespaceLabels(request: AdmissionRequest, config: Config): LabelGuardOutcome {
  const changes =
    request.operation === 'CREATE' || request.operation === 'UPDATE'
      ? guardedLabelChanges(request, config)
      : [];
  if (changes.length === 0 || mayEdit(request, config)) {
    return { response: allowed(request.uid), decision: 'allow', changes };
  }
  const who = request.userInfo.username ?? 'an unnamed user';
  const what = changes.map((c) => `${c.key} (${shown(c.before)} → ${shown(c.after)})`).join(', ');
  const message = `profilegate denied Namespace ${request.name ?? ''}: its ProfileGate labels may only be set, changed or removed by ${describeEditors(config)} (namespaceLabels.editors); ${who} changed ${what}`;
  return { response: forbidden(request.uid, message), decision: 'deny', changes };
}
