package profilegate.rules.pss_volume_types_test

import data.profilegate.lib.fixtures_test as f
import data.profilegate.rules.pss_volume_types
import rego.v1

spec(volumes) := {"containers": [{"name": "a"}], "volumes": volumes}

test_core_volume_types_allowed if {
	inp := f.restricted(f.deployment(spec([
		{"name": "c", "configMap": {"name": "cfg"}},
		{"name": "d", "persistentVolumeClaim": {"claimName": "data"}},
		{"name": "t", "projected": {"sources": []}},
	])))
	count(pss_volume_types.violation) == 0 with input as inp
}

test_restricted_volume_types_denied if {
	inp := f.restricted(f.deployment(spec([
		{"name": "share", "nfs": {"server": "nfs.example.com", "path": "/exports"}},
		{"name": "repo", "gitRepo": {"repository": "https://example.com/r.git"}},
		{"name": "logs", "hostPath": {"path": "/var/log"}},
	])))
	vs := pss_volume_types.violation with input as inp
	some v in vs
	v.id == "pss-volume-types"
	v.message == `volumes "repo", "share" must not use restricted volume types "gitRepo", "nfs" (allowed: configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected, secret)`
}

test_baseline_level_does_not_report if {
	inp := f.deployment(spec([{"name": "share", "nfs": {"server": "nfs.example.com", "path": "/exports"}}]))
	count(pss_volume_types.violation) == 0 with input as inp
}
