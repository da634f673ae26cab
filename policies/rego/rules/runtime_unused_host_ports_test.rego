package profilegate.rules.runtime_unused_host_ports_test

import data.profilegate.lib.runtime_fixtures_test as f
import data.profilegate.rules.runtime_unused_host_ports as rule
import rego.v1

pod := {"containers": [{"name": "web", "ports": [
	{"containerPort": 80, "hostPort": 80},
	{"containerPort": 9000, "hostPort": 9000},
	{"containerPort": 53, "hostPort": 53, "protocol": "UDP"},
]}]}

test_unlistened_host_ports_removed if {
	obs := {"web": {"listeningPorts": [{"port": 80, "protocol": "TCP"}, {"port": 53, "protocol": "TCP"}]}}
	[v] := [v | some v in rule.violation] with input as f.make(pod, obs, "complete")
	v.message == sprintf(`container "web" publishes host port 53 (containerPort 53/UDP), 9000 (containerPort 9000/TCP), never listened on %s`, [f.evidence])
	v.patch == [
		{"op": "test", "path": "/spec/template/spec/containers/0/ports/1/hostPort", "value": 9000},
		{"op": "remove", "path": "/spec/template/spec/containers/0/ports/1/hostPort"},
		{"op": "test", "path": "/spec/template/spec/containers/0/ports/2/hostPort", "value": 53},
		{"op": "remove", "path": "/spec/template/spec/containers/0/ports/2/hostPort"},
	]
}

test_all_listened if {
	obs := {"web": {"listeningPorts": [
		{"port": 80, "protocol": "TCP"},
		{"port": 9000, "protocol": "TCP"},
		{"port": 53, "protocol": "UDP"},
	]}}
	count(rule.violation) == 0 with input as f.make(pod, obs, "complete")
}

test_host_network_skipped if {
	count(rule.violation) == 0 with input as f.make(object.union(pod, {"hostNetwork": true}), {"web": {}}, "complete")
}
