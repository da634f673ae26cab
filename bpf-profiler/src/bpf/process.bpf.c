// SPDX-License-Identifier: GPL-2.0 OR Apache-2.0
/*
 * Processes: what a container executes and with which credentials.
 *   tp_btf/sched_process_exec          the executed file (bprm->file, symlinks resolved), EV_EXEC,
 *                                      deduplicated by inode; and the credentials after exec
 *   sys_exit_ of set(re,res)[ug]id     on success, the new credentials as a privilege transition
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

SEC("tp_btf/sched_process_exec")
int BPF_PROG(on_exec, struct task_struct *p, pid_t old_pid, struct linux_binprm *bprm)
{
	__u64 key = current_key();
	if (!is_tracked(key))
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
