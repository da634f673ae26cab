package profilegate.rules.pss_host_process_test

import data.profilegate.lib.fixtures_test as f
import data.profilegate.rules.pss_host_process
import rego.v1

test_not_host_process_allowed if {
	inp := f.deployment({"containers": [{"name": "a", "securityContext": {"windowsOptions": {"hostProcess": false, "runAsUserName": "ContainerUser"}}}]})
	count(pss_host_process.violation) == 0 with input as inp
}

test_host_process_denied if {
	inp := f.deployment({
		"securityContext": {"windowsOptions": {"hostProcess": true}},
		"hostNetwork": true,
		"containers": [{"name": "a", "securityContext": {"windowsOptions": {"hostProcess": true}}}],
	})
	vs := pss_host_process.violation with input as inp
	some v in vs
	v.id == "pss-host-process"
	v.message == `pod and container "a" must not set securityContext.windowsOptions.hostProcess=true (allowed: false or unset)`
}
