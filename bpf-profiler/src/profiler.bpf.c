// SPDX-License-Identifier: GPL-2.0 OR Apache-2.0
/*
 * ProfileGate recorder: what tracked containers do, aggregated in the kernel.
 *
 * Hooks (see docs/bpf-profiler.md):
 *   raw_tp/sys_enter            every syscall -> bit in the container's bitmap (no event)
 *   tracepoint syscalls:X       one generic enter/exit pair, attached by the loader to the
 *                               path, socket and set*id syscalls listed in syscall_spec
 *   tp_btf/sched_process_exec   executed file (resolved path) and credentials
 *   tp_btf/cap_capable          granted capability checks (kernel 6.14+), with a kernel stack
 *                               so user space can drop CAP_OPT_NOAUDIT callers
 *   kprobe+kretprobe cap_capable fallback for older kernels (opts read directly)
 *   tracepoint sock/inet_sock_set_state  TCP LISTEN and SYN_SENT
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "profiler.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

#define EEXIST 17
#define AT_FDCWD -100
#define O_ACCMODE 00000003
#define O_RDONLY 00000000
#define O_CREAT 00000100
#define O_TRUNC 00001000
#define O_PATH 010000000
#define S_IFMT 00170000
#define S_IFDIR 0040000
#define S_IFSOCK 0140000
#define AF_INET 2
#define AF_INET6 10
#define SOCK_DGRAM 2
#define IPPROTO_TCP 6
#define IPPROTO_UDP 17
#define IPPROTO_UDPLITE 136
#define TCP_SYN_SENT 2
#define TCP_LISTEN 10
#define CAP_OPT_NOAUDIT 2

#define core_container_of(ptr, type, member)                                                          \
	((type *)((void *)(ptr) - bpf_core_field_offset(type, member)))

/* 0: key containers by cgroup v2 id; 1: by mount namespace inode (cgroup v1 hosts). */
const volatile __u32 key_mode = 0;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__type(key, __u64);
	__type(value, struct container_state);
} tracked SEC(".maps");

/* An array lookup is inlined by the verifier: no helper call, no hashing. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, TRACKED_SLOTS);
	__type(key, __u32);
	__type(value, struct tracked_slot);
} slots SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 65536);
	__type(key, struct seen_key);
	__type(value, __u8);
} seen SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16384);
	__type(key, __u32);
	__type(value, struct pending);
} pending SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, SYSCALL_BITS);
	__type(key, __u32);
	__type(value, struct syscall_spec);
} syscall_spec SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, LOST_REASONS);
	__type(key, __u32);
	__type(value, __u64);
} lost SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_STACK_TRACE);
	__uint(max_entries, 8192);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, MAX_STACK_DEPTH * sizeof(__u64));
} stacks SEC(".maps");

/* Events are built here (too large for the stack), then copied to the ring buffer. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct event);
} scratch SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4 * 1024 * 1024);
} events SEC(".maps");

static __always_inline void count_lost(__u32 reason)
{
	__u64 *v = bpf_map_lookup_elem(&lost, &reason);
	if (v)
		*v += 1;
}

static __always_inline __u64 current_key(void)
{
	if (key_mode == 1) {
		struct task_struct *t = (struct task_struct *)bpf_get_current_task();
		return BPF_CORE_READ(t, nsproxy, mnt_ns, ns.inum);
	}
	return bpf_get_current_cgroup_id();
}

/*
 * The cheap first test of every hook: a direct-mapped bit filter over keys, in .bss (a plain
 * load, no helper call). The loader sets bit (key mod TRACKED_FILTER_BITS) while some tracked
 * key maps there (it counts them), so a clear bit proves the task untracked and the hash lookup
 * is skipped; a set bit may be a collision, which the lookup settles.
 */
__u64 tracked_filter[TRACKED_FILTER_BITS / 64];

/* Syscalls with a sys_exit_ program (path, socket, set*id): the loader sets their bits. */
__u64 spec_syscalls[SYSCALL_WORDS];

