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
make(meta, fields) := object.union(
	{
		"id": meta.custom.id,
		"severity": meta.custom.severity,
		"level": meta.custom.level,
		"evidence": "static",
		"containers": [],
		"patch": [],
	},
	fields,
) if {
	enabled(meta.custom.level)
}

enabled(level) if level != "restricted"

enabled("restricted") if object.get(object.get(input, "config", {}), "level", "baseline") == "restricted"
