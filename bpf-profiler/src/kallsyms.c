// SPDX-License-Identifier: Apache-2.0
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kallsyms.h"

struct sym {
	uint64_t addr;
	char *name;
};

static struct sym *syms;
static size_t nsyms;

static int by_addr(const void *a, const void *b)
{
	const struct sym *x = a, *y = b;
	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

int kallsyms_load(void)
{
	FILE *f = fopen("/proc/kallsyms", "r");
	if (!f)
		return -1;
	size_t cap = 0;
	char line[512];
	while (fgets(line, sizeof(line), f)) {
		unsigned long long addr;
		char type, name[256];
		if (sscanf(line, "%llx %c %255s", &addr, &type, name) != 3)
			continue;
		if (type != 't' && type != 'T')
			continue;
		if (nsyms == cap) {
			cap = cap ? cap * 2 : 65536;
			struct sym *grown = realloc(syms, cap * sizeof(*syms));
			if (!grown) {
				fclose(f);
				return -1;
			}
			syms = grown;
		}
		syms[nsyms].addr = addr;
		syms[nsyms].name = strdup(name);
		nsyms++;
	}
	fclose(f);
	if (nsyms == 0 || syms[0].addr == 0)
		return -1; /* kptr_restrict hides addresses */
	qsort(syms, nsyms, sizeof(*syms), by_addr);
	return 0;
}

const char *kallsyms_lookup(uint64_t addr)
{
	size_t lo = 0, hi = nsyms;
	if (nsyms == 0 || addr < syms[0].addr)
		return NULL;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (syms[mid].addr <= addr)
			lo = mid;
		else
			hi = mid;
	}
	return syms[lo].name;
}