static __always_inline int maybe_tracked(__u64 key)
{
	__u32 b = (__u32)key & (TRACKED_FILTER_BITS - 1);
	return (tracked_filter[b >> 6] >> (b & 63)) & 1;
}

static __always_inline int is_tracked(__u64 key)
{
	return maybe_tracked(key) && bpf_map_lookup_elem(&tracked, &key) != NULL;
}

/* 1 when this fact is new for the container. A full map still lets the event through (counted). */
static __always_inline int first_time(struct seen_key *k)
{
	__u8 one = 1;
	long r = bpf_map_update_elem(&seen, k, &one, BPF_NOEXIST);
	if (r == 0)
		return 1;
	if (r == -EEXIST)
		return 0;
	count_lost(LOST_SEEN_FULL);
	return 1;
}

static __always_inline void make_seen(struct seen_key *k, __u64 key, __u32 type, __u64 a, __u64 b)
{
	__builtin_memset(k, 0, sizeof(*k));
	k->key = key;
	k->type = type;
	k->a = a;
	k->b = b;
}

/* The CPU's scratch event, header cleared. */
static __always_inline struct event *new_event(void)
{
	__u32 zero = 0;
	struct event *e = bpf_map_lookup_elem(&scratch, &zero);
	if (!e)
		return NULL;
	__builtin_memset(&e->h, 0, sizeof(e->h));
	e->str[0] = 0;
	return e;
}

/* Sends the used part of an event; on failure forgets the fact so a later occurrence retries. */
static __always_inline void submit(struct event *e, struct seen_key *k)
{
	__u64 size = sizeof(e->h) + USER_STR_LEN + e->h.path_len;
	if (size > sizeof(*e))
		size = sizeof(*e);
	if (bpf_ringbuf_output(&events, e, size, 0) < 0) {
		count_lost(LOST_RINGBUF);
		if (k)
			bpf_map_delete_elem(&seen, k);
	}
}

static __always_inline struct vfsmount *mount_vfs(struct mount *m)
{
	return (struct vfsmount *)((void *)m + bpf_core_field_offset(struct mount, mnt));
}

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

static __always_inline __u64 dentry_id(struct dentry *d)
{
	__u64 ino = BPF_CORE_READ(d, d_inode, i_ino);
	__u64 dev = BPF_CORE_READ(d, d_sb, s_dev);
	return ino ^ (dev << 40);
}

static __always_inline void read_ids(struct ids *ids)
{
	struct task_struct *t = (struct task_struct *)bpf_get_current_task();
	const struct cred *c = BPF_CORE_READ(t, real_cred);
	ids->uid = BPF_CORE_READ(c, uid.val);
	ids->euid = BPF_CORE_READ(c, euid.val);
	ids->gid = BPF_CORE_READ(c, gid.val);
	ids->egid = BPF_CORE_READ(c, egid.val);
}

static __always_inline void emit_ids(__u64 key, __u32 flags)
{
	struct ids ids;
	struct seen_key k;
	read_ids(&ids);
	if (ids.euid != ids.uid || ids.egid != ids.gid)
		flags |= EVF_TRANSITION;
	make_seen(&k, key, EV_IDS, ((__u64)ids.uid << 32) | ids.euid,
		  ((__u64)ids.gid << 32) | ids.egid | ((__u64)(flags & EVF_TRANSITION) << 62));
	if (!first_time(&k))
		return;
	struct event *e = new_event();
	if (!e)
		return;
	e->h.type = EV_IDS;
	e->h.flags = flags;
	e->h.key = key;
	e->h.pid = bpf_get_current_pid_tgid() >> 32;
	e->h.ids = ids;
	submit(e, &k);
}

/* ---------------------------------------------------------------- path and socket syscalls */

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

/* ---------------------------------------------------------------- syscalls: the bitmap */

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
		dentry = BPF_CORE_READ(dentry, d_parent);
	}
	struct seen_key k;
	make_seen(&k, key, type, dentry_id(dentry), (__u64)vfsmnt);
	if (!first_time(&k))
		return;
	struct event *e = new_event();
	if (!e)
		return;
	e->h.type = type;
	e->h.flags = flags;
	e->h.key = key;
	e->h.pid = bpf_get_current_pid_tgid() >> 32;
	walk_path(e, dentry, vfsmnt);
	submit(e, &k);
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

