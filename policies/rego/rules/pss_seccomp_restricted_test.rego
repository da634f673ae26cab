package profilegate.rules.pss_seccomp_restricted_test

import data.profilegate.lib.fixtures_test as f
import data.profilegate.rules.pss_seccomp_restricted
import rego.v1

test_pod_level_runtime_default_allowed if {
	inp := f.restricted(f.deployment({"securityContext": {"seccompProfile": {"type": "RuntimeDefault"}}, "containers": [{"name": "a"}]}))
	count(pss_seccomp_restricted.violation) == 0 with input as inp
}

test_unset_denied_with_pod_level_patch if {
	inp := f.restricted(f.deployment({"containers": [{"name": "a"}, f.hardened("b"), {"name": "c"}]}))
	vs := pss_seccomp_restricted.violation with input as inp
	some v in vs
	v.id == "pss-seccomp-restricted"
	v.message == `pod or containers "a", "c" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`
	v.patch == [
		{"op": "add", "path": "/spec/template/spec/securityContext", "value": {}},
		{"op": "add", "path": "/spec/template/spec/securityContext/seccompProfile", "value": {"type": "RuntimeDefault"}},
	]
}

test_patch_keeps_existing_pod_security_context if {
	inp := f.restricted(f.pod({"securityContext": {"runAsNonRoot": true}, "containers": [{"name": "a"}]}))
	vs := pss_seccomp_restricted.violation with input as inp
	some v in vs
	v.patch == [{"op": "add", "path": "/spec/securityContext/seccompProfile", "value": {"type": "RuntimeDefault"}}]
}

# Per version and OS: the messages of pss-seccomp-restricted (none: []).
version_table := [
	{"version": "v1.18", "os": null, "messages": []},
	{"version": "v1.19", "os": null, "messages": [`pod or container "a" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`]},
	{"version": "v1.24", "os": "windows", "messages": [`pod or container "a" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`]},
	{"version": "v1.25", "os": "windows", "messages": []},
	{"version": "latest", "os": "linux", "messages": [`pod or container "a" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`]},
]

test_versions_and_windows if {
	every row in version_table {
		spec := object.union({"containers": [{"name": "a"}]}, {"os": {"name": row.os} | row.os != null})
		vs := pss_seccomp_restricted.violation with input as f.at_version(f.restricted(f.deployment(spec)), row.version)
		[v.message | some v in vs] == row.messages
	}
}
