# METADATA
# title: Host namespaces
# description: >-
#   Sharing the host's network, PID or IPC namespace lets a pod see and reach the node's
#   processes, traffic and shared memory. hostNetwork also exposes every port the pod
#   listens on at the node's addresses, so this rule doubles as the hostNetwork exposure check.
# custom:
#   id: pss-host-namespaces
#   severity: high
#   level: baseline
#   exposure: true
#   remediation: Remove spec.hostNetwork, spec.hostPID and spec.hostIPC or set them to false.
#   psa:
#     check: hostNamespaces
#     versions:
#       v1.0: >-
#         hostNetwork, hostPID, hostIPC false or unset
#   frameworks:
#     pss: baseline/host-namespaces
#     cis: ["5.2.3", "5.2.4", "5.2.5"]
#     nsa: "Pod security: pod security enforcement"
#     mitre: [T1611, T1046]
package profilegate.rules.pss_host_namespaces

# Restricted fields: spec.hostNetwork, spec.hostPID, spec.hostIPC
# Allowed values: false, undefined/null.

import data.profilegate.lib.pods
import data.profilegate.lib.violations
import rego.v1

meta := rego.metadata.chain()[1].annotations

shared contains name if {
	some name in ["hostIPC", "hostNetwork", "hostPID"]
	pods.pod_spec[name] == true
}

violation contains v if {
	count(shared) > 0
	names := sort(shared)
	v := violations.make(meta, {
		"message": sprintf(
			"pod must not set %s (allowed: false or unset)",
			[concat(", ", [concat("", [n, "=true"]) | some n in names])],
		),
		"field": concat(", ", [pods.pod_field(n) | some n in names]),
	})
}
