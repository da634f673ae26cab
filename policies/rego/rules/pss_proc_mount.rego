# METADATA
# title: /proc mount type
# description: >-
#   The default /proc mount masks and makes read-only the kernel interfaces a container must not
#   touch; an Unmasked /proc exposes them.
# custom:
#   id: pss-proc-mount
#   severity: high
#   level: baseline
#   remediation: Remove securityContext.procMount or set it to Default.
#   frameworks:
#     pss: baseline/proc-mount-type
#     cis: ["5.7.3"]
#     nsa: "Pod security: hardening container environments"
#     mitre: [T1611]
package profilegate.rules.pss_proc_mount

# Restricted fields: spec.{containers,initContainers,ephemeralContainers}[*].securityContext.procMount
# Allowed values: undefined/null, Default.
# PSA relaxes this for user-namespaced pods (hostUsers: false) only behind the alpha
# UserNamespacesPodSecurityStandards gate; we follow the default and do not relax it.

import data.profilegate.lib.pods
import data.profilegate.lib.violations
import rego.v1

meta := rego.metadata.chain()[1].annotations

bad[c.name] := mount if {
	some c in pods.containers
	mount := pods.security_context(c).procMount
	mount != "Default"
}

violation contains v if {
	count(bad) > 0
	names := [n | some n, _ in bad]
	v := violations.make(meta, {
		"message": sprintf(
			"%s must not set securityContext.procMount to %s (allowed: Default or unset)",
			[pods.containers_phrase(names), pods.quoted_names({m | some m in bad})],
		),
		"containers": pods.sorted_names(names),
		"field": pods.container_field("securityContext.procMount"),
	})
}
