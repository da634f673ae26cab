package profilegate.rules.pss_seccomp_test

import data.profilegate.lib.fixtures_test as f
import data.profilegate.rules.pss_seccomp
import rego.v1

test_runtime_default_and_unset_allowed if {
	inp := f.deployment({
		"securityContext": {"seccompProfile": {"type": "RuntimeDefault"}},
		"containers": [{"name": "a"}, {"name": "b", "securityContext": {"seccompProfile": {"type": "Localhost", "localhostProfile": "p.json"}}}],
	})
	count(pss_seccomp.violation) == 0 with input as inp
}

test_unconfined_denied if {
	inp := f.deployment({
		"securityContext": {"seccompProfile": {"type": "Unconfined"}},
		"containers": [{"name": "a", "securityContext": {"seccompProfile": {"type": "Unconfined"}}}],
	})
	vs := pss_seccomp.violation with input as inp
	some v in vs
	v.id == "pss-seccomp"
	v.message == `pod and container "a" must not set securityContext.seccompProfile.type to "Unconfined" (allowed: RuntimeDefault, Localhost or unset)`
}

test_container_only_denied if {
	vs := pss_seccomp.violation with input as f.pod({"containers": [{"name": "a", "securityContext": {"seccompProfile": {"type": "Unconfined"}}}]})
	some v in vs
	v.message == `container "a" must not set securityContext.seccompProfile.type to "Unconfined" (allowed: RuntimeDefault, Localhost or unset)`
	v.field == "spec.containers[*].securityContext.seccompProfile.type"
}
