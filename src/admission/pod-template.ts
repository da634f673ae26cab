/**
 * Where each workload kind keeps its pod template, as a JSON Pointer into the object.
 * One table, so rules and patches are written once for every kind.
 */
import type { WorkloadKind } from '../profile/workload-profile.js';

interface TemplateLocation {
  /** API group of the kind; a Deployment from another group is not ours to judge. */
  group: string;
  podSpecPointer: string;
  podMetadataPointer: string;
}

const TEMPLATE = { podSpecPointer: '/spec/template/spec', podMetadataPointer: '/spec/template/metadata' };

export const POD_TEMPLATE_LOCATIONS: Readonly<Record<WorkloadKind, TemplateLocation>> = {
  Pod: { group: '', podSpecPointer: '/spec', podMetadataPointer: '/metadata' },
  ReplicationController: { group: '', ...TEMPLATE },
  Deployment: { group: 'apps', ...TEMPLATE },
  ReplicaSet: { group: 'apps', ...TEMPLATE },
  StatefulSet: { group: 'apps', ...TEMPLATE },
  DaemonSet: { group: 'apps', ...TEMPLATE },
  Job: { group: 'batch', ...TEMPLATE },
  CronJob: {
    group: 'batch',
    podSpecPointer: '/spec/jobTemplate/spec/template/spec',
    podMetadataPointer: '/spec/jobTemplate/spec/template/metadata',
  },
};

export function isWorkloadKind(group: string, kind: string): kind is WorkloadKind {
  return (
    Object.hasOwn(POD_TEMPLATE_LOCATIONS, kind) &&
    POD_TEMPLATE_LOCATIONS[kind as WorkloadKind].group === group
  );
}
