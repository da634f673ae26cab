package profilegate.lib.pss_version_test

import data.profilegate.lib.fixtures_test as f
import data.profilegate.lib.pss_version
import data.profilegate.main
import rego.v1

test_latest_and_unset_are_the_newest_version if {
	pss_version.minor == pss_version.newest_minor with input as f.at_version(f.deployment({}), "latest")
	pss_version.minor == pss_version.newest_minor with input as f.deployment({})
	pss_version.minor == pss_version.newest_minor with input as {}
}

test_pinned_versions if {
	every v, minor in {"v1.0": 0, "v1.9": 9, "v1.35": 35, "v1.37": 37} {
		pss_version.minor == minor with input as f.at_version(f.deployment({}), v)
	}
}

# Values the parsers reject never get here; if one did, the newest version applies, not none.
test_malformed_is_the_newest_version if {
	every v in ["v2.0", "1.35", "v1.035", "", "v1.x"] {
		pss_version.minor == pss_version.newest_minor with input as f.at_version(f.deployment({}), v)
	}
}

# Controls with one version in PSA give the same findings at every version.
single_version_cases := [
	{"id": "pss-host-namespaces", "spec": {"hostPID": true, "containers": [{"name": "a"}]}},
	{"id": "pss-privileged", "spec": {"containers": [{"name": "a", "securityContext": {"privileged": true}}]}},
	{"id": "pss-host-ports", "spec": {"containers": [{"name": "a", "ports": [{"containerPort": 80, "hostPort": 80}]}]}},
	{"id": "pss-host-path", "spec": {"volumes": [{"name": "v", "hostPath": {"path": "/etc"}}], "containers": [{"name": "a"}]}},
	{"id": "pss-volume-types", "spec": {"volumes": [{"name": "v", "nfs": {"server": "s", "path": "/"}}], "containers": [{"name": "a"}]}},
	{"id": "pss-host-process", "spec": {"securityContext": {"windowsOptions": {"hostProcess": true}}, "containers": [{"name": "a"}]}},
	{"id": "pss-apparmor", "spec": {"securityContext": {"appArmorProfile": {"type": "Unconfined"}}, "containers": [{"name": "a"}]}},
]

messages(c, version) := [v.message |
	some v in main.violations with input as f.at_version(f.restricted(f.deployment(c.spec)), version)
	v.id == c.id
]

test_single_version_controls_do_not_change if {
	every c in single_version_cases {
		latest := messages(c, "latest")
		count(latest) == 1
		every version in ["v1.0", "v1.22", "v1.35"] {
			messages(c, version) == latest
		}
	}
}
