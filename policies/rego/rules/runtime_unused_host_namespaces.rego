# METADATA
# title: Host namespaces never used (runtime)
# description: >-
#   The pod shares the host's network, PID or IPC namespace, but no container's runtime
#   profile shows it relied on it.
# custom:
#   id: runtime-unused-host-namespaces
#   severity: high
#   level: runtime
#   reliesOn: [hostNamespaces]
#   remediation: Set hostNetwork, hostPID and hostIPC to false (the patch does).
#   frameworks:
#     pss: baseline/host-namespaces
#     cis: ["5.2.3", "5.2.4", "5.2.5"]
#     nsa: "Pod security: non-root and unprivileged containers"
#     mitre: [T1611]
package profilegate.rules.runtime_unused_host_namespaces

# Fields: spec.hostNetwork, spec.hostPID, spec.hostIPC. One violation per field set to true
# when every container is profiled and none lists the namespace in hostNamespaces.

import data.profilegate.lib.pods
import data.profilegate.lib.runtime
import data.profilegate.lib.violations
import rego.v1

meta := rego.metadata.chain()[1].annotations

namespaces := {"hostNetwork": "network", "hostPID": "pid", "hostIPC": "ipc"}

used(ns) if {
	some c in runtime.containers
	ns in c.observed.hostNamespaces
}

violation contains v if {
	runtime.all_profiled
	some field, ns in namespaces
	pods.pod_spec[field] == true
	not used(ns)
	v := violations.make(meta, {
		"message": sprintf("pod sets %s=true, but no container used the host %s namespace %s", [field, ns, runtime.evidence]),
		"evidence": "runtime",
		"field": pods.pod_field(field),
		"patch": runtime.patch([{"op": "replace", "path": sprintf("%s/%s", [pods.pod_spec_pointer, field]), "value": false}]),
	})
}
