/**
 * `profilegate audit -o table|policyreport`; json and yaml are the shared result document
 * (src/cli/shared/result-document.ts), SARIF and JUnit have their own files.
 */
import { stringify } from 'yaml';
import type { Config } from '../../config/config-schema.js';
import { buildReports } from '../../report/build-reports.js';
import type { RuleFacts } from '../../report/rule-facts.js';
import { findingsOf, type AuditedObject } from './audit-result.js';

export function formatTable(audited: readonly AuditedObject[]): string {
  const findings = findingsOf(audited);
  const judged = audited.filter((a) => a.result.decision !== 'skip').length;
  if (findings.length === 0) return `no findings in ${judged} judged objects\n`;
  const rows = [
    ['LOCATION', 'RESOURCE', 'SEVERITY', 'MODE', 'RULE', 'MESSAGE'],
    ...findings.map((f) => [`${f.file}:${f.line}`, f.resource, f.severity, f.mode, f.id, f.message]),
  ];
  const widths = rows[0]?.slice(0, -1).map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  const lines = rows.map((r) =>
    r.map((cell, i) => (i < widths.length ? cell.padEnd(widths[i] ?? 0) : cell)).join('  '),
  );
  const exempted = findings.filter((f) => f.mode === 'exempt').length;
  const note = exempted > 0 ? ` (${exempted} exempted by PolicyExceptions)` : '';
  return `${lines.join('\n')}\n\n${findings.length} findings${note} in ${judged} judged objects\n`;
}

/** The reports the background audit would write for these objects (docs/reports.md). */
export function formatPolicyReport(
  audited: readonly AuditedObject[],
  rules: readonly RuleFacts[],
  config: Config,
  now: Date,
): string {
  const reports = buildReports(
    audited.map((a) => ({ subject: a.subject, outcome: a.result.judged })),
    { rules, config, now },
  );
  // No anchors: results share one resources object, and a report read by people or tools is plainer without aliases.
  return reports.map((r) => `---\n${stringify(r, { aliasDuplicateObjects: false })}`).join('');
}
