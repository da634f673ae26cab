# The single entrypoint (profilegate/main/result) compiled to WebAssembly: the union of
# every rule package's `violation` set, in the shape of src/policy/violation.ts.
package profilegate.main

import data.profilegate.lib.violations as lib
import rego.v1

result := {"violations": violations}

# A rule package whose level is gated off is not evaluated at all: checking its level first
# keeps restricted rules from building findings, messages and patches at baseline.
violations := [v |
	some name, level in rule_levels
	lib.enabled(level)
	some v in data.profilegate.rules[name].violation
]

# Each rule package's level. The bundle carries the table `profilegate policy build` generates
# from the METADATA as data (src/cli/build/rule-levels.ts): reading `meta` here would build
# every package's whole METADATA object on each evaluation. Without the table (opa test and
# opa eval on the sources), the METADATA itself.
rule_levels := data.profilegate.generated.rule_levels

rule_levels := {name: level |
	some name
	level := data.profilegate.rules[name].meta.custom.level
} if {
	not data.profilegate.generated.rule_levels
}
