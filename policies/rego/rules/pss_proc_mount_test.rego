package profilegate.rules.pss_proc_mount_test

import data.profilegate.lib.fixtures_test as f
import data.profilegate.rules.pss_proc_mount
import data.profilegate.rules.pss_proc_mount_restricted
import rego.v1

proc(name, mount) := {"name": name, "securityContext": {"procMount": mount}}

unmasked := {"containers": [proc("a", "Unmasked")]}

user_namespaced := object.union(unmasked, {"hostUsers": false})

test_default_allowed if {
	count(pss_proc_mount.violation) == 0 with input as f.deployment({"containers": [proc("a", "Default"), {"name": "b"}]})
}

test_unmasked_denied if {
	vs := pss_proc_mount.violation with input as f.deployment(unmasked)
	some v in vs
	v.id == "pss-proc-mount"
	v.message == `container "a" must not set securityContext.procMount to "Unmasked" (allowed: Default or unset, or any value when spec.hostUsers is false)`
}

# Both rules at every version boundary: the baseline finding, then the restricted one, per
# spec, version and level (null: no finding).
table := [
	# Not user-namespaced: denied by pss-proc-mount at every version and level.
	{"spec": unmasked, "version": "v1.34", "level": "baseline", "baseline": `container "a" must not set securityContext.procMount to "Unmasked" (allowed: Default or unset)`, "restricted": null},
	{"spec": unmasked, "version": "v1.35", "level": "baseline", "baseline": `container "a" must not set securityContext.procMount to "Unmasked" (allowed: Default or unset, or any value when spec.hostUsers is false)`, "restricted": null},
	{"spec": unmasked, "version": "v1.35", "level": "restricted", "baseline": `container "a" must not set securityContext.procMount to "Unmasked" (allowed: Default or unset)`, "restricted": null},
	{"spec": object.union(unmasked, {"hostUsers": true}), "version": "latest", "level": "baseline", "baseline": `container "a" must not set securityContext.procMount to "Unmasked" (allowed: Default or unset, or any value when spec.hostUsers is false)`, "restricted": null},
	# hostUsers: false: denied before v1.35; from v1.35 baseline allows it, restricted does not.
	{"spec": user_namespaced, "version": "v1.34", "level": "baseline", "baseline": `container "a" must not set securityContext.procMount to "Unmasked" (allowed: Default or unset)`, "restricted": null},
	{"spec": user_namespaced, "version": "v1.34", "level": "restricted", "baseline": `container "a" must not set securityContext.procMount to "Unmasked" (allowed: Default or unset)`, "restricted": null},
	{"spec": user_namespaced, "version": "v1.35", "level": "baseline", "baseline": null, "restricted": null},
	{"spec": user_namespaced, "version": "latest", "level": "baseline", "baseline": null, "restricted": null},
	{"spec": user_namespaced, "version": "v1.35", "level": "restricted", "baseline": null, "restricted": `container "a" must not set securityContext.procMount to "Unmasked" (allowed: Default or unset, also when spec.hostUsers is false)`},
	{"spec": user_namespaced, "version": "latest", "level": "restricted", "baseline": null, "restricted": `container "a" must not set securityContext.procMount to "Unmasked" (allowed: Default or unset, also when spec.hostUsers is false)`},
	# A default /proc is allowed everywhere.
	{"spec": {"hostUsers": false, "containers": [proc("a", "Default")]}, "version": "latest", "level": "restricted", "baseline": null, "restricted": null},
]

messages(vs) := [v.message | some v in vs]

expected(m) := [] if m == null

expected(m) := [m] if m != null

test_table if {
	every row in table {
		inp := object.union(f.at_version(f.deployment(row.spec), row.version), {"config": {"level": row.level}})
		messages(pss_proc_mount.violation) == expected(row.baseline) with input as inp
		messages(pss_proc_mount_restricted.violation) == expected(row.restricted) with input as inp
	}
}

test_restricted_finding_names_its_rule if {
	inp := f.restricted(f.deployment(user_namespaced))
	some v in pss_proc_mount_restricted.violation with input as inp
	v.id == "pss-proc-mount-restricted"
	v.level == "restricted"
	v.containers == ["a"]
}
