package profilegate.rules.exposure_service_loadbalancer_test

import data.profilegate.lib.fixtures_test as f
import data.profilegate.rules.exposure_service_loadbalancer
import rego.v1

test_restricted_source_ranges_allowed if {
	inp := f.service({"type": "LoadBalancer", "ports": [{"port": 443}], "loadBalancerSourceRanges": ["203.0.113.0/24"]})
	count(exposure_service_loadbalancer.violation) == 0 with input as inp
}

test_open_load_balancer_denied if {
	vs := exposure_service_loadbalancer.violation with input as f.service({"type": "LoadBalancer", "ports": [{"port": 443}]})
	some v in vs
	v.id == "exposure-service-loadbalancer"
	v.message == `service "web" of type LoadBalancer must set spec.loadBalancerSourceRanges to the networks that need it (allowed: ranges other than 0.0.0.0/0, ::/0)`
}

test_any_address_range_denied if {
	inp := f.service({"type": "LoadBalancer", "ports": [{"port": 443}], "loadBalancerSourceRanges": ["10.0.0.0/8", "0.0.0.0/0"]})
	count(exposure_service_loadbalancer.violation) == 1 with input as inp
}
