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
