/* SPDX-License-Identifier: GPL-2.0 OR Apache-2.0 */
/*
 * A path as the task sees it, walked in the kernel (bpf_loop, up to PATH_MAX_DEPTH components,
 * crossing mount points) up to the task's root, written into e->path leaf component first.
 */
#ifndef PG_BPF_PATH_WALK_H
#define PG_BPF_PATH_WALK_H

#include "vfs.h"

struct walk_ctx {
	struct event *e;
	struct dentry *dentry;
	struct vfsmount *vfsmnt;
	struct mount *mnt;
	struct dentry *root_dentry;
	struct vfsmount *root_mnt;
	__u32 off;
	int done;
};

static long walk_step(__u32 i, struct walk_ctx *w)
{
	/* Locals, not w->...: CO-RE relocations must apply to kernel types only. */
	struct dentry *dentry = w->dentry;
	struct vfsmount *vfsmnt = w->vfsmnt;
	struct mount *mnt = w->mnt;
	if (dentry == w->root_dentry && vfsmnt == w->root_mnt) {
		w->done = 1;
		return 1;
	}
	struct dentry *mnt_root = BPF_CORE_READ(vfsmnt, mnt_root);
	struct dentry *parent = BPF_CORE_READ(dentry, d_parent);
	if (dentry == mnt_root || dentry == parent) {
		struct mount *mp = BPF_CORE_READ(mnt, mnt_parent);
		if (mp == mnt) {
			w->done = 1; /* the global root, outside the task's root (e.g. a pipe) */
			return 1;
		}
		w->dentry = BPF_CORE_READ(mnt, mnt_mountpoint);
		w->mnt = mp;
		w->vfsmnt = mount_vfs(mp);
		return 0;
	}
	__u32 off = w->off;
	if (off > PATH_BUF_LEN - NAME_MAX_LEN)
		return 1;
	const unsigned char *name = BPF_CORE_READ(dentry, d_name.name);
	struct event *e = w->e;
	long n = bpf_probe_read_kernel_str(&e->path[off & (PATH_BUF_LEN - 1)], NAME_MAX_LEN, name);
	if (n <= 0)
		return 1;
	w->off = off + n;
	w->dentry = parent;
	return 0;
}

/*
 * Writes the path of (dentry, vfsmnt) up to the task's root into e->path, leaf component first.
 * Stopping at fs->root gives the path as the container sees it (its own root, or chroot).
 */
static __always_inline void walk_path(struct event *e, struct dentry *dentry, struct vfsmount *vfsmnt)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct walk_ctx w = {
		.e = e,
		.dentry = dentry,
		.vfsmnt = vfsmnt,
		.mnt = core_container_of(vfsmnt, struct mount, mnt),
		.root_dentry = BPF_CORE_READ(task, fs, root.dentry),
		.root_mnt = BPF_CORE_READ(task, fs, root.mnt),
		.off = 0,
		.done = 0,
	};
	bpf_loop(PATH_MAX_DEPTH, walk_step, &w, 0);
	if (!w.done)
		e->h.flags |= EVF_TRUNCATED;
	e->h.path_len = w.off;
}

#endif
