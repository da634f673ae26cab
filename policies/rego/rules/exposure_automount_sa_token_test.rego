package profilegate.rules.exposure_automount_sa_token_test

import data.profilegate.lib.fixtures_test as f
import data.profilegate.rules.exposure_automount_sa_token
import rego.v1

test_automount_false_allowed if {
	count(exposure_automount_sa_token.violation) == 0 with input as f.deployment({"automountServiceAccountToken": false, "containers": [{"name": "a"}]})
}

test_services_ignored if {
	count(exposure_automount_sa_token.violation) == 0 with input as f.service({"ports": [{"port": 80}]})
}

test_token_mounted_denied if {
	vs := exposure_automount_sa_token.violation with input as f.deployment({"serviceAccountName": "web", "containers": [{"name": "a"}]})
	some v in vs
	v.id == "exposure-automount-sa-token"
	v.message == `pod must set automountServiceAccountToken=false: the token of service account "web" is mounted into every container (allowed: false)`
	v.field == "spec.template.spec.automountServiceAccountToken"
}
