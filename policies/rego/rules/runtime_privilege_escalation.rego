# METADATA
# title: Privilege escalation never used (runtime)
# description: >-
#   allowPrivilegeEscalation is not false, and the runtime profile saw no setuid/setgid
#   transition or setuid/file-capability exec, so no_new_privs costs the app nothing.
# custom:
#   id: runtime-privilege-escalation
#   severity: medium
#   level: runtime
#   reliesOn: [privilegeTransitions]
#   remediation: Set securityContext.allowPrivilegeEscalation=false (the patch does).
#   frameworks:
#     pss: restricted/privilege-escalation
#     cis: ["5.2.6"]
#     nsa: "Pod security: non-root and unprivileged containers"
#     mitre: [T1548.001]
package profilegate.rules.runtime_privilege_escalation

# Field: spec.{containers,initContainers}[*].securityContext.allowPrivilegeEscalation
# Fires when it is unset or true and the profile's privilegeTransitions is false. Skipped for
# privileged containers and those adding SYS_ADMIN/ALL: the API server rejects false there.

import data.profilegate.lib.patches
import data.profilegate.lib.pods
import data.profilegate.lib.runtime
import data.profilegate.lib.violations
import rego.v1

meta := rego.metadata.chain()[1].annotations

violation contains v if {
	some c in runtime.containers
	object.get(pods.security_context(c), "allowPrivilegeEscalation", null) != false
	not c.observed.privilegeTransitions
	not runtime.privileged(c)
	count({"SYS_ADMIN", "ALL"} & runtime.added(c)) == 0
	v := violations.make(meta, {
		"message": sprintf(
			"container %s allows privilege escalation, but no setuid/setgid transition was seen %s (set allowPrivilegeEscalation=false)",
			[pods.quote(c.name), runtime.evidence],
		),
		"evidence": "runtime",
		"containers": [c.name],
		"field": pods.container_field("securityContext.allowPrivilegeEscalation"),
		"patch": runtime.patch(patches.set_ops(c.pointer, c.spec, ["securityContext", "allowPrivilegeEscalation"], false)),
	})
}
