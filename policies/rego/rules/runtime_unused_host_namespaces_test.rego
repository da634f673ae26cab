package profilegate.rules.runtime_unused_host_namespaces_test

import data.profilegate.lib.runtime_fixtures_test as f
import data.profilegate.rules.runtime_unused_host_namespaces as rule
import rego.v1

pod := {"hostNetwork": true, "hostPID": true, "containers": [{"name": "web"}]}

test_unused_namespaces_each_reported if {
	vs := rule.violation with input as f.make(pod, {"web": {"hostNamespaces": ["network"]}}, "complete")
	[v] := [v | some v in vs]
	v.message == sprintf("pod sets hostPID=true, but no container used the host pid namespace %s", [f.evidence])
	v.patch == [{"op": "replace", "path": "/spec/template/spec/hostPID", "value": false}]
}

test_both_unused if {
	count(rule.violation) == 2 with input as f.make(pod, {"web": {}}, "complete")
}

test_unprofiled_container_no_evidence if {
	p := object.union(pod, {"initContainers": [{"name": "init"}]})
	count(rule.violation) == 0 with input as f.make(p, {"web": {}}, "complete")
}
