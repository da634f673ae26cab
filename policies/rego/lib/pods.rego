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

# The members of cs (a set of `containers` entries) in kind then index order, so patches
# are deterministic. Linear: one pass over `containers`, looking each pointer up in a set of
# strings. Not `c in cs`: in WASM that scans the set, comparing whole container objects.
ordered(cs) := [c |
	some c in containers
	pointers[c.pointer]
] if {
	pointers := {c.pointer | some c in cs}
}

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
quoted_names(names) := concat(", ", [quote(n) | some n in sorted_names(names)])

# sort(names), linear when names are container names. sort() in the WASM runtime is an
# insertion sort, quadratic in the number of names, so the input builder supplies every
# container name once, already sorted (input.workload.containerNames); filtering that list
# gives the same order. Anything else (capabilities, duplicates, an input without the list)
# is sorted here: the filtered list then falls short of count(names).
sorted_names(names) := in_order if {
	wanted := {n | some n in names}
	in_order := [n | some n in input.workload.containerNames; wanted[n]]
	count(in_order) == count(names)
} else := sort(names)

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

# Fields of the pod template's metadata, e.g. spec.template.metadata.annotations for a Deployment.
pod_metadata_field(suffix) := concat(".", array.concat(
	array.slice(pointer_parts, 0, count(pointer_parts) - 1),
	["metadata", suffix],
))

container_field(suffix) := pod_field(concat(".", ["containers[*]", suffix]))

pointer_parts := [p | some p in split(trim_prefix(pod_spec_pointer, "/"), "/")]
