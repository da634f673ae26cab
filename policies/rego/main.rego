# The single entrypoint (profilegate/main/result) compiled to WebAssembly: the union of
# every rule package's `violation` set, in the shape of src/policy/violation.ts.
package profilegate.main

import rego.v1

result := {"violations": violations}

violations := [v |
	some name
	some v in data.profilegate.rules[name].violation
]
