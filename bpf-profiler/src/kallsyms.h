/* SPDX-License-Identifier: Apache-2.0 */
/* Kernel symbol lookup for classifying the call stacks of capability checks. */
#ifndef KALLSYMS_H
#define KALLSYMS_H
#include <stdint.h>

/* Loads /proc/kallsyms; returns 0, or -1 when it is unreadable or addresses are hidden. */
int kallsyms_load(void);
/* The function containing addr, or NULL. */
const char *kallsyms_lookup(uint64_t addr);
#endif
