# METADATA
# title: /proc mount type of user-namespaced pods (restricted)
# description: >-
#   The restricted profile keeps the default /proc mount even for pods in a user namespace
#   (spec.hostUsers false), which the baseline profile lets set any procMount from v1.35.
# custom:
#   id: pss-proc-mount-restricted
#   severity: medium
#   level: restricted
#   remediation: Remove securityContext.procMount or set it to Default.
#   psa:
#     check: procMount_restricted
#     versions:
#       v1.35: >-
#         introduced: Default or unset, whatever spec.hostUsers says (overrides the baseline
#         procMount check at restricted)
#   frameworks:
#     pss: restricted/proc-mount-type
#     cis: ["5.7.3"]
#     nsa: "Pod security: hardening container environments"
#     mitre: [T1611]
package profilegate.rules.pss_proc_mount_restricted

# Restricted fields: spec.{containers,initContainers,ephemeralContainers}[*].securityContext.procMount
# Allowed values: undefined/null, Default, also when spec.hostUsers is false.
# Pods outside a user namespace are pss-proc-mount's finding at every level; this rule reports
# only the user-namespaced ones baseline lets pass, so a container is reported once.

import data.profilegate.lib.pods
import data.profilegate.lib.violations
import data.profilegate.rules.pss_proc_mount
import rego.v1

meta := rego.metadata.chain()[1].annotations

violation contains v if {
	pss_proc_mount.relaxed
	count(pss_proc_mount.bad) > 0
	names := [n | some n, _ in pss_proc_mount.bad]
	v := violations.make(meta, {
		"message": pss_proc_mount.message(pss_proc_mount.bad, "Default or unset, also when spec.hostUsers is false"),
		"containers": pods.sorted_names(names),
		"field": pods.container_field("securityContext.procMount"),
	})
}
