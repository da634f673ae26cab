/**
 * The Pod Security Standards version a level is judged by, as Pod Security Admission's
 * `enforce-version`: "latest" (the newest version the policy library implements) or "v1.N".
 * Pinning one keeps a namespace's verdicts when ProfileGate learns a newer Kubernetes release.
 */
import { z } from 'zod';

/**
 * The newest Kubernetes minor whose PSA checks the Rego library implements; keep it equal to
 * `newest_minor` in policies/rego/lib/pss_version.rego (a unit test compares them).
 */
export const NEWEST_LEVEL_MINOR = 37;

export type LevelVersion = 'latest' | `v1.${number}`;

/** PSA's own pattern (k8s.io/pod-security-admission/api ParseVersion): no leading zeros. */
const PATTERN = /^v1\.(0|[1-9][0-9]*)$/;

export const LEVEL_VERSION_ALLOWED = `"latest" or v1.0 to v1.${NEWEST_LEVEL_MINOR}`;

/** Why value is not a level version, or undefined when it is one. */
export function levelVersionProblem(value: string): string | undefined {
  if (value === 'latest') return undefined;
  const match = PATTERN.exec(value);
  if (!match)
    return `${JSON.stringify(value)} is not a Pod Security Standards version (allowed: ${LEVEL_VERSION_ALLOWED})`;
  const minor = Number(match[1]);
  if (minor > NEWEST_LEVEL_MINOR) {
    return `${value} is newer than v1.${NEWEST_LEVEL_MINOR}, the newest Pod Security Standards version this ProfileGate implements (allowed: ${LEVEL_VERSION_ALLOWED})`;
  }
  return undefined;
}

export function isLevelVersion(value: string): value is LevelVersion {
  return levelVersionProblem(value) === undefined;
}

export const LevelVersionSchema = z
  .string()
  .superRefine((value, ctx) => {
    const problem = levelVersionProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .transform((value) => value as LevelVersion);

/** `baseline:v1.35`, as PSA writes a level and its version. */
export function formatLevelVersion(level: string, version: LevelVersion): string {
  return `${level}:${version}`;
}
