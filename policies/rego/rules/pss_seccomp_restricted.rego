# METADATA
# title: Seccomp required (restricted)
# description: >-
#   The restricted profile requires a seccomp profile on every container: RuntimeDefault or
#   Localhost, set on the pod or on each container.
# custom:
#   id: pss-seccomp-restricted
#   severity: medium
#   level: restricted
#   remediation: Set spec.securityContext.seccompProfile.type to RuntimeDefault (or Localhost with a profile).
#   psa:
#     check: seccompProfile_restricted
#     versions:
#       v1.19: introduced, RuntimeDefault or Localhost on the pod or every container
#       v1.25: Windows pods (spec.os.name windows) exempt
#   frameworks:
#     pss: restricted/seccomp
#     cis: ["5.7.2"]
#     nsa: "Pod security: hardening container environments"
#     mitre: [T1611]
package profilegate.rules.pss_seccomp_restricted

# Restricted fields:
#   spec.securityContext.seccompProfile.type
#   spec.{containers,initContainers,ephemeralContainers}[*].securityContext.seccompProfile.type
# Allowed values: RuntimeDefault, Localhost; a container may leave it unset when the pod sets it.
# This rule reports unset profiles only: an explicit Unconfined is pss-seccomp's finding.
# Versions before v1.19 have no such check; Windows pods are exempt from v1.25, as in PSA.
# Patch: when the pod sets no profile, add RuntimeDefault at pod level. It applies only to
# containers without their own profile, and the runtime's default filter allows what common
# applications use, so it preserves behaviour.

import data.profilegate.lib.patches
import data.profilegate.lib.pods
import data.profilegate.lib.pss_version
import data.profilegate.lib.violations
import rego.v1

meta := rego.metadata.chain()[1].annotations

pod_type := object.get(object.get(pods.pod_security_context, "seccompProfile", {}), "type", null)

applies if {
	pss_version.at_least(19)
	not windows_exempt
}

windows_exempt if {
	pss_version.at_least(25)
	pods.is_windows
}

unset contains c.name if {
	applies
	pod_type == null
	some c in pods.containers
	object.get(object.get(pods.security_context(c), "seccompProfile", {}), "type", null) == null
}

violation contains v if {
	count(unset) > 0
	v := violations.make(meta, {
		"message": sprintf(
			`pod or %s must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`,
			[pods.containers_phrase(unset)],
		),
		"containers": pods.sorted_names(unset),
		"field": pods.pod_field("securityContext.seccompProfile.type"),
		"patch": patches.set_ops(
			pods.pod_spec_pointer, pods.pod_spec,
			["securityContext", "seccompProfile"], {"type": "RuntimeDefault"},
		),
	})
}
