/**
 * Case files (policies/cases/*.yaml): a manifest, an optional runtime profile, the settings to
 * judge it with, and the decision, findings and patch the webhook must produce.
 *
 *   name: privileged pod is denied at baseline
 *   level: baseline            # optional, default baseline
 *   mode: enforce              # optional, default enforce
 *   config: {}                 # optional ProfileGate config (parameters, policies, ...)
 *   manifest: {apiVersion: v1, kind: Pod, ...}
 *   profile: {...}             # optional WorkloadProfile
 *   now: 2026-05-01T00:00:00Z  # optional evaluation time, so a profile's age is fixed
 *   expect:
 *     allowed: false
 *     violations: [pss-privileged]   # the exact set of ids reported
 *     messages: {pss-privileged: 'container "a" must not set ...'}   # optional
 *     patch: [...]                    # optional: the exact JSON Patch the webhook returns
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { formatIssues } from '../../../schema/format-issues.js';
import { CliError } from '../../shared/cli-context.js';

export const CaseFileSchema = z.strictObject({
  name: z.string().min(1),
  level: z.enum(['baseline', 'restricted']).default('baseline'),
  mode: z.enum(['enforce', 'warn', 'audit']).default('enforce'),
  /** Merged into the ProfileGate configuration (parameters, per-policy modes, ...). */
  config: z.record(z.string(), z.unknown()).default({}),
  manifest: z.looseObject({ apiVersion: z.string(), kind: z.string() }),
  profile: z.unknown().optional(),
  /** The evaluation time: a case with a profile pins it, or the profile goes stale. */
  now: z.iso.datetime({ offset: true }).optional(),
  expect: z.strictObject({
    allowed: z.boolean(),
    violations: z.array(z.string()),
    messages: z.record(z.string(), z.string()).optional(),
    patch: z.array(z.record(z.string(), z.unknown())).optional(),
  }),
});

export type CaseFile = z.infer<typeof CaseFileSchema>;

export interface LoadedCase {
  file: string;
  case: CaseFile;
}

export async function loadCases(dir: string): Promise<LoadedCase[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => /\.ya?ml$/.test(n)).sort();
  } catch {
    return [];
  }
  return Promise.all(
    names.map(async (name) => {
      const file = join(dir, name);
      let document: unknown;
      try {
        document = parse(await readFile(file, 'utf8'));
      } catch (cause) {
        throw new CliError(`${file} is not valid YAML: ${(cause as Error).message}`);
      }
      const parsed = CaseFileSchema.safeParse(document);
      if (!parsed.success) throw new CliError(`${file}: ${formatIssues(parsed.error).join('; ')}`);
      return { file, case: parsed.data };
    }),
  );
}
