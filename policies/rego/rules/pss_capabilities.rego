# METADATA
# title: Capabilities beyond the baseline set
# description: >-
#   Adding Linux capabilities beyond the container runtime's default set grants powers such
#   as loading kernel modules, changing the network stack or tracing other processes.
# custom:
#   id: pss-capabilities
#   severity: high
#   level: baseline
#   remediation: >-
#     Remove the listed capabilities from securityContext.capabilities.add; if the workload
#     truly needs one, exempt it per policy or widen the allowedCapabilities parameter.
#   parameters:
#     allowedCapabilities: >-
#       Capabilities containers may add. Replaces the default, the PSS baseline set: AUDIT_WRITE,
#       CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID,
#       SETPCAP, SETUID, SYS_CHROOT.
#   psa:
#     check: capabilities_baseline
#     versions:
#       v1.0: >-
#         adds within AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD,
#         NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT; at restricted,
#         capabilities_restricted overrides it from v1.22 (Windows pods then go unchecked
#         from v1.25)
#   frameworks:
#     pss: baseline/capabilities
#     cis: ["5.2.8", "5.2.9"]
#     nsa: "Pod security: non-root and unprivileged containers"
#     mitre: [T1611, T1068]
package profilegate.rules.pss_capabilities

# Restricted fields: spec.{containers,initContainers,ephemeralContainers}[*].securityContext.capabilities.add
# Allowed values: undefined/empty, or a subset of the baseline set below (allowedCapabilities).
# At restricted from v1.22, PSA's capabilities_restricted check replaces this one: the finding
# stays here (one finding per capability, pss-capabilities-restricted reports the baseline-set
# ones) but names what restricted allows, and Windows pods are not checked from v1.25.

import data.profilegate.lib.params
import data.profilegate.lib.pods
import data.profilegate.lib.pss_version
import data.profilegate.lib.violations
import rego.v1

meta := rego.metadata.chain()[1].annotations

baseline_set := [
	"AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD",
	"NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
]

allowed := {c | some c in params.get(meta.custom.id, "allowedCapabilities", baseline_set)}

added(c) := object.get(object.get(pods.security_context(c), "capabilities", {}), "add", [])

# container name -> capabilities it adds beyond the allowed set.
bad_adds[c.name] contains cap if {
	some c in pods.containers
	some cap in added(c)
	not cap in allowed
}

# PSA's restricted capability check, which overrides this one at restricted, is in force.
restricted_in_force if {
	violations.enabled("restricted")
	pss_version.at_least(22)
}

# What the level in force allows: at restricted, only NET_BIND_SERVICE.
allowed_text := "NET_BIND_SERVICE" if restricted_in_force

else := concat(", ", sort(allowed))

# At restricted from v1.25 Windows pods are exempt from the check that replaces this one.
windows_exempt if {
	restricted_in_force
	pss_version.at_least(25)
	pods.is_windows
}

violation contains v if {
	not windows_exempt
	count(bad_adds) > 0
	names := [n | some n, _ in bad_adds]
	caps := {cap | some caps_of in bad_adds; some cap in caps_of}
	v := violations.make(meta, {
		"message": sprintf(
			"%s must not include %s in securityContext.capabilities.add (allowed: %s)",
			[pods.containers_phrase(names), pods.quoted_names(caps), allowed_text],
		),
		"containers": pods.sorted_names(names),
		"field": pods.container_field("securityContext.capabilities.add"),
	})
}
