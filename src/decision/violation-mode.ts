/**
 * The mode one violation is judged in. Decisions scale with evidence: a runtime finding
 * from a profile that is not complete and current, or whose evidence has a gap for that
 * finding (src/profile/evidence-gaps.ts), may only warn, whatever the mode says; its message
 * then names the gaps. Rule levels can be capped (maxModeByLevel): exposure findings warn by
 * default.
 */
import type { Config, Mode } from '../config/config-schema.js';
import type { Violation } from '../policy/violation.js';
import type { ProfileView } from '../profile/profile-view.js';
import { evidenceGaps, withEvidenceGaps } from '../profile/evidence-gaps.js';

const STRICTNESS: Record<Mode, number> = { audit: 0, warn: 1, enforce: 2 };

function laxer(a: Mode, b: Mode): Mode {
  return STRICTNESS[a] <= STRICTNESS[b] ? a : b;
}

export interface ModedViolation extends Violation {
  mode: Mode;
}

export function modeOfViolation(
  violation: Violation,
  namespaceMode: Mode,
  config: Config,
  profile: ProfileView | null,
  gaps: readonly string[] = gapsOf(violation, config, profile),
): Mode {
  const trusted = violation.evidence !== 'runtime' || (profile?.maturity === 'complete' && gaps.length === 0);
  const own = config.policies[violation.id]?.mode;
  const levelCap = violation.level ? config.maxModeByLevel[violation.level] : undefined;
  // A policy's own mode wins; otherwise the namespace mode, capped for the rule's level.
  const mode = own ?? (levelCap ? laxer(levelCap, namespaceMode) : namespaceMode);
  return trusted ? mode : laxer(mode, 'warn');
}

/** Why a runtime finding's evidence cannot deny or patch; none for static findings. */
export function gapsOf(violation: Violation, config: Config, profile: ProfileView | null): string[] {
  if (violation.evidence !== 'runtime' || profile === null) return [];
  return evidenceGaps(profile, violation, config.profiles.evidence);
}

/** Drops disabled and exempted policies, and attaches each survivor's mode. */
export function applyPolicySettings(
  violations: Violation[],
  namespace: string,
  namespaceMode: Mode,
  config: Config,
  profile: ProfileView | null,
): ModedViolation[] {
  return violations
    .filter((v) => {
      const override = config.policies[v.id];
      return override === undefined || (override.enabled && !override.exemptNamespaces.includes(namespace));
    })
    .map((v) => {
      const gaps = gapsOf(v, config, profile);
      const mode = modeOfViolation(v, namespaceMode, config, profile, gaps);
      return { ...v, message: withEvidenceGaps(v.message, gaps), mode };
    });
}
