package profilegate.rules.pss_privileged_test

import data.profilegate.rules.pss_privileged
import rego.v1

workload(containers) := {"workload": {
	"kind": "Deployment",
	"podSpecPointer": "/spec/template/spec",
	"podSpec": {"containers": containers},
}}

test_unprivileged_allowed if {
	count(pss_privileged.violation) == 0 with input as workload([{"name": "a", "securityContext": {"privileged": false}}])
}

test_privileged_denied if {
	vs := pss_privileged.violation with input as workload([
		{"name": "a", "securityContext": {"privileged": true}},
		{"name": "b", "securityContext": {"privileged": true}},
	])
	some v in vs
	v.id == "pss-privileged"
	v.message == `containers "a", "b" must not set securityContext.privileged=true (allowed: false or unset)`
	v.patch == []
}
