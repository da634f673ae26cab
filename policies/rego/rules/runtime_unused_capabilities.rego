# METADATA
# title: Added capabilities never used (runtime)
# description: >-
#   The container adds Linux capabilities that its runtime profile shows it never needed.
#   Every unused capability is attack surface for a process that is compromised.
# custom:
#   id: runtime-unused-capabilities
#   severity: high
#   level: runtime
#   reliesOn: [capabilities, syscalls]
#   remediation: >-
#     Set securityContext.capabilities to drop ALL and add back only the capabilities the
#     profile observed (the patch does exactly that).
#   frameworks:
#     pss: baseline/capabilities
#     cis: ["5.2.8", "5.2.9"]
#     nsa: "Pod security: non-root and unprivileged containers"
#     mitre: [T1611, T1068]
package profilegate.rules.runtime_unused_capabilities

# Field: spec.{containers,initContainers}[*].securityContext.capabilities.add
# Fires when add holds a capability (or ALL) not in the profile's observed capabilities.
# Patch (complete profile): capabilities = {drop: [ALL], add: needed ∩ granted today}, so
# the defaults the app never used go too, and nothing it used is lost. "Needed" is observed
# plus, under seccomp RuntimeDefault, a capability that makes the runtime allow an observed
# syscall (SYS_ADMIN for unshare, SYS_CHROOT for chroot): dropping it would make seccomp
# refuse the call.

import data.profilegate.lib.patches
import data.profilegate.lib.pods
import data.profilegate.lib.runtime
import data.profilegate.lib.violations
import rego.v1

meta := rego.metadata.chain()[1].annotations

violation contains v if {
	some c in runtime.containers
	unused := runtime.expand(runtime.added(c)) - runtime.needed_capabilities(c)
	count(unused) > 0
	keep := runtime.needed_capabilities(c) & runtime.effective_capabilities(c)
	v := violations.make(meta, {
		"message": sprintf("container %s requests %s, never used %s", [pods.quote(c.name), runtime.names(unused), runtime.evidence]),
		"evidence": "runtime",
		"containers": [c.name],
		"field": pods.container_field("securityContext.capabilities.add"),
		"patch": runtime.patch(patches.set_ops(c.pointer, c.spec, ["securityContext", "capabilities"], capabilities(keep))),
	})
}

capabilities(keep) := {"drop": ["ALL"]} if count(keep) == 0

capabilities(keep) := {"drop": ["ALL"], "add": sort(keep)} if count(keep) > 0
