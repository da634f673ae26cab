/**
 * The kinds ProfileGate judges, where the API server lists them, and which of their objects are
 * judged through their owner instead: shared by the background audit and `profilegate audit
 * --cluster`, so both judge the same objects.
 */
import { POD_TEMPLATE_LOCATIONS } from '../admission/pod-template.js';

/** A judged kind and where the API server lists it. */
export interface JudgedResource {
  apiVersion: string;
  kind: string;
  /** e.g. /apis/apps/v1/deployments */
  path: string;
}

export const JUDGED_RESOURCES: readonly JudgedResource[] = [
  ...Object.entries(POD_TEMPLATE_LOCATIONS).map(([kind, { group }]) => {
    const apiVersion = group === '' ? 'v1' : `${group}/v1`;
    // Every judged kind's plural is its lower-case name plus "s" (request-for-object.ts too).
    const plural = `${kind.toLowerCase()}s`;
    return { apiVersion, kind, path: group === '' ? `/api/v1/${plural}` : `/apis/${apiVersion}/${plural}` };
  }),
  { apiVersion: 'v1', kind: 'Service', path: '/api/v1/services' },
];

/**
 * Pods of a ReplicaSet, ReplicaSets of a Deployment, Jobs of a CronJob: their owner is judged for
 * the same pod template, so a finding is reported once, on the object a user edits.
 */
export function ownedByController(object: {
  metadata?: { ownerReferences?: { controller?: boolean }[] };
}): boolean {
  return (object.metadata?.ownerReferences ?? []).some((o) => o.controller === true);
}
