package profilegate.rules.pss_proc_mount_test

import data.profilegate.lib.fixtures_test as f
import data.profilegate.rules.pss_proc_mount
import rego.v1

proc(name, mount) := {"name": name, "securityContext": {"procMount": mount}}

test_default_allowed if {
	count(pss_proc_mount.violation) == 0 with input as f.deployment({"containers": [proc("a", "Default"), {"name": "b"}]})
}

test_unmasked_denied if {
	vs := pss_proc_mount.violation with input as f.deployment({"containers": [proc("a", "Unmasked")]})
	some v in vs
	v.id == "pss-proc-mount"
	v.message == `container "a" must not set securityContext.procMount to "Unmasked" (allowed: Default or unset)`
}
