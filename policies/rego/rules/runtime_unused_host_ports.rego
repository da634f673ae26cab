# METADATA
# title: Host ports never listened on (runtime)
# description: >-
#   A container port is published on the node (hostPort), but the runtime profile shows the
#   container never listened on it.
# custom:
#   id: runtime-unused-host-ports
#   severity: medium
#   level: runtime
#   reliesOn: [listeningPorts]
#   remediation: Remove hostPort from ports the container never listens on (the patch does).
#   frameworks:
#     pss: baseline/host-ports
#     cis: ["5.2.13"]
#     nsa: "Network separation and hardening"
#     mitre: [T1133]
package profilegate.rules.runtime_unused_host_ports

# Field: spec.{containers,initContainers}[*].ports[*].hostPort
# A port is used when listeningPorts holds {containerPort, protocol (default TCP)}.
# Skipped with hostNetwork: the API server defaults hostPort to containerPort there, so the
# removal would not stick; runtime-unused-host-namespaces covers hostNetwork itself.
# Removing a field shifts no array index; each removal is guarded by a `test` of the port.

import data.profilegate.lib.pods
import data.profilegate.lib.runtime
import data.profilegate.lib.violations
import rego.v1

meta := rego.metadata.chain()[1].annotations

unused[c.name] contains [j, port] if {
	not pods.pod_spec.hostNetwork == true
	some c in runtime.containers
	some j, port in object.get(c.spec, "ports", [])
	object.get(port, "hostPort", 0) != 0
	not listened(c, port)
}

listened(c, port) if {
	some l in c.observed.listeningPorts
	l.port == port.containerPort
	l.protocol == object.get(port, "protocol", "TCP")
}

violation contains v if {
	some c in runtime.containers
	ports := unused[c.name]
	v := violations.make(meta, {
		"message": sprintf("container %s publishes host port %s, never listened on %s", [
			pods.quote(c.name),
			concat(", ", sort([sprintf("%d (containerPort %d/%s)", [p.hostPort, p.containerPort, object.get(p, "protocol", "TCP")]) |
				some [_, p] in ports
			])),
			runtime.evidence,
		]),
		"evidence": "runtime",
		"containers": [c.name],
		"field": pods.container_field("ports[*].hostPort"),
		"patch": runtime.patch([op |
			some [j, p] in sort(ports)
			some op in [
				{"op": "test", "path": sprintf("%s/ports/%d/hostPort", [c.pointer, j]), "value": p.hostPort},
				{"op": "remove", "path": sprintf("%s/ports/%d/hostPort", [c.pointer, j])},
			]
		]),
	})
}
