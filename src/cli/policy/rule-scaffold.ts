/**
 * The files `profilegate policy new <id>` writes: a rule package with its METADATA, its Rego
 * unit tests and two case files, which pass `policy test` as written. The rule is a working
 * example (images must pin a tag other than latest, or a digest) for the author to replace.
 */
export interface ScaffoldFile {
  /** Relative to the policy directory. */
  path: string;
  text: string;
}

export const RULE_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export function scaffoldRule(id: string, severity: string): ScaffoldFile[] {
  const pkg = id.replaceAll('-', '_');
  const title = id.charAt(0).toUpperCase() + id.slice(1).replaceAll('-', ' ');
  return [
    { path: `rules/${pkg}.rego`, text: ruleText(id, pkg, title, severity) },
    { path: `rules/${pkg}_test.rego`, text: testText(id, pkg) },
    { path: `cases/${id}-denied.yaml`, text: caseText(id, 'nginx:latest', false) },
    { path: `cases/${id}-allowed.yaml`, text: caseText(id, 'registry.example:5000/web:1.27.3', true) },
  ];
}

const MESSAGE = 'must pin its image to a tag other than latest or to a digest';

function ruleText(id: string, pkg: string, title: string, severity: string): string {
  return `# METADATA
# title: ${title}
# description: >-
#   Example rule from profilegate policy new: containers must pin their image to a tag
#   other than latest, or to a digest. Replace it with what your rule checks.
# custom:
#   id: ${id}
#   severity: ${severity}
#   level: baseline
#   remediation: Set the container's image to a released tag (app:1.4.2) or a digest (app@sha256:...).
#   frameworks:
#     pss: none
package profilegate.rules.${pkg}

import data.profilegate.lib.pods
import data.profilegate.lib.violations
import rego.v1

# The package METADATA above: id, severity and level reach every violation through it.
meta := rego.metadata.chain()[1].annotations

# A list in container order (pods.containers covers init and ephemeral containers too).
flagged := [c |
	some c in pods.containers
	unpinned(c.spec.image)
]

# The last path segment holds the tag: a registry port (host:5000/app) is not one.
tag_part(image) := parts[count(parts) - 1] if parts := split(image, "/")

unpinned(image) if {
	not contains(image, "@")
	not contains(tag_part(image), ":")
}

unpinned(image) if {
	not contains(image, "@")
	endswith(image, ":latest")
}

violation contains v if {
	count(flagged) > 0
	names := [c.name | some c in flagged]
	v := violations.make(meta, {
		"message": sprintf("%s ${MESSAGE}", [pods.containers_phrase(names)]),
		"containers": pods.sorted_names(names),
		"field": pods.container_field("image"),
	})
}
`;
}

function testText(id: string, pkg: string): string {
  return `package profilegate.rules.${pkg}_test

import data.profilegate.lib.fixtures_test as f
import data.profilegate.rules.${pkg}
import rego.v1

test_tagged_image_allowed if {
	count(${pkg}.violation) == 0 with input as f.deployment({"containers": [{"name": "web", "image": "registry.example:5000/web:1.27.3"}]})
}

test_digest_allowed if {
	count(${pkg}.violation) == 0 with input as f.deployment({"containers": [{"name": "web", "image": "web@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"}]})
}

test_latest_and_untagged_denied if {
	vs := ${pkg}.violation with input as f.deployment({"containers": [
		{"name": "web", "image": "nginx:latest"},
		{"name": "sidecar", "image": "registry.example:5000/sidecar"},
	]})
	some v in vs
	v.id == "${id}"
	v.message == \`containers "sidecar", "web" ${MESSAGE}\`
	v.containers == ["sidecar", "web"]
	v.field == "spec.template.spec.containers[*].image"
}
`;
}

function caseText(id: string, image: string, allowed: boolean): string {
  const name = allowed
    ? `a Deployment pinning its image passes ${id}`
    : `a Deployment running :latest is denied by ${id}`;
  const expectation = allowed
    ? '  allowed: true\n  violations: []\n'
    : `  allowed: false\n  violations: [${id}]\n  messages:\n    ${id}: 'container "web" ${MESSAGE}'\n`;
  return `# A case file: what the webhook must answer for this manifest (docs/policy-authoring.md).
name: ${name}
manifest:
  apiVersion: apps/v1
  kind: Deployment
  metadata: { name: web, namespace: shop }
  spec:
    selector: { matchLabels: { app: web } }
    template:
      metadata: { labels: { app: web } }
      spec:
        automountServiceAccountToken: false
        containers:
          - name: web
            image: ${image}
expect:
${expectation}`;
}
