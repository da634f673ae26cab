package profilegate.rules.pss_run_as_non_root_test

import data.profilegate.lib.fixtures_test as f
import data.profilegate.rules.pss_run_as_non_root
import rego.v1

test_pod_level_true_allowed if {
	inp := f.restricted(f.deployment({"securityContext": {"runAsNonRoot": true}, "containers": [{"name": "a"}, {"name": "b", "securityContext": {"runAsNonRoot": true}}]}))
	count(pss_run_as_non_root.violation) == 0 with input as inp
}

test_unset_and_false_denied if {
	inp := f.restricted(f.deployment({"containers": [{"name": "a"}, {"name": "b", "securityContext": {"runAsNonRoot": false}}, f.hardened("c")]}))
	vs := pss_run_as_non_root.violation with input as inp
	some v in vs
	v.id == "pss-run-as-non-root"
	v.message == `container "b" must not set securityContext.runAsNonRoot=false; pod or container "a" must set securityContext.runAsNonRoot=true`
	v.containers == ["a", "b"]
	v.patch == []
}

test_container_false_overrides_pod_true if {
	inp := f.restricted(f.pod({"securityContext": {"runAsNonRoot": true}, "containers": [{"name": "a", "securityContext": {"runAsNonRoot": false}}]}))
	vs := pss_run_as_non_root.violation with input as inp
	some v in vs
	v.message == `container "a" must not set securityContext.runAsNonRoot=false`
}
