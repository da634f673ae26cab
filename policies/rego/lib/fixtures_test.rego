# Inputs for the rule tests, shaped like src/policy/policy-input.ts builds them.
# A _test.rego file, so it is loaded by opa test and kept out of the bundle.
package profilegate.lib.fixtures_test

import rego.v1

baseline_config := {"mode": "enforce", "level": "baseline", "parameters": {}}

# A Deployment named web whose pod template spec is spec.
deployment(spec) := deployment_with_annotations(spec, {})

deployment_with_annotations(spec, annotations) := {
	"request": {"kind": {"group": "apps", "version": "v1", "kind": "Deployment"}, "namespace": "default", "name": "web"},
	"workload": {
		"kind": "Deployment",
		"name": "web",
		"namespace": "default",
		"podMetadata": {"labels": {}, "annotations": annotations},
		"podSpec": spec,
		"podSpecPointer": "/spec/template/spec",
		"containerNames": container_names(spec),
	},
	"profile": null,
	"namespace": {"name": "default", "labels": {}},
	"config": baseline_config,
}

# As src/admission/workload-view.ts lists them: every name once, sorted.
container_names(spec) := sort({c.name |
	some kind in ["containers", "initContainers", "ephemeralContainers"]
	some c in object.get(spec, kind, [])
})

# A bare Pod: the pod spec is at /spec.
pod(spec) := object.union(deployment(spec), {
	"request": {"kind": {"group": "", "version": "v1", "kind": "Pod"}, "namespace": "default", "name": "web"},
	"workload": {"kind": "Pod", "podSpecPointer": "/spec"},
})

# A Service: input.workload is null for objects without a pod template.
service(spec) := {
	"request": {
		"kind": {"group": "", "version": "v1", "kind": "Service"},
		"namespace": "default",
		"name": "web",
		"object": {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web", "namespace": "default"}, "spec": spec},
	},
	"workload": null,
	"profile": null,
	"namespace": {"name": "default", "labels": {}},
	"config": baseline_config,
}

restricted(inp) := object.union(inp, {"config": {"level": "restricted"}})

# The input with the level pinned to a Pod Security Standards version ("v1.35", "latest").
at_version(inp, version) := object.union(inp, {"config": {"levelVersion": version}})

with_params(inp, id, params) := object.union(inp, {"config": {"parameters": {id: params}}})

# A container that passes every restricted check.
hardened(name) := {
	"name": name,
	"image": "example.com/app:1",
	"securityContext": {
		"allowPrivilegeEscalation": false,
		"runAsNonRoot": true,
		"capabilities": {"drop": ["ALL"]},
		"seccompProfile": {"type": "RuntimeDefault"},
	},
}
