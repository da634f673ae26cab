// SPDX-License-Identifier: Apache-2.0
#include <string.h>
#include <sys/syscall.h>
#include "syscall-table.h"
#include "profiler.h"

struct syscall_entry {
	const char *name;
	long nr;
};

#define SYSCALL(name, nr) {#name, nr},
static const struct syscall_entry table[] = {
#include "syscall_names.h"
};
#undef SYSCALL

const char *syscall_name(long nr)
{
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (table[i].nr == nr)
			return table[i].name;
	return NULL;
}

long syscall_number(const char *name)
{
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (strcmp(table[i].name, name) == 0)
			return table[i].nr;
	return -1;
}
