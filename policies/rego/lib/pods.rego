# Helpers over input.workload: every container of every kind with the JSON Pointer
# a patch needs, so each rule is written once for Pods and all workload kinds.
package profilegate.lib.pods

import rego.v1

container_kinds := ["containers", "initContainers", "ephemeralContainers"]

# Each container as {name, kind, index, pointer, spec}.
containers contains c if {
	spec := input.workload.podSpec
	some kind in container_kinds
	some i, container in object.get(spec, kind, [])
	c := {
		"name": container.name,
		"kind": kind,
		"index": i,
		"pointer": sprintf("%s/%s/%d", [input.workload.podSpecPointer, kind, i]),
		"spec": container,
	}
}

pod_spec := input.workload.podSpec

pod_spec_pointer := input.workload.podSpecPointer

# `containers "a", "b"` in the style of Pod Security Admission messages.
quoted_names(names) := concat(", ", [sprintf("%q", [n]) | some n in sort(names)])

container_noun(names) := "container" if count(names) == 1

container_noun(names) := "containers" if count(names) > 1
