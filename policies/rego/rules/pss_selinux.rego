# METADATA
# title: SELinux
# description: >-
#   Custom SELinux options can give a container an unconfined type (such as spc_t) or another
#   user or role, escaping the label the runtime would assign.
# custom:
#   id: pss-selinux
#   severity: high
#   level: baseline
#   remediation: >-
#     Remove seLinuxOptions, or use only a container type (container_t, container_init_t,
#     container_kvm_t, container_engine_t) and no user or role.
#   psa:
#     check: seLinuxOptions
#     versions:
#       v1.0: types container_t, container_init_t, container_kvm_t or unset; user and role unset
#       v1.31: adds the type container_engine_t
#   frameworks:
#     pss: baseline/selinux
#     cis: ["5.7.3"]
#     nsa: "Pod security: hardening container environments"
#     mitre: [T1611]
package profilegate.rules.pss_selinux

# Restricted fields:
#   spec.securityContext.seLinuxOptions.type, spec.{containers,...}[*].securityContext.seLinuxOptions.type
#     allowed: undefined/"", container_t, container_init_t, container_kvm_t, and from v1.31
#     container_engine_t
#   ...seLinuxOptions.user, ...seLinuxOptions.role
#     allowed: undefined/""

import data.profilegate.lib.pods
import data.profilegate.lib.pss_version
import data.profilegate.lib.violations
import rego.v1

meta := rego.metadata.chain()[1].annotations

allowed_types := array.concat(
	["", "container_t", "container_init_t", "container_kvm_t"],
	["container_engine_t" | pss_version.at_least(31)],
)

# The allowed types for the message, as the version has them.
allowed_types_text := concat(", ", [t | some t in allowed_types; t != ""])

# Problems of one seLinuxOptions object ({} when unset), as {"type": t} or {"set": field}.
problems(opts) := {{"type": t} |
	t := object.get(opts, "type", "")
	not t in allowed_types
} | {{"set": name} |
	some name in ["user", "role"]
	object.get(opts, name, "") != ""
}

pod_problems := problems(object.get(pods.pod_security_context, "seLinuxOptions", {}))

# Defaults to false: an undefined argument would make setters_phrase undefined.
default pod_bad := false

pod_bad if count(pod_problems) > 0

container_problems[c.name] := ps if {
	some c in pods.containers
	ps := problems(object.get(pods.security_context(c), "seLinuxOptions", {}))
	count(ps) > 0
}

all_problems := pod_problems | {p | some ps in container_problems; some p in ps}

details := array.concat(
	[d | bad := sort({t | some p in all_problems; t := p.type}); count(bad) > 0; d := concat(" ", [{true: "type", false: "types"}[count(bad) == 1], pods.quoted_names(bad)])],
	[concat("", [name, " may not be set"]) | some name in ["user", "role"]; {"set": name} in all_problems],
)

violation contains v if {
	count(all_problems) > 0
	names := [n | some n, _ in container_problems]
	v := violations.make(meta, {
		"message": sprintf(
			"%s set forbidden securityContext.seLinuxOptions: %s (allowed types: %s or unset; user and role unset)",
			[pods.setters_phrase(pod_bad, names), concat("; ", details), allowed_types_text],
		),
		"containers": pods.sorted_names(names),
		"field": pods.container_field("securityContext.seLinuxOptions"),
	})
}
