/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The attach table: which programs load on this kernel, and where each is attached. Kernels
 * differ (cap_capable is a tracepoint only from 6.14; some hosts load no kprobes), so the table,
 * not the BPF object, decides what loads: a program the kernel cannot take is never loaded.
 */
#ifndef ATTACH_H
#define ATTACH_H

#include "profiler.skel.h"

struct attach_report {
	const char *cap_hook;     /* "tracepoint", "kprobe", or "none" when attaching it failed */
	int path_syscalls;        /* sys_exit_ tracepoints attached */
	int path_syscalls_missing; /* table entries this architecture or kernel does not have */
};

/* Before load: mounts tracefs where missing, picks the capability hook, sets each autoload. */
void attach_prepare(struct profiler_bpf *skel, struct attach_report *report);

/*
 * After load: attaches every loaded program but the syscall ones, and fills the syscall table
 * they read. -1 (said on stderr) when a required one fails.
 */
int attach_all(struct profiler_bpf *skel, struct attach_report *report);

/* Upper bound of the links attach_syscall_hooks makes: sys_enter and one per table entry. */
#define SYSCALL_HOOK_LINKS 64

/*
 * Attaches on_sys_enter (links[0]) and the sys_exit_ program of every syscall attach_all found
 * (links[1..]), each whose slot is NULL: how many slots are in use, or -1 (said on stderr).
 */
int attach_syscall_hooks(struct profiler_bpf *skel, struct bpf_link **links);

#endif
