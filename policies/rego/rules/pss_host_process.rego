# METADATA
# title: Windows HostProcess
# description: >-
#   Windows HostProcess containers run directly on the Windows node with the privileges of its
#   user, the Windows equivalent of a privileged container.
# custom:
#   id: pss-host-process
#   severity: critical
#   level: baseline
#   remediation: Remove securityContext.windowsOptions.hostProcess (pod and containers) or set it to false.
#   psa:
#     check: windowsHostProcess
#     versions:
#       v1.0: >-
#         windowsOptions.hostProcess false or unset
#   frameworks:
#     pss: baseline/hostprocess
#     cis: ["5.2.11"]
#     nsa: "Pod security: non-root and unprivileged containers"
#     mitre: [T1611]
package profilegate.rules.pss_host_process

# Restricted fields:
#   spec.securityContext.windowsOptions.hostProcess
#   spec.{containers,initContainers,ephemeralContainers}[*].securityContext.windowsOptions.hostProcess
# Allowed values: undefined/null, false.

import data.profilegate.lib.pods
import data.profilegate.lib.violations
import rego.v1

meta := rego.metadata.chain()[1].annotations

default pod_bad := false

pod_bad if pods.pod_security_context.windowsOptions.hostProcess == true

bad_containers contains c.name if {
	some c in pods.containers
	pods.security_context(c).windowsOptions.hostProcess == true
}

violation contains v if {
	some setters
	setters = pods.setters_phrase(pod_bad, bad_containers)
	v := violations.make(meta, {
		"message": sprintf(
			"%s must not set securityContext.windowsOptions.hostProcess=true (allowed: false or unset)",
			[setters],
		),
		"containers": pods.sorted_names(bad_containers),
		"field": pods.container_field("securityContext.windowsOptions.hostProcess"),
	})
}
