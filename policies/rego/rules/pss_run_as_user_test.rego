package profilegate.rules.pss_run_as_user_test

import data.profilegate.lib.fixtures_test as f
import data.profilegate.rules.pss_run_as_user
import rego.v1

test_non_zero_allowed if {
	inp := f.restricted(f.deployment({"securityContext": {"runAsUser": 1000}, "containers": [{"name": "a", "securityContext": {"runAsUser": 65534}}]}))
	count(pss_run_as_user.violation) == 0 with input as inp
}

test_root_denied if {
	inp := f.restricted(f.deployment({"securityContext": {"runAsUser": 0}, "containers": [{"name": "a", "securityContext": {"runAsUser": 0}}, {"name": "b"}]}))
	vs := pss_run_as_user.violation with input as inp
	some v in vs
	v.id == "pss-run-as-user"
	v.message == `pod and container "a" must not set runAsUser=0 (allowed: non-zero or unset)`
}
