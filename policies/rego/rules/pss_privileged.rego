# METADATA
# title: Privileged containers
# description: >-
#   Privileged containers disable most security mechanisms and get every capability
#   and every device of the host.
# custom:
#   id: pss-privileged
#   severity: critical
#   level: baseline
#   remediation: Remove securityContext.privileged or set it to false.
#   psa:
#     check: privileged
#     versions:
#       v1.0: >-
#         privileged false or unset
#   frameworks:
#     pss: baseline/privileged-containers
#     cis: ["5.2.2"]
#     nsa: "Pod security: non-root and unprivileged containers"
#     mitre: [T1611]
package profilegate.rules.pss_privileged

# Restricted fields: spec.{containers,initContainers,ephemeralContainers}[*].securityContext.privileged
# Allowed values: false, undefined/null.
# No static patch: unprivileging without evidence can break apps (runtime rules decide).

import data.profilegate.lib.pods
import data.profilegate.lib.violations
import rego.v1

meta := rego.metadata.chain()[1].annotations

# A list in container order, not a set: set members are hashed whole.
privileged := [c |
	some c in pods.containers
	c.spec.securityContext.privileged == true
]

violation contains v if {
	count(privileged) > 0
	names := [c.name | some c in privileged]
	v := violations.make(meta, {
		"message": sprintf(
			"%s must not set securityContext.privileged=true (allowed: false or unset)",
			[pods.containers_phrase(names)],
		),
		"containers": pods.sorted_names(names),
		"field": pods.container_field("securityContext.privileged"),
	})
}
