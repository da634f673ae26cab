/**
 * SARIF 2.1.0 for code scanning: one rule per ProfileGate rule (help text and framework tags
 * from its METADATA), one result per finding, located at the manifest file and the line the
 * object starts on. Types from @types/sarif; the tests validate the output against the schema.
 */
import type { Log, ReportingDescriptor, Result } from 'sarif';
import type { RuleFacts } from '../../report/rule-facts.js';
import { resourceName, type AuditedObject } from './audit-result.js';

const LEVEL: Record<string, Result.level> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
};
/** GitHub code scanning ranks security alerts by this property (0.0–10.0). */
const SECURITY_SEVERITY: Record<string, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0' };

function ruleDescriptor(rule: RuleFacts): ReportingDescriptor {
  const { pss, cis, nsa, mitre } = rule.frameworks;
  const tags = [
    'security',
    'kubernetes',
    ...(pss !== 'none' ? [`PSS:${pss}`] : []),
    ...cis.map((c) => `CIS:${c}`),
    ...(nsa ? [`NSA-CISA:${nsa}`] : []),
    ...mitre.map((m) => `MITRE:${m}`),
  ];
  return {
    id: rule.id,
    name: rule.title,
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.description },
    help: {
      text: `${rule.description}\n\nRemediation: ${rule.remediation}`,
      markdown: `${rule.description}\n\n**Remediation:** ${rule.remediation}`,
    },
    defaultConfiguration: { level: LEVEL[rule.severity] ?? 'warning' },
    properties: { tags, 'security-severity': SECURITY_SEVERITY[rule.severity] ?? '5.0' },
  };
}

/** Where a result is: the manifest's file and line, and the object by name. */
function locationsOf(a: AuditedObject): Result['locations'] {
  return [
    {
      physicalLocation: { artifactLocation: { uri: a.file }, region: { startLine: a.line } },
      logicalLocations: [{ fullyQualifiedName: resourceName(a.subject), kind: 'resource' }],
    },
  ];
}

export function formatSarif(
  audited: readonly AuditedObject[],
  rules: readonly RuleFacts[],
  version: string,
): string {
  const used = new Set(
    audited.flatMap((a) =>
      [...a.result.judged.violations, ...(a.result.judged.exempted ?? [])].map((v) => v.id),
    ),
  );
  const known = new Map(rules.map((r) => [r.id, r]));
  const descriptors = [...used].sort().map((id): ReportingDescriptor => {
    const rule = known.get(id);
    return rule ? ruleDescriptor(rule) : { id, shortDescription: { text: id } };
  });
  const index = new Map(descriptors.map((d, i) => [d.id, i]));
  const results: Result[] = audited.flatMap((a) =>
    a.result.judged.violations.map((v): Result => ({
      ruleId: v.id,
      ruleIndex: index.get(v.id) ?? 0,
      level: LEVEL[v.severity] ?? 'warning',
      message: { text: `${resourceName(a.subject)}: ${v.message}` },
      locations: locationsOf(a),
      properties: {
        evidence: v.evidence,
        mode: v.mode,
        ...(v.patch.length > 0 ? { patch: v.patch } : {}),
      },
    })),
  );
  // Exempted findings are SARIF's suppressed results: code scanning lists them as dismissed.
  for (const a of audited) {
    for (const v of a.result.judged.exempted ?? []) {
      const until = v.exemptedBy.expires ? `, until ${v.exemptedBy.expires}` : '';
      results.push({
        ruleId: v.id,
        ruleIndex: index.get(v.id) ?? 0,
        level: LEVEL[v.severity] ?? 'warning',
        message: { text: `${resourceName(a.subject)}: ${v.message}` },
        locations: locationsOf(a),
        suppressions: [
          {
            kind: 'external',
            status: 'accepted',
            justification: `PolicyException ${v.exemptedBy.name}: ${v.exemptedBy.reason}${until}`,
          },
        ],
        properties: { evidence: v.evidence, mode: v.mode, exception: v.exemptedBy.name },
      });
    }
  }
  const log: Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'ProfileGate',
            version,
            rules: descriptors,
          },
        },
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
