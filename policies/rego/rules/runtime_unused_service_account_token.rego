# METADATA
# title: Service account token never read (runtime)
# description: >-
#   The service account token is mounted into every container, but the runtime profile shows
#   no container ever read it.
# custom:
#   id: runtime-unused-service-account-token
#   severity: low
#   level: runtime
#   reliesOn: [readPaths, writePaths, executables, serviceAccountTokenReads]
#   remediation: Set spec.automountServiceAccountToken=false in the pod template (the patch does).
#   frameworks:
#     pss: none
#     cis: ["5.1.6"]
#     nsa: "Pod security: protecting pod service account tokens"
#     mitre: [T1528]
package profilegate.rules.runtime_unused_service_account_token

# Field: spec.automountServiceAccountToken. Fires when it is not false, every container is
# profiled, and no container's readPaths, writePaths or executables lie under the token
# directory (/var/run/secrets/kubernetes.io/serviceaccount, or its /run alias).

import data.profilegate.lib.patches
import data.profilegate.lib.pods
import data.profilegate.lib.runtime
import data.profilegate.lib.violations
import rego.v1

meta := rego.metadata.chain()[1].annotations

token_dirs := ["/var/run/secrets/kubernetes.io/serviceaccount", "/run/secrets/kubernetes.io/serviceaccount"]

read_token if {
	some c in runtime.containers
	some p in array.concat(array.concat(c.observed.readPaths, c.observed.writePaths), c.observed.executables)
	some dir in token_dirs
	token_access(p, dir)
}

# A path under the token directory, or an ancestor of it (a collapsed directory may cover it).
token_access(p, dir) if runtime.under(p, dir)

token_access(p, dir) if {
	runtime.under(dir, p)
	p != "/"
}

violation contains v if {
	runtime.all_profiled
	object.get(pods.pod_spec, "automountServiceAccountToken", null) != false
	not read_token
	v := violations.make(meta, {
		"message": sprintf(
			"pod mounts the service account token, but no container read it %s (set automountServiceAccountToken=false)",
			[runtime.evidence],
		),
		"evidence": "runtime",
		"field": pods.pod_field("automountServiceAccountToken"),
		"patch": runtime.patch(patches.set_ops(pods.pod_spec_pointer, pods.pod_spec, ["automountServiceAccountToken"], false)),
	})
}
