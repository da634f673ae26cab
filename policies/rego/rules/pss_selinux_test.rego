package profilegate.rules.pss_selinux_test

import data.profilegate.lib.fixtures_test as f
import data.profilegate.rules.pss_selinux
import rego.v1

test_container_types_allowed if {
	inp := f.deployment({
		"securityContext": {"seLinuxOptions": {"level": "s0:c123,c456"}},
		"containers": [{"name": "a", "securityContext": {"seLinuxOptions": {"type": "container_init_t"}}}],
	})
	count(pss_selinux.violation) == 0 with input as inp
}

test_custom_options_denied if {
	inp := f.deployment({
		"securityContext": {"seLinuxOptions": {"type": "spc_t"}},
		"containers": [{"name": "a", "securityContext": {"seLinuxOptions": {"user": "system_u", "role": "system_r"}}}],
	})
	vs := pss_selinux.violation with input as inp
	some v in vs
	v.id == "pss-selinux"
	v.message == `pod and container "a" set forbidden securityContext.seLinuxOptions: type "spc_t"; user may not be set; role may not be set (allowed types: container_t, container_init_t, container_kvm_t, container_engine_t or unset; user and role unset)`
}

test_container_only_denied if {
	inp := f.deployment({"containers": [{"name": "a", "securityContext": {"seLinuxOptions": {"type": "spc_t"}}}]})
	vs := pss_selinux.violation with input as inp
	some v in vs
	v.message == `container "a" set forbidden securityContext.seLinuxOptions: type "spc_t" (allowed types: container_t, container_init_t, container_kvm_t, container_engine_t or unset; user and role unset)`
}

engine(type) := {"containers": [{"name": "a", "securityContext": {"seLinuxOptions": {"type": type}}}]}

# Per version: the messages of pss-selinux for a type (none: []).
version_table := [
	{"version": "v1.30", "type": "container_engine_t", "messages": [`container "a" set forbidden securityContext.seLinuxOptions: type "container_engine_t" (allowed types: container_t, container_init_t, container_kvm_t or unset; user and role unset)`]},
	{"version": "v1.31", "type": "container_engine_t", "messages": []},
	{"version": "latest", "type": "container_engine_t", "messages": []},
	{"version": "v1.0", "type": "container_kvm_t", "messages": []},
	{"version": "v1.31", "type": "spc_t", "messages": [`container "a" set forbidden securityContext.seLinuxOptions: type "spc_t" (allowed types: container_t, container_init_t, container_kvm_t, container_engine_t or unset; user and role unset)`]},
]

test_versions if {
	every row in version_table {
		vs := pss_selinux.violation with input as f.at_version(f.deployment(engine(row.type)), row.version)
		[v.message | some v in vs] == row.messages
	}
}
