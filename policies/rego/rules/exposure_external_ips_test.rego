package profilegate.rules.exposure_external_ips_test

import data.profilegate.lib.fixtures_test as f
import data.profilegate.rules.exposure_external_ips
import rego.v1

test_no_external_ips_allowed if {
	count(exposure_external_ips.violation) == 0 with input as f.service({"type": "ClusterIP", "ports": [{"port": 80}]})
}

test_external_ips_denied if {
	vs := exposure_external_ips.violation with input as f.service({"ports": [{"port": 80}], "externalIPs": ["8.8.8.8", "1.1.1.1"]})
	some v in vs
	v.id == "exposure-external-ips"
	v.message == `service "web" must not set spec.externalIPs "1.1.1.1", "8.8.8.8" (allowed: none)`
}

test_allowed_external_ips_parameter if {
	inp := f.with_params(f.service({"ports": [{"port": 80}], "externalIPs": ["192.0.2.10"]}), "exposure-external-ips", {"allowedExternalIPs": ["192.0.2.10"]})
	count(exposure_external_ips.violation) == 0 with input as inp
}
