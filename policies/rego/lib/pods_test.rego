package profilegate.lib.pods_test

import data.profilegate.lib.fixtures_test as f
import data.profilegate.lib.pods
import rego.v1

spec := {
	"containers": [{"name": "web"}, {"name": "c10"}],
	"initContainers": [{"name": "c9"}, {"name": "app"}],
}

test_sorted_names_of_containers_follows_container_names if {
	pods.sorted_names({"web", "c9", "app"}) == ["app", "c9", "web"] with input as f.deployment(spec)
	pods.sorted_names(["c10", "web"]) == ["c10", "web"] with input as f.deployment(spec)
}

# The filtered list is the order of input.workload.containerNames, whatever it is.
test_sorted_names_reads_container_names if {
	inp := json.patch(f.deployment(spec), [{"op": "replace", "path": "/workload/containerNames", "value": ["web", "app"]}])
	pods.sorted_names({"app", "web"}) == ["web", "app"] with input as inp
}

# Not all container names (capabilities), duplicates, or no list in the input: sort().
test_sorted_names_falls_back_to_sort if {
	pods.sorted_names(["SYS_ADMIN", "NET_RAW"]) == ["NET_RAW", "SYS_ADMIN"] with input as f.deployment(spec)
	pods.sorted_names(["web", "app", "zzz"]) == ["app", "web", "zzz"] with input as f.deployment(spec)
	pods.sorted_names(["web", "app", "web"]) == ["app", "web", "web"] with input as f.deployment(spec)
	inp := json.remove(f.deployment(spec), ["/workload/containerNames"])
	pods.sorted_names({"web", "app"}) == ["app", "web"] with input as inp
}

test_ordered_is_kind_then_index_order if {
	inp := f.deployment(spec)
	cs := {c | some c in pods.containers with input as inp; c.name != "c10"}
	[c.pointer | some c in pods.ordered(cs)] == [
		"/spec/template/spec/containers/0",
		"/spec/template/spec/initContainers/0",
		"/spec/template/spec/initContainers/1",
	] with input as inp
}
