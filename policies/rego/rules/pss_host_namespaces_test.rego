package profilegate.rules.pss_host_namespaces_test

import data.profilegate.lib.fixtures_test as f
import data.profilegate.rules.pss_host_namespaces
import rego.v1

test_private_namespaces_allowed if {
	count(pss_host_namespaces.violation) == 0 with input as f.deployment({"hostNetwork": false, "containers": [{"name": "a"}]})
}

test_host_namespaces_denied if {
	vs := pss_host_namespaces.violation with input as f.deployment({"hostNetwork": true, "hostPID": true, "containers": [{"name": "a"}]})
	some v in vs
	v.id == "pss-host-namespaces"
	v.message == "pod must not set hostNetwork=true, hostPID=true (allowed: false or unset)"
	v.field == "spec.template.spec.hostNetwork, spec.template.spec.hostPID"
}
