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
#   psa:
#     check: procMount
#     versions:
#       v1.0: only Default or unset
#       v1.35: >-
#         any value for user-namespaced pods (spec.hostUsers false); at restricted the
#         procMount_restricted check (pss-proc-mount-restricted) keeps them to Default
#   frameworks:
#     pss: baseline/proc-mount-type
#     cis: ["5.7.3"]
#     nsa: "Pod security: hardening container environments"
#     mitre: [T1611]
package profilegate.rules.pss_proc_mount

# Restricted fields: spec.{containers,initContainers,ephemeralContainers}[*].securityContext.procMount
# Allowed values: undefined/null, Default; from v1.35 any value when spec.hostUsers is false
# (the /proc of a user namespace exposes nothing of the host). At restricted that relaxation
# does not hold: pss-proc-mount-restricted reports those pods, as PSA's procMount_restricted
# check overrides this one there.

import data.profilegate.lib.pods
import data.profilegate.lib.pss_version
import data.profilegate.lib.violations
import rego.v1

meta := rego.metadata.chain()[1].annotations

bad[c.name] := mount if {
	some c in pods.containers
	mount := pods.security_context(c).procMount
	mount != "Default"
}

relaxed if {
	pss_version.at_least(35)
	pss_version.user_namespaced
}

# The relaxation is worth naming only where it applies: at baseline, from v1.35.
allowed_text := "Default or unset, or any value when spec.hostUsers is false" if {
	pss_version.at_least(35)
	not violations.enabled("restricted")
} else := "Default or unset"

# The message both proc-mount rules give for bad (container name -> procMount).
message(bad_mounts, allowed) := sprintf(
	"%s must not set securityContext.procMount to %s (allowed: %s)",
	[pods.containers_phrase([n | some n, _ in bad_mounts]), pods.quoted_names({m | some m in bad_mounts}), allowed],
)

violation contains v if {
	not relaxed
	count(bad) > 0
	names := [n | some n, _ in bad]
	v := violations.make(meta, {
		"message": message(bad, allowed_text),
		"containers": pods.sorted_names(names),
		"field": pods.container_field("securityContext.procMount"),
	})
}
