/**
 * Tolerant readers over an untyped pod spec (the API server has validated it; we only need
 * to read it without trusting its shape), shared by the safety-net modules.
 */
import { isRecord } from './is-record.js';

export type Obj = Record<string, unknown>;

export function obj(value: unknown): Obj {
  return isRecord(value) ? value : {};
}

export function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? (value as unknown[]) : [];
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function num(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

/**
 * The container lists of a pod spec, in the order Pod Security Admission and the Rego
 * (policies/rego/lib/pods.rego `container_kinds`, checked by a unit test) walk them.
 */
export const CONTAINER_KINDS = ['containers', 'initContainers', 'ephemeralContainers'] as const;

export interface ContainerRef {
  name: string;
  kind: (typeof CONTAINER_KINDS)[number];
  spec: Obj;
}

export function containersOf(podSpec: Obj): ContainerRef[] {
  return CONTAINER_KINDS.flatMap((kind) =>
    arr(podSpec[kind]).map((c) => ({ name: str(obj(c).name) ?? '', kind, spec: obj(c) })),
  );
}

export interface MountRef {
  mountPath: string;
  volume: string;
  readOnly: boolean;
}

export function mountsOf(container: Obj): MountRef[] {
  return arr(container.volumeMounts).map((m) => ({
    mountPath: str(obj(m).mountPath) ?? '',
    volume: str(obj(m).name) ?? '',
    readOnly: obj(m).readOnly === true,
  }));
}
