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
#   frameworks:
#     pss: baseline/capabilities
#     cis: ["5.2.8", "5.2.9"]
#     nsa: "Pod security: non-root and unprivileged containers"
#     mitre: [T1611, T1068]
package profilegate.rules.pss_capabilities

# Restricted fields: spec.{containers,initContainers,ephemeralContainers}[*].securityContext.capabilities.add
# Allowed values: undefined/empty, or a subset of the baseline set below (allowedCapabilities).

import data.profilegate.lib.params
import data.profilegate.lib.pods
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

violation contains v if {
	count(bad_adds) > 0
	names := [n | some n, _ in bad_adds]
	caps := {cap | some caps_of in bad_adds; some cap in caps_of}
	v := violations.make(meta, {
		"message": sprintf(
			"%s must not include %s in securityContext.capabilities.add (allowed: %s)",
			[pods.containers_phrase(names), pods.quoted_names(caps), concat(", ", sort(allowed))],
		),
		"containers": pods.sorted_names(names),
		"field": pods.container_field("securityContext.capabilities.add"),
	})
}
