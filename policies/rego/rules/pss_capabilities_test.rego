package profilegate.rules.pss_capabilities_test

import data.profilegate.lib.fixtures_test as f
import data.profilegate.rules.pss_capabilities
import rego.v1

caps(name, add) := {"name": name, "securityContext": {"capabilities": {"add": add}}}

test_baseline_capabilities_allowed if {
	count(pss_capabilities.violation) == 0 with input as f.deployment({"containers": [caps("a", ["NET_BIND_SERVICE", "CHOWN"])]})
}

test_extra_capabilities_denied if {
	vs := pss_capabilities.violation with input as f.deployment({"containers": [caps("a", ["SYS_ADMIN", "CHOWN"]), caps("b", ["NET_ADMIN"])]})
	some v in vs
	v.id == "pss-capabilities"
	v.message == `containers "a", "b" must not include "NET_ADMIN", "SYS_ADMIN" in securityContext.capabilities.add (allowed: AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT)`
	v.containers == ["a", "b"]
}

test_parameter_replaces_allowed_set if {
	inp := f.with_params(f.deployment({"containers": [caps("a", ["NET_ADMIN", "CHOWN"])]}), "pss-capabilities", {"allowedCapabilities": ["NET_ADMIN"]})
	vs := pss_capabilities.violation with input as inp
	some v in vs
	v.message == `container "a" must not include "CHOWN" in securityContext.capabilities.add (allowed: NET_ADMIN)`
}

net_raw(os) := object.union({"containers": [{"name": "a", "securityContext": {"capabilities": {"drop": ["ALL"], "add": ["NET_RAW"]}}}]}, {"os": {"name": os} | os != null})

# Per level, version and OS: the messages of pss-capabilities (none: []).
version_table := [
	{"level": "baseline", "version": "latest", "os": null, "messages": [`container "a" must not include "NET_RAW" in securityContext.capabilities.add (allowed: AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT)`]},
	# Before v1.22 restricted has no capability check of its own: the baseline set applies.
	{"level": "restricted", "version": "v1.21", "os": null, "messages": [`container "a" must not include "NET_RAW" in securityContext.capabilities.add (allowed: AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT)`]},
	{"level": "restricted", "version": "v1.22", "os": null, "messages": [`container "a" must not include "NET_RAW" in securityContext.capabilities.add (allowed: NET_BIND_SERVICE)`]},
	{"level": "restricted", "version": "latest", "os": null, "messages": [`container "a" must not include "NET_RAW" in securityContext.capabilities.add (allowed: NET_BIND_SERVICE)`]},
	# Windows pods: checked at restricted until v1.24, exempt from v1.25; always at baseline.
	{"level": "restricted", "version": "v1.24", "os": "windows", "messages": [`container "a" must not include "NET_RAW" in securityContext.capabilities.add (allowed: NET_BIND_SERVICE)`]},
	{"level": "restricted", "version": "v1.25", "os": "windows", "messages": []},
	{"level": "baseline", "version": "latest", "os": "windows", "messages": [`container "a" must not include "NET_RAW" in securityContext.capabilities.add (allowed: AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT)`]},
	{"level": "restricted", "version": "latest", "os": "linux", "messages": [`container "a" must not include "NET_RAW" in securityContext.capabilities.add (allowed: NET_BIND_SERVICE)`]},
]

test_versions_levels_and_windows if {
	every row in version_table {
		inp := object.union(f.at_version(f.deployment(net_raw(row.os)), row.version), {"config": {"level": row.level}})
		vs := pss_capabilities.violation with input as inp
		[v.message | some v in vs] == row.messages
	}
}
