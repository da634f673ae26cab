# Input builders for the runtime_* rule tests: a Deployment pod spec plus a ProfileView
# in the shape judgeProfile (src/profile/profile-view.ts) produces.
package profilegate.lib.runtime_fixtures_test

import rego.v1

evidence := "across 14 pods over 6d (profile deployment-web, complete)"

# A container profile with every list present, as zod's defaults make it.
observed(fields) := object.union(
	{
		"capabilities": [], "syscalls": [], "executables": [], "writePaths": [], "readPaths": [],
		"preexistingWriteDirs": [], "preexistingUse": [],
		"listeningPorts": [], "outboundPeers": [], "uids": [], "gids": [],
		"privilegeTransitions": false, "hostNamespaces": [],
	},
	fields,
)

profile(containers, maturity) := {
	"name": "deployment-web",
	"phase": "complete",
	"maturity": maturity,
	"maturityReason": "test",
	"containers": {name: observed(object.union({"name": name}, c)) | some name, c in containers},
	"observation": {"podsObserved": 14, "eventsLost": 0},
	"observedHours": 145,
}

# pod: the pod spec; containers: name → observed fields; maturity: complete|learning|stale.
make(pod, containers, maturity) := {
	"workload": {
		"kind": "Deployment",
		"name": "web",
		"namespace": "shop",
		"podSpecPointer": "/spec/template/spec",
		"podSpec": pod,
	},
	"profile": profile(containers, maturity),
	"config": {"mode": "enforce", "level": "baseline", "parameters": {}},
}

without_profile(pod) := object.union(make(pod, {}, "complete"), {"profile": null})
