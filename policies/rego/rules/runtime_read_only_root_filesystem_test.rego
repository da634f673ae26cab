package profilegate.rules.runtime_read_only_root_filesystem_test

import data.profilegate.lib.runtime_fixtures_test as f
import data.profilegate.rules.runtime_read_only_root_filesystem as rule
import data.profilegate.rules.runtime_unused_capabilities as caps_rule
import rego.v1

# A directory that existed before the run, root-owned: an emptyDir replaces it as is.
root_dir(p) := {"path": p, "uid": 0, "gid": 0, "mode": "0755"}

pod := {"containers": [{"name": "web", "volumeMounts": [{"name": "data", "mountPath": "/data"}]}], "volumes": [{"name": "data", "emptyDir": {}}]}

test_write_dirs_get_empty_dirs if {
	obs := {"web": {
		"writePaths": ["/var/cache/nginx", "/var/cache/nginx/proxy", "/tmp", "/data/db", "/dev/shm"],
		"preexistingWriteDirs": [{"path": "/tmp", "uid": 0, "gid": 0, "mode": "1777"}, root_dir("/var/cache/nginx")],
	}}
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
	[v] := [v | some v in rule.violation] with input as f.make({"containers": [{"name": "web"}]}, {"web": {"writePaths": ["/tmp"], "preexistingWriteDirs": [root_dir("/tmp")]}}, "complete")
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
	[v] := [v | some v in rule.violation] with input as f.make(p, {"web": {"writePaths": ["/data"], "preexistingWriteDirs": [root_dir("/data")]}}, "complete")
	{"op": "add", "path": "/spec/template/spec/containers/0/volumeMounts/-", "value": {"name": "pg-rw-c0-0", "mountPath": "/data"}} in v.patch
}

test_already_read_only if {
	p := {"containers": [{"name": "web", "securityContext": {"readOnlyRootFilesystem": true}}]}
	count(rule.violation) == 0 with input as f.make(p, {"web": {}}, "complete")
}

# The hazards of issue 9: each blocks the emptyDir, so the root filesystem stays writable.

test_dir_read_and_written_keeps_root_writable if {
	# /srv/x/app.sh reads config.ini and appends app.db beside itself.
	obs := {"web": {"writePaths": ["/srv/x"], "preexistingWriteDirs": [root_dir("/srv/x")], "preexistingUse": ["/srv/x"]}}
	count(rule.violation) == 0 with input as f.make(pod, obs, "complete")
}

test_empty_dir_over_parent_of_used_dir_keeps_root_writable if {
	# Writes /app, reads /app/config (there before the run).
	obs := {"web": {"writePaths": ["/app"], "preexistingWriteDirs": [root_dir("/app")], "preexistingUse": ["/app/config"]}}
	count(rule.violation) == 0 with input as f.make(pod, obs, "complete")
}

test_write_dir_without_prior_state_keeps_root_writable if {
	count(rule.violation) == 0 with input as f.make(pod, {"web": {"writePaths": ["/tmp"]}}, "complete")
}

test_cut_evidence_keeps_root_writable if {
	obs := {"web": {"writePaths": ["/tmp"], "preexistingWriteDirs": [root_dir("/tmp")], "incomplete": ["preexistingUse"]}}
	count(rule.violation) == 0 with input as f.make(pod, obs, "complete")
}

nginx_obs := {"web": {
	"writePaths": ["/var/lib/nginx/body"],
	"preexistingWriteDirs": [{"path": "/var/lib/nginx/body", "uid": 33, "gid": 0, "mode": "0700"}],
	"uids": [0, 33],
	"capabilities": ["NET_BIND_SERVICE", "SETGID", "SETUID"],
}}

test_nginx_owner_change_keeps_chown_and_fowner if {
	p := {"containers": [{"name": "web", "securityContext": {"capabilities": {"add": ["NET_ADMIN"]}}}]}
	[v] := [v | some v in rule.violation] with input as f.make(p, nginx_obs, "complete")
	{"op": "add", "path": "/spec/template/spec/containers/0/volumeMounts/-", "value": {"name": "pg-rw-c0-0", "mountPath": "/var/lib/nginx/body"}} in v.patch
	[c] := [c | some c in caps_rule.violation] with input as f.make(p, nginx_obs, "complete")
	c.message == sprintf(`container "web" requests NET_ADMIN, never used %s`, [f.evidence])
	{"op": "add", "path": "/spec/template/spec/containers/0/securityContext/capabilities", "value": {"drop": ["ALL"], "add": ["CHOWN", "FOWNER", "NET_BIND_SERVICE", "SETGID", "SETUID"]}} in c.patch
}

test_owner_change_without_chown_keeps_root_writable if {
	p := {"containers": [{"name": "web", "securityContext": {"capabilities": {"drop": ["ALL"], "add": ["NET_BIND_SERVICE", "SETGID", "SETUID"]}}}]}
	count(rule.violation) == 0 with input as f.make(p, nginx_obs, "complete")
}

test_owner_change_for_non_root_keeps_root_writable if {
	obs := {"web": {"writePaths": ["/var/lib/app"], "preexistingWriteDirs": [{"path": "/var/lib/app", "uid": 999, "gid": 999, "mode": "0755"}], "uids": [999]}}
	count(rule.violation) == 0 with input as f.make(pod, obs, "complete")
}

test_matching_fs_group_needs_no_chown if {
	p := {"securityContext": {"fsGroup": 4}, "containers": [{"name": "web", "securityContext": {"capabilities": {"drop": ["ALL"]}}}]}
	obs := {"web": {"writePaths": ["/var/log/nginx"], "preexistingWriteDirs": [{"path": "/var/log/nginx", "uid": 0, "gid": 4, "mode": "0755"}], "uids": [0]}}
	[_] := [v | some v in rule.violation] with input as f.make(p, obs, "complete")
	count(rule.violation) == 0 with input as f.make(object.remove(p, ["securityContext"]), obs, "complete")
}
