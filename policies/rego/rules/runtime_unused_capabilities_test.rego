package profilegate.rules.runtime_unused_capabilities_test

import data.profilegate.lib.runtime_fixtures_test as f
import data.profilegate.rules.runtime_unused_capabilities as rule
import rego.v1

pod := {"containers": [{"name": "web", "securityContext": {"capabilities": {"add": ["NET_ADMIN", "CAP_NET_BIND_SERVICE"]}}}]}

used := {"web": {"capabilities": ["NET_BIND_SERVICE", "CHOWN"]}}

test_unused_capability_patched_down_to_used if {
	[v] := [v | some v in rule.violation] with input as f.make(pod, used, "complete")
	v.id == "runtime-unused-capabilities"
	v.evidence == "runtime"
	v.message == sprintf(`container "web" requests NET_ADMIN, never used %s`, [f.evidence])
	v.patch == [{
		"op": "add",
		"path": "/spec/template/spec/containers/0/securityContext/capabilities",
		"value": {"drop": ["ALL"], "add": ["CHOWN", "NET_BIND_SERVICE"]},
	}]
}

test_learning_profile_reports_without_patch if {
	[v] := [v | some v in rule.violation] with input as f.make(pod, used, "learning")
	v.patch == []
	v.message == `container "web" requests NET_ADMIN, never used across 14 pods over 6d (profile deployment-web, learning)`
}

test_all_added_used_is_fine if {
	count(rule.violation) == 0 with input as f.make(pod, {"web": {"capabilities": ["NET_ADMIN", "NET_BIND_SERVICE"]}}, "complete")
}

test_add_all_counts_every_capability if {
	p := {"containers": [{"name": "web", "securityContext": {"capabilities": {"add": ["ALL"]}}}]}
	[v] := [v | some v in rule.violation] with input as f.make(p, used, "complete")
	v.message == `container "web" requests AUDIT_CONTROL, AUDIT_READ, AUDIT_WRITE, BLOCK_SUSPEND, BPF, CHECKPOINT_RESTORE, DAC_OVERRIDE, DAC_READ_SEARCH, FOWNER, FSETID, IPC_LOCK, IPC_OWNER, KILL, LEASE, LINUX_IMMUTABLE, MAC_ADMIN, MAC_OVERRIDE, MKNOD, NET_ADMIN, NET_BROADCAST, NET_RAW, PERFMON, SETFCAP, SETGID, SETPCAP, SETUID, SYSLOG, SYS_ADMIN, SYS_BOOT, SYS_CHROOT, SYS_MODULE, SYS_NICE, SYS_PACCT, SYS_PTRACE, SYS_RAWIO, SYS_RESOURCE, SYS_TIME, SYS_TTY_CONFIG, WAKE_ALARM, never used across 14 pods over 6d (profile deployment-web, complete)`
	v.patch[0].value == {"drop": ["ALL"], "add": ["CHOWN", "NET_BIND_SERVICE"]}
}

test_used_capability_not_granted_today_is_not_added if {
	# SYS_TIME was observed but is not granted now: the patch must not grant it.
	p := {"containers": [{"name": "web", "securityContext": {"capabilities": {"drop": ["ALL"], "add": ["NET_ADMIN"]}}}]}
	[v] := [v | some v in rule.violation] with input as f.make(p, {"web": {"capabilities": ["SYS_TIME"]}}, "complete")
	v.patch[0].value == {"drop": ["ALL"]}
}

test_no_profile_no_violation if {
	count(rule.violation) == 0 with input as f.without_profile(pod)
}

test_unprofiled_container_ignored if {
	count(rule.violation) == 0 with input as f.make(pod, {"other": {}}, "complete")
}
