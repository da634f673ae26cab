package profilegate.rules.pss_privilege_escalation_test

import data.profilegate.lib.fixtures_test as f
import data.profilegate.rules.pss_privilege_escalation
import rego.v1

test_false_allowed if {
	count(pss_privilege_escalation.violation) == 0 with input as f.restricted(f.deployment({"containers": [f.hardened("a")]}))
}

test_unset_or_true_denied_with_patch_for_unset if {
	inp := f.restricted(f.deployment({
		"containers": [
			{"name": "a"},
			{"name": "b", "securityContext": {"runAsUser": 1000}},
			{"name": "c", "securityContext": {"allowPrivilegeEscalation": true}},
		],
		"initContainers": [{"name": "d", "securityContext": {"privileged": true}}],
	}))
	vs := pss_privilege_escalation.violation with input as inp
	some v in vs
	v.id == "pss-privilege-escalation"
	v.message == `containers "a", "b", "c", "d" must set securityContext.allowPrivilegeEscalation=false`
	v.patch == [
		{"op": "add", "path": "/spec/template/spec/containers/0/securityContext", "value": {}},
		{"op": "add", "path": "/spec/template/spec/containers/0/securityContext/allowPrivilegeEscalation", "value": false},
		{"op": "add", "path": "/spec/template/spec/containers/1/securityContext/allowPrivilegeEscalation", "value": false},
	]
}

test_windows_pods_exempt if {
	inp := f.restricted(f.deployment({"os": {"name": "windows"}, "containers": [{"name": "a"}]}))
	count(pss_privilege_escalation.violation) == 0 with input as inp
}

# Per version and OS: the messages of pss-privilege-escalation (none: []).
version_table := [
	{"version": "v1.7", "os": null, "messages": []},
	{"version": "v1.8", "os": null, "messages": [`container "a" must set securityContext.allowPrivilegeEscalation=false`]},
	{"version": "v1.24", "os": "windows", "messages": [`container "a" must set securityContext.allowPrivilegeEscalation=false`]},
	{"version": "v1.25", "os": "windows", "messages": []},
	{"version": "latest", "os": "linux", "messages": [`container "a" must set securityContext.allowPrivilegeEscalation=false`]},
]

test_versions_and_windows if {
	every row in version_table {
		spec := object.union({"containers": [{"name": "a"}]}, {"os": {"name": row.os} | row.os != null})
		vs := pss_privilege_escalation.violation with input as f.at_version(f.restricted(f.deployment(spec)), row.version)
		[v.message | some v in vs] == row.messages
	}
}
