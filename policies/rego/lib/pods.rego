# Helpers over input.workload: every container of every kind with the JSON Pointer
# a patch needs, so each rule is written once for Pods and all workload kinds.
package profilegate.lib.pods

import rego.v1

container_kinds := ["containers", "initContainers", "ephemeralContainers"]

# Each container as {name, kind, index, pointer, spec}, in kind then index order. A list,
# not a set: set members are hashed whole, and hashing every container spec on every review
# was the largest single cost of evaluation. The pointer is built with concat, natively in
# WASM, not sprintf (a call out to JavaScript).
containers := [c |
	some kind in container_kinds
	some i, container in object.get(input.workload.podSpec, kind, [])
	c := {
		"name": container.name,
		"kind": kind,
		"index": i,
		"pointer": concat("/", [input.workload.podSpecPointer, kind, format_int(i, 10)]),
		"spec": container,
	}
]

# Containers in a stable order (kind, then index) so patches are deterministic.
ordered(cs) := [c |
	some key in sort({[c.kind, c.index] | some c in cs})
	some c in cs
	[c.kind, c.index] == key
]

pod_spec := input.workload.podSpec

pod_spec_pointer := input.workload.podSpecPointer

# The pod-level securityContext, {} when unset.
pod_security_context := object.get(pod_spec, "securityContext", {})

# A container's securityContext, {} when unset.
security_context(c) := object.get(c.spec, "securityContext", {})

# Windows pods are exempt from the Linux-only restricted checks, as PSA does (spec.os.name).
is_windows if pod_spec.os.name == "windows"

# `"a", "b"` in the style of Pod Security Admission messages. Not sprintf %q: the WASM
# runtime's sprintf (sprintf-js) has no %q verb, and the interpreter and WASM must agree.
quoted_names(names) := concat(", ", [quote(n) | some n in sort(names)])

quote(s) := concat("", [`"`, s, `"`])

container_noun(names) := "container" if count(names) == 1

container_noun(names) := "containers" if count(names) > 1

# `container "a"` / `containers "a", "b"`.
containers_phrase(names) := concat(" ", [container_noun(names), quoted_names(names)])

# `pod`, `containers "a"`, or `pod and containers "a"` for checks that look at both levels.
setters_phrase(pod_bad, names) := "pod" if {
	pod_bad
	count(names) == 0
}

setters_phrase(pod_bad, names) := containers_phrase(names) if {
	not pod_bad
	count(names) > 0
}

setters_phrase(pod_bad, names) := concat(" and ", ["pod", containers_phrase(names)]) if {
	pod_bad
	count(names) > 0
}

# Field paths relative to request.object, e.g. spec.template.spec.containers[*].x for a Deployment.
pod_field(suffix) := concat(".", array.concat(pointer_parts, [suffix]))

container_field(suffix) := pod_field(concat(".", ["containers[*]", suffix]))

pointer_parts := [p | some p in split(trim_prefix(pod_spec_pointer, "/"), "/")]
