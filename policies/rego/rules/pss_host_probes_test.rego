package profilegate.rules.pss_host_probes_test

import data.profilegate.lib.fixtures_test as f
import data.profilegate.rules.pss_host_probes
import rego.v1

test_pod_ip_probes_allowed if {
	inp := f.deployment({"containers": [{
		"name": "a",
		"livenessProbe": {"httpGet": {"path": "/healthz", "port": 8080}},
		"readinessProbe": {"tcpSocket": {"port": 8080, "host": ""}},
	}]})
	count(pss_host_probes.violation) == 0 with input as inp
}

test_probe_hosts_denied if {
	inp := f.deployment({"containers": [
		{"name": "a", "startupProbe": {"tcpSocket": {"port": 22, "host": "10.0.0.1"}}},
		{"name": "b", "lifecycle": {"preStop": {"httpGet": {"port": 80, "host": "169.254.169.254"}}}},
	]})
	vs := pss_host_probes.violation with input as inp
	some v in vs
	v.id == "pss-host-probes"
	v.message == `containers "a", "b" must not set probe or lifecycle host "10.0.0.1", "169.254.169.254" (allowed: "" or unset)`
}

metadata_probe := {"containers": [{"name": "a", "livenessProbe": {"httpGet": {"host": "169.254.169.254", "port": 80}}}]}

# The check exists from v1.34.
test_versions if {
	count(pss_host_probes.violation) == 0 with input as f.at_version(f.deployment(metadata_probe), "v1.33")
	vs := pss_host_probes.violation with input as f.at_version(f.deployment(metadata_probe), "v1.34")
	[v.message | some v in vs] == [`container "a" must not set probe or lifecycle host "169.254.169.254" (allowed: "" or unset)`]
	count(pss_host_probes.violation) == 1 with input as f.at_version(f.deployment(metadata_probe), "latest")
}
