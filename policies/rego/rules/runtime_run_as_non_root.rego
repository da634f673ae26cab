# METADATA
# title: Root never used (runtime)
# description: >-
#   The container may run as root, but the runtime profile saw only non-zero user ids.
# custom:
#   id: runtime-run-as-non-root
#   severity: medium
#   level: runtime
#   reliesOn: [uids]
#   remediation: >-
#     Set securityContext.runAsNonRoot=true, and runAsUser to the observed uid when exactly
#     one was seen (the kubelet cannot verify a non-numeric image USER).
#   frameworks:
#     pss: restricted/running-as-non-root
#     cis: ["5.2.7"]
#     nsa: "Pod security: non-root and unprivileged containers"
#     mitre: [T1611]
package profilegate.rules.runtime_run_as_non_root

# Field: spec.{containers,initContainers}[*].securityContext.runAsNonRoot
# Fires when runAsNonRoot is not true (container, else pod), runAsUser is not 0, and the
# observed uids are non-empty and all non-zero. With exactly one uid and no runAsUser, the
# patch pins runAsUser to it: runAsNonRoot alone fails to start images whose USER is a name.

import data.profilegate.lib.patches
import data.profilegate.lib.pods
import data.profilegate.lib.runtime
import data.profilegate.lib.violations
import rego.v1

meta := rego.metadata.chain()[1].annotations

# The container's setting, else the pod's, else null. Always defined: OPA hoists a function
# call out of `not`, so `not f(x) == v` is undefined (not true) when f(x) is.
effective(c, field) := object.get(pods.security_context(c), field, object.get(pods.pod_security_context, field, null))

violation contains v if {
	not pods.is_windows
	some c in runtime.containers
	effective(c, "runAsNonRoot") != true
	effective(c, "runAsUser") != 0
	uids := {u | some u in c.observed.uids}
	count(uids) > 0
	not 0 in uids
	v := violations.make(meta, {
		"message": sprintf(
			"container %s may run as root, but ran only as uid %s %s (set runAsNonRoot=true)",
			[pods.quote(c.name), concat(", ", [format_int(u, 10) | some u in sort(uids)]), runtime.evidence],
		),
		"evidence": "runtime",
		"containers": [c.name],
		"field": pods.container_field("securityContext.runAsNonRoot"),
		"patch": runtime.patch(array.concat(
			patches.set_ops(c.pointer, c.spec, ["securityContext", "runAsNonRoot"], true),
			pin_user(c, uids),
		)),
	})
}

pin_user(c, uids) := [{"op": "add", "path": sprintf("%s/securityContext/runAsUser", [c.pointer]), "value": u}] if {
	count(uids) == 1
	effective(c, "runAsUser") == null
	some u in uids
}

pin_user(_, uids) := [] if count(uids) != 1

pin_user(c, _) := [] if effective(c, "runAsUser") != null
