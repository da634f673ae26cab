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

/* After load: attaches every loaded program. -1 (said on stderr) when a required one fails. */
int attach_all(struct profiler_bpf *skel, struct attach_report *report);

#endif
