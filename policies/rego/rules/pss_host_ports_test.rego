package profilegate.rules.pss_host_ports_test

import data.profilegate.lib.fixtures_test as f
import data.profilegate.rules.pss_host_ports
import rego.v1

ports(name, list) := {"name": name, "ports": list}

test_container_ports_allowed if {
	count(pss_host_ports.violation) == 0 with input as f.deployment({"containers": [ports("a", [{"containerPort": 80}, {"containerPort": 81, "hostPort": 0}])]})
}

test_host_ports_denied if {
	vs := pss_host_ports.violation with input as f.deployment({"containers": [
		ports("a", [{"containerPort": 80, "hostPort": 8080}]),
		ports("b", [{"containerPort": 443, "hostPort": 443}]),
	]})
	some v in vs
	v.id == "pss-host-ports"
	v.message == `containers "a", "b" must not set hostPort 443, 8080 (allowed: 0 or unset)`
}

test_allowed_host_ports_parameter if {
	inp := f.with_params(
		f.deployment({"containers": [ports("a", [{"containerPort": 80, "hostPort": 80}, {"containerPort": 9, "hostPort": 9}])]}),
		"pss-host-ports", {"allowedHostPorts": [80]},
	)
	vs := pss_host_ports.violation with input as inp
	some v in vs
	v.message == `container "a" must not set hostPort 9 (allowed: 0 or unset, 80)`
}
