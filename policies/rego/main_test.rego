package profilegate.main_test

import data.profilegate.lib.fixtures_test as f
import data.profilegate.main
import rego.v1

ids(result) := {v.id | some v in result.violations}

# A fully hardened workload passes every PSS rule at the restricted level.
test_hardened_deployment_passes_restricted if {
	inp := f.restricted(f.deployment({
		"automountServiceAccountToken": false,
		"securityContext": {"runAsNonRoot": true, "seccompProfile": {"type": "RuntimeDefault"}},
		"containers": [f.hardened("a")],
		"initContainers": [f.hardened("init")],
	}))
	main.result == {"violations": []} with input as inp
}

# The default pod passes baseline: only the exposure finding about its token remains.
test_default_pod_passes_baseline if {
	ids(main.result) == {"exposure-automount-sa-token"} with input as f.pod({"containers": [{"name": "a", "image": "nginx"}]})
}

test_restricted_rules_gated_by_level if {
	inp := f.deployment({"containers": [{"name": "a"}]})
	baseline := ids(main.result) with input as inp
	restricted := ids(main.result) with input as f.restricted(inp)
	baseline == {"exposure-automount-sa-token"}
	restricted == {
		"exposure-automount-sa-token", "pss-capabilities-restricted", "pss-privilege-escalation",
		"pss-run-as-non-root", "pss-seccomp-restricted",
	}
}

test_missing_config_means_baseline if {
	inp := object.remove(f.deployment({"containers": [{"name": "a", "securityContext": {"runAsUser": 0}}]}), ["config"])
	not "pss-run-as-user" in ids(main.result) with input as inp
}
