# METADATA
# title: HostPath volumes
# description: >-
#   A hostPath volume mounts a file or directory of the node into the pod: the container can
#   read secrets of other pods, the kubelet's credentials, or write to the node's filesystem.
# custom:
#   id: pss-host-path
#   severity: high
#   level: baseline
#   remediation: >-
#     Replace hostPath volumes with emptyDir, configMap, secret, projected or a
#     PersistentVolumeClaim; for node agents, allow only the needed paths with allowedPrefixes.
#   parameters:
#     allowedPrefixes: >-
#       Node paths hostPath volumes may use, matched by whole path segments ("/var/log" allows
#       "/var/log" and "/var/log/pods", not "/var/logs"). Default: none.
#   psa:
#     check: hostPathVolumes
#     versions:
#       v1.0: >-
#         no hostPath volumes (at restricted, restrictedVolumes overrides it with the same verdict on hostPath)
#   frameworks:
#     pss: baseline/hostpath-volumes
#     cis: ["5.2.12"]
#     nsa: "Pod security: pod security enforcement"
#     mitre: [T1611]
package profilegate.rules.pss_host_path

# Restricted fields: spec.volumes[*].hostPath
# Allowed values: undefined/null (or a path under allowedPrefixes).
# This rule also covers hostPath for the restricted volume-types control (pss-volume-types
# skips it), so a hostPath volume is reported once and allowedPrefixes applies at every level.

import data.profilegate.lib.params
import data.profilegate.lib.pods
import data.profilegate.lib.violations
import rego.v1

meta := rego.metadata.chain()[1].annotations

prefixes := params.get(meta.custom.id, "allowedPrefixes", [])

bad_volumes contains vol.name if {
	some vol in object.get(pods.pod_spec, "volumes", [])
	path := vol.hostPath.path
	not allowed_path(path)
}

allowed_path(path) if {
	not backstep(path)
	some prefix in prefixes
	under(path, trim_suffix(prefix, "/"))
}

under(path, prefix) if path == prefix

under(path, prefix) if startswith(path, concat("", [prefix, "/"]))

# The empty prefix (from "/") allows every absolute path.
under(path, "") if startswith(path, "/")

# ".." would climb out of an allowed prefix.
backstep(path) if ".." in split(path, "/")

allowed_text := "no hostPath volumes" if count(prefixes) == 0

allowed_text := concat("", ["paths under ", concat(", ", prefixes)]) if count(prefixes) > 0

violation contains v if {
	count(bad_volumes) > 0
	noun := {true: "volume", false: "volumes"}[count(bad_volumes) == 1]
	v := violations.make(meta, {
		"message": sprintf(
			"%s %s must not use hostPath (allowed: %s)",
			[noun, pods.quoted_names(bad_volumes), allowed_text],
		),
		"field": pods.pod_field("volumes[*].hostPath"),
	})
}
