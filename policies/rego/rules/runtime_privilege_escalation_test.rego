package profilegate.rules.runtime_privilege_escalation_test

import data.profilegate.lib.runtime_fixtures_test as f
import data.profilegate.rules.runtime_privilege_escalation as rule
import rego.v1

test_no_transitions_sets_false if {
	pod := {"containers": [{"name": "web"}]}
	[v] := [v | some v in rule.violation] with input as f.make(pod, {"web": {}}, "complete")
	v.message == sprintf(`container "web" allows privilege escalation, but no setuid/setgid transition was seen %s (set allowPrivilegeEscalation=false)`, [f.evidence])
	v.patch == [
		{"op": "add", "path": "/spec/template/spec/containers/0/securityContext", "value": {}},
		{"op": "add", "path": "/spec/template/spec/containers/0/securityContext/allowPrivilegeEscalation", "value": false},
	]
}

test_transitions_observed_no_violation if {
	pod := {"containers": [{"name": "web"}]}
	count(rule.violation) == 0 with input as f.make(pod, {"web": {"privilegeTransitions": true}}, "complete")
}

test_already_false_no_violation if {
	pod := {"containers": [{"name": "web", "securityContext": {"allowPrivilegeEscalation": false}}]}
	count(rule.violation) == 0 with input as f.make(pod, {"web": {}}, "complete")
}

test_sys_admin_skipped if {
	pod := {"containers": [{"name": "web", "securityContext": {"capabilities": {"add": ["CAP_SYS_ADMIN"]}}}]}
	count(rule.violation) == 0 with input as f.make(pod, {"web": {}}, "complete")
}
