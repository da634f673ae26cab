/* SPDX-License-Identifier: Apache-2.0 */
/* The native syscall table of the architecture the loader was built for. */
#ifndef SYSCALL_TABLE_H
#define SYSCALL_TABLE_H

/* The seccomp name of syscall nr, or NULL when this architecture has none. */
const char *syscall_name(long nr);
/* The number of a syscall by name, or -1 when this architecture has none. */
long syscall_number(const char *name);
#endif
