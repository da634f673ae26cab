// SPDX-License-Identifier: GPL-2.0 OR Apache-2.0
/*
 * Files: the directories a container reads and writes in.
 *   sys_exit_ of open, openat, openat2, creat, open_by_handle_at   on_sys_exit_open
 *     the new fd's struct file gives the real path; the event is its parent directory
 *     (EV_WRITE_DIR / EV_READ_DIR by the open flags kept at enter), deduplicated by inode;
 *     with --files (per_file), a file is sent itself (EVF_FILE), deduplicated by its own inode,
 *     so user space can tell a file that was there before the recording from one it created
 *   sys_exit_ of mkdir, unlink, rename, chmod, ... (the loader's syscall table)   on_sys_exit_named
 *     on success, each path argument and its base directory (EV_NAMED_WRITE); user space
 *     resolves the argument against the base and takes its parent
 */
#include "lib/path-walk.h"
#include "lib/syscall-args.h"

static __always_inline void handle_open(__u64 key, struct pending *p, long ret)
{
	if (ret < 0 || (p->a1 & O_PATH))
		return;
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct file *f = fd_file(task, ret);
	if (!f)
		return;
	struct dentry *dentry = BPF_CORE_READ(f, f_path.dentry);
	struct vfsmount *vfsmnt = BPF_CORE_READ(f, f_path.mnt);
	__u32 mode = BPF_CORE_READ(dentry, d_inode, i_mode);
	int is_dir = (mode & S_IFMT) == S_IFDIR;
	int write = (p->a1 & O_ACCMODE) != O_RDONLY || (p->a1 & (O_CREAT | O_TRUNC));
	/* Writing to a FIFO, socket or device needs no writable file system (the kernel refuses
	 * writes on a read-only mount only for regular files, directories and links): its directory
	 * is only used. This also keeps a pipe opened through /proc/self/fd (nginx's /dev/stderr)
	 * from naming pipefs's root, "/", as a write directory. */
	if (!is_dir && (mode & S_IFMT) != S_IFREG)
		write = 0;
	__u32 type = write ? EV_WRITE_DIR : EV_READ_DIR;
	__u32 flags = 0;

	if (is_dir) {
		flags |= EVF_DIRECTORY;
	} else {
		/* A bind-mounted file (e.g. /etc/hosts) is its mount's root: its directory is the
		 * parent of the mount point, not the d_parent in the source file system. */
		if (dentry == BPF_CORE_READ(vfsmnt, mnt_root)) {
			struct mount *m = core_container_of(vfsmnt, struct mount, mnt);
			struct mount *mp = BPF_CORE_READ(m, mnt_parent);
			dentry = BPF_CORE_READ(m, mnt_mountpoint);
			vfsmnt = mount_vfs(mp);
		}
		if (per_file)
			flags |= EVF_FILE;
		else
			dentry = BPF_CORE_READ(dentry, d_parent);
	}
	struct seen_key k;
	struct event *e = new_fact(&k, key, type, flags, dentry_id(dentry), (__u64)vfsmnt);
	if (!e)
		return;
	walk_path(e, dentry, vfsmnt);
	send_fact(e, &k);
}

SEC("tracepoint")
int on_sys_exit_open(struct trace_event_raw_sys_exit *ctx)
{
	struct pending p;
	__u64 key;
	if (take_pending(ctx, &p, &key))
		handle_open(key, &p, ctx->ret);
	return 0;
}

struct hash_ctx {
	struct event *e;
	__u64 hash;
	__u64 dir_hash; /* hash up to the last '/' seen */
	int done;
};

static long hash_step(__u32 i, struct hash_ctx *c)
{
	struct event *e = c->e;
	char ch = e->str[i & (USER_STR_LEN - 1)];
	if (ch == 0)
		return 1;
	if (ch == '/')
		c->dir_hash = c->hash;
	c->hash = (c->hash ^ (__u8)ch) * 1099511628211ULL;
	return 0;
}

/*
 * One path argument of a successful path syscall: its parent directory was written. The fact is
 * (base directory, FNV hash of the argument's directory part), so the argument is read into the
 * event before the dedup.
 */
static __always_inline void handle_named(__u64 key, __s32 dfd, __u64 uptr)
{
	if (!uptr)
		return;
	struct event *e = new_event();
	if (!e)
		return;
	long n = bpf_probe_read_user_str(e->str, USER_STR_LEN, (void *)uptr);
	if (n <= 0) {
		count_lost(LOST_USER_READ);
		return;
	}
	struct hash_ctx hc = {.e = e, .hash = 14695981039346656037ULL, .dir_hash = 0};
	bpf_loop(USER_STR_LEN, hash_step, &hc, 0);

	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct dentry *base = NULL;
	struct vfsmount *base_mnt = NULL;
	__u32 flags = 0;
	if (e->str[0] == '/') {
		flags |= EVF_ABSOLUTE;
	} else if (dfd == AT_FDCWD) {
		base = BPF_CORE_READ(task, fs, pwd.dentry);
		base_mnt = BPF_CORE_READ(task, fs, pwd.mnt);
	} else {
		struct file *f = fd_file(task, dfd);
		if (f) {
			base = BPF_CORE_READ(f, f_path.dentry);
			base_mnt = BPF_CORE_READ(f, f_path.mnt);
		}
	}
	struct seen_key k;
	if (!first_time(&k, key, EV_NAMED_WRITE, hc.dir_hash, base ? dentry_id(base) ^ (__u64)base_mnt : 0))
		return;
	fill_header(e, key, EV_NAMED_WRITE, flags);
	if (base)
		walk_path(e, base, base_mnt);
	send_fact(e, &k);
}

SEC("tracepoint")
int on_sys_exit_named(struct trace_event_raw_sys_exit *ctx)
{
	struct pending p;
	__u64 key;
	/* Only a success wrote: mkdir -p on existing directories writes nothing. */
	if (!take_pending(ctx, &p, &key) || ctx->ret != 0)
		return 0;
	handle_named(key, p.dfd1, p.p1);
	handle_named(key, p.dfd2, p.p2);
	return 0;
}
