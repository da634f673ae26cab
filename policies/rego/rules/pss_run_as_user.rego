# METADATA
# title: Running as a non-root user (restricted)
# description: >-
#   Containers must not set runAsUser to 0: root in the container is root on the node's
#   kernel unless the pod runs in a user namespace (spec.hostUsers false).
# custom:
#   id: pss-run-as-user
#   severity: medium
#   level: restricted
#   remediation: Set runAsUser to a non-zero UID or remove it (pod and containers).
#   psa:
#     check: runAsUser
#     versions:
#       v1.23: introduced, runAsUser 0 forbidden on the pod and containers
#       v1.35: any value for user-namespaced pods (spec.hostUsers false)
#   frameworks:
#     pss: restricted/running-as-non-root-user
#     cis: ["5.2.7"]
#     nsa: "Pod security: non-root and unprivileged containers"
#     mitre: [T1068]
package profilegate.rules.pss_run_as_user

# Restricted fields:
#   spec.securityContext.runAsUser
#   spec.{containers,initContainers,ephemeralContainers}[*].securityContext.runAsUser
# Allowed values: any non-zero value, undefined/null; from v1.35 any value when spec.hostUsers
# is false. Versions before v1.23 have no such check.

import data.profilegate.lib.pods
import data.profilegate.lib.pss_version
import data.profilegate.lib.violations
import rego.v1

meta := rego.metadata.chain()[1].annotations

default pod_bad := false

pod_bad if pods.pod_security_context.runAsUser == 0

bad_containers contains c.name if {
	some c in pods.containers
	pods.security_context(c).runAsUser == 0
}

applies if {
	pss_version.at_least(23)
	not relaxed
}

relaxed if {
	pss_version.at_least(35)
	pss_version.user_namespaced
}

violation contains v if {
	applies
	some setters
	setters = pods.setters_phrase(pod_bad, bad_containers)
	v := violations.make(meta, {
		"message": sprintf("%s must not set runAsUser=0 (allowed: non-zero or unset)", [setters]),
		"containers": pods.sorted_names(bad_containers),
		"field": pods.container_field("securityContext.runAsUser"),
	})
}
