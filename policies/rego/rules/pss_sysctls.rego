# METADATA
# title: Sysctls
# description: >-
#   Sysctls can disable security mechanisms or affect every pod on the node; only the
#   namespaced, pod-isolated "safe" set is allowed.
# custom:
#   id: pss-sysctls
#   severity: high
#   level: baseline
#   remediation: Remove the listed sysctls from spec.securityContext.sysctls.
#   parameters:
#     allowedSysctls: >-
#       Sysctl names pods may set. Replaces the default, the PSS safe set of the level's version
#       (latest: the v1.37 set).
#   psa:
#     check: sysctls
#     versions:
#       v1.0: >-
#         safe set kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, net.ipv4.tcp_syncookies,
#         net.ipv4.ping_group_range, net.ipv4.ip_unprivileged_port_start
#       v1.27: adds net.ipv4.ip_local_reserved_ports
#       v1.29: >-
#         adds net.ipv4.tcp_keepalive_time, net.ipv4.tcp_fin_timeout, net.ipv4.tcp_keepalive_intvl,
#         net.ipv4.tcp_keepalive_probes
#       v1.32: adds net.ipv4.tcp_rmem, net.ipv4.tcp_wmem
#       v1.37: adds net.ipv4.tcp_slow_start_after_idle, net.ipv4.tcp_notsent_lowat
#   frameworks:
#     pss: baseline/sysctls
#     cis: ["5.7.3"]
#     nsa: "Pod security: hardening container environments"
#     mitre: [T1611]
package profilegate.rules.pss_sysctls

# Restricted fields: spec.securityContext.sysctls[*].name
# Allowed values: undefined/null and the names in safe_set (which grew with the versions).

import data.profilegate.lib.params
import data.profilegate.lib.pods
import data.profilegate.lib.pss_version
import data.profilegate.lib.violations
import rego.v1

meta := rego.metadata.chain()[1].annotations

# The safe set as PSA's versions grew it: each entry applies from its version on.
safe_set_history := [
	{"since": 0, "names": [
		"kernel.shm_rmid_forced",
		"net.ipv4.ip_local_port_range",
		"net.ipv4.ip_unprivileged_port_start",
		"net.ipv4.ping_group_range",
		"net.ipv4.tcp_syncookies",
	]},
	{"since": 27, "names": ["net.ipv4.ip_local_reserved_ports"]},
	{"since": 29, "names": [
		"net.ipv4.tcp_fin_timeout",
		"net.ipv4.tcp_keepalive_intvl",
		"net.ipv4.tcp_keepalive_probes",
		"net.ipv4.tcp_keepalive_time",
	]},
	{"since": 32, "names": ["net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem"]},
	{"since": 37, "names": ["net.ipv4.tcp_notsent_lowat", "net.ipv4.tcp_slow_start_after_idle"]},
]

safe_set := [name |
	some entry in safe_set_history
	pss_version.at_least(entry.since)
	some name in entry.names
]

allowed := {s | some s in params.get(meta.custom.id, "allowedSysctls", safe_set)}

forbidden contains sysctl.name if {
	some sysctl in object.get(pods.pod_security_context, "sysctls", [])
	not sysctl.name in allowed
}

violation contains v if {
	count(forbidden) > 0
	v := violations.make(meta, {
		"message": sprintf(
			"pod must not set forbidden sysctls %s (allowed: %s)",
			[pods.quoted_names(forbidden), concat(", ", sort(allowed))],
		),
		"field": pods.pod_field("securityContext.sysctls[*].name"),
	})
}
