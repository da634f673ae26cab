package profilegate.rules.pss_apparmor_test

import data.profilegate.lib.fixtures_test as f
import data.profilegate.rules.pss_apparmor
import rego.v1

test_runtime_default_allowed if {
	inp := f.deployment_with_annotations(
		{
			"securityContext": {"appArmorProfile": {"type": "RuntimeDefault"}},
			"containers": [{"name": "a", "securityContext": {"appArmorProfile": {"type": "Localhost", "localhostProfile": "k8s-web"}}}],
		},
		{"container.apparmor.security.beta.kubernetes.io/a": "localhost/k8s-web"},
	)
	count(pss_apparmor.violation) == 0 with input as inp
}

test_unconfined_denied if {
	inp := f.deployment_with_annotations(
		{
			"securityContext": {"appArmorProfile": {"type": "Unconfined"}},
			"containers": [{"name": "a", "securityContext": {"appArmorProfile": {"type": "Unconfined"}}}],
		},
		{"container.apparmor.security.beta.kubernetes.io/a": "unconfined"},
	)
	vs := pss_apparmor.violation with input as inp
	some v in vs
	v.id == "pss-apparmor"
	v.message == `pod and container "a" and annotation must not set AppArmor profile type to "Unconfined", container.apparmor.security.beta.kubernetes.io/a="unconfined" (allowed: RuntimeDefault, Localhost or unset; annotations runtime/default or localhost/*)`
	v.containers == ["a"]
}

test_unset_allowed if {
	count(pss_apparmor.violation) == 0 with input as f.deployment({"containers": [{"name": "a"}]})
}

test_annotation_only_denied if {
	inp := f.deployment_with_annotations({"containers": [{"name": "a"}]}, {"container.apparmor.security.beta.kubernetes.io/a": "unconfined"})
	vs := pss_apparmor.violation with input as inp
	some v in vs
	v.message == `annotation must not set AppArmor profile type to container.apparmor.security.beta.kubernetes.io/a="unconfined" (allowed: RuntimeDefault, Localhost or unset; annotations runtime/default or localhost/*)`
}
