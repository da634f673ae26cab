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
#   psa:
#     check: seccompProfile_baseline
#     versions:
#       v1.0: >-
#         the annotations seccomp.security.alpha.kubernetes.io/pod and
#         container.seccomp.security.alpha.kubernetes.io/<container> runtime/default,
#         docker/default or localhost/*
#       v1.19: >-
#         the seccompProfile.type fields instead (RuntimeDefault, Localhost or unset); at
#         restricted seccompProfile_restricted overrides it (Windows pods then go unchecked
#         from v1.25)
#   frameworks:
#     pss: baseline/seccomp
#     cis: ["5.7.2"]
#     nsa: "Pod security: hardening container environments"
#     mitre: [T1611]
package profilegate.rules.pss_seccomp

# Restricted fields:
#   from v1.19: spec.securityContext.seccompProfile.type,
#     spec.{containers,...}[*].securityContext.seccompProfile.type
#     allowed: undefined/null, RuntimeDefault, Localhost
#   v1.0 to v1.18: metadata.annotations["seccomp.security.alpha.kubernetes.io/pod"],
#     metadata.annotations["container.seccomp.security.alpha.kubernetes.io/<container name>"]
#     allowed: undefined, runtime/default, docker/default, localhost/*
# An explicit bad profile is reported here at every level; pss-seccomp-restricted reports only
# the unset profiles, so one pod is never reported twice for the same field. At restricted from
# v1.25 Windows pods are not checked, as PSA's restricted check replaces this one there.
# No static patch: Unconfined is an explicit choice, and replacing it can break the app.

import data.profilegate.lib.pods
import data.profilegate.lib.pss_version
import data.profilegate.lib.violations
import rego.v1

meta := rego.metadata.chain()[1].annotations

allowed_types := {"RuntimeDefault", "Localhost"}

fields_in_force if pss_version.at_least(19)

windows_exempt if {
	violations.enabled("restricted")
	pss_version.at_least(25)
	pods.is_windows
}

pod_type := pods.pod_security_context.seccompProfile.type

# Defaults to false: an undefined argument would make setters_phrase undefined.
default pod_bad := false

pod_bad if {
	fields_in_force
	t := pod_type
	not t in allowed_types
}

bad_containers[c.name] := t if {
	fields_in_force
	some c in pods.containers
	t := pods.security_context(c).seccompProfile.type
	not t in allowed_types
}

bad_types := {pod_type | pod_bad} | {t | some t in bad_containers}

violation contains v if {
	not windows_exempt
	some setters
	setters = pods.setters_phrase(pod_bad, [n | some n, _ in bad_containers])
	v := violations.make(meta, {
		"message": sprintf(
			"%s must not set securityContext.seccompProfile.type to %s (allowed: RuntimeDefault, Localhost or unset)",
			[setters, pods.quoted_names(bad_types)],
		),
		"containers": pods.sorted_names([n | some n, _ in bad_containers]),
		"field": pods.container_field("securityContext.seccompProfile.type"),
	})
}

# v1.0 to v1.18: the alpha annotations, on the pod and per container name.
annotations := object.get(input.workload.podMetadata, "annotations", {})

annotation_keys := array.concat(
	["seccomp.security.alpha.kubernetes.io/pod"],
	[concat("", ["container.seccomp.security.alpha.kubernetes.io/", c.name]) | some c in pods.containers],
)

bad_annotations contains sprintf("%s=%s", [key, pods.quote(value)]) if {
	not fields_in_force
	some key in annotation_keys
	value := annotations[key]
	not allowed_annotation(value)
}

allowed_annotation("runtime/default")

allowed_annotation("docker/default")

allowed_annotation(value) if startswith(value, "localhost/")

violation contains v if {
	count(bad_annotations) > 0
	v := violations.make(meta, {
		"message": sprintf(
			"pod must not set seccomp %s %s (allowed: runtime/default, docker/default, localhost/* or unset)",
			[{true: "annotation", false: "annotations"}[count(bad_annotations) == 1], concat(", ", sort(bad_annotations))],
		),
		"field": pods.pod_metadata_field("annotations"),
	})
}
