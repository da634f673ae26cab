# METADATA
# title: Capabilities drop ALL (restricted)
# description: >-
#   The restricted profile requires every container to drop all capabilities and add back
#   at most NET_BIND_SERVICE.
# custom:
#   id: pss-capabilities-restricted
#   severity: medium
#   level: restricted
#   remediation: >-
#     Set securityContext.capabilities.drop to ["ALL"] and add only NET_BIND_SERVICE if the
#     container binds a port below 1024.
#   psa:
#     check: capabilities_restricted
#     versions:
#       v1.22: introduced, drop ALL and add at most NET_BIND_SERVICE
#       v1.25: Windows pods (spec.os.name windows) exempt
#   frameworks:
#     pss: restricted/capabilities
#     cis: ["5.2.9", "5.2.10"]
#     nsa: "Pod security: non-root and unprivileged containers"
#     mitre: [T1611, T1068]
package profilegate.rules.pss_capabilities_restricted

# Restricted fields:
#   spec.{containers,initContainers,ephemeralContainers}[*].securityContext.capabilities.drop
#     must include ALL
#   spec.{containers,initContainers,ephemeralContainers}[*].securityContext.capabilities.add
#     allowed: undefined/empty, NET_BIND_SERVICE
# Capabilities outside pss-capabilities' allowed set are that rule's finding; this one reports
# the rest, so an added capability is reported once. Versions before v1.22 have no such check;
# Windows pods are exempt from v1.25, as in PSA.
# No static patch: dropping ALL can break images that start as root (chown, setuid);
# runtime rules propose it with the capabilities the profile observed.

import data.profilegate.lib.pods
import data.profilegate.lib.pss_version
import data.profilegate.lib.violations
import data.profilegate.rules.pss_capabilities
import rego.v1

meta := rego.metadata.chain()[1].annotations

capabilities(c) := object.get(pods.security_context(c), "capabilities", {})

applies if {
	pss_version.at_least(22)
	not windows_exempt
}

windows_exempt if {
	pss_version.at_least(25)
	pods.is_windows
}

missing_drop contains c.name if {
	applies
	some c in pods.containers
	not "ALL" in object.get(capabilities(c), "drop", [])
}

bad_adds[c.name] contains cap if {
	applies
	some c in pods.containers
	some cap in object.get(capabilities(c), "add", [])
	cap != "NET_BIND_SERVICE"
	cap in pss_capabilities.allowed
}

problems := array.concat(
	[sprintf(`%s must set securityContext.capabilities.drop=["ALL"]`, [pods.containers_phrase(missing_drop)]) |
		count(missing_drop) > 0
	],
	[sprintf(
		"%s must not include %s in securityContext.capabilities.add (allowed: NET_BIND_SERVICE)",
		[pods.containers_phrase(names), pods.quoted_names({cap | some caps in bad_adds; some cap in caps})],
	) |
		names := {n | some n, _ in bad_adds}
		count(names) > 0
	],
)

violation contains v if {
	count(problems) > 0
	v := violations.make(meta, {
		"message": concat("; ", problems),
		"containers": pods.sorted_names(missing_drop | {n | some n, _ in bad_adds}),
		"field": pods.container_field("securityContext.capabilities"),
	})
}
