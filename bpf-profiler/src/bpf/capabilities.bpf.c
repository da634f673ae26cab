// SPDX-License-Identifier: GPL-2.0 OR Apache-2.0
/*
 * Capabilities: granted checks of the task's own credentials (EV_CAP), with the kernel stack so
 * user space can drop the checks of CAP_OPT_NOAUDIT callers (docs/bpf-profiler.md, "The
 * capability rule"). One of two hook sets loads, chosen by the loader's attach table:
 *   tp_btf/cap_capable                        kernel 6.14+ (no opts argument: the stack decides)
 *   kprobe + kretprobe cap_capable            older kernels (opts read directly)
 */
#include "lib/emit.h"
#include "lib/tracking.h"

static __always_inline void emit_cap(void *ctx, __u64 key, int cap, __u32 flags)
{
	long stack_id = bpf_get_stackid(ctx, &stacks, 0);
	if (stack_id < 0)
		count_lost(LOST_STACK);
	struct seen_key k;
	struct event *e = new_fact(&k, key, EV_CAP, flags, cap, stack_id < 0 ? -1 : stack_id);
	if (!e)
		return;
	e->h.cap = cap;
	e->h.stack_id = stack_id;
	send_fact(e, &k);
}

/* Only the task's own credentials: not another task's (OOM scoring) nor credentials a
 * subsystem overrides with (overlayfs checks with its mounter's, access(2) with real ids). */
static __always_inline int own_cred(const struct cred *cred)
{
	struct task_struct *t = (struct task_struct *)bpf_get_current_task();
	return cred == BPF_CORE_READ(t, real_cred) && cred == BPF_CORE_READ(t, cred);
}

SEC("tp_btf/cap_capable")
int BPF_PROG(on_cap_capable, const struct cred *cred, struct user_namespace *target_ns,
	     const struct user_namespace *capable_ns, int cap, int ret)
{
	if (ret != 0)
		return 0;
	__u64 key = current_key();
	if (!is_tracked(key) || !own_cred(cred))
		return 0;
	emit_cap(ctx, key, cap, 0);
	return 0;
}

/* The kprobe's arguments, per thread, for the kretprobe that knows the result. */
struct cap_args {
	const struct cred *cred;
	int cap;
	unsigned int opts;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16384);
	__type(key, __u32);
	__type(value, struct cap_args);
} cap_pending SEC(".maps");

SEC("kprobe/cap_capable")
int BPF_KPROBE(kp_cap_capable, const struct cred *cred, struct user_namespace *ns, int cap,
	       unsigned int opts)
{
	__u64 key = current_key();
	if (!is_tracked(key))
		return 0;
	struct cap_args a = {.cred = cred, .cap = cap, .opts = opts};
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	if (bpf_map_update_elem(&cap_pending, &tid, &a, BPF_ANY) < 0)
		count_lost(LOST_PENDING);
	return 0;
}

SEC("kretprobe/cap_capable")
int BPF_KRETPROBE(krp_cap_capable, int ret)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct cap_args *a = bpf_map_lookup_elem(&cap_pending, &tid);
	if (!a)
		return 0;
	struct cap_args args = *a;
	bpf_map_delete_elem(&cap_pending, &tid);
	if (ret != 0 || !own_cred(args.cred))
		return 0;
	emit_cap(ctx, current_key(), args.cap, (args.opts & CAP_OPT_NOAUDIT) ? EVF_NOAUDIT : 0);
	return 0;
}
