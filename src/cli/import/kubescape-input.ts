/**
 * Kubescape ApplicationProfiles → WorkloadProfiles for `profilegate import kubescape`: checks the
 * shape of each object the user gave (so a malformed one is named, not a crash), converts it with
 * src/profile/kubescape-mapping.ts and says what the result rests on.
 */
import { z } from 'zod';
import {
  importApplicationProfile,
  KUBESCAPE_API_VERSION,
  KubescapeImportError,
} from '../../profile/kubescape-mapping.js';
import { InvalidProfileError } from '../../profile/parse-profile.js';
import type { WorkloadProfile } from '../../profile/workload-profile.js';
import { formatIssues } from '../../schema/format-issues.js';
import type { Manifest } from '../shared/read-manifests.js';

const StringList = z.array(z.string()).nullish();

/** The fields the importer reads; Kubescape's others (rulePolicies, seccompProfile, …) pass. */
const ContainerSchema = z.looseObject({
  name: z.string().min(1),
  capabilities: StringList,
  syscalls: StringList,
  execs: z.array(z.looseObject({ path: z.string(), args: StringList })).nullish(),
  opens: z.array(z.looseObject({ path: z.string(), flags: StringList })).nullish(),
  endpoints: z
    .array(z.looseObject({ direction: z.string().optional(), endpoint: z.string().optional() }))
    .nullish(),
  imageID: z.string().optional(),
});

const ApplicationProfileSchema = z.looseObject({
  apiVersion: z.literal(KUBESCAPE_API_VERSION),
  kind: z.literal('ApplicationProfile'),
  metadata: z.looseObject({
    name: z.string().min(1),
    namespace: z.string().optional(),
    labels: z.record(z.string(), z.string()).optional(),
    annotations: z.record(z.string(), z.string()).optional(),
    creationTimestamp: z.string().optional(),
    managedFields: z.array(z.looseObject({ time: z.string().optional() })).optional(),
  }),
  spec: z.looseObject({
    containers: z.array(ContainerSchema).nullish(),
    initContainers: z.array(ContainerSchema).nullish(),
  }),
});

export interface ImportResult {
  profiles: WorkloadProfile[];
  /** Objects that could not be converted, each with its source (`file#2: …`). */
  problems: string[];
  /** Objects that are not ApplicationProfiles (e.g. NetworkNeighborhood), by source. */
  skipped: string[];
}

export function isApplicationProfile(object: Record<string, unknown>): boolean {
  return object.apiVersion === KUBESCAPE_API_VERSION && object.kind === 'ApplicationProfile';
}

export function importKubescape(manifests: Manifest[]): ImportResult {
  const result: ImportResult = { profiles: [], problems: [], skipped: [] };
  for (const { source, object } of manifests) {
    if (!isApplicationProfile(object)) {
      result.skipped.push(`${source} (${String(object.kind)})`);
      continue;
    }
    const parsed = ApplicationProfileSchema.safeParse(object);
    if (!parsed.success) {
      result.problems.push(...formatIssues(parsed.error).map((p) => `${source}: ${p}`));
      continue;
    }
    try {
      result.profiles.push(importApplicationProfile(parsed.data));
    } catch (error) {
      if (error instanceof KubescapeImportError) result.problems.push(`${source}: ${error.message}`);
      else if (error instanceof InvalidProfileError)
        result.problems.push(...error.problems.map((p) => `${source}: ${p}`));
      else throw error;
    }
  }
  return result;
}

/** Two ApplicationProfiles (e.g. of two ReplicaSets after a rollout) → one WorkloadProfile name. */
export function duplicateNames(profiles: WorkloadProfile[]): string[] {
  const sources = new Map<string, string[]>();
  for (const p of profiles) {
    const key = `${p.metadata.namespace ?? ''}/${p.metadata.name}`;
    const from = p.metadata.annotations?.['profilegate.dev/source'] ?? '';
    sources.set(key, [...(sources.get(key) ?? []), from.replace(/^kubescape:/, '')]);
  }
  return [...sources]
    .filter(([, from]) => from.length > 1)
    .map(
      ([key, from]) =>
        `${from.length} ApplicationProfiles (${from.join(', ')}) become WorkloadProfile ${key}: ` +
        'applying the output keeps only the last; keep the one of the running pod template',
    );
}

/**
 * What Kubescape does not record, how the importer fills it, and which runtime rule that
 * affects (src/profile/kubescape-mapping.ts, docs/workload-profile.md).
 */
export const KUBESCAPE_GAPS: readonly string[] = [
  'listening ports: Kubescape records HTTP endpoints only, so a non-HTTP listener (raw TCP, a database, DNS, any UDP port) or one that got no request while Kubescape learned is missing: ' +
    'runtime-unused-host-ports only warns for an imported profile',
  'write paths: taken from files opened for writing; a directory only written by mkdir, rename or unlink is missing; ' +
    'which directories existed before is not recorded: runtime-read-only-root-filesystem only warns for an imported profile',
  'uids: not recorded, left empty: runtime-run-as-non-root is never proposed',
  'setuid/setgid transitions: not recorded, privilegeTransitions=true: runtime-privilege-escalation is never proposed',
  'host namespaces: not recorded, every one counts as used: runtime-unused-host-namespaces never fires',
  'outbound peers, gids, pods/nodes observed and events lost: not recorded (evidence messages say "across 0 pods")',
  "observation times: Kubescape's own (creationTimestamp, managedFields), so an import goes stale like any profile",
];
