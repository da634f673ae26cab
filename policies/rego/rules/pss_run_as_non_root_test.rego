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

# Per version and spec.hostUsers: the messages of the finding (none: []).
version_table := [
	{"hostUsers": false, "version": "v1.34", "messages": [`pod or container "a" must set securityContext.runAsNonRoot=true`]},
	{"hostUsers": false, "version": "v1.35", "messages": []},
	{"hostUsers": false, "version": "latest", "messages": []},
	{"hostUsers": true, "version": "v1.35", "messages": [`pod or container "a" must set securityContext.runAsNonRoot=true`]},
	{"hostUsers": null, "version": "latest", "messages": [`pod or container "a" must set securityContext.runAsNonRoot=true`]},
	{"hostUsers": null, "version": "v1.0", "messages": [`pod or container "a" must set securityContext.runAsNonRoot=true`]},
]

test_user_namespaces_by_version if {
	every row in version_table {
		spec := object.union({"containers": [{"name": "a"}]}, {"hostUsers": row.hostUsers | row.hostUsers != null})
		vs := pss_run_as_non_root.violation with input as f.at_version(f.restricted(f.deployment(spec)), row.version)
		[v.message | some v in vs] == row.messages
	}
}

test_user_namespaced_pod_may_set_false_from_v1_35 if {
	spec := {"hostUsers": false, "securityContext": {"runAsNonRoot": false}, "containers": [{"name": "a", "securityContext": {"runAsNonRoot": false}}]}
	count(pss_run_as_non_root.violation) == 0 with input as f.at_version(f.restricted(f.deployment(spec)), "v1.35")
	vs := pss_run_as_non_root.violation with input as f.at_version(f.restricted(f.deployment(spec)), "v1.34")
	[v.message | some v in vs] == [`pod must not set securityContext.runAsNonRoot=false; container "a" must not set securityContext.runAsNonRoot=false`]
}
