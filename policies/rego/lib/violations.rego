# Builds violations in the shape src/policy/violation.ts validates, taking id and
# severity from the calling rule package's METADATA so they are written only once.
package profilegate.lib.violations

import rego.v1

# meta is the package annotation block of the rule: rego.metadata.chain() called in
# the rule package returns [rule, package], see rules/*.rego.
make(meta, fields) := object.union(
	{
		"id": meta.custom.id,
		"severity": meta.custom.severity,
		"evidence": "static",
		"containers": [],
		"patch": [],
	},
	fields,
)
