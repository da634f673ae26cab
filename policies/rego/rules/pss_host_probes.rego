# METADATA
# title: Probe and lifecycle hosts
# description: >-
#   A host in an httpGet or tcpSocket probe or lifecycle handler makes the kubelet connect to
#   an arbitrary address from the node, which can reach services only the node may reach.
#   Part of the baseline profile since Kubernetes 1.34.
# custom:
#   id: pss-host-probes
#   severity: medium
#   level: baseline
#   remediation: Remove the host field from probes and lifecycle handlers; the kubelet then uses the pod IP.
#   psa:
#     check: hostProbesAndHostLifecycle
#     versions:
#       v1.34: introduced, host "" or unset
#   frameworks:
#     pss: baseline/probes-and-lifecycle-hooks
#     cis: []
#     nsa: "Network separation and hardening"
#     mitre: [T1090]
package profilegate.rules.pss_host_probes

# Restricted fields, for containers, initContainers and ephemeralContainers:
#   {livenessProbe,readinessProbe,startupProbe}.{httpGet,tcpSocket}.host
#   lifecycle.{postStart,preStop}.{httpGet,tcpSocket}.host
# Allowed values: undefined/null, "". From v1.34; earlier versions have no such check.

import data.profilegate.lib.pods
import data.profilegate.lib.pss_version
import data.profilegate.lib.violations
import rego.v1

meta := rego.metadata.chain()[1].annotations

handlers(spec) := array.concat(
	[object.get(spec, p, {}) | some p in ["livenessProbe", "readinessProbe", "startupProbe"]],
	[object.get(object.get(spec, "lifecycle", {}), h, {}) | some h in ["postStart", "preStop"]],
)

bad_hosts[c.name] contains host if {
	pss_version.at_least(34)
	some c in pods.containers
	some handler in handlers(c.spec)
	some action in ["httpGet", "tcpSocket"]
	host := object.get(object.get(handler, action, {}), "host", "")
	host != ""
}

violation contains v if {
	count(bad_hosts) > 0
	names := [n | some n, _ in bad_hosts]
	hosts := {h | some hs in bad_hosts; some h in hs}
	v := violations.make(meta, {
		"message": sprintf(
			`%s must not set probe or lifecycle host %s (allowed: "" or unset)`,
			[pods.containers_phrase(names), pods.quoted_names(hosts)],
		),
		"containers": pods.sorted_names(names),
		"field": pods.container_field("{livenessProbe,readinessProbe,startupProbe,lifecycle.postStart,lifecycle.preStop}.{httpGet,tcpSocket}.host"),
	})
}
