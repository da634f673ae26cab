# METADATA
# title: AppArmor
# description: >-
#   On hosts with AppArmor, the runtime's default profile confines every container. Overriding
#   it with Unconfined removes that confinement.
# custom:
#   id: pss-apparmor
#   severity: high
#   level: baseline
#   remediation: >-
#     Remove appArmorProfile (or set its type to RuntimeDefault or Localhost) and remove
#     container.apparmor.security.beta.kubernetes.io annotations that say unconfined.
#   psa:
#     check: appArmorProfile
#     versions:
#       v1.0: >-
#         types RuntimeDefault, Localhost or unset; annotations runtime/default, localhost/* or empty
#   frameworks:
#     pss: baseline/apparmor
#     cis: ["5.7.3"]
#     nsa: "Pod security: hardening container environments"
#     mitre: [T1611]
package profilegate.rules.pss_apparmor

# Restricted fields:
#   spec.securityContext.appArmorProfile.type, spec.{containers,...}[*].securityContext.appArmorProfile.type
#     allowed: undefined/null, RuntimeDefault, Localhost
#   metadata.annotations["container.apparmor.security.beta.kubernetes.io/*"]
#     allowed: undefined, "", runtime/default, localhost/*

import data.profilegate.lib.pods
import data.profilegate.lib.violations
import rego.v1

meta := rego.metadata.chain()[1].annotations

allowed_types := {"RuntimeDefault", "Localhost"}

annotation_prefix := "container.apparmor.security.beta.kubernetes.io/"

pod_type := pods.pod_security_context.appArmorProfile.type

# Defaults to false: an undefined argument would make setters_phrase undefined.
default pod_bad := false

pod_bad if {
	t := pod_type
	not t in allowed_types
}

bad_containers[c.name] := t if {
	some c in pods.containers
	t := pods.security_context(c).appArmorProfile.type
	not t in allowed_types
}

bad_annotations contains sprintf("%s=%s", [key, pods.quote(value)]) if {
	some key, value in object.get(input.workload.podMetadata, "annotations", {})
	startswith(key, annotation_prefix)
	not allowed_annotation(value)
}

allowed_annotation("")

allowed_annotation("runtime/default")

allowed_annotation(value) if startswith(value, "localhost/")

bad_values := ({pod_type | pod_bad} | {t | some t in bad_containers}) | bad_annotations

setters := array.concat(
	[p | p := pods.setters_phrase(pod_bad, [n | some n, _ in bad_containers]); p != ""],
	[a | count(bad_annotations) > 0; a := {true: "annotation", false: "annotations"}[count(bad_annotations) == 1]],
)

violation contains v if {
	count(bad_values) > 0
	v := violations.make(meta, {
		"message": sprintf(
			"%s must not set AppArmor profile type to %s (allowed: RuntimeDefault, Localhost or unset; annotations runtime/default or localhost/*)",
			[concat(" and ", setters), concat(", ", [quote_type(x) | some x in sort(bad_values)])],
		),
		"containers": pods.sorted_names([n | some n, _ in bad_containers]),
		"field": pods.container_field("securityContext.appArmorProfile.type"),
	})
}

# Annotation entries are already key="value"; profile types get quoted.
quote_type(x) := x if contains(x, "=")

quote_type(x) := pods.quote(x) if not contains(x, "=")
