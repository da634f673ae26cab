/**
 * The metadata of every rule, read from the OPA METADATA annotations of the rule packages
 * (policies/rego/rules/*.rego), for the authoring tools only: `profilegate policy build` writes
 * it to policies/bundle/metadata.json, and docs/policies.md is rendered from that file without
 * the opa CLI. The webhook does not read it; a rule's level reaches it in each Violation.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { RuleLevel, Severity } from '../../policy/violation.js';
import { formatIssues } from '../../schema/format-issues.js';
import { EvidenceFact } from '../../profile/provenance.js';

/** A single reference or a list in the annotation; always a list here. */
const References = z
  .union([z.string(), z.array(z.string())])
  .default([])
  .transform((v) => (typeof v === 'string' ? [v] : v));

export const Frameworks = z.object({
  /** PSS level/control, e.g. baseline/host-namespaces; "none" when not a PSS control. */
  pss: z.string().default('none'),
  /** CIS Kubernetes Benchmark sections, e.g. ["5.2.2"]. */
  cis: References,
  /** NSA-CISA Kubernetes Hardening Guide section. */
  nsa: z.string().default(''),
  /** MITRE ATT&CK (containers matrix) technique ids. */
  mitre: References,
});

/** "v1.N" as Pod Security Admission writes a policy version. */
const PSA_VERSION = /^v1\.(0|[1-9][0-9]*)$/;

/** The Pod Security Admission check a PSS rule implements, with its version history. */
export const PsaHistory = z.strictObject({
  /** PSA's check id (k8s.io/pod-security-admission, policy/check_*.go), e.g. sysctls. */
  check: z.string().min(1),
  /** Version → what the check allows from it on, or what it changed. */
  versions: z.record(z.string(), z.string().min(1)).superRefine((versions, ctx) => {
    const keys = Object.keys(versions);
    if (keys.length === 0) ctx.addIssue({ code: 'custom', message: 'must list at least the first version' });
    for (const key of keys.filter((k) => !PSA_VERSION.test(k))) {
      ctx.addIssue({ code: 'custom', path: [key], message: 'must be a version like v1.25' });
    }
  }),
});

export type PsaHistory = z.infer<typeof PsaHistory>;

/** The versions of a history in release order (v1.8 before v1.19). */
export function psaVersions(history: PsaHistory): [string, string][] {
  const minor = (v: string) => Number(v.slice('v1.'.length));
  return Object.entries(history.versions).sort(([a], [b]) => minor(a) - minor(b));
}

export const RuleMetadataSchema = z.object({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
  title: z.string().min(1),
  description: z.string().min(1),
  severity: Severity,
  level: RuleLevel,
  remediation: z.string().min(1),
  frameworks: Frameworks,
  /** Parameter name -> what it does and its default (input.config.parameters[id][name]). */
  parameters: z.record(z.string(), z.string()).default({}),
  /** For PSS rules: the PSA check and the versions that changed it (docs/policies.md). */
  psa: PsaHistory.optional(),
  /** Runtime rules: the profile facts their conclusion rests on (src/profile/provenance.ts). */
  reliesOn: z.array(EvidenceFact).optional(),
  /** Also an exposure finding (host ports, hostNetwork), reported once under its PSS id. */
  exposure: z.boolean().default(false),
  /** Rego package, e.g. profilegate.rules.pss_privileged. */
  package: z.string(),
  /** Source file relative to the repository. */
  file: z.string(),
});

export type RuleMetadata = z.infer<typeof RuleMetadataSchema>;

export class RuleMetadataError extends Error {
  override readonly name = 'RuleMetadataError';
}

const InspectAnnotation = z.object({
  annotations: z.looseObject({
    scope: z.string(),
    title: z.string().optional(),
    description: z.string().optional(),
    custom: z.record(z.string(), z.unknown()).optional(),
  }),
  location: z.object({ file: z.string() }),
  path: z.array(z.object({ value: z.unknown() })),
});

