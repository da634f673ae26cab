# METADATA
# title: Running as non-root (restricted)
# description: >-
#   Containers must be required to run as non-root users, so a container escape or a
#   misconfigured mount does not start as root.
# custom:
#   id: pss-run-as-non-root
#   severity: medium
#   level: restricted
#   remediation: >-
#     Set spec.securityContext.runAsNonRoot to true (and a non-zero runAsUser if the image
#     has no numeric non-root USER); do not set it to false on containers.
#   psa:
#     check: runAsNonRoot
#     versions:
#       v1.0: runAsNonRoot true on the pod, or on every container
#       v1.35: any value for user-namespaced pods (spec.hostUsers false)
#   frameworks:
#     pss: restricted/running-as-non-root
#     cis: ["5.2.7"]
#     nsa: "Pod security: non-root and unprivileged containers"
#     mitre: [T1068]
package profilegate.rules.pss_run_as_non_root

# Restricted fields:
#   spec.securityContext.runAsNonRoot
#   spec.{containers,initContainers,ephemeralContainers}[*].securityContext.runAsNonRoot
# Allowed values: true; a container may leave it unset when the pod sets true; from v1.35 any
# value when spec.hostUsers is false (UID 0 in a user namespace is not root on the node).
# No static patch: the image's user is unknown here, and forcing non-root can stop the app
# from starting (runtime rules propose it with the UIDs the profile observed).

import data.profilegate.lib.pods
import data.profilegate.lib.pss_version
import data.profilegate.lib.violations
import rego.v1

meta := rego.metadata.chain()[1].annotations

pod_value := object.get(pods.pod_security_context, "runAsNonRoot", null)

explicit_false contains c.name if {
	some c in pods.containers
	pods.security_context(c).runAsNonRoot == false
}

# Containers that leave it unset while the pod does not set true.
implicit contains c.name if {
	pod_value != true
	some c in pods.containers
	object.get(pods.security_context(c), "runAsNonRoot", null) == null
}

problems := array.concat(
	array.concat(
		["pod must not set securityContext.runAsNonRoot=false" | pod_value == false],
		[sprintf("%s must not set securityContext.runAsNonRoot=false", [pods.containers_phrase(explicit_false)]) |
			count(explicit_false) > 0
		],
	),
	[sprintf("pod or %s must set securityContext.runAsNonRoot=true", [pods.containers_phrase(implicit)]) |
		count(implicit) > 0
	],
)

relaxed if {
	pss_version.at_least(35)
	pss_version.user_namespaced
}

violation contains v if {
	not relaxed
	count(problems) > 0
	v := violations.make(meta, {
		"message": concat("; ", problems),
		"containers": pods.sorted_names(explicit_false | implicit),
		"field": pods.container_field("securityContext.runAsNonRoot"),
	})
}
