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
#       Sysctl names pods may set. Replaces the default, the PSS safe set of Kubernetes 1.32+.
#   frameworks:
#     pss: baseline/sysctls
#     cis: ["5.7.3"]
#     nsa: "Pod security: hardening container environments"
#     mitre: [T1611]
package profilegate.rules.pss_sysctls

# Restricted fields: spec.securityContext.sysctls[*].name
# Allowed values: undefined/null and the names in safe_set.

import data.profilegate.lib.params
import data.profilegate.lib.pods
import data.profilegate.lib.violations
import rego.v1

meta := rego.metadata.chain()[1].annotations

safe_set := [
	"kernel.shm_rmid_forced",
	"net.ipv4.ip_local_port_range",
	"net.ipv4.ip_local_reserved_ports",
	"net.ipv4.ip_unprivileged_port_start",
	"net.ipv4.ping_group_range",
	"net.ipv4.tcp_fin_timeout",
	"net.ipv4.tcp_keepalive_intvl",
	"net.ipv4.tcp_keepalive_probes",
	"net.ipv4.tcp_keepalive_time",
	"net.ipv4.tcp_rmem",
	"net.ipv4.tcp_syncookies",
	"net.ipv4.tcp_wmem",
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
