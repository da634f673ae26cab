# Helpers for rules about Services: input.request.object is the Service and
# input.workload is null.
package profilegate.lib.services

import data.profilegate.lib.pods
import rego.v1

service := input.request.object if input.request.object.kind == "Service"

spec := object.get(service, "spec", {})

quoted_name := pods.quote(object.get(object.get(service, "metadata", {}), "name", input.request.name))

# "node ports 30080, 30443" / "an allocated node port": nodePorts the API server has not
# allocated yet (on CREATE) are not in the object.
node_ports_text := concat(" and ", array.concat(fixed, allocated)) if {
	ports := object.get(spec, "ports", [])
	given := sort([p.nodePort | some p in ports; object.get(p, "nodePort", 0) != 0])
	unset := count([p | some p in ports; object.get(p, "nodePort", 0) == 0])
	fixed := [concat(" ", [{true: "node port", false: "node ports"}[count(given) == 1], concat(", ", [format_int(p, 10) | some p in given])]) | count(given) > 0]
	allocated := [{true: "an allocated node port", false: concat("", [format_int(unset, 10), " allocated node ports"])}[unset == 1] | unset > 0]
}
