# METADATA
# title: Host ports
# description: >-
#   A hostPort binds a container port on the node's own addresses, exposing the workload
#   outside the cluster network and bypassing Services and most NetworkPolicy setups. This
#   rule doubles as the host-port exposure check.
# custom:
#   id: pss-host-ports
#   severity: medium
#   level: baseline
#   exposure: true
#   remediation: >-
#     Remove ports[*].hostPort (or set it to 0) and expose the workload through a Service;
#     allow specific ports with the allowedHostPorts parameter.
#   parameters:
#     allowedHostPorts: Host port numbers containers may bind. Default none.
#   psa:
#     check: hostPorts
#     versions:
#       v1.0: >-
#         hostPort 0 or unset
#   frameworks:
#     pss: baseline/host-ports
#     cis: ["5.2.13"]
#     nsa: "Network separation and hardening"
#     mitre: [T1133]
package profilegate.rules.pss_host_ports

# Restricted fields: spec.{containers,initContainers,ephemeralContainers}[*].ports[*].hostPort
# Allowed values: undefined/null, 0 (or a port in allowedHostPorts).

import data.profilegate.lib.params
import data.profilegate.lib.pods
import data.profilegate.lib.violations
import rego.v1

meta := rego.metadata.chain()[1].annotations

allowed := {p | some p in params.get(meta.custom.id, "allowedHostPorts", [])}

bad_ports[c.name] contains port.hostPort if {
	some c in pods.containers
	some port in object.get(c.spec, "ports", [])
	object.get(port, "hostPort", 0) != 0
	not port.hostPort in allowed
}

violation contains v if {
	count(bad_ports) > 0
	names := [n | some n, _ in bad_ports]
	ports := sort({p | some ps in bad_ports; some p in ps})
	v := violations.make(meta, {
		"message": sprintf(
			"%s must not set hostPort %s (allowed: 0 or unset%s)",
			[pods.containers_phrase(names), concat(", ", [format_int(p, 10) | some p in ports]), allowed_suffix],
		),
		"containers": pods.sorted_names(names),
		"field": pods.container_field("ports[*].hostPort"),
	})
}

allowed_suffix := "" if count(allowed) == 0

allowed_suffix := concat("", [", ", concat(", ", [format_int(p, 10) | some p in sort(allowed)])]) if count(allowed) > 0
