// SPDX-License-Identifier: GPL-2.0 OR Apache-2.0
/*
 * Processes: what a container executes and with which credentials.
 *   tp_btf/sched_process_exec          the executed file (bprm->file, symlinks resolved), EV_EXEC,
 *                                      deduplicated by inode; and the credentials after exec
 *   sys_exit_ of set(re,res)[ug]id     on success, the new credentials as a privilege transition
 * An exec in an untracked cgroup below a watched root tracks that cgroup first (EV_ADOPT).
 */
#include "lib/path-walk.h"
#include "lib/syscall-args.h"

static __always_inline void read_ids(struct ids *ids)
{
	struct task_struct *t = (struct task_struct *)bpf_get_current_task();
	const struct cred *c = BPF_CORE_READ(t, real_cred);
	ids->uid = BPF_CORE_READ(c, uid.val);
	ids->euid = BPF_CORE_READ(c, euid.val);
	ids->gid = BPF_CORE_READ(c, gid.val);
	ids->egid = BPF_CORE_READ(c, egid.val);
}

/* The task's credentials; a set-id state (euid != uid) is a transition whatever the caller says. */
static __always_inline void emit_ids(__u64 key, __u32 flags)
{
	struct ids ids;
	read_ids(&ids);
	if (ids.euid != ids.uid || ids.egid != ids.gid)
		flags |= EVF_TRANSITION;
	struct seen_key k;
	struct event *e = new_fact(&k, key, EV_IDS, flags, ((__u64)ids.uid << 32) | ids.euid,
				   ((__u64)ids.gid << 32) | ids.egid | ((__u64)(flags & EVF_TRANSITION) << 62));
	if (!e)
		return;
	e->h.ids = ids;
	send_fact(e, &k);
}

/* A zeroed state for keys tracked here: .bss, as container_state is too large for the stack. */
static struct container_state empty_state;

/*
 * Tracks `key` if the current task's cgroup lies below a watched root: its `tracked` entry, then
 * its filter bit (as the loader orders them), then EV_ADOPT so the loader counts the bit and user
 * space learns the key. 1 when the key is tracked now (also when another CPU adopted it first).
 */
static __always_inline int adopt(__u64 key)
{
	if (key_mode != 0)
		return 0;
	/*
	 * Only an exec inside a PID namespace of its own: the container's entrypoint. runc re-execs
	 * itself (its memfd copy) in the host's PID namespace after joining the cgroup, and what its
	 * init then does (mount, pivot_root, setns) is the runtime's, not the workload's. hostPID pods
	 * are never adopted: the agent tracks them at its next rescan.
	 */
	struct task_struct *t = (struct task_struct *)bpf_get_current_task();
	if (BPF_CORE_READ(t, thread_pid, level) == 0)
		return 0;
	int below = 0;
	for (int i = 0; i < WATCH_ROOTS; i++) {
		__u64 root = watch_roots[i];
		if (root != 0 && root != key &&
		    bpf_get_current_ancestor_cgroup_id(watch_levels[i]) == root)
			below = 1;
	}
	if (!below)
		return 0;
	long r = bpf_map_update_elem(&tracked, &key, &empty_state, BPF_NOEXIST);
	if (r == -EEXIST)
		return 1;
	if (r != 0)
		return 0;
	__u32 b = (__u32)key & (TRACKED_FILTER_BITS - 1);
	__sync_fetch_and_or(&tracked_filter[b >> 6], 1ULL << (b & 63));
	struct event *e = new_event();
	if (!e)
		return 1;
	fill_header(e, key, EV_ADOPT, syscall_hooks_live ? 0 : EVF_HOOKS_DOWN);
	if (bpf_ringbuf_output(&events, e, sizeof(e->h) + USER_STR_LEN, 0) < 0)
		count_lost(LOST_RINGBUF);
	return 1;
}

SEC("tp_btf/sched_process_exec")
int BPF_PROG(on_exec, struct task_struct *p, pid_t old_pid, struct linux_binprm *bprm)
{
	__u64 key = current_key();
	if (!is_tracked(key) && !adopt(key))
		return 0;
	emit_ids(key, 0);
	struct file *f = BPF_CORE_READ(bprm, file);
	struct dentry *dentry = BPF_CORE_READ(f, f_path.dentry);
	struct vfsmount *vfsmnt = BPF_CORE_READ(f, f_path.mnt);
	struct seen_key k;
	struct event *e = new_fact(&k, key, EV_EXEC, 0, dentry_id(dentry), (__u64)vfsmnt);
	if (!e)
		return 0;
	walk_path(e, dentry, vfsmnt);
	send_fact(e, &k);
	return 0;
}

SEC("tracepoint")
int on_sys_exit_setid(struct trace_event_raw_sys_exit *ctx)
{
	struct pending p;
	__u64 key;
	if (take_pending(ctx, &p, &key) && ctx->ret == 0)
		emit_ids(key, EVF_TRANSITION);
	return 0;
}
