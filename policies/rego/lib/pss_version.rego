# The Pod Security Standards version the PSS rules judge by, as Pod Security Admission's
# enforce-version does: input.config.levelVersion is "latest" (the default) or "v1.N", already
# validated by src/config/level-version.ts. Each rule applies its control's version history
# (the `psa.versions` of its METADATA) through at_least, so pinning a version keeps the
# verdicts of that Kubernetes release when the library learns newer ones.
package profilegate.lib.pss_version

import rego.v1

# The newest version whose checks this library implements: "latest" means it. Keep it equal to
# NEWEST_LEVEL_MINOR in src/config/level-version.ts (a unit test compares them).
newest_minor := 37

requested := object.get(object.get(input, "config", {}), "levelVersion", "latest")

# A value that is neither "latest" nor "v1.N" never reaches here (the config and label parsers
# reject it); should one arrive, the newest version applies rather than none.
# Checked without a regular expression: the WebAssembly runtime compiles a pattern on every
# evaluation, which cost 5-8 % of a typical review.
minor := to_number(digits) if {
	startswith(requested, "v1.")
	digits := trim_prefix(requested, "v1.")
	digits != ""
	trim_left(digits, "0123456789") == ""
	not leading_zero(digits)
} else := newest_minor

leading_zero(digits) if {
	startswith(digits, "0")
	digits != "0"
}

# True when the pinned version is v1.n or later.
at_least(n) if minor >= n

# User-namespaced pods (spec.hostUsers: false), for which PSA relaxes some checks from v1.35.
user_namespaced if input.workload.podSpec.hostUsers == false
