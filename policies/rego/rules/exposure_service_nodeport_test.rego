package profilegate.rules.exposure_service_nodeport_test

import data.profilegate.lib.fixtures_test as f
import data.profilegate.rules.exposure_service_nodeport
import rego.v1

test_cluster_ip_allowed if {
	count(exposure_service_nodeport.violation) == 0 with input as f.service({"type": "ClusterIP", "ports": [{"port": 80}]})
}

test_workloads_ignored if {
	count(exposure_service_nodeport.violation) == 0 with input as f.deployment({"containers": [{"name": "a"}]})
}

test_node_port_denied if {
	vs := exposure_service_nodeport.violation with input as f.service({"type": "NodePort", "ports": [{"port": 80, "nodePort": 30080}, {"port": 443}]})
	some v in vs
	v.id == "exposure-service-nodeport"
	v.message == `service "web" must not be of type NodePort: it opens node port 30080 and an allocated node port on every node (allowed: ClusterIP, or an Ingress or Gateway in front)`
	v.field == "spec.type"
}
