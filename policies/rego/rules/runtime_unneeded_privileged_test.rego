package profilegate.rules.runtime_unneeded_privileged_test

import data.profilegate.lib.runtime_fixtures_test as f
import data.profilegate.rules.runtime_unneeded_privileged as rule
import rego.v1

pod := {"containers": [{"name": "web", "securityContext": {"privileged": true}}]}

test_privileged_without_need_patched_to_used_capabilities if {
	[v] := [v | some v in rule.violation] with input as f.make(pod, {"web": {"capabilities": ["NET_ADMIN"]}}, "complete")
	v.message == sprintf(`container "web" runs privileged, but used only NET_ADMIN and no device, /sys write or mount %s`, [f.evidence])
	v.patch == [
		{"op": "replace", "path": "/spec/template/spec/containers/0/securityContext/privileged", "value": false},
		{"op": "add", "path": "/spec/template/spec/containers/0/securityContext/capabilities", "value": {"drop": ["ALL"], "add": ["NET_ADMIN"]}},
	]
}

needs_cases := [
	{"readPaths": ["/dev/fuse"]},
	{"writePaths": ["/sys/fs/cgroup"]},
	{"writePaths": ["/proc/sys/net/ipv4"]},
	{"syscalls": ["read", "mount"]},
]

test_evidence_of_need_keeps_privileged if {
	every obs in needs_cases {
		count(rule.violation) == 0 with input as f.make(pod, {"web": obs}, "complete")
	}
}

test_standard_devices_are_not_evidence if {
	count(rule.violation) == 1 with input as f.make(pod, {"web": {"readPaths": ["/dev/null", "/dev/pts/0"], "writePaths": ["/dev/shm"]}}, "complete")
}

test_pod_runtime_default_refusing_observed_syscall_blocks_patch if {
	p := object.union(pod, {"securityContext": {"seccompProfile": {"type": "RuntimeDefault"}}})
	[v] := [v | some v in rule.violation] with input as f.make(p, {"web": {"syscalls": ["read", "keyctl"]}}, "complete")
	v.patch == []
}

test_stale_profile_no_patch if {
	[v] := [v | some v in rule.violation] with input as f.make(pod, {"web": {}}, "stale")
	v.patch == []
}
