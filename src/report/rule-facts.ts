/**
 * What reports (PolicyReport, SARIF) need to know of a rule, from its OPA METADATA as
 * `profilegate policy build` writes it to policies/bundle/metadata.json. The authoring tools'
 * RuleMetadata (src/cli/build/rule-metadata.ts) has this shape, so one source feeds docs,
 * reports and SARIF.
 */
import type { RuleLevel, Severity } from '../policy/violation.js';

export interface RuleFacts {
  id: string;
  title: string;
  description: string;
  remediation: string;
  severity: Severity;
  level: RuleLevel;
  frameworks: {
    /** PSS level/control, e.g. baseline/host-namespaces; "none" when not a PSS control. */
    pss: string;
    cis: readonly string[];
    nsa: string;
    mitre: readonly string[];
  };
}
