// SPDX-License-Identifier: Apache-2.0
#include <stdio.h>
#include <string.h>
#include <bpf/bpf.h>
#include "cap-classify.h"
#include "kallsyms.h"

/*
 * Callers that check with CAP_OPT_NOAUDIT: the kernel asks, but the process does not need it
 * (e.g. every mmap by root asks for SYS_ADMIN to size the overcommit reserve). The LSM layer
 * tail-calls cap_vm_enough_memory, so its frame is security_vm_enough_memory_mm.
 */
static const char *const noaudit_callers[] = {
	"ns_capable_noaudit", "has_ns_capability_noaudit", "has_capability_noaudit",
	"cap_vm_enough_memory", "security_vm_enough_memory_mm", "__vm_enough_memory",
	"selinux_vm_enough_memory", NULL,
};

static int stacks_fd = -1;
static int have_kallsyms;
static int debug_caps;

void cap_classify_init(int stacks, int kallsyms, int debug)
{
	stacks_fd = stacks;
	have_kallsyms = kallsyms;
	debug_caps = debug;
}

static int same_function(const char *sym, const char *name)
{
	size_t n = strlen(name);
	/* The compiler's split-off parts (name.cold, name.isra.0) belong to the same function. */
	return strncmp(sym, name, n) == 0 && (sym[n] == 0 || sym[n] == '.');
}

const char *classify_cap(const struct event *e)
{
	if (e->h.flags & EVF_NOAUDIT)
		return "CAP_OPT_NOAUDIT";
	if (e->h.stack_id < 0 || !have_kallsyms)
		return NULL; /* cannot tell: count it, a superset is safe */
	__u64 ips[MAX_STACK_DEPTH] = {0};
	__u32 id = (__u32)e->h.stack_id;
	if (bpf_map_lookup_elem(stacks_fd, &id, ips) != 0)
		return NULL;
	for (int i = 0; i < MAX_STACK_DEPTH && ips[i]; i++) {
		const char *sym = kallsyms_lookup(ips[i]);
		if (debug_caps)
			fprintf(stderr, "cap %d stack %d: %s\n", e->h.cap, i, sym ? sym : "?");
		if (!sym)
			continue;
		for (int j = 0; noaudit_callers[j]; j++)
			if (same_function(sym, noaudit_callers[j]))
				return noaudit_callers[j];
	}
	return NULL;
}
