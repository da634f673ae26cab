# The single entrypoint (profilegate/main/result) compiled to WebAssembly: the union of
# every rule package's `violation` set, in the shape of src/policy/violation.ts.
package profilegate.main

import data.profilegate.lib.violations as lib
import rego.v1

result := {"violations": violations}

# A rule package whose level is gated off is not evaluated at all: checking its `meta`
# first keeps restricted rules from building findings, messages and patches at baseline.
violations := [v |
	some name
	lib.enabled(data.profilegate.rules[name].meta.custom.level)
	some v in data.profilegate.rules[name].violation
]
