# METADATA
# title: Privileged without need (runtime)
# description: >-
#   The container runs privileged (every capability, every host device, no seccomp or
#   AppArmor confinement) but its runtime profile shows nothing that needs it.
# custom:
#   id: runtime-unneeded-privileged
#   severity: critical
#   level: runtime
#   reliesOn: [capabilities, syscalls, readPaths, writePaths, privilegeTransitions]
#   remediation: >-
#     Set securityContext.privileged=false and grant only the capabilities the profile
#     observed (capabilities drop ALL, add the used ones); the patch does exactly that.
#   frameworks:
#     pss: baseline/privileged-containers
#     cis: ["5.2.2"]
#     nsa: "Pod security: non-root and unprivileged containers"
#     mitre: [T1611]
package profilegate.rules.runtime_unneeded_privileged

# Field: spec.{containers,initContainers}[*].securityContext.privileged
# What "needs privileged" means (any one is evidence, and then the rule stays silent):
# - access to a device node outside the standard set (/dev/null, /dev/pts, ...): only a
#   privileged container sees the host's devices;
# - a write under /sys or /proc/sys: only privileged containers get them writable;
# - a mount-family or module syscall (mount, pivot_root, fsopen, init_module, ...): even with
#   SYS_ADMIN the runtime's default AppArmor/seccomp refuse them in an unprivileged container.
# Capabilities alone are not evidence: any capability can be granted without privileged.
# Patch (complete profile): privileged=false and capabilities {drop: [ALL], add: observed}.
# Not patched when, once unprivileged, the pod's seccomp (RuntimeDefault) would refuse an
# observed syscall, or allowPrivilegeEscalation=false would block observed setuid transitions:
# the finding stays, the fix needs that decision first.

import data.profilegate.lib.empty_dirs
import data.profilegate.lib.patches
import data.profilegate.lib.pods
import data.profilegate.lib.runtime
import data.profilegate.lib.runtime_defaults
import data.profilegate.lib.seccomp
import data.profilegate.lib.violations
import rego.v1

meta := rego.metadata.chain()[1].annotations

needs contains [c.name, sprintf("device %s", [p])] if {
	some c in runtime.containers
	some p in array.concat(c.observed.readPaths, c.observed.writePaths)
	runtime.under(p, "/dev")
	p != "/dev"
	not standard_device(p)
}

needs contains [c.name, sprintf("write to %s", [p])] if {
	some c in runtime.containers
	some p in c.observed.writePaths
	some root in ["/sys", "/proc/sys"]
	runtime.under(p, root)
}

needs contains [c.name, sprintf("syscall %s", [s])] if {
	some c in runtime.containers
	some s in c.observed.syscalls
	s in seccomp.privileged_only
}

standard_device(p) if {
	some d in runtime_defaults.standard_devices
	runtime.under(p, d)
}

needed(c) if {
	some [name, _] in needs
	name == c.name
}

# Once unprivileged, the container's own or the pod's seccomp applies.
seccomp_ok(c) if runtime.seccomp_type(c) in {"Unconfined", "Localhost"}

seccomp_ok(c) if {
	runtime.seccomp_type(c) == "RuntimeDefault"
	count(runtime.outside_runtime_default(c)) == 0
}

violation contains v if {
	some c in runtime.containers
	runtime.privileged(c)
	not needed(c)
	used := runtime.observed_capabilities(c)
	keep := used | empty_dirs.prepare_capabilities(c)
	v := violations.make(meta, {
		"message": sprintf(
			"container %s runs privileged, but used %s and no device, /sys write or mount %s",
			[pods.quote(c.name), used_phrase(used), runtime.evidence],
		),
		"evidence": "runtime",
		"containers": [c.name],
		"field": pods.container_field("securityContext.privileged"),
		"patch": patch(c, keep),
	})
}

used_phrase(used) := "no capability" if count(used) == 0

used_phrase(used) := concat(" ", ["only", runtime.names(used)]) if count(used) > 0

patch(c, used) := runtime.patch(array.concat(
	[{"op": "replace", "path": sprintf("%s/securityContext/privileged", [c.pointer]), "value": false}],
	patches.set_ops(c.pointer, c.spec, ["securityContext", "capabilities"], capabilities(used)),
)) if safe(c)

patch(c, _) := [] if not safe(c)

# Once unprivileged, the container's seccomp and allowPrivilegeEscalation take effect.
safe(c) if {
	seccomp_ok(c)
	not blocks_transitions(c)
}

blocks_transitions(c) if {
	pods.security_context(c).allowPrivilegeEscalation == false
	c.observed.privilegeTransitions
}

capabilities(keep) := {"drop": ["ALL"]} if count(keep) == 0

capabilities(keep) := {"drop": ["ALL"], "add": sort(keep)} if count(keep) > 0
