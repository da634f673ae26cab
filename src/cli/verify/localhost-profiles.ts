/**
 * Where verify finds the JSON a `seccompProfile: {type: Localhost, localhostProfile: P}` names:
 * `--seccomp-root DIR/P` (the kubelet's seccomp root layout) when given, else the profile
 * `profilegate seccomp` would write for P from the WorkloadProfiles in use (the same generator
 * the runtime-seccomp-profile rule's patch refers to).
 */
import { readFileSync } from 'node:fs';
import { join, normalize } from 'node:path';
import type { WorkloadProfile } from '../../profile/workload-profile.js';
import type { OciSeccomp } from '../../verify/oci-types.js';
import { VerifyInputError } from '../../verify/verify-errors.js';
import { planSeccompArtifacts } from '../seccomp/seccomp-artifacts.js';

export function localhostProfiles(
  profiles: WorkloadProfile[],
  namespace: string,
  seccompRoot: string | undefined,
): (localhostProfile: string) => OciSeccomp {
  return (localhostProfile) => {
    if (normalize(localhostProfile).startsWith('..')) {
      throw new VerifyInputError(`localhostProfile ${localhostProfile} leaves the seccomp root`);
    }
    if (seccompRoot !== undefined) {
      const path = join(seccompRoot, localhostProfile);
      try {
        return JSON.parse(readFileSync(path, 'utf8')) as OciSeccomp;
      } catch (error) {
        throw new VerifyInputError(
          `cannot read Localhost seccomp profile ${path}: ${(error as Error).message}`,
        );
      }
    }
    const plan = planSeccompArtifacts(profiles, { format: 'oci', namespace });
    const artifact = plan.artifacts.find((a) => a.localhostProfile === localhostProfile);
    if (artifact === undefined) {
      throw new VerifyInputError(
        `no Localhost seccomp profile ${localhostProfile}: give --seccomp-root DIR holding it, or the WorkloadProfile it is generated from`,
      );
    }
    return JSON.parse(artifact.text) as OciSeccomp;
  };
}
