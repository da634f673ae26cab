/* SPDX-License-Identifier: GPL-2.0 OR Apache-2.0 */
/*
 * Syscall arguments from enter to exit. At raw_tp/sys_enter the arguments of a syscall that has
 * a sys_exit_ program are kept per thread in `pending`, read as the loader's syscall_spec says;
 * at its exit, where the result is known, take_pending() hands them to that program.
 */
#ifndef PG_BPF_SYSCALL_ARGS_H
#define PG_BPF_SYSCALL_ARGS_H

#include "emit.h"
#include "tracking.h"

/* The syscall's arguments from its registers (the pt_regs of raw_tp/sys_enter). */
static __always_inline __u64 arg_at(struct pt_regs *regs, int i)
{
	switch (i) {
	case 0:
		return PT_REGS_PARM1_CORE_SYSCALL(regs);
	case 1:
		return PT_REGS_PARM2_CORE_SYSCALL(regs);
	case 2:
		return PT_REGS_PARM3_CORE_SYSCALL(regs);
	case 3:
		return PT_REGS_PARM4_CORE_SYSCALL(regs);
	case 4:
		return PT_REGS_PARM5_CORE_SYSCALL(regs);
	}
	return 0;
}

/* Keeps the arguments of a path, socket or set*id syscall for its exit, where ret is known. */
static __always_inline void remember_args(struct pt_regs *regs, __u32 nr)
{
	struct syscall_spec *sp = bpf_map_lookup_elem(&syscall_spec, &nr);
	if (!sp || !sp->kind)
		return;
	struct pending p;
	__builtin_memset(&p, 0, sizeof(p));
	p.kind = sp->kind;
	p.nr = nr;
	p.dfd1 = sp->dfd1 >= 0 ? (__s32)arg_at(regs, sp->dfd1) : AT_FDCWD;
	p.dfd2 = sp->dfd2 >= 0 ? (__s32)arg_at(regs, sp->dfd2) : AT_FDCWD;
	p.p1 = sp->path1 >= 0 ? arg_at(regs, sp->path1) : 0;
	p.p2 = sp->path2 >= 0 ? arg_at(regs, sp->path2) : 0;
	if (sp->flags >= 0) {
		__u64 v = arg_at(regs, sp->flags);
		if (sp->flags_how) {
			__u64 how_flags = 0;
			if (bpf_probe_read_user(&how_flags, sizeof(how_flags), (void *)v) < 0)
				count_lost(LOST_USER_READ);
			v = how_flags;
		}
		p.a1 = v;
	} else {
		p.a1 = sp->const_flags;
	}
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	if (bpf_map_update_elem(&pending, &tid, &p, BPF_ANY) < 0)
		count_lost(LOST_PENDING);
}

/*
 * The first step of every sys_exit_ program: takes this thread's kept arguments into *p and the
 * task's key into *key. 0 when there is nothing to record: no entry, an entry left over from a
 * syscall that never returned (exec, exit; matched by syscall number), or an untracked task.
 */
static __always_inline int take_pending(struct trace_event_raw_sys_exit *ctx, struct pending *p, __u64 *key)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct pending *pp = bpf_map_lookup_elem(&pending, &tid);
	if (!pp)
		return 0;
	*p = *pp;
	bpf_map_delete_elem(&pending, &tid);
	if (p->nr != (__u32)ctx->id)
		return 0;
	*key = current_key();
	return is_tracked(*key);
}

#endif
