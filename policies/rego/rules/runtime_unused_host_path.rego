# METADATA
# title: hostPath volumes never accessed (runtime)
# description: >-
#   A hostPath volume exposes part of the node's filesystem, but the runtime profile shows no
#   container ever read, wrote or executed anything under its mount.
# custom:
#   id: runtime-unused-host-path
#   severity: high
#   level: runtime
#   reliesOn: [readPaths, writePaths, executables]
#   remediation: Remove the hostPath volume and its volumeMounts (the patch does).
#   frameworks:
#     pss: baseline/hostpath-volumes
#     cis: ["5.2.12"]
#     nsa: "Pod security: immutable container file systems"
#     mitre: [T1611]
package profilegate.rules.runtime_unused_host_path

# Field: spec.volumes[*].hostPath (and the volumeMounts using it).
# A volume is accessed when some container mounting it has a read, write or executable path
# under the mount path, or an ancestor of it (a collapsed directory may cover the mount).
# Evidence must cover every container: all are profiled, and no ephemeral container mounts it.
# One violation for all unused hostPath volumes, so removals can be ordered: volumes and each
# container's mounts are removed in descending index order, each guarded by a `test` of the
# name, so a shifted array fails the patch instead of removing the wrong entry.

import data.profilegate.lib.pods
import data.profilegate.lib.runtime
import data.profilegate.lib.violations
import rego.v1

meta := rego.metadata.chain()[1].annotations

host_volumes contains [i, vol] if {
	some i, vol in object.get(pods.pod_spec, "volumes", [])
	vol.hostPath
}

mounts contains [c, j, m] if {
	some c in pods.containers
	some j, m in object.get(c.spec, "volumeMounts", [])
}

accessed(vol) if {
	some [c, _, m] in mounts
	m.name == vol.name
	not input.profile.containers[c.name]
}

accessed(vol) if {
	some [c, _, m] in mounts
	m.name == vol.name
	observed := input.profile.containers[c.name]
	some p in array.concat(array.concat(observed.readPaths, observed.writePaths), observed.executables)
	related(p, m.mountPath)
}

related(p, mount) if runtime.under(p, mount)

related(p, mount) if {
	runtime.under(mount, p)
	p != "/"
}

unused contains [i, vol] if {
	runtime.all_profiled
	some [i, vol] in host_volumes
	not accessed(vol)
}

unused_names := {vol.name | some [_, vol] in unused}

violation contains v if {
	count(unused) > 0
	v := violations.make(meta, {
		"message": sprintf("hostPath %s: nothing under its mount was read, written or executed %s", [
			concat(", ", sort([sprintf("volume %s (%s)", [pods.quote(vol.name), vol.hostPath.path]) | some [_, vol] in unused])),
			runtime.evidence,
		]),
		"evidence": "runtime",
		"containers": sort({c.name | some [c, _, m] in mounts; m.name in unused_names}),
		"field": pods.pod_field("volumes[*].hostPath"),
		"patch": runtime.patch(array.concat(volume_ops, mount_ops)),
	})
}

volume_ops := [op |
	some [i, vol] in descending(unused)
	some op in guarded_remove(sprintf("%s/volumes/%d", [pods.pod_spec_pointer, i]), vol.name)
]

mount_ops := [op |
	some c in pods.ordered({c | some [c, _, _] in mounts})
	mine := {[j, m] | some [c2, j, m] in mounts; c2 == c; m.name in unused_names}
	some [j, m] in descending(mine)
	some op in guarded_remove(sprintf("%s/volumeMounts/%d", [c.pointer, j]), m.name)
]

guarded_remove(path, name) := [
	{"op": "test", "path": concat("", [path, "/name"]), "value": name},
	{"op": "remove", "path": path},
]

# [index, item] pairs, highest index first, so earlier removals do not shift later ones.
descending(pairs) := [pair |
	indices := sort({i | some [i, _] in pairs})
	some k in numbers.range(count(indices) - 1, 0)
	some pair in pairs
	pair[0] == indices[k]
]
