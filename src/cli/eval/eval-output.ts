/** How `profilegate eval` prints results for people; -o json|yaml is src/cli/shared/result-document.ts. */
import { stringify } from 'yaml';
import type { EvalResult } from '../shared/review-manifest.js';
import { unifiedDiff } from '../shared/text-diff.js';

const MARK: Record<string, string> = { enforce: 'DENY', warn: 'WARN', audit: 'AUDIT' };

export function formatText(result: EvalResult): string {
  const lines = [`${result.resource}: ${verdict(result)}`];
  for (const v of result.violations) {
    lines.push(`  ${MARK[v.mode] ?? v.mode} [${v.severity}] ${v.id}: ${v.message}`);
  }
  for (const v of result.exempted) {
    const until = v.exemptedBy.expires ? `, until ${v.exemptedBy.expires}` : '';
    lines.push(
      `  EXEMPT [${v.severity}] ${v.id}: ${v.message} (PolicyException ${v.exemptedBy.name}: ${v.exemptedBy.reason}${until})`,
    );
  }
  const shown = [...result.violations, ...result.exempted].map((v) => v.message);
  for (const w of result.warnings) {
    if (!shown.some((m) => w.includes(m))) lines.push(`  warning: ${w}`);
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