/* One path argument of a successful path syscall: its parent directory was written. */
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
	make_seen(&k, key, EV_NAMED_WRITE, hc.dir_hash, base ? dentry_id(base) ^ (__u64)base_mnt : 0);
	if (!first_time(&k))
		return;
	e->h.type = EV_NAMED_WRITE;
	e->h.flags = flags;
	e->h.key = key;
	e->h.pid = bpf_get_current_pid_tgid() >> 32;
	if (base)
		walk_path(e, base, base_mnt);
	submit(e, &k);
}

/* bind/connect on a UDP socket: TCP is covered by inet_sock_set_state. */
static __always_inline void handle_udp(__u64 key, struct pending *p, __u32 type)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct file *f = fd_file(task, p->dfd1);
	if (!f)
		return;
	__u32 mode = BPF_CORE_READ(f, f_inode, i_mode);
	if ((mode & S_IFMT) != S_IFSOCK)
		return;
	struct socket *sock = BPF_CORE_READ(f, private_data);
	struct sock *sk = BPF_CORE_READ(sock, sk);
	__u16 stype = BPF_CORE_READ(sock, type);
	__u16 proto = BPF_CORE_READ(sk, sk_protocol);
	if (stype != SOCK_DGRAM || (proto != IPPROTO_UDP && proto != IPPROTO_UDPLITE))
		return;

	struct net_info net;
	__builtin_memset(&net, 0, sizeof(net));
	struct {
		__u16 family;
		__u16 port;
		__u32 flow_or_addr4;
		__u8 addr6[16];
	} sa;
	__builtin_memset(&sa, 0, sizeof(sa));
	if (bpf_probe_read_user(&sa, sizeof(sa.family) + sizeof(sa.port) + 4, (void *)p->p1) < 0) {
		count_lost(LOST_USER_READ);
		return;
	}
	if (sa.family != AF_INET && sa.family != AF_INET6)
		return;
	if (sa.family == AF_INET6)
		bpf_probe_read_user(&sa.addr6, 16, (void *)p->p1 + 8);
	net.family = sa.family;
	net.protocol = IPPROTO_UDP;
	net.port = __builtin_bswap16(sa.port);
	if (type == EV_LISTEN && net.port == 0)
		return; /* an ephemeral port: a client's socket, not a service */
	if (type == EV_CONNECT) {
		if (sa.family == AF_INET)
			__builtin_memcpy(net.addr, &sa.flow_or_addr4, 4);
		else
			__builtin_memcpy(net.addr, sa.addr6, 16);
	}
	__u64 a0, a1;
	__builtin_memcpy(&a0, net.addr, 8);
	__builtin_memcpy(&a1, net.addr + 8, 8);
	struct seen_key k;
	make_seen(&k, key, type, a0 ^ ((__u64)net.port << 48) ^ ((__u64)net.family << 40), a1);
	if (!first_time(&k))
		return;
	struct event *e = new_event();
	if (!e)
		return;
	e->h.type = type;
	e->h.key = key;
	e->h.pid = bpf_get_current_pid_tgid() >> 32;
	e->h.net = net;
	submit(e, &k);
}

