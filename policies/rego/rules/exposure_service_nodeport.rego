# METADATA
# title: NodePort Services
# description: >-
#   A NodePort Service opens its port on every node's addresses, usually outside the cluster's
#   network controls, and is easy to forget once the load balancer or ingress in front changes.
# custom:
#   id: exposure-service-nodeport
#   severity: medium
#   level: exposure
#   remediation: >-
#     Use a ClusterIP Service behind an Ingress or Gateway; if a NodePort is needed, restrict
#     who can reach the node ports with firewall rules and exempt the Service.
#   frameworks:
#     pss: none
#     cis: []
#     nsa: "Network separation and hardening"
#     mitre: [T1133, T1190]
package profilegate.rules.exposure_service_nodeport

import data.profilegate.lib.services
import data.profilegate.lib.violations
import rego.v1

meta := rego.metadata.chain()[1].annotations

violation contains v if {
	services.spec.type == "NodePort"
	v := violations.make(meta, {
		"message": sprintf(
			`service %s must not be of type NodePort: it opens %s on every node (allowed: ClusterIP, or an Ingress or Gateway in front)`,
			[services.quoted_name, services.node_ports_text],
		),
		"field": "spec.type",
	})
}
