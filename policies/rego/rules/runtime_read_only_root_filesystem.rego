# METADATA
# title: Writable root filesystem not needed (runtime)
# description: >-
#   The container's root filesystem is writable, but the runtime profile shows every write
#   lands in a few known directories, which can be emptyDir volumes instead.
# custom:
#   id: runtime-read-only-root-filesystem
#   severity: medium
#   level: runtime
#   reliesOn: [writePaths, preexistingWriteDirs, preexistingUse]
#   remediation: >-
#     Set securityContext.readOnlyRootFilesystem=true and mount an emptyDir at each observed
#     write directory that no volume backs yet (the patch does).
#   frameworks:
#     pss: none
#     cis: ["5.7.3"]
#     nsa: "Pod security: immutable container file systems"
#     mitre: [T1610, T1105]
package profilegate.rules.runtime_read_only_root_filesystem

# Field: spec.{containers,initContainers}[*].securityContext.readOnlyRootFilesystem
# Write directories that need a volume: observed writePaths, minus those under /dev or /proc
# (runtime mounts, writable anyway) and those under a writable volumeMount; nested ones are
# covered by their ancestor. The rule fires only when every one of them can get an emptyDir
# (lib/empty_dirs.rego): not a system directory, existed before the run, nothing older used at
# or below it, and preparing it needs no capability the container lacks (those it needs, the
# capability rules keep).
# New volumes are named pg-rw-<c|i><container index>-<n>.

import data.profilegate.lib.empty_dirs
import data.profilegate.lib.patches
import data.profilegate.lib.pods
import data.profilegate.lib.runtime
import data.profilegate.lib.violations
import rego.v1

meta := rego.metadata.chain()[1].annotations

violation contains v if {
	some c in runtime.containers
	empty_dirs.proposed(c)
	needed := empty_dirs.dirs(c)
	v := violations.make(meta, {
		"message": sprintf("container %s has a writable root filesystem, but %s %s", [
			pods.quote(c.name),
			written(c),
			runtime.evidence,
		]),
		"evidence": "runtime",
		"containers": [c.name],
		"field": pods.container_field("securityContext.readOnlyRootFilesystem"),
		"patch": runtime.patch(array.concat(
			patches.set_ops(c.pointer, c.spec, ["securityContext", "readOnlyRootFilesystem"], true),
			volume_ops(c, sort(needed)),
		)),
	})
}

written(c) := "never wrote to it" if count(c.observed.writePaths) == 0

written(c) := concat("", ["wrote only to ", concat(", ", sort(c.observed.writePaths))]) if count(c.observed.writePaths) > 0

volume_ops(_, needed) := [] if count(needed) == 0

volume_ops(c, needed) := array.concat(
	array.concat(ensure(pods.pod_spec, "volumes", pods.pod_spec_pointer), [
	{"op": "add", "path": sprintf("%s/volumes/-", [pods.pod_spec_pointer]), "value": {"name": volume_name(c, k), "emptyDir": {}}} |
		some k, _ in needed
	]),
	array.concat(ensure(c.spec, "volumeMounts", c.pointer), [
	{"op": "add", "path": sprintf("%s/volumeMounts/-", [c.pointer]), "value": {"name": volume_name(c, k), "mountPath": p}} |
		some k, p in needed
	]),
) if count(needed) > 0

# `add` of an empty list only ensures the list exists (docs/policy-contract.md convention).
ensure(obj, key, pointer) := [{"op": "add", "path": sprintf("%s/%s", [pointer, key]), "value": []}] if not obj[key]

ensure(obj, key, _) := [] if obj[key]

volume_name(c, k) := sprintf("pg-rw-%s%d-%d", [kind_letter[c.kind], c.index, k])

kind_letter := {"containers": "c", "initContainers": "i"}
