/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The syscall programs are attached only while something is recorded: while any key is tracked
 * or any root is watched. Any syscall tracepoint with a program puts every task on the host on
 * the kernel's slow syscall path, whatever the program does; with none attached the node pays
 * nothing for the recorder but its exec, socket and capability hooks.
 */
#ifndef SYSCALL_HOOKS_H
#define SYSCALL_HOOKS_H

#include "profiler.skel.h"

/*
 * Attaches (want != 0) or detaches the syscall programs, and says so on stdout as a `hooks`
 * line when that changes. Attaching sets syscall_hooks_live after the last program is attached;
 * detaching clears it before the first is detached. A failed attach is said on stderr and ends
 * the recorder (exit 1): nothing it recorded after could be trusted to be complete.
 */
void syscall_hooks_set(struct profiler_bpf *skel, int want);

/* Detaches when no key is tracked and no root is watched (after untrack, unwatch). */
void syscall_hooks_sync(struct profiler_bpf *skel);

#endif
