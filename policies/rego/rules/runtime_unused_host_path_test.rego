package profilegate.rules.runtime_unused_host_path_test

import data.profilegate.lib.runtime_fixtures_test as f
import data.profilegate.rules.runtime_unused_host_path as rule
import rego.v1

pod := {
	"volumes": [
		{"name": "logs", "hostPath": {"path": "/var/log"}},
		{"name": "cfg", "configMap": {"name": "x"}},
		{"name": "sock", "hostPath": {"path": "/run/containerd"}},
	],
	"containers": [
		{"name": "web", "volumeMounts": [
			{"name": "logs", "mountPath": "/host/logs"},
			{"name": "cfg", "mountPath": "/etc/app"},
			{"name": "sock", "mountPath": "/run/containerd"},
		]},
		{"name": "agent", "volumeMounts": [{"name": "logs", "mountPath": "/logs"}]},
	],
}

test_unused_volumes_removed_in_descending_order if {
	[v] := [v | some v in rule.violation] with input as f.make(pod, {"web": {"readPaths": ["/etc/app"]}, "agent": {}}, "complete")
	v.message == sprintf(`hostPath volume "logs" (/var/log), volume "sock" (/run/containerd): nothing under its mount was read, written or executed %s`, [f.evidence])
	v.containers == ["agent", "web"]
	v.patch == [
		{"op": "test", "path": "/spec/template/spec/volumes/2/name", "value": "sock"},
		{"op": "remove", "path": "/spec/template/spec/volumes/2"},
		{"op": "test", "path": "/spec/template/spec/volumes/0/name", "value": "logs"},
		{"op": "remove", "path": "/spec/template/spec/volumes/0"},
		{"op": "test", "path": "/spec/template/spec/containers/0/volumeMounts/2/name", "value": "sock"},
		{"op": "remove", "path": "/spec/template/spec/containers/0/volumeMounts/2"},
		{"op": "test", "path": "/spec/template/spec/containers/0/volumeMounts/0/name", "value": "logs"},
		{"op": "remove", "path": "/spec/template/spec/containers/0/volumeMounts/0"},
		{"op": "test", "path": "/spec/template/spec/containers/1/volumeMounts/0/name", "value": "logs"},
		{"op": "remove", "path": "/spec/template/spec/containers/1/volumeMounts/0"},
	]
}

test_access_by_any_mounting_container_keeps_volume if {
	vs := rule.violation with input as f.make(pod, {"web": {}, "agent": {"readPaths": ["/logs/app"]}}, "complete")
	[v] := [v | some v in vs]
	v.message == `hostPath volume "sock" (/run/containerd): nothing under its mount was read, written or executed across 14 pods over 6d (profile deployment-web, complete)`
}

test_unprofiled_container_no_evidence if {
	count(rule.violation) == 0 with input as f.make(pod, {"web": {}}, "complete")
}
