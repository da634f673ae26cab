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

root_spec(host_users) := object.union(
	{"securityContext": {"runAsUser": 0}, "containers": [{"name": "a", "securityContext": {"runAsUser": 0}}]},
	{"hostUsers": host_users | host_users != null},
)

# Per version and spec.hostUsers: the messages of the finding (none: []).
version_table := [
	{"hostUsers": null, "version": "v1.22", "messages": []},
	{"hostUsers": null, "version": "v1.23", "messages": [`pod and container "a" must not set runAsUser=0 (allowed: non-zero or unset)`]},
	{"hostUsers": false, "version": "v1.34", "messages": [`pod and container "a" must not set runAsUser=0 (allowed: non-zero or unset)`]},
	{"hostUsers": false, "version": "v1.35", "messages": []},
	{"hostUsers": false, "version": "latest", "messages": []},
	{"hostUsers": true, "version": "latest", "messages": [`pod and container "a" must not set runAsUser=0 (allowed: non-zero or unset)`]},
]

test_versions_and_user_namespaces if {
	every row in version_table {
		vs := pss_run_as_user.violation with input as f.at_version(f.restricted(f.deployment(root_spec(row.hostUsers))), row.version)
		[v.message | some v in vs] == row.messages
	}
}
