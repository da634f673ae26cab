package profilegate.rules.pss_privileged_test

import data.profilegate.lib.fixtures_test as f
import data.profilegate.rules.pss_privileged
import rego.v1

test_unprivileged_allowed if {
	count(pss_privileged.violation) == 0 with input as f.deployment({"containers": [{"name": "a", "securityContext": {"privileged": false}}]})
}

test_privileged_denied if {
	vs := pss_privileged.violation with input as f.deployment({
		"containers": [{"name": "b", "securityContext": {"privileged": true}}],
		"initContainers": [{"name": "a", "securityContext": {"privileged": true}}],
	})
	some v in vs
	v.id == "pss-privileged"
	v.message == `containers "a", "b" must not set securityContext.privileged=true (allowed: false or unset)`
	v.containers == ["a", "b"]
	v.field == "spec.template.spec.containers[*].securityContext.privileged"
	v.patch == []
}

test_ephemeral_container_denied_in_pod if {
	vs := pss_privileged.violation with input as f.pod({"ephemeralContainers": [{"name": "debug", "securityContext": {"privileged": true}}]})
	some v in vs
	v.message == `container "debug" must not set securityContext.privileged=true (allowed: false or unset)`
	v.field == "spec.containers[*].securityContext.privileged"
}
