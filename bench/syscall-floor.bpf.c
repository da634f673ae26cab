// SPDX-License-Identifier: GPL-2.0 OR Apache-2.0
/*
 * The floor of the recorder's overhead benchmark: a sys_enter program that does nothing. Any
 * program on a syscall tracepoint moves every task to the kernel's slow syscall path; what this
 * costs is what no recorder program can go below.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

SEC("raw_tp/sys_enter")
int floor_sys_enter(void *ctx)
{
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
