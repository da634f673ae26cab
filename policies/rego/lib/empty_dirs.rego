# emptyDir semantics (docs/runtime-decisions.md#emptydir-semantics), the same decision as
# src/hardening/empty-dir-hazards.ts. A new emptyDir at D is an empty directory owned by 0:0
# (0:fsGroup, setgid) with mode 0777 (2777): it hides what the image had at D and below, and
# the app must prepare D itself. D may get one only when the profile shows D existed before
# the run (preexistingWriteDirs), nothing older at or below D was used (preexistingUse), the
# evidence was not cut (incomplete), D is not a system directory, and preparing D needs no
# capability the container lacks (CHOWN when owner or group differ, FOWNER when a non-root
# owner's mode differs; only for a container that ran as root and still may).
package profilegate.lib.empty_dirs

import data.profilegate.lib.pods
import data.profilegate.lib.runtime
import data.profilegate.lib.runtime_defaults
import rego.v1

writable_mount(c, p) if {
	some m in object.get(c.spec, "volumeMounts", [])
	not m.readOnly == true
	runtime.under(p, m.mountPath)
}

always_writable(p) if {
	some prefix in runtime_defaults.always_writable_prefixes
	runtime.under(p, prefix)
}

raw_dirs(c) := {p |
	some p in c.observed.writePaths
	not always_writable(p)
	not writable_mount(c, p)
}

# The directories a read-only root needs an emptyDir at: nested ones are covered by their ancestor.
dirs(c) := {p |
	some p in raw_dirs(c)
	not nested(p, raw_dirs(c))
}

nested(p, all) if {
	some q in all
	q != p
	runtime.under(p, q)
}

fs_group := pods.pod_security_context.fsGroup

empty_gid := fs_group

empty_gid := 0 if not fs_group

empty_mode := "2777" if fs_group

empty_mode := "0777" if not fs_group

before(c, p) := d if {
	some d in object.get(c.observed, "preexistingWriteDirs", [])
	d.path == p
}

hidden(c, p) := {r |
	some r in object.get(c.observed, "preexistingUse", [])
	runtime.under(r, p)
}

cut(c) := {f |
	some f in object.get(c.observed, "incomplete", [])
	f in {"writePaths", "preexistingWriteDirs", "preexistingUse"}
}

preparation(d) := {"CHOWN" | not same_owner(d)} | {"FOWNER" | d.uid != 0; d.mode != empty_mode}

same_owner(d) if {
	d.uid == 0
	d.gid == empty_gid
}

run_as_user(c) := pods.security_context(c).runAsUser

run_as_user(c) := pods.pod_security_context.runAsUser if not pods.security_context(c).runAsUser

run_as_non_root(c) if pods.security_context(c).runAsNonRoot == true

run_as_non_root(c) if {
	not pods.security_context(c).runAsNonRoot == false
	pods.pod_security_context.runAsNonRoot == true
}

may_run_as_root(c) if run_as_user(c) == 0

may_run_as_root(c) if {
	not run_as_user(c)
	not run_as_non_root(c)
}

can_prepare(c, caps) if count(caps) == 0

can_prepare(c, caps) if {
	count(caps) > 0
	0 in c.observed.uids
	may_run_as_root(c)
	count(caps - runtime.effective_capabilities(c)) == 0
}

blocked(_, p) if p in runtime_defaults.shadow_unsafe_directories

blocked(c, _) if count(cut(c)) > 0

blocked(c, p) if not before(c, p)

blocked(c, p) if count(hidden(c, p)) > 0

blocked(c, p) if not can_prepare(c, preparation(before(c, p)))

# The read-only-root patch is proposed for c (runtime_read_only_root_filesystem).
proposed(c) if {
	not pods.security_context(c).readOnlyRootFilesystem == true
	every p in dirs(c) {
		not blocked(c, p)
	}
}

# Capabilities the proposed emptyDirs need kept: the capability rules add them back.
prepare_capabilities(c) := {cap |
	proposed(c)
	some p in dirs(c)
	some cap in preparation(before(c, p))
}

prepare_capabilities(c) := set() if not proposed(c)
