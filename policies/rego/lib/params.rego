# Policy parameters passed as data in input.config.parameters[<policy id>][<name>],
# so admins tune rules without editing Rego. Each rule documents its parameters in
# the METADATA block (custom.parameters) and supplies the default here through get.
package profilegate.lib.params

import rego.v1

# Nested object.get rather than the path form: both are native in WASM, but the
# single-key form is the one the opa-wasm runtime has supported longest.
get(id, name, default_value) := object.get(for_policy(id), name, default_value)

for_policy(id) := object.get(object.get(object.get(input, "config", {}), "parameters", {}), id, {})
