# METADATA
# title: Service externalIPs
# description: >-
#   spec.externalIPs makes every node accept traffic for the listed addresses and send it to
#   the Service. Whoever can create Services can intercept traffic meant for any address
#   (CVE-2020-8554).
# custom:
#   id: exposure-external-ips
#   severity: high
#   level: exposure
#   remediation: >-
#     Remove spec.externalIPs and use a LoadBalancer or an Ingress; if an address is needed,
#     allow it with the allowedExternalIPs parameter.
#   parameters:
#     allowedExternalIPs: Addresses Services may list in spec.externalIPs. Default none.
#   frameworks:
#     pss: none
#     cis: []
#     nsa: "Network separation and hardening"
#     mitre: [T1557]
package profilegate.rules.exposure_external_ips

import data.profilegate.lib.params
import data.profilegate.lib.pods
import data.profilegate.lib.services
import data.profilegate.lib.violations
import rego.v1

meta := rego.metadata.chain()[1].annotations

allowed := {ip | some ip in params.get(meta.custom.id, "allowedExternalIPs", [])}

bad contains ip if {
	some ip in object.get(services.spec, "externalIPs", [])
	not ip in allowed
}

violation contains v if {
	count(bad) > 0
	v := violations.make(meta, {
		"message": sprintf(
			"service %s must not set spec.externalIPs %s (allowed: none%s)",
			[services.quoted_name, pods.quoted_names(bad), allowed_suffix],
		),
		"field": "spec.externalIPs",
	})
}

allowed_suffix := "" if count(allowed) == 0

allowed_suffix := concat("", [" or ", concat(", ", sort(allowed))]) if count(allowed) > 0
