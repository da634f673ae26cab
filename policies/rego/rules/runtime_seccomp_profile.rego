# METADATA
# title: Unconfined seccomp with a known syscall set (runtime)
# description: >-
#   The container runs without seccomp although its runtime profile shows exactly which
#   syscalls it makes.
# custom:
#   id: runtime-seccomp-profile
#   severity: medium
#   level: runtime
#   reliesOn: [syscalls, capabilities]
#   remediation: >-
#     Set securityContext.seccompProfile to RuntimeDefault when every observed syscall is in
#     the runtime's default allow-list; otherwise install the generated Localhost profile
#     (`profilegate` emits it as a Security Profiles Operator SeccompProfile) and reference it.
#   parameters:
#     localhostProfiles: >-
#       true when the generated SeccompProfile objects are installed (Security Profiles
#       Operator), so the rule may patch to Localhost operator/<namespace>/<profile>-<container>.json.
#   frameworks:
#     pss: restricted/seccomp
#     cis: ["5.7.2"]
#     nsa: "Pod security: hardening container applications"
#     mitre: [T1611, T1068]
package profilegate.rules.runtime_seccomp_profile

# Field: spec.{containers,initContainers}[*].securityContext.seccompProfile
# Fires when the effective profile (container, else pod) is unset or Unconfined and the
# container is not privileged (privileged ignores seccomp; runtime-unneeded-privileged first).
# RuntimeDefault is judged with the syscalls it adds for the capabilities the container was
# observed to use (e.g. chroot with SYS_CHROOT). Outside it, the patch (Localhost) is only
# proposed when the parameter localhostProfiles is true: a Localhost reference to a profile
# that is not installed stops the pod from starting.

import data.profilegate.lib.params
import data.profilegate.lib.patches
import data.profilegate.lib.pods
import data.profilegate.lib.runtime
import data.profilegate.lib.violations
import rego.v1

meta := rego.metadata.chain()[1].annotations

violation contains v if {
	not pods.is_windows
	some c in runtime.containers
	runtime.seccomp_type(c) == "Unconfined"
	not runtime.privileged(c)
	outside := runtime.outside_runtime_default(c)
	v := violations.make(meta, {
		"message": message(c, outside),
		"evidence": "runtime",
		"containers": [c.name],
		"field": pods.container_field("securityContext.seccompProfile"),
		"patch": runtime.patch(patch(c, outside)),
	})
}

message(c, outside) := sprintf(
	"container %s runs without seccomp, but all %d syscalls it made %s are in the runtime default allow-list (set seccompProfile.type=RuntimeDefault)",
	[pods.quote(c.name), count(c.observed.syscalls), runtime.evidence],
) if count(outside) == 0

message(c, outside) := sprintf(
	"container %s runs without seccomp; it made %d syscalls %s, %s outside the runtime default allow-list (use Localhost profile %s)",
	[pods.quote(c.name), count(c.observed.syscalls), runtime.evidence, runtime.names(outside), localhost_path(c)],
) if count(outside) > 0

patch(c, outside) := patches.set_ops(c.pointer, c.spec, ["securityContext", "seccompProfile"], {"type": "RuntimeDefault"}) if {
	count(outside) == 0
}

patch(c, outside) := patches.set_ops(c.pointer, c.spec, ["securityContext", "seccompProfile"], {
	"type": "Localhost",
	"localhostProfile": localhost_path(c),
}) if {
	count(outside) > 0
	params.get(meta.custom.id, "localhostProfiles", false) == true
}

patch(_, outside) := [] if {
	count(outside) > 0
	not params.get(meta.custom.id, "localhostProfiles", false) == true
}

# Security Profiles Operator path of SeccompProfile <profile>-<container> (src/hardening/seccomp-profile.ts).
localhost_path(c) := sprintf("operator/%s/%s-%s.json", [input.workload.namespace, input.profile.name, c.name])
