# METADATA
# title: Volume types (restricted)
# description: >-
#   The restricted profile allows only volume types that do not reach into the node or
#   external storage directly: configMap, csi, downwardAPI, emptyDir, ephemeral, image,
#   persistentVolumeClaim, projected and secret. Other storage goes through a PersistentVolume.
# custom:
#   id: pss-volume-types
#   severity: medium
#   level: restricted
#   remediation: >-
#     Use a persistentVolumeClaim (backed by a PersistentVolume an administrator controls)
#     instead of the listed inline volume sources.
#   psa:
#     check: restrictedVolumes
#     versions:
#       v1.0: >-
#         configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected, secret (hostPath is pss-host-path)
#   frameworks:
#     pss: restricted/volume-types
#     cis: ["5.7.3"]
#     nsa: "Pod security: pod security enforcement"
#     mitre: [T1611]
package profilegate.rules.pss_volume_types

# Restricted fields: spec.volumes[*] sources other than the allowed ones below.
# Allowed values: configMap, csi, downwardAPI, emptyDir, ephemeral, image,
# persistentVolumeClaim, projected, secret.
# hostPath is left to pss-host-path (reported at every level, honours allowedPrefixes),
# the way PSA's restrictedVolumes check overrides its hostPathVolumes check.

import data.profilegate.lib.pods
import data.profilegate.lib.violations
import rego.v1

meta := rego.metadata.chain()[1].annotations

allowed_types := {
	"configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "image",
	"persistentVolumeClaim", "projected", "secret",
}

# volume name -> restricted source types it uses.
bad_volumes[vol.name] contains source if {
	some vol in object.get(pods.pod_spec, "volumes", [])
	some source, _ in vol
	not source in {"name", "hostPath"}
	not source in allowed_types
}

violation contains v if {
	count(bad_volumes) > 0
	names := {n | some n, _ in bad_volumes}
	types := {t | some ts in bad_volumes; some t in ts}
	v := violations.make(meta, {
		"message": sprintf(
			"%s %s must not use restricted volume %s %s (allowed: %s)",
			[
				{true: "volume", false: "volumes"}[count(names) == 1],
				pods.quoted_names(names),
				{true: "type", false: "types"}[count(types) == 1],
				pods.quoted_names(types),
				concat(", ", sort(allowed_types)),
			],
		),
		"field": pods.pod_field("volumes[*]"),
	})
}
