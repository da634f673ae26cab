package profilegate.rules.runtime_seccomp_profile_test

import data.profilegate.lib.runtime_fixtures_test as f
import data.profilegate.rules.runtime_seccomp_profile as rule
import rego.v1

pod := {"containers": [{"name": "web", "securityContext": {}}]}

test_within_runtime_default if {
	[v] := [v | some v in rule.violation] with input as f.make(pod, {"web": {"syscalls": ["read", "write", "openat"]}}, "complete")
	v.message == sprintf(`container "web" runs without seccomp, but all 3 syscalls it made %s are in the runtime default allow-list (set seccompProfile.type=RuntimeDefault)`, [f.evidence])
	v.patch == [{"op": "add", "path": "/spec/template/spec/containers/0/securityContext/seccompProfile", "value": {"type": "RuntimeDefault"}}]
}

test_capability_gated_syscall_counts_with_the_capability if {
	obs := {"web": {"syscalls": ["chroot"], "capabilities": ["SYS_CHROOT"]}}
	[v] := [v | some v in rule.violation] with input as f.make(pod, obs, "complete")
	v.patch[0].value == {"type": "RuntimeDefault"}
}

test_outside_without_parameter_reports_only if {
	[v] := [v | some v in rule.violation] with input as f.make(pod, {"web": {"syscalls": ["read", "keyctl", "chroot"]}}, "complete")
	v.message == `container "web" runs without seccomp; it made 3 syscalls across 14 pods over 6d (profile deployment-web, complete), chroot, keyctl outside the runtime default allow-list (use Localhost profile operator/shop/deployment-web-web.json)`
	v.patch == []
}

test_outside_with_parameter_patches_localhost if {
	inp := object.union(f.make(pod, {"web": {"syscalls": ["keyctl"]}}, "complete"), {"config": {"parameters": {"runtime-seccomp-profile": {"localhostProfiles": true}}}})
	[v] := [v | some v in rule.violation] with input as inp
	v.patch[0].value == {"type": "Localhost", "localhostProfile": "operator/shop/deployment-web-web.json"}
}

test_pod_level_profile_counts if {
	p := object.union(pod, {"securityContext": {"seccompProfile": {"type": "RuntimeDefault"}}})
	count(rule.violation) == 0 with input as f.make(p, {"web": {"syscalls": ["read"]}}, "complete")
}

test_privileged_skipped if {
	p := {"containers": [{"name": "web", "securityContext": {"privileged": true}}]}
	count(rule.violation) == 0 with input as f.make(p, {"web": {"syscalls": ["read"]}}, "complete")
}
