// SPDX-License-Identifier: GPL-2.0 OR Apache-2.0
/* The one definition of every shared map and global (declared in lib/maps.h), and the license. */
#include "lib/maps.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

const volatile __u32 key_mode = 0;
const volatile __u32 per_file = 0;
__u64 tracked_filter[TRACKED_FILTER_BITS / 64];
__u64 spec_syscalls[SYSCALL_WORDS];
__u64 watch_roots[WATCH_ROOTS];
__u32 watch_levels[WATCH_ROOTS];
__u32 syscall_hooks_live;

tracked_map tracked SEC(".maps");
slots_map slots SEC(".maps");
seen_map seen SEC(".maps");
pending_map pending SEC(".maps");
syscall_spec_map syscall_spec SEC(".maps");
lost_map lost SEC(".maps");
stacks_map stacks SEC(".maps");
scratch_map scratch SEC(".maps");
events_map events SEC(".maps");
