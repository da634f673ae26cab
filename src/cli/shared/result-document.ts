/**
 * The one machine-readable shape of `profilegate eval -o json|yaml` and `profilegate audit
 * -o json|yaml` (docs/cli.md "Output"): `allowed` for every object together, and `results`, a
 * list with one entry per judged object, whatever the number of documents. Each patch (of the
 * result, and of each violation) is relative to its own object, so it applies as it is
 * (`kubectl patch --type json`).
 */
import { stringify } from 'yaml';
import type { EvalResult } from './review-manifest.js';

export interface ResultEntry {
  file: string;
  /** 1-based line the object starts on. */
  line: number;
  result: EvalResult;
}

export function resultDocument(entries: readonly ResultEntry[]) {
  return {
    allowed: entries.every((e) => e.result.allowed),
    results: entries.map(({ file, line, result }) => ({
      file,
      line,
      resource: result.resource,
      allowed: result.allowed,
      decision: result.decision,
      mode: result.mode ?? null,
      ...(result.message ? { message: result.message } : {}),
      violations: result.judged.violations.map((v) => ({
        id: v.id,
        severity: v.severity,
        message: v.message,
        mode: v.mode,
        evidence: v.evidence,
        containers: v.containers,
        ...(v.field ? { field: v.field } : {}),
        patch: v.patch,
      })),
      exempted: result.exempted.map((v) => ({
        id: v.id,
        severity: v.severity,
        message: v.message,
        containers: v.containers,
        ...(v.field ? { field: v.field } : {}),
        exception: v.exemptedBy,
      })),
      warnings: result.warnings,
      patch: result.patch,
    })),
  };
}

export type ResultFormat = 'json' | 'yaml';

export function formatResults(entries: readonly ResultEntry[], format: ResultFormat): string {
  const document = resultDocument(entries);
  return format === 'json'
    ? `${JSON.stringify(document, null, 2)}\n`
    : stringify(document, { aliasDuplicateObjects: false });
}
