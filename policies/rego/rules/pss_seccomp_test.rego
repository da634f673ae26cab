package profilegate.rules.pss_seccomp_test

import data.profilegate.lib.fixtures_test as f
import data.profilegate.rules.pss_seccomp
import rego.v1

test_runtime_default_and_unset_allowed if {
	inp := f.deployment({
		"securityContext": {"seccompProfile": {"type": "RuntimeDefault"}},
		"containers": [{"name": "a"}, {"name": "b", "securityContext": {"seccompProfile": {"type": "Localhost", "localhostProfile": "p.json"}}}],
	})
	count(pss_seccomp.violation) == 0 with input as inp
}

test_unconfined_denied if {
	inp := f.deployment({
		"securityContext": {"seccompProfile": {"type": "Unconfined"}},
		"containers": [{"name": "a", "securityContext": {"seccompProfile": {"type": "Unconfined"}}}],
	})
	vs := pss_seccomp.violation with input as inp
	some v in vs
	v.id == "pss-seccomp"
	v.message == `pod and container "a" must not set securityContext.seccompProfile.type to "Unconfined" (allowed: RuntimeDefault, Localhost or unset)`
}

test_container_only_denied if {
	vs := pss_seccomp.violation with input as f.pod({"containers": [{"name": "a", "securityContext": {"seccompProfile": {"type": "Unconfined"}}}]})
	some v in vs
	v.message == `container "a" must not set securityContext.seccompProfile.type to "Unconfined" (allowed: RuntimeDefault, Localhost or unset)`
	v.field == "spec.containers[*].securityContext.seccompProfile.type"
}

unconfined_fields := {"securityContext": {"seccompProfile": {"type": "Unconfined"}}, "containers": [{"name": "a"}]}

unconfined_annotations := {
	"seccomp.security.alpha.kubernetes.io/pod": "unconfined",
	"container.seccomp.security.alpha.kubernetes.io/a": "localhost/p.json",
	"container.seccomp.security.alpha.kubernetes.io/b": "runtime/default",
	"container.seccomp.security.alpha.kubernetes.io/other": "unconfined",
}

two_containers := {"containers": [{"name": "a"}, {"name": "b"}]}

# Per version, level and spec: the messages of pss-seccomp (none: []).
version_table := [
	# v1.0 to v1.18 judge the annotations (of the pod and of its containers only), not the fields.
	{"version": "v1.18", "spec": unconfined_fields, "annotations": {}, "messages": []},
	{"version": "v1.18", "spec": two_containers, "annotations": unconfined_annotations, "messages": [`pod must not set seccomp annotation seccomp.security.alpha.kubernetes.io/pod="unconfined" (allowed: runtime/default, docker/default, localhost/* or unset)`]},
	{"version": "v1.0", "spec": two_containers, "annotations": {"container.seccomp.security.alpha.kubernetes.io/a": "", "container.seccomp.security.alpha.kubernetes.io/b": "docker/default", "seccomp.security.alpha.kubernetes.io/pod": "unconfined"}, "messages": [`pod must not set seccomp annotations container.seccomp.security.alpha.kubernetes.io/a="", seccomp.security.alpha.kubernetes.io/pod="unconfined" (allowed: runtime/default, docker/default, localhost/* or unset)`]},
	# From v1.19 the fields, and the annotations no longer count.
	{"version": "v1.19", "spec": two_containers, "annotations": unconfined_annotations, "messages": []},
	{"version": "v1.19", "spec": unconfined_fields, "annotations": {}, "messages": [`pod must not set securityContext.seccompProfile.type to "Unconfined" (allowed: RuntimeDefault, Localhost or unset)`]},
	{"version": "latest", "spec": {"containers": [{"name": "a", "securityContext": {"seccompProfile": {"type": "Bogus"}}}, {"name": "b", "securityContext": {"seccompProfile": {"type": "Unconfined"}}}]}, "annotations": {}, "messages": [`containers "a", "b" must not set securityContext.seccompProfile.type to "Bogus", "Unconfined" (allowed: RuntimeDefault, Localhost or unset)`]},
]

test_versions if {
	every row in version_table {
		vs := pss_seccomp.violation with input as f.at_version(f.deployment_with_annotations(row.spec, row.annotations), row.version)
		[v.message | some v in vs] == row.messages
	}
}

test_annotation_field if {
	vs := pss_seccomp.violation with input as f.at_version(f.deployment_with_annotations(two_containers, unconfined_annotations), "v1.18")
	[v.field | some v in vs] == ["spec.template.metadata.annotations"]
}

windows_unconfined := object.union(unconfined_fields, {"os": {"name": "windows"}})

# At restricted, PSA's restricted seccomp check replaces this one and exempts Windows pods from v1.25.
test_windows_at_restricted if {
	count(pss_seccomp.violation) == 0 with input as f.restricted(f.deployment(windows_unconfined))
	vs := pss_seccomp.violation with input as f.at_version(f.restricted(f.deployment(windows_unconfined)), "v1.24")
	[v.message | some v in vs] == [`pod must not set securityContext.seccompProfile.type to "Unconfined" (allowed: RuntimeDefault, Localhost or unset)`]
	count(pss_seccomp.violation) == 1 with input as f.deployment(windows_unconfined)
}
