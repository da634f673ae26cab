package profilegate.rules.pss_sysctls_test

import data.profilegate.lib.fixtures_test as f
import data.profilegate.rules.pss_sysctls
import rego.v1

sysctls(names) := {"securityContext": {"sysctls": [{"name": n, "value": "1"} | some n in names]}, "containers": [{"name": "a"}]}

test_safe_sysctls_allowed if {
	count(pss_sysctls.violation) == 0 with input as f.deployment(sysctls(["net.ipv4.tcp_syncookies", "net.ipv4.tcp_rmem"]))
}

test_unsafe_sysctls_denied if {
	vs := pss_sysctls.violation with input as f.deployment(sysctls(["kernel.msgmax", "net.ipv4.tcp_syncookies", "kernel.sem"]))
	some v in vs
	v.id == "pss-sysctls"
	v.message == `pod must not set forbidden sysctls "kernel.msgmax", "kernel.sem" (allowed: kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, net.ipv4.ip_local_reserved_ports, net.ipv4.ip_unprivileged_port_start, net.ipv4.ping_group_range, net.ipv4.tcp_fin_timeout, net.ipv4.tcp_keepalive_intvl, net.ipv4.tcp_keepalive_probes, net.ipv4.tcp_keepalive_time, net.ipv4.tcp_rmem, net.ipv4.tcp_syncookies, net.ipv4.tcp_wmem)`
	v.field == "spec.template.spec.securityContext.sysctls[*].name"
}
