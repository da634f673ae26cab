import type { AdmissionRequest } from './admission-review.js';
import { UnreadableRequestError } from './admission-errors.js';
import { isEphemeralContainersUpdate } from './ephemeral-containers.js';
import { POD_TEMPLATE_LOCATIONS, isWorkloadKind } from './pod-template.js';
import { resolvePointer } from '../patch/json-pointer.js';
import { isRecord } from '../schema/is-record.js';
import { CONTAINER_KINDS } from '../schema/pod-spec.js';
import type { WorkloadKind } from '../profile/workload-profile.js';

/** The pod template of any workload kind, normalised so a rule is written once. */
export interface WorkloadView {
  kind: WorkloadKind;
  name: string;
  namespace: string;
  podMetadata: { labels: Record<string, string>; annotations: Record<string, string> };
  podSpec: Record<string, unknown>;
  /** JSON Pointer of the pod spec inside request.object, e.g. /spec/template/spec. */
  podSpecPointer: string;
  /**
   * Every container name of every kind, once, in the order Rego's sort() gives (UTF-8 bytes).
   * Rules list names by filtering it: sort() in the WASM runtime is quadratic.
   */
  containerNames: string[];
}

/**
 * Unique names sorted as OPA compares strings: UTF-8 bytes. UTF-16 order (JavaScript's default)
 * is the same unless a name holds a surrogate pair.
 */
export function sortedContainerNames(podSpec: Record<string, unknown>): string[] {
  const names = new Set<string>();
  for (const list of CONTAINER_KINDS) {
    const containers = podSpec[list];
    if (!Array.isArray(containers)) continue;
    for (const c of containers as { name?: unknown }[]) if (typeof c.name === 'string') names.add(c.name);
  }
  const sorted = [...names];
  if (sorted.some((n) => /[\uD800-\uDFFF]/.test(n)))
    return sorted.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  return sorted.sort();
}

function stringMap(value: unknown): Record<string, string> {
  if (!isRecord(value)) return {};
  return Object.fromEntries(
    Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
}

function pointerToField(pointer: string): string {
  return pointer.slice(1).replaceAll('/', '.');
}

/**
 * The normalised pod template of a workload request, or null when the request is not
 * about a workload kind (Services and everything else). A workload whose pod spec
 * cannot be read is an UnreadableRequestError naming the field.
 */
export function workloadView(request: AdmissionRequest): WorkloadView | null {
  const { group, kind } = request.kind;
  if (!isWorkloadKind(group, kind)) return null;
  if (request.subResource && !isEphemeralContainersUpdate(request)) return null;
  const object = request.object;
  if (!object) return null;
  const location = POD_TEMPLATE_LOCATIONS[kind];
  const podSpec = resolvePointer(object, location.podSpecPointer);
  const problems: string[] = [];
  if (!isRecord(podSpec)) {
    problems.push(
      `request.object.${pointerToField(location.podSpecPointer)}: must be an object (the pod spec)`,
    );
  } else {
    for (const list of CONTAINER_KINDS) {
      const containers = podSpec[list];
      if (containers === undefined && list !== 'containers') continue;
      if (!Array.isArray(containers) || containers.some((c) => !isRecord(c) || typeof c.name !== 'string')) {
        problems.push(
          `request.object.${pointerToField(location.podSpecPointer)}.${list}: must be a list of containers, each with a name`,
        );
      }
    }
  }
  if (problems.length > 0 || !isRecord(podSpec)) throw new UnreadableRequestError(request.uid, problems);
  const podMetadata = resolvePointer(object, location.podMetadataPointer);
  const metadata = isRecord(object.metadata) ? object.metadata : {};
  const name = request.name || (typeof metadata.name === 'string' ? metadata.name : '');
  return {
    kind,
    name: name || (typeof metadata.generateName === 'string' ? metadata.generateName : ''),
    namespace: request.namespace ?? '',
    podMetadata: {
      labels: stringMap(isRecord(podMetadata) ? podMetadata.labels : undefined),
      annotations: stringMap(isRecord(podMetadata) ? podMetadata.annotations : undefined),
    },
    podSpec,
    podSpecPointer: location.podSpecPointer,
    containerNames: sortedContainerNames(podSpec),
  };
}
