// SPDX-License-Identifier: GPL-2.0 OR Apache-2.0
/*
 * Syscalls: raw_tp/sys_enter sets the syscall's bit in the container's bitmap (no event), and
 * keeps the arguments of the syscalls whose sys_exit_ program (files, net, process) needs them.
 */
#include "lib/syscall-args.h"

SEC("raw_tp/sys_enter")
int BPF_PROG(on_sys_enter, struct pt_regs *regs, long id)
{
	/* Untracked tasks (nearly all of them) leave after one helper call and one load. */
	__u64 key = current_key();
	if (!maybe_tracked(key) || (unsigned long)id >= SYSCALL_BITS)
		return 0;
	__u32 si = (__u32)key & (TRACKED_SLOTS - 1);
	struct tracked_slot *slot = bpf_map_lookup_elem(&slots, &si);
	struct container_state *s;
	if (slot && slot->key == key) {
		s = &slot->s;
	} else {
		s = bpf_map_lookup_elem(&tracked, &key);
		if (!s)
			return 0;
	}
	__u64 bit = 1ULL << (id & 63);
	__u32 w = (id >> 6) & (SYSCALL_WORDS - 1);
	/* Read first: after the first call the line stays shared, no atomic per syscall. */
	if (!(s->syscalls[w] & bit))
		__sync_fetch_and_or(&s->syscalls[w], bit);
	/* Only the few syscalls with a sys_exit_ program keep their arguments. */
	if (spec_syscalls[w] & bit)
		remember_args(regs, (__u32)id);
	return 0;
}
