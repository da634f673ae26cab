# METADATA
# title: LoadBalancer Services open to any address
# description: >-
#   A LoadBalancer Service without spec.loadBalancerSourceRanges (or with 0.0.0.0/0 or ::/0
#   in them) is reachable from any address the load balancer is reachable from, usually the
#   internet, and also opens node ports on every node.
# custom:
#   id: exposure-service-loadbalancer
#   severity: medium
#   level: exposure
#   remediation: >-
#     Set spec.loadBalancerSourceRanges to the client networks, use an internal load balancer,
#     or put the workload behind an Ingress or Gateway; exempt Services meant to be public.
#   parameters:
#     openRanges: >-
#       Source ranges that count as "any address". Default: 0.0.0.0/0 and ::/0.
#   frameworks:
#     pss: none
#     cis: []
#     nsa: "Network separation and hardening"
#     mitre: [T1133, T1190]
package profilegate.rules.exposure_service_loadbalancer

import data.profilegate.lib.params
import data.profilegate.lib.services
import data.profilegate.lib.violations
import rego.v1

meta := rego.metadata.chain()[1].annotations

open_ranges := params.get(meta.custom.id, "openRanges", ["0.0.0.0/0", "::/0"])

ranges := object.get(services.spec, "loadBalancerSourceRanges", [])

open if count(ranges) == 0

open if {
	some r in ranges
	r in open_ranges
}

violation contains v if {
	services.spec.type == "LoadBalancer"
	open
	v := violations.make(meta, {
		"message": sprintf(
			"service %s of type LoadBalancer must set spec.loadBalancerSourceRanges to the networks that need it (allowed: ranges other than %s)",
			[services.quoted_name, concat(", ", open_ranges)],
		),
		"field": "spec.loadBalancerSourceRanges",
	})
}
