package profilegate.rules.runtime_unused_service_account_token_test

import data.profilegate.lib.runtime_fixtures_test as f
import data.profilegate.rules.runtime_unused_service_account_token as rule
import rego.v1

pod := {"containers": [{"name": "web"}, {"name": "sidecar"}]}

test_token_never_read if {
	[v] := [v | some v in rule.violation] with input as f.make(pod, {"web": {}, "sidecar": {"readPaths": ["/etc/app"]}}, "complete")
	v.message == sprintf("pod mounts the service account token, but no container read it %s (set automountServiceAccountToken=false)", [f.evidence])
	v.patch == [{"op": "add", "path": "/spec/template/spec/automountServiceAccountToken", "value": false}]
}

test_token_read_by_one_container if {
	obs := {"web": {}, "sidecar": {"readPaths": ["/var/run/secrets/kubernetes.io/serviceaccount"]}}
	count(rule.violation) == 0 with input as f.make(pod, obs, "complete")
}

test_collapsed_ancestor_counts_as_read if {
	count(rule.violation) == 0 with input as f.make(pod, {"web": {"readPaths": ["/run/secrets"]}, "sidecar": {}}, "complete")
}

test_unprofiled_container_no_evidence if {
	count(rule.violation) == 0 with input as f.make(pod, {"web": {}}, "complete")
}

test_already_false if {
	p := object.union(pod, {"automountServiceAccountToken": false})
	count(rule.violation) == 0 with input as f.make(p, {"web": {}, "sidecar": {}}, "complete")
}
