# Builds violations in the shape src/policy/violation.ts validates, taking id and
# severity from the calling rule package's METADATA so they are written only once.
package profilegate.lib.violations

import rego.v1

# meta is the package annotation block of the rule: rego.metadata.chain() called in
# the rule package returns [rule, package], see rules/*.rego.
#
# Level gating lives here so no rule can forget it: `restricted` rules report only when
# input.config.level is "restricted"; every other level (baseline, exposure, runtime)
# reports at every level. make is undefined for a gated-off rule, so its violation is too.
#
# A runtime rule's METADATA names the profile facts its conclusion rests on
# (custom.reliesOn); every violation carries them, so the decision can tell a cut or
# unobservable fact from an absence (src/profile/evidence-gaps.ts).
make(meta, fields) := object.union(
	object.union(
		{
			"id": meta.custom.id,
			"severity": meta.custom.severity,
			"level": meta.custom.level,
			"evidence": "static",
			"containers": [],
			"patch": [],
		},
		relies_on(meta),
	),
	fields,
) if {
	enabled(meta.custom.level)
}

relies_on(meta) := {"reliesOn": meta.custom.reliesOn} if meta.custom.reliesOn

relies_on(meta) := {} if not meta.custom.reliesOn

enabled(level) if level != "restricted"

enabled("restricted") if object.get(object.get(input, "config", {}), "level", "baseline") == "restricted"
