# METADATA
# title: Seccomp (baseline)
# description: >-
#   Seccomp filters the syscalls a container may make. Setting the profile to Unconfined turns
#   the filter off.
# custom:
#   id: pss-seccomp
#   severity: high
#   level: baseline
#   remediation: Set securityContext.seccompProfile.type to RuntimeDefault or Localhost, or remove it.
#   frameworks:
#     pss: baseline/seccomp
#     cis: ["5.7.2"]
#     nsa: "Pod security: hardening container environments"
#     mitre: [T1611]
package profilegate.rules.pss_seccomp

# Restricted fields:
#   spec.securityContext.seccompProfile.type, spec.{containers,...}[*].securityContext.seccompProfile.type
# Allowed values: undefined/null, RuntimeDefault, Localhost.
# Explicit Unconfined is reported here at every level; pss-seccomp-restricted reports only
# the unset profiles, so one pod is never reported twice for the same field.
# No static patch: Unconfined is an explicit choice, and replacing it can break the app.

import data.profilegate.lib.pods
import data.profilegate.lib.violations
import rego.v1

meta := rego.metadata.chain()[1].annotations

# Defaults to false: an undefined argument would make setters_phrase undefined.
default pod_bad := false

pod_bad if pods.pod_security_context.seccompProfile.type == "Unconfined"

bad_containers contains c.name if {
	some c in pods.containers
	pods.security_context(c).seccompProfile.type == "Unconfined"
}

violation contains v if {
	some setters
	setters = pods.setters_phrase(pod_bad, bad_containers)
	v := violations.make(meta, {
		"message": sprintf(
			`%s must not set securityContext.seccompProfile.type to "Unconfined" (allowed: RuntimeDefault, Localhost or unset)`,
			[setters],
		),
		"containers": pods.sorted_names(bad_containers),
		"field": pods.container_field("securityContext.seccompProfile.type"),
	})
}