const InspectOutput = z.looseObject({
  annotations: z.array(InspectAnnotation).default([]),
  /** data.<package> → the files that declare it. */
  namespaces: z.record(z.string(), z.array(z.string())).default({}),
});

const RULES_PACKAGE = 'profilegate.rules.';

/**
 * Turns `opa inspect -a --format json` output into the rule list, sorted by id. opa inspects one
 * path at a time, so several outputs (one per path) are read as one.
 */
export function parseInspectOutput(...outputs: string[]): RuleMetadata[] {
  const parts = outputs.map((json) => InspectOutput.parse(JSON.parse(json)));
  const inspected = {
    annotations: parts.flatMap((p) => p.annotations),
    namespaces: mergeNamespaces(parts.map((p) => p.namespaces)),
  };
  const rules: RuleMetadata[] = [];
  const problems: string[] = [];
  for (const entry of inspected.annotations) {
    const pkg = entry.path
      .slice(1)
      .map((p) => String(p.value))
      .join('.');
    if (entry.annotations.scope !== 'package' || !pkg.startsWith(RULES_PACKAGE)) continue;
    if (entry.location.file.endsWith('_test.rego')) continue;
    const { custom = {}, title, description } = entry.annotations;
    const parsed = RuleMetadataSchema.safeParse({
      ...custom,
      title,
      description,
      package: pkg,
      file: entry.location.file,
    });
    if (parsed.success) rules.push(parsed.data);
    else problems.push(`${entry.location.file}: ${formatIssues(parsed.error).join('; ')}`);
  }
  // A rule package without METADATA would compile and never report (its level gate is undefined).
  const described = new Set(rules.map((r) => r.package));
  for (const [namespace, files] of Object.entries(inspected.namespaces)) {
    const pkg = namespace.replace(/^data\./, '');
    const sources = files.filter((f) => !f.endsWith('_test.rego'));
    if (!pkg.startsWith(RULES_PACKAGE) || sources.length === 0 || described.has(pkg)) continue;
    if (problems.some((p) => sources.some((f) => p.startsWith(`${f}:`)))) continue;
    problems.push(
      `${sources.join(', ')}: package ${pkg} has no METADATA block (a rule package needs "# METADATA" with custom.id, severity and level; docs/policy-authoring.md)`,
    );
  }
  if (problems.length > 0) throw new RuleMetadataError(`invalid rule METADATA:\n  ${problems.join('\n  ')}`);
  const byId = new Map<string, RuleMetadata>();
  for (const rule of rules) {
    const other = byId.get(rule.id);
    if (other !== undefined) {
      throw new RuleMetadataError(
        `rule id ${rule.id} is used by more than one package: ${other.package} (${other.file}) and ${rule.package} (${rule.file})`,
      );
    }
    byId.set(rule.id, rule);
  }
  return rules.sort((a, b) => a.id.localeCompare(b.id));
}

function mergeNamespaces(all: Record<string, string[]>[]): Record<string, string[]> {
  const merged: Record<string, string[]> = {};
  for (const namespaces of all) {
    for (const [name, files] of Object.entries(namespaces))
      merged[name] = [...(merged[name] ?? []), ...files];
  }
  return merged;
}

export const MetadataFileSchema = z.object({ rules: z.array(RuleMetadataSchema) });

/** Reads policies/bundle/metadata.json as written by the build. */
export async function readRuleMetadataFile(path: string): Promise<RuleMetadata[]> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (cause) {
    throw new RuleMetadataError(`cannot read rule metadata ${path}: ${String(cause)}`, { cause });
  }
  const parsed = MetadataFileSchema.safeParse(raw);
  if (!parsed.success) throw new RuleMetadataError(`${path}: ${formatIssues(parsed.error).join('; ')}`);
  return parsed.data.rules;
}

/** The JSON the build writes: stable key order and a trailing newline, so diffs stay small. */
export function serializeRuleMetadata(rules: readonly RuleMetadata[]): string {
  return `${JSON.stringify({ rules }, null, 2)}\n`;
}
