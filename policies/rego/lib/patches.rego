# JSON Patch (RFC 6902) helpers. `add` fails when the parent is missing, so set_op
# first adds an empty object for every missing parent, then the value itself.
package profilegate.lib.patches

import rego.v1

# Ops that set base_obj[keys[0]]...[keys[n-1]] = value, where base_obj lives at
# base_pointer inside request.object. keys are escaped per RFC 6901.
set_ops(base_pointer, base_obj, keys, value) := array.concat(
	[{"op": "add", "path": path(base_pointer, array.slice(keys, 0, i + 1)), "value": {}} |
		some i, _ in keys
		i < count(keys) - 1
		missing(base_obj, array.slice(keys, 0, i + 1))
	],
	[{"op": "add", "path": path(base_pointer, keys), "value": value}],
)

missing(obj, keys) if not present(obj, keys)

present(obj, keys) if {
	count(keys) == 1
	_ = obj[keys[0]]
}

present(obj, keys) if {
	count(keys) == 2
	_ = obj[keys[0]][keys[1]]
}

present(obj, keys) if {
	count(keys) == 3
	_ = obj[keys[0]][keys[1]][keys[2]]
}

path(base_pointer, keys) := concat("/", array.concat([base_pointer], [escape(k) | some k in keys]))

escape(k) := replace(replace(k, "~", "~0"), "/", "~1")
