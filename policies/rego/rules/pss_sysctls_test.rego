package profilegate.rules.pss_sysctls_test

import data.profilegate.lib.fixtures_test as f
import data.profilegate.rules.pss_sysctls
import rego.v1

sysctls(names) := {"securityContext": {"sysctls": [{"name": n, "value": "1"} | some n in names]}, "containers": [{"name": "a"}]}

test_safe_sysctls_allowed if {
	count(pss_sysctls.violation) == 0 with input as f.deployment(sysctls(["net.ipv4.tcp_syncookies", "net.ipv4.tcp_rmem"]))
}

latest_allowed := "kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, net.ipv4.ip_local_reserved_ports, net.ipv4.ip_unprivileged_port_start, net.ipv4.ping_group_range, net.ipv4.tcp_fin_timeout, net.ipv4.tcp_keepalive_intvl, net.ipv4.tcp_keepalive_probes, net.ipv4.tcp_keepalive_time, net.ipv4.tcp_notsent_lowat, net.ipv4.tcp_rmem, net.ipv4.tcp_slow_start_after_idle, net.ipv4.tcp_syncookies, net.ipv4.tcp_wmem"

test_unsafe_sysctls_denied if {
	vs := pss_sysctls.violation with input as f.deployment(sysctls(["kernel.msgmax", "net.ipv4.tcp_syncookies", "kernel.sem"]))
	some v in vs
	v.id == "pss-sysctls"
	v.message == concat("", [`pod must not set forbidden sysctls "kernel.msgmax", "kernel.sem" (allowed: `, latest_allowed, ")"])
	v.field == "spec.template.spec.securityContext.sysctls[*].name"
}

# Each version of PSA's safe set: the sysctl that version added, allowed from it on and denied
# before it, and the exact allowed list at the version that added it.
version_table := [
	{"version": "v1.0", "added": "net.ipv4.ping_group_range", "allowed": "kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, net.ipv4.ip_unprivileged_port_start, net.ipv4.ping_group_range, net.ipv4.tcp_syncookies"},
	{"version": "v1.27", "before": "v1.26", "added": "net.ipv4.ip_local_reserved_ports", "allowed": "kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, net.ipv4.ip_local_reserved_ports, net.ipv4.ip_unprivileged_port_start, net.ipv4.ping_group_range, net.ipv4.tcp_syncookies"},
	{"version": "v1.29", "before": "v1.28", "added": "net.ipv4.tcp_keepalive_time", "allowed": "kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, net.ipv4.ip_local_reserved_ports, net.ipv4.ip_unprivileged_port_start, net.ipv4.ping_group_range, net.ipv4.tcp_fin_timeout, net.ipv4.tcp_keepalive_intvl, net.ipv4.tcp_keepalive_probes, net.ipv4.tcp_keepalive_time, net.ipv4.tcp_syncookies"},
	{"version": "v1.32", "before": "v1.31", "added": "net.ipv4.tcp_wmem", "allowed": "kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, net.ipv4.ip_local_reserved_ports, net.ipv4.ip_unprivileged_port_start, net.ipv4.ping_group_range, net.ipv4.tcp_fin_timeout, net.ipv4.tcp_keepalive_intvl, net.ipv4.tcp_keepalive_probes, net.ipv4.tcp_keepalive_time, net.ipv4.tcp_rmem, net.ipv4.tcp_syncookies, net.ipv4.tcp_wmem"},
	{"version": "v1.37", "before": "v1.36", "added": "net.ipv4.tcp_slow_start_after_idle", "allowed": latest_allowed},
	{"version": "latest", "before": "v1.36", "added": "net.ipv4.tcp_notsent_lowat", "allowed": latest_allowed},
]

test_version_table_allowed_from_its_version if {
	every row in version_table {
		count(pss_sysctls.violation) == 0 with input as f.at_version(f.deployment(sysctls([row.added])), row.version)
	}
}

test_version_table_denied_before_its_version if {
	every row in [r | some r in version_table; r.before] {
		vs := pss_sysctls.violation with input as f.at_version(f.deployment(sysctls([row.added])), row.before)
		count(vs) == 1
	}
}

test_version_table_messages if {
	every row in version_table {
		vs := pss_sysctls.violation with input as f.at_version(f.deployment(sysctls(["kernel.msgmax"])), row.version)
		[v.message | some v in vs] == [concat("", [`pod must not set forbidden sysctls "kernel.msgmax" (allowed: `, row.allowed, ")"])]
	}
}

test_v1_36_denies_the_sysctls_v1_37_added if {
	vs := pss_sysctls.violation with input as f.at_version(f.deployment(sysctls(["net.ipv4.tcp_notsent_lowat", "net.ipv4.tcp_slow_start_after_idle", "net.ipv4.tcp_rmem"])), "v1.36")
	[v.message | some v in vs] == [`pod must not set forbidden sysctls "net.ipv4.tcp_notsent_lowat", "net.ipv4.tcp_slow_start_after_idle" (allowed: kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, net.ipv4.ip_local_reserved_ports, net.ipv4.ip_unprivileged_port_start, net.ipv4.ping_group_range, net.ipv4.tcp_fin_timeout, net.ipv4.tcp_keepalive_intvl, net.ipv4.tcp_keepalive_probes, net.ipv4.tcp_keepalive_time, net.ipv4.tcp_rmem, net.ipv4.tcp_syncookies, net.ipv4.tcp_wmem)`]
}

test_parameter_replaces_every_version_set if {
	inp := f.with_params(f.at_version(f.deployment(sysctls(["net.ipv4.tcp_syncookies"])), "v1.0"), "pss-sysctls", {"allowedSysctls": ["kernel.shm_rmid_forced"]})
	vs := pss_sysctls.violation with input as inp
	[v.message | some v in vs] == [`pod must not set forbidden sysctls "net.ipv4.tcp_syncookies" (allowed: kernel.shm_rmid_forced)`]
}
