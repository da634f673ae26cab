import { WorkloadProfileSchema, type WorkloadProfile } from './workload-profile.js';
import { formatIssues } from '../schema/format-issues.js';

export class InvalidProfileError extends Error {
  override readonly name = 'InvalidProfileError';
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`invalid WorkloadProfile ${source}: ${problems.join('; ')}`);
  }
}

/** Validates an unknown document as a WorkloadProfile, naming every bad field by path. */
export function parseWorkloadProfile(document: unknown, source: string): WorkloadProfile {
  const result = WorkloadProfileSchema.safeParse(document);
  if (!result.success) throw new InvalidProfileError(source, formatIssues(result.error));
  return result.data;
}
