package profilegate.rules.pss_host_path_test

import data.profilegate.lib.fixtures_test as f
import data.profilegate.rules.pss_host_path
import rego.v1

spec(volumes) := {"containers": [{"name": "a"}], "volumes": volumes}

host(name, path) := {"name": name, "hostPath": {"path": path}}

test_no_host_path_allowed if {
	count(pss_host_path.violation) == 0 with input as f.deployment(spec([{"name": "cache", "emptyDir": {}}]))
}

test_host_path_denied if {
	vs := pss_host_path.violation with input as f.deployment(spec([host("root", "/"), host("docker", "/var/run/docker.sock")]))
	some v in vs
	v.id == "pss-host-path"
	v.message == `volumes "docker", "root" must not use hostPath (allowed: no hostPath volumes)`
	v.field == "spec.template.spec.volumes[*].hostPath"
}

test_allowed_prefixes_match_whole_segments if {
	inp := f.with_params(
		f.deployment(spec([host("logs", "/var/log/pods"), host("other", "/var/logs"), host("climb", "/var/log/../../etc")])),
		"pss-host-path", {"allowedPrefixes": ["/var/log/"]},
	)
	vs := pss_host_path.violation with input as inp
	some v in vs
	v.message == `volumes "climb", "other" must not use hostPath (allowed: paths under /var/log/)`
}
