# METADATA
# title: Privilege escalation (restricted)
# description: >-
#   Without allowPrivilegeEscalation=false (no_new_privs), a process can gain privileges
#   through setuid binaries or file capabilities.
# custom:
#   id: pss-privilege-escalation
#   severity: medium
#   level: restricted
#   remediation: Set securityContext.allowPrivilegeEscalation to false in every container.
#   psa:
#     check: allowPrivilegeEscalation
#     versions:
#       v1.8: introduced, false on every container
#       v1.25: Windows pods (spec.os.name windows) exempt
#   frameworks:
#     pss: restricted/privilege-escalation
#     cis: ["5.2.6"]
#     nsa: "Pod security: non-root and unprivileged containers"
#     mitre: [T1548.001, T1068]
package profilegate.rules.pss_privilege_escalation

# Restricted fields:
#   spec.{containers,initContainers,ephemeralContainers}[*].securityContext.allowPrivilegeEscalation
# Allowed values: false. From v1.8; Windows pods (spec.os.name: windows) are exempt from v1.25,
# as in PSA.
# Patch: containers that leave the field unset get false. The API server rejects false
# together with privileged=true or an added SYS_ADMIN, so those containers get no patch.
# An explicit true is a choice (e.g. sudo) and is not patched.

import data.profilegate.lib.patches
import data.profilegate.lib.pods
import data.profilegate.lib.pss_version
import data.profilegate.lib.violations
import rego.v1

meta := rego.metadata.chain()[1].annotations

# A list in container order (so patches need no sorting), not a set: set members are hashed whole.
bad := [c |
	applies
	some c in pods.containers
	object.get(pods.security_context(c), "allowPrivilegeEscalation", null) != false
]

applies if {
	pss_version.at_least(8)
	not windows_exempt
}

windows_exempt if {
	pss_version.at_least(25)
	pods.is_windows
}

patchable(c) if {
	object.get(pods.security_context(c), "allowPrivilegeEscalation", null) == null
	not object.get(pods.security_context(c), "privileged", false)
	not sys_admin(c)
}

sys_admin(c) if {
	some cap in object.get(object.get(pods.security_context(c), "capabilities", {}), "add", [])
	cap in {"SYS_ADMIN", "CAP_SYS_ADMIN"}
}

violation contains v if {
	count(bad) > 0
	names := [c.name | some c in bad]
	v := violations.make(meta, {
		"message": sprintf(
			"%s must set securityContext.allowPrivilegeEscalation=false",
			[pods.containers_phrase(names)],
		),
		"containers": pods.sorted_names(names),
		"field": pods.container_field("securityContext.allowPrivilegeEscalation"),
		"patch": [op |
			some c in bad
			patchable(c)
			some op in patches.set_ops(c.pointer, c.spec, ["securityContext", "allowPrivilegeEscalation"], false)
		],
	})
}
