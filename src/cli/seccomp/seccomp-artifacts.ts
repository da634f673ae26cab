/**
 * The seccomp artifacts of WorkloadProfiles, one per container, as `profilegate seccomp` writes
 * them: the OCI JSON a node's kubelet reads from its seccomp root, or the Security Profiles
 * Operator `SeccompProfile` object that installs the same JSON on every node. Both come from
 * src/hardening/seccomp-profile.ts, the generator the `runtime-seccomp-profile` rule's Localhost
 * patch refers to (`operator/<namespace>/<profile>-<container>.json`), so what is written here is
 * exactly what that patch expects to find.
 */
import { join } from 'node:path';
import { stringify } from 'yaml';
import {
  localhostProfilePath,
  localhostSeccompProfile,
  seccompProfileName,
  seccompProfileObject,
  syscallsOutsideRuntimeDefault,
} from '../../hardening/seccomp-profile.js';
import type { ContainerProfile, WorkloadProfile } from '../../profile/workload-profile.js';
import { CliError } from '../shared/cli-context.js';

export type SeccompFormat = 'oci' | 'spo';

export interface SeccompArtifact {
  /** e.g. `shop/deployment-web container "web"`, for messages. */
  subject: string;
  namespace: string;
  /** SeccompProfile object name: `<profile>-<container>`. */
  name: string;
  /** The `localhostProfile` value that references it: `operator/<namespace>/<name>.json`. */
  localhostProfile: string;
  /** Observed syscalls that RuntimeDefault refuses (with the observed capabilities' additions). */
  outsideRuntimeDefault: string[];
  observedSyscalls: number;
  allowedSyscalls: number;
  /** Where it goes under --out: the kubelet layout for OCI, one flat file per object for SPO. */
  relativePath: string;
  text: string;
}

export interface SeccompPlan {
  artifacts: SeccompArtifact[];
  /** Things the user must know before installing the profiles (stderr). */
  warnings: string[];
}

/**
 * Plans one artifact per container of each profile (only `container` when given). A container
 * with no recorded syscall gets no artifact: its profile would allow the start-up set only.
 */
export function planSeccompArtifacts(
  profiles: WorkloadProfile[],
  options: { format: SeccompFormat; container?: string; namespace?: string },
): SeccompPlan {
  const artifacts: SeccompArtifact[] = [];
  const warnings: string[] = [];
  for (const profile of profiles) {
    const namespace = profile.metadata.namespace ?? options.namespace;
    const profileId = `${namespace === undefined ? '' : `${namespace}/`}${profile.metadata.name}`;
    const containers = profile.spec.containers.filter(
      (c) => options.container === undefined || c.name === options.container,
    );
    if (containers.length === 0) continue;
    if (namespace === undefined) {
      throw new CliError(
        `profile ${profile.metadata.name} names no namespace: give -n/--namespace, the namespace the workload runs in (it is part of the localhostProfile path)`,
      );
    }
    warnings.push(...maturityWarnings(profile, profileId));
    for (const c of containers) {
      const subject = `${profileId} container "${c.name}"`;
      if (c.syscalls.length === 0) {
        warnings.push(
          `${subject}: no syscalls were recorded, so neither RuntimeDefault nor a Localhost profile can be judged; nothing written for it`,
        );
        continue;
      }
      artifacts.push(artifact(profile.metadata.name, namespace, c, subject, options.format));
    }
  }
  return { artifacts, warnings };
}

function artifact(
  profileName: string,
  namespace: string,
  c: ContainerProfile,
  subject: string,
  format: SeccompFormat,
): SeccompArtifact {
  const name = seccompProfileName(profileName, c.name);
  const oci = localhostSeccompProfile(c.syscalls);
  const localhostProfile = localhostProfilePath(namespace, name);
  return {
    subject,
    namespace,
    name,
    localhostProfile,
    outsideRuntimeDefault: syscallsOutsideRuntimeDefault(c.syscalls, c.capabilities),
    observedSyscalls: new Set(c.syscalls).size,
    allowedSyscalls: oci.syscalls.reduce((n, rule) => n + rule.names.length, 0),
    relativePath: format === 'oci' ? localhostProfile : `${namespace}.${name}.yaml`,
    text:
      format === 'oci'
        ? `${JSON.stringify(oci, null, 2)}\n`
        : stringify(seccompProfileObject(namespace, name, c.syscalls)),
  };
}

function maturityWarnings(profile: WorkloadProfile, profileId: string): string[] {
  const warnings: string[] = [];
  const risk = 'a syscall it has not been seen making will fail with EPERM under the Localhost profile';
  if (profile.status.phase !== 'complete') {
    warnings.push(
      `profile ${profileId} is still ${profile.status.phase}${profile.status.reason ? ` (${profile.status.reason})` : ''}: ${risk}`,
    );
  }
  const lost = profile.spec.observation.eventsLost;
  if (lost > 0) warnings.push(`profile ${profileId} lost ${lost} kernel events while recording: ${risk}`);
  return warnings;
}

/** What stderr says per container: is RuntimeDefault enough, and what the pod should reference. */
export function runtimeDefaultVerdict(a: SeccompArtifact): string {
  if (a.outsideRuntimeDefault.length === 0) {
    return (
      `${a.subject}: all ${a.observedSyscalls} observed syscalls are within RuntimeDefault: ` +
      `seccompProfile {type: RuntimeDefault} suffices and no Localhost profile is needed ` +
      `(${a.name} is optional, tighter: ${a.allowedSyscalls} syscalls)`
    );
  }
  return (
    `${a.subject}: ${a.outsideRuntimeDefault.length} of ${a.observedSyscalls} observed syscalls are outside RuntimeDefault ` +
    `(${a.outsideRuntimeDefault.join(', ')}): install ${a.name} and reference it with ` +
    `seccompProfile {type: Localhost, localhostProfile: ${a.localhostProfile}}`
  );
}

export function outputPath(dir: string, a: SeccompArtifact): string {
  return join(dir, ...a.relativePath.split('/'));
}
