package profilegate.rules.pss_capabilities_restricted_test

import data.profilegate.lib.fixtures_test as f
import data.profilegate.rules.pss_capabilities_restricted
import rego.v1

test_drop_all_add_net_bind_service_allowed if {
	inp := f.restricted(f.deployment({"containers": [{"name": "a", "securityContext": {"capabilities": {"drop": ["ALL"], "add": ["NET_BIND_SERVICE"]}}}]}))
	count(pss_capabilities_restricted.violation) == 0 with input as inp
}

test_missing_drop_and_extra_add_denied if {
	inp := f.restricted(f.deployment({"containers": [
		{"name": "a"},
		{"name": "b", "securityContext": {"capabilities": {"drop": ["ALL"], "add": ["CHOWN", "SYS_ADMIN"]}}},
	]}))
	vs := pss_capabilities_restricted.violation with input as inp
	some v in vs
	v.id == "pss-capabilities-restricted"
	v.message == `container "a" must set securityContext.capabilities.drop=["ALL"]; container "b" must not include "CHOWN" in securityContext.capabilities.add (allowed: NET_BIND_SERVICE)`
	v.containers == ["a", "b"]
}

test_windows_pods_exempt if {
	inp := f.restricted(f.deployment({"os": {"name": "windows"}, "containers": [{"name": "a"}]}))
	count(pss_capabilities_restricted.violation) == 0 with input as inp
}

chown(os) := object.union({"containers": [{"name": "a", "securityContext": {"capabilities": {"add": ["CHOWN"]}}}]}, {"os": {"name": os} | os != null})

# Per version and OS: the messages of pss-capabilities-restricted (none: []).
version_table := [
	{"version": "v1.21", "os": null, "messages": []},
	{"version": "v1.22", "os": null, "messages": [`container "a" must set securityContext.capabilities.drop=["ALL"]; container "a" must not include "CHOWN" in securityContext.capabilities.add (allowed: NET_BIND_SERVICE)`]},
	{"version": "v1.24", "os": "windows", "messages": [`container "a" must set securityContext.capabilities.drop=["ALL"]; container "a" must not include "CHOWN" in securityContext.capabilities.add (allowed: NET_BIND_SERVICE)`]},
	{"version": "v1.25", "os": "windows", "messages": []},
	{"version": "latest", "os": "windows", "messages": []},
	{"version": "latest", "os": "linux", "messages": [`container "a" must set securityContext.capabilities.drop=["ALL"]; container "a" must not include "CHOWN" in securityContext.capabilities.add (allowed: NET_BIND_SERVICE)`]},
]

test_versions_and_windows if {
	every row in version_table {
		vs := pss_capabilities_restricted.violation with input as f.at_version(f.restricted(f.deployment(chown(row.os))), row.version)
		[v.message | some v in vs] == row.messages
	}
}
