package profilegate.rules.runtime_run_as_non_root_test

import data.profilegate.lib.runtime_fixtures_test as f
import data.profilegate.rules.runtime_run_as_non_root as rule
import rego.v1

pod := {"containers": [{"name": "web", "securityContext": {}}]}

test_single_uid_pins_user if {
	[v] := [v | some v in rule.violation] with input as f.make(pod, {"web": {"uids": [101]}}, "complete")
	v.message == sprintf(`container "web" may run as root, but ran only as uid 101 %s (set runAsNonRoot=true)`, [f.evidence])
	v.patch == [
		{"op": "add", "path": "/spec/template/spec/containers/0/securityContext/runAsNonRoot", "value": true},
		{"op": "add", "path": "/spec/template/spec/containers/0/securityContext/runAsUser", "value": 101},
	]
}

test_several_uids_no_pin if {
	[v] := [v | some v in rule.violation] with input as f.make(pod, {"web": {"uids": [101, 102]}}, "complete")
	count(v.patch) == 1
}

test_existing_run_as_user_not_pinned if {
	p := object.union(pod, {"securityContext": {"runAsUser": 101}})
	[v] := [v | some v in rule.violation] with input as f.make(p, {"web": {"uids": [101]}}, "complete")
	count(v.patch) == 1
}

test_root_seen_no_violation if {
	count(rule.violation) == 0 with input as f.make(pod, {"web": {"uids": [0, 101]}}, "complete")
}

test_no_uids_no_violation if {
	count(rule.violation) == 0 with input as f.make(pod, {"web": {}}, "complete")
}

test_pod_level_non_root_no_violation if {
	p := object.union(pod, {"securityContext": {"runAsNonRoot": true}})
	count(rule.violation) == 0 with input as f.make(p, {"web": {"uids": [101]}}, "complete")
}
