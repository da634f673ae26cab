/** How `profilegate eval` prints results: for people (text) or for tools (-o json). */
import { stringify } from 'yaml';
import type { EvalResult } from './eval-review.js';
import { unifiedDiff } from '../shared/text-diff.js';

const MARK: Record<string, string> = { enforce: 'DENY', warn: 'WARN', audit: 'AUDIT' };

export function formatText(result: EvalResult): string {
  const lines = [`${result.resource}: ${verdict(result)}`];
  for (const v of result.violations) {
    lines.push(`  ${MARK[v.mode] ?? v.mode} [${v.severity}] ${v.id}: ${v.message}`);
  }
  for (const w of result.warnings) {
    if (!result.violations.some((v) => w.includes(v.message))) lines.push(`  warning: ${w}`);
  }
  if (result.patch.length > 0) {
    lines.push(`  patch (${result.patch.length} operations):`);
    const diff = unifiedDiff(stringify(result.object), stringify(result.patched));
    lines.push(...diff.split('\n').map((l) => `    ${l}`));
  }
  return `${lines.join('\n')}\n`;
}

function verdict(result: EvalResult): string {
  if (result.decision === 'skip') return 'not judged (ProfileGate reviews workloads and Services)';
  if (result.decision === 'exempt') return 'allowed (exempt namespace)';
  const mode = result.mode ? ` (mode ${result.mode})` : '';
  if (!result.allowed) return `denied${mode}`;
  return result.violations.length > 0 ? `allowed with findings${mode}` : `allowed${mode}`;
}

function summary(result: EvalResult) {
  return {
    resource: result.resource,
    allowed: result.allowed,
    decision: result.decision,
    mode: result.mode ?? null,
    ...(result.message ? { message: result.message } : {}),
    violations: result.violations.map((v) => ({
      id: v.id,
      severity: v.severity,
      message: v.message,
      mode: v.mode,
      evidence: v.evidence,
      containers: v.containers,
      ...(v.field ? { field: v.field } : {}),
    })),
    warnings: result.warnings,
    patch: result.patch,
  };
}

/**
 * One JSON document. One object: its result, with `patch` relative to the object. Several:
 * `allowed` for all of them, every violation tagged with its resource, `patch` relative to the
 * list of objects (paths start with /items/<index>), and each result under `results`.
 */
export function formatJson(results: EvalResult[]): string {
  const [only] = results;
  if (results.length === 1 && only) return `${JSON.stringify(summary(only), null, 2)}\n`;
  const each = results.map(summary);
  return `${JSON.stringify(
    {
      allowed: each.every((r) => r.allowed),
      violations: each.flatMap((r) => r.violations.map((v) => ({ resource: r.resource, ...v }))),
      patch: each.flatMap((r, i) => r.patch.map((op) => ({ ...op, path: `/items/${i}${op.path}` }))),
      results: each,
    },
    null,
    2,
  )}\n`;
}
