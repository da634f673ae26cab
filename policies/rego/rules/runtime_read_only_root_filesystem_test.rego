package profilegate.rules.runtime_read_only_root_filesystem_test

import data.profilegate.lib.runtime_fixtures_test as f
import data.profilegate.rules.runtime_read_only_root_filesystem as rule
import rego.v1

pod := {"containers": [{"name": "web", "volumeMounts": [{"name": "data", "mountPath": "/data"}]}], "volumes": [{"name": "data", "emptyDir": {}}]}

test_write_dirs_get_empty_dirs if {
	obs := {"web": {"writePaths": ["/var/cache/nginx", "/var/cache/nginx/proxy", "/tmp", "/data/db", "/dev/shm"]}}
	[v] := [v | some v in rule.violation] with input as f.make(pod, obs, "complete")
	v.message == sprintf(`container "web" has a writable root filesystem, but wrote only to /data/db, /dev/shm, /tmp, /var/cache/nginx, /var/cache/nginx/proxy %s`, [f.evidence])
	v.patch == [
		{"op": "add", "path": "/spec/template/spec/containers/0/securityContext", "value": {}},
		{"op": "add", "path": "/spec/template/spec/containers/0/securityContext/readOnlyRootFilesystem", "value": true},
		{"op": "add", "path": "/spec/template/spec/volumes/-", "value": {"name": "pg-rw-c0-0", "emptyDir": {}}},
		{"op": "add", "path": "/spec/template/spec/volumes/-", "value": {"name": "pg-rw-c0-1", "emptyDir": {}}},
		{"op": "add", "path": "/spec/template/spec/containers/0/volumeMounts/-", "value": {"name": "pg-rw-c0-0", "mountPath": "/tmp"}},
		{"op": "add", "path": "/spec/template/spec/containers/0/volumeMounts/-", "value": {"name": "pg-rw-c0-1", "mountPath": "/var/cache/nginx"}},
	]
}

test_missing_lists_are_ensured if {
	[v] := [v | some v in rule.violation] with input as f.make({"containers": [{"name": "web"}]}, {"web": {"writePaths": ["/tmp"]}}, "complete")
	{"op": "add", "path": "/spec/template/spec/volumes", "value": []} in v.patch
	{"op": "add", "path": "/spec/template/spec/containers/0/volumeMounts", "value": []} in v.patch
}

test_system_directory_write_blocks_rule if {
	count(rule.violation) == 0 with input as f.make(pod, {"web": {"writePaths": ["/tmp", "/etc"]}}, "complete")
}

test_write_inside_read_tree_blocks_rule if {
	obs := {"web": {"writePaths": ["/etc/nginx/conf.d"], "readPaths": ["/etc/nginx"]}}
	count(rule.violation) == 0 with input as f.make(pod, obs, "complete")
}

test_read_only_mount_does_not_back_writes if {
	p := {"containers": [{"name": "web", "volumeMounts": [{"name": "data", "mountPath": "/data", "readOnly": true}]}]}
	[v] := [v | some v in rule.violation] with input as f.make(p, {"web": {"writePaths": ["/data"]}}, "complete")
	{"op": "add", "path": "/spec/template/spec/containers/0/volumeMounts/-", "value": {"name": "pg-rw-c0-0", "mountPath": "/data"}} in v.patch
}

test_already_read_only if {
	p := {"containers": [{"name": "web", "securityContext": {"readOnlyRootFilesystem": true}}]}
	count(rule.violation) == 0 with input as f.make(p, {"web": {}}, "complete")
}
