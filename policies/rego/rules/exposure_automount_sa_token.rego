# METADATA
# title: Service account token mounted
# description: >-
#   Unless automountServiceAccountToken is false, every container gets a token for the pod's
#   service account; an attacker in any container can use it against the API server.
# custom:
#   id: exposure-automount-sa-token
#   severity: low
#   level: exposure
#   remediation: >-
#     Set spec.automountServiceAccountToken to false in the pod template; workloads that call
#     the API server mount a projected token only into the container that needs it.
#   frameworks:
#     pss: none
#     cis: ["5.1.6"]
#     nsa: "Pod security: protecting pod service account tokens"
#     mitre: [T1528]
package profilegate.rules.exposure_automount_sa_token

# Restricted field: spec.automountServiceAccountToken. Allowed value: false.
# The ServiceAccount's own automountServiceAccountToken is not visible here; the pod field
# overrides it, so the pod field is what we require.
# No static patch: a workload that talks to the API server stops working without its token;
# runtime rules propose it when the profile shows no connection to the API server.

import data.profilegate.lib.pods
import data.profilegate.lib.violations
import rego.v1

meta := rego.metadata.chain()[1].annotations

violation contains v if {
	object.get(pods.pod_spec, "automountServiceAccountToken", null) != false
	account := object.get(pods.pod_spec, "serviceAccountName", "default")
	v := violations.make(meta, {
		"message": sprintf(
			"pod must set automountServiceAccountToken=false: the token of service account %s is mounted into every container (allowed: false)",
			[pods.quote(account)],
		),
		"field": pods.pod_field("automountServiceAccountToken"),
	})
}