SEC("tracepoint")
int on_sys_exit_spec(struct trace_event_raw_sys_exit *ctx)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct pending *pp = bpf_map_lookup_elem(&pending, &tid);
	if (!pp)
		return 0;
	struct pending p = *pp;
	bpf_map_delete_elem(&pending, &tid);
	long ret = ctx->ret;
	if (p.nr != (__u32)ctx->id)
		return 0; /* left over from a syscall that never returned (exec, exit) */
	__u64 key = current_key();
	if (!is_tracked(key))
		return 0;
	switch (p.kind) {
	case PEND_OPEN:
		handle_open(key, &p, ret);
		break;
	case PEND_NAMED:
		if (ret != 0)
			return 0;
		handle_named(key, p.dfd1, p.p1);
		handle_named(key, p.dfd2, p.p2);
		break;
	case PEND_BIND:
		if (ret == 0)
			handle_udp(key, &p, EV_LISTEN);
		break;
	case PEND_CONNECT:
		if (ret == 0 || ret == -115 /* EINPROGRESS */)
			handle_udp(key, &p, EV_CONNECT);
		break;
	case PEND_SETID:
		if (ret == 0)
			emit_ids(key, EVF_TRANSITION);
		break;
	}
	return 0;
}

/* ---------------------------------------------------------------- executables */

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
	make_seen(&k, key, EV_EXEC, dentry_id(dentry), (__u64)vfsmnt);
	if (!first_time(&k))
		return 0;
	struct event *e = new_event();
	if (!e)
		return 0;
	e->h.type = EV_EXEC;
	e->h.key = key;
	e->h.pid = bpf_get_current_pid_tgid() >> 32;
	walk_path(e, dentry, vfsmnt);
	submit(e, &k);
	return 0;
}

/* ---------------------------------------------------------------- capabilities */

static __always_inline void emit_cap(void *ctx, __u64 key, int cap, __u32 flags)
{
	long stack_id = bpf_get_stackid(ctx, &stacks, 0);
	if (stack_id < 0)
		count_lost(LOST_STACK);
	struct seen_key k;
	make_seen(&k, key, EV_CAP, cap, stack_id < 0 ? -1 : stack_id);
	if (!first_time(&k))
		return;
	struct event *e = new_event();
	if (!e)
		return;
	e->h.type = EV_CAP;
	e->h.flags = flags;
	e->h.key = key;
	e->h.pid = bpf_get_current_pid_tgid() >> 32;
	e->h.cap = cap;
	e->h.stack_id = stack_id;
	submit(e, &k);
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

/* ---------------------------------------------------------------- TCP */

SEC("tp_btf/inet_sock_set_state")
int BPF_PROG(on_inet_sock_set_state, const struct sock *sk, const int oldstate, const int newstate)
{
	/* LISTEN and SYN_SENT are entered from listen(2) and connect(2): process context, so the
	 * current task is the socket's owner. Other transitions may run in softirq. */
	if (newstate != TCP_LISTEN && newstate != TCP_SYN_SENT)
		return 0;
	__u64 key = current_key();
	if (!is_tracked(key))
		return 0;
	struct net_info net;
	__builtin_memset(&net, 0, sizeof(net));
	net.family = BPF_CORE_READ(sk, __sk_common.skc_family);
	net.protocol = BPF_CORE_READ(sk, sk_protocol);
	__u32 type = newstate == TCP_LISTEN ? EV_LISTEN : EV_CONNECT;
	if (type == EV_LISTEN) {
		net.port = BPF_CORE_READ(sk, __sk_common.skc_num);
	} else {
		net.port = __builtin_bswap16(BPF_CORE_READ(sk, __sk_common.skc_dport));
		if (net.family == AF_INET)
			BPF_CORE_READ_INTO(&net.addr, sk, __sk_common.skc_daddr);
		else
			BPF_CORE_READ_INTO(&net.addr, sk, __sk_common.skc_v6_daddr);
	}
	__u64 a0, a1;
	__builtin_memcpy(&a0, net.addr, 8);
	__builtin_memcpy(&a1, net.addr + 8, 8);
	struct seen_key k;
	make_seen(&k, key, type,
		  a0 ^ ((__u64)net.port << 48) ^ ((__u64)net.family << 40) ^ ((__u64)net.protocol << 32),
		  a1);
	if (!first_time(&k))
		return 0;
	struct event *e = new_event();
	if (!e)
		return 0;
	e->h.type = type;
	e->h.key = key;
	e->h.pid = bpf_get_current_pid_tgid() >> 32;
	e->h.net = net;
	submit(e, &k);
	return 0;
}
