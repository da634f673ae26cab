# Helpers for the runtime_* rules: the observed containers of input.profile, the evidence
# phrase every runtime message ends with, and the gate that allows patches only when the
# profile is complete (docs/runtime-decisions.md).
package profilegate.lib.runtime

import data.profilegate.lib.empty_dirs
import data.profilegate.lib.pods
import data.profilegate.lib.runtime_defaults
import data.profilegate.lib.seccomp
import rego.v1

# Regular and init containers the profile observed, as pods.containers entries plus
# `observed` (the ContainerProfile). Ephemeral containers are never profiled.
containers contains object.union(c, {"observed": observed}) if {
	input.profile != null
	some c in pods.containers
	c.kind != "ephemeralContainers"
	observed := input.profile.containers[c.name]
}

# Every regular and init container is in the profile: required for pod-level evidence
# ("no container used the host network"), which one unprofiled container could contradict.
all_profiled if {
	input.profile != null
	every c in pods.containers {
		profiled(c)
	}
}

profiled(c) if c.kind == "ephemeralContainers"

profiled(c) if input.profile.containers[c.name]

# Patches only from a complete profile; learning/stale findings are reported without them.
patch(ops) := ops if input.profile.maturity == "complete"

patch(_) := [] if input.profile.maturity != "complete"

# `across 14 pods over 6d (profile deployment-web, complete)`; a standalone recording
# (`profilegate profile`) observed no pod: `in a recorded run of 2h (profile …)`.
evidence := sprintf("%s (profile %s, %s)", [observed, input.profile.name, input.profile.maturity])

observed := sprintf("across %d pods over %s", [pods_observed, duration]) if pods_observed > 1

observed := sprintf("in 1 pod over %s", [duration]) if pods_observed == 1

observed := sprintf("in a recorded run of %s", [duration]) if pods_observed == 0

pods_observed := input.profile.observation.podsObserved

duration := sprintf("%dd", [floor(input.profile.observedHours / 24)]) if input.profile.observedHours >= 48

duration := sprintf("%dh", [input.profile.observedHours]) if {
	input.profile.observedHours < 48
	input.profile.observedHours >= 1
}

duration := "less than an hour" if input.profile.observedHours < 1

normalize(cap) := trim_prefix(upper(cap), "CAP_")

capabilities(c) := object.get(pods.security_context(c), "capabilities", {})

added(c) := {normalize(x) | some x in object.get(capabilities(c), "add", [])}

dropped(c) := {normalize(x) | some x in object.get(capabilities(c), "drop", [])}

privileged(c) if pods.security_context(c).privileged == true

# The capabilities the container has today: everything when privileged; otherwise the
# runtime default set minus drops, plus adds (ALL means every capability).
effective_capabilities(c) := runtime_defaults.all_capabilities if privileged(c)

effective_capabilities(c) := base(c) | expand(added(c)) if not privileged(c)

base(c) := set() if "ALL" in dropped(c)

base(c) := runtime_defaults.default_capabilities - dropped(c) if not "ALL" in dropped(c)

expand(caps) := runtime_defaults.all_capabilities if "ALL" in caps

expand(caps) := caps if not "ALL" in caps

observed_capabilities(c) := {normalize(x) | some x in c.observed.capabilities}

# `"A", "B"` for a set of names.
names(s) := concat(", ", sort(s))

# `child` is `parent` or lies below it, segment-aware (/var/log is not under /var/lo).
under(child, parent) if child == parent

under(child, parent) if startswith(child, concat("", [trim_suffix(parent, "/"), "/"]))

# Effective seccomp type of a container: its own, else the pod's, else Unconfined.
seccomp_type(c) := pods.security_context(c).seccompProfile.type

seccomp_type(c) := pods.pod_security_context.seccompProfile.type if not pods.security_context(c).seccompProfile

seccomp_type(c) := "Unconfined" if {
	not pods.security_context(c).seccompProfile
	not pods.pod_security_context.seccompProfile
}

# Syscalls RuntimeDefault allows for a bounding set `caps`.
runtime_default_allows(caps) := seccomp.runtime_default | {s |
	some cap in caps
	some s in object.get(seccomp.capability_syscalls, cap, set())
}

# Observed syscalls RuntimeDefault would refuse, given the capabilities the container keeps:
# those it was observed to use and has today (the runtime rules never take those away).
outside_runtime_default(c) := {s | some s in c.observed.syscalls} - runtime_default_allows(observed_capabilities(c) & effective_capabilities(c))

# Capabilities the container holds that make RuntimeDefault allow a syscall it was observed
# making (e.g. SYS_ADMIN for unshare): removing them would make seccomp refuse that call.
seccomp_gating(c) := {cap |
	seccomp_type(c) == "RuntimeDefault"
	some cap in effective_capabilities(c)
	some s in object.get(seccomp.capability_syscalls, cap, set())
	s in {x | some x in c.observed.syscalls}
	not s in seccomp.runtime_default
}

seccomp_gating(c) := set() if seccomp_type(c) != "RuntimeDefault"

# Capabilities a container needs: observed, plus those seccomp_gating keeps, plus those the
# proposed emptyDirs need to be prepared (lib/empty_dirs.rego).
needed_capabilities(c) := (observed_capabilities(c) | seccomp_gating(c)) | empty_dirs.prepare_capabilities(c)
