/* SPDX-License-Identifier: GPL-2.0 OR Apache-2.0 */
/* Reading the kernel's file objects: a task's open files, and a dentry's identity. */
#ifndef PG_BPF_VFS_H
#define PG_BPF_VFS_H

#include "kernel.h"

static __always_inline struct vfsmount *mount_vfs(struct mount *m)
{
	return (struct vfsmount *)((void *)m + bpf_core_field_offset(struct mount, mnt));
}

static __always_inline struct file *fd_file(struct task_struct *t, long fd)
{
	struct fdtable *fdt = BPF_CORE_READ(t, files, fdt);
	unsigned int max = BPF_CORE_READ(fdt, max_fds);
	struct file **fds = BPF_CORE_READ(fdt, fd);
	struct file *f = NULL;
	if (fd < 0 || fd >= max)
		return NULL;
	bpf_probe_read_kernel(&f, sizeof(f), &fds[fd]);
	return f;
}

/* (device, inode): the dedup identity of a file or directory. */
static __always_inline __u64 dentry_id(struct dentry *d)
{
	__u64 ino = BPF_CORE_READ(d, d_inode, i_ino);
	__u64 dev = BPF_CORE_READ(d, d_sb, s_dev);
	return ino ^ (dev << 40);
}

#endif
