/**
 * `profilegate audit --cluster`: what runs in a live cluster, read through a kubeconfig, judged
 * like manifests: every judged kind (src/kube/judged-resources.ts; objects a controller owns are
 * left to their owner, as the background audit does), the namespaces' ProfileGate labels, and the
 * WorkloadProfiles stored there (unless --profile or --profile-dir names others).
 */
import { KubeConfig } from '@kubernetes/client-node';
import { JUDGED_RESOURCES, ownedByController } from '../../kube/judged-resources.js';
import { ListError, listJson } from '../../kube/list-json.js';
import { InvalidProfileError, parseWorkloadProfile } from '../../profile/parse-profile.js';
import type { WorkloadProfile } from '../../profile/workload-profile.js';
import {
  EXCEPTION_PLURAL,
  InvalidExceptionError,
  parseStoredException,
  type PolicyException,
} from '../../exception/policy-exception.js';
import { CliError } from '../shared/cli-context.js';
import type { SourcedObject } from '../shared/read-sources.js';

export interface ClusterScope {
  kubeconfig?: string;
  /** undefined: every namespace (-A). */
  namespace: string | undefined;
}

export interface ClusterContent {
  /** `file` names the object (cluster/<namespace>/<kind>/<name>); there is no line. */
  sources: SourcedObject[];
  labelsOf: (namespace: string) => Record<string, string> | undefined;
  profiles: WorkloadProfile[];
  /** The cluster's PolicyExceptions (--exception files replace them). */
  exceptions: PolicyException[];
  /** Invalid WorkloadProfiles and PolicyExceptions, left out, for warnings. */
  problems: string[];
}

interface Listed {
  metadata?: {
    name?: string;
    namespace?: string;
    labels?: Record<string, string>;
    ownerReferences?: { controller?: boolean }[];
  };
}

function inNamespace(path: string, namespace: string | undefined): string {
  if (namespace === undefined) return path;
  const slash = path.lastIndexOf('/');
  return `${path.slice(0, slash)}/namespaces/${encodeURIComponent(namespace)}${path.slice(slash)}`;
}

function kubeConfigOf(path: string | undefined): KubeConfig {
  const kc = new KubeConfig();
  try {
    if (path) kc.loadFromFile(path);
    else kc.loadFromDefault();
  } catch (error) {
    throw new CliError(`--kubeconfig ${path ?? '(default)'}: ${(error as Error).message}`);
  }
  return kc;
}

async function list<T>(kc: KubeConfig, path: string): Promise<T[]> {
  try {
    return (await listJson<T>(kc, path)).items;
  } catch (error) {
    throw new CliError(`cannot read the cluster (GET ${path}): ${(error as Error).message}`);
  }
}

/** Custom resources of ProfileGate; none when their CRD is not installed. */
async function stored(kc: KubeConfig, plural: string, namespace: string | undefined) {
  const path = inNamespace(`/apis/profilegate.dev/v1alpha1/${plural}`, namespace);
  try {
    return (await listJson<unknown>(kc, path)).items;
  } catch (error) {
    // No such CRD in this cluster: static rules only, or no exceptions.
    if (error instanceof ListError && error.code === 404) return [];
    throw new CliError(`cannot read the cluster (GET ${path}): ${(error as Error).message}`);
  }
}

export async function readCluster(scope: ClusterScope, withProfiles: boolean): Promise<ClusterContent> {
  const kc = kubeConfigOf(scope.kubeconfig);
  const sources: SourcedObject[] = [];
  for (const resource of JUDGED_RESOURCES) {
    for (const item of await list<Listed>(kc, inNamespace(resource.path, scope.namespace))) {
      if (ownedByController(item)) continue;
      const object = { ...item, apiVersion: resource.apiVersion, kind: resource.kind } as Record<
        string,
        unknown
      >;
      const where = `${item.metadata?.namespace ?? ''}/${resource.kind}/${item.metadata?.name ?? ''}`;
      sources.push({ file: `cluster/${where}`, line: 1, object });
    }
  }
  const labels = new Map<string, Record<string, string>>();
  for (const ns of await list<Listed>(kc, '/api/v1/namespaces')) {
    if (ns.metadata?.name) labels.set(ns.metadata.name, ns.metadata.labels ?? {});
  }
  const profiles: WorkloadProfile[] = [];
  const problems: string[] = [];
  if (withProfiles) {
    for (const [i, item] of (await stored(kc, 'workloadprofiles', scope.namespace)).entries()) {
      try {
        profiles.push(parseWorkloadProfile(item, `WorkloadProfile ${i}`));
      } catch (error) {
        if (!(error instanceof InvalidProfileError)) throw error;
        problems.push(error.message);
      }
    }
  }
  const exceptions: PolicyException[] = [];
  for (const item of await stored(kc, EXCEPTION_PLURAL, scope.namespace)) {
    const name = `PolicyException ${String((item as Listed).metadata?.namespace)}/${String((item as Listed).metadata?.name)}`;
    try {
      exceptions.push(parseStoredException(item as object, name));
    } catch (error) {
      if (!(error instanceof InvalidExceptionError)) throw error;
      problems.push(`${error.message} (not applied)`);
    }
  }
  return { sources, labelsOf: (namespace) => labels.get(namespace), profiles, exceptions, problems };
}
