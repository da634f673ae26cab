/* SPDX-License-Identifier: GPL-2.0 OR Apache-2.0 */
/* Which container the current task belongs to, and whether it is recorded. */
#ifndef PG_BPF_TRACKING_H
#define PG_BPF_TRACKING_H

#include "maps.h"

static __always_inline __u64 current_key(void)
{
	if (key_mode == 1) {
		struct task_struct *t = (struct task_struct *)bpf_get_current_task();
		return BPF_CORE_READ(t, nsproxy, mnt_ns, ns.inum);
	}
	return bpf_get_current_cgroup_id();
}

/* 0 proves the key untracked; 1 may be a collision (see tracked_filter). */
static __always_inline int maybe_tracked(__u64 key)
{
	__u32 b = (__u32)key & (TRACKED_FILTER_BITS - 1);
	return (tracked_filter[b >> 6] >> (b & 63)) & 1;
}

static __always_inline int is_tracked(__u64 key)
{
	return maybe_tracked(key) && bpf_map_lookup_elem(&tracked, &key) != NULL;
}

#endif
