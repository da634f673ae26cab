/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Types shared by the BPF programs (src/bpf/) and the loader.
 *
 * Everything a tracked container does is aggregated in the kernel: syscalls into a bitmap in
 * the `tracked` map, everything else into events that are deduplicated in the `seen` map before
 * they reach the ring buffer, so user space sees each fact once and no event per syscall.
 */
#ifndef PROFILER_H
#define PROFILER_H

#ifndef __VMLINUX_H__
#include <linux/types.h>
#endif

/* Bits in the syscall bitmap: larger than any native syscall table (x86_64 ~470, arm64 ~460). */
#define SYSCALL_BITS 1024
#define SYSCALL_WORDS (SYSCALL_BITS / 64)

/* Bits of the tracked-key filter (8 KiB): 4096 tracked keys leave most bits clear. */
#define TRACKED_FILTER_BITS 65536

/* Path components are written leaf first, each NUL-terminated; user space reverses them. */
#define PATH_MAX_DEPTH 48
#define NAME_MAX_LEN 256
#define PATH_BUF_LEN 4096
#define USER_STR_LEN 1024
#define MAX_STACK_DEPTH 32

enum event_type {
	EV_EXEC = 1,       /* path: the executed file; ids: credentials after exec */
	EV_WRITE_DIR = 2,  /* path: a directory a file was opened for writing/created in */
	EV_READ_DIR = 3,   /* path: a directory a file was opened read-only in */
	EV_NAMED_WRITE = 4, /* path: base directory (cwd/dirfd, empty if absolute); str: the argument */
	EV_IDS = 5,        /* ids: credentials seen; flags & EVF_TRANSITION when after set*id */
	EV_LISTEN = 6,     /* net: local port, protocol */
	EV_CONNECT = 7,    /* net: peer address, port, protocol */
	EV_CAP = 8,        /* cap + stack_id: a granted capability check, classified in user space */
	EV_ADOPT = 9,      /* header only: the key was tracked in the kernel at its first exec */
};

/* Cgroups whose descendants are tracked from their first exec (the `watch` command). */
#define WATCH_ROOTS 4

enum event_flags {
	EVF_TRUNCATED = 1,  /* the path walk hit PATH_MAX_DEPTH or the buffer end */
	EVF_TRANSITION = 2, /* credentials changed by set*id or by a set-id executable */
	EVF_DIRECTORY = 4,  /* the path is a directory itself, not the parent of a file */
	EVF_ABSOLUTE = 8,   /* EV_NAMED_WRITE: the argument was absolute, the base is unused */
	EVF_NOAUDIT = 16,   /* EV_CAP from the kprobe fallback: the caller passed CAP_OPT_NOAUDIT */
	EVF_FILE = 32,      /* EV_*_DIR: the path is the file opened, its directory the parent */
	EVF_HOOKS_DOWN = 64, /* EV_ADOPT: the syscall hooks were not (all) attached at that exec */
};

/* Reasons a fact may be missing from the profile; summed over CPUs and reported as lost. */
enum lost_reason {
	LOST_RINGBUF = 0,   /* ring buffer full: bpf_ringbuf_reserve failed */
	LOST_SEEN_FULL = 1, /* dedup map full: the event was still sent, but counted */
	LOST_PENDING = 2,   /* per-thread syscall argument map full */
	LOST_STACK = 3,     /* a capability check's stack unreadable: sent and counted as used, not in `total` */
	LOST_USER_READ = 4, /* a syscall argument could not be read from user memory */
	LOST_REASONS = 5,
};

struct ids {
	__u32 uid, euid, gid, egid;
};

struct net_info {
	__u16 family;   /* AF_INET or AF_INET6 */
	__u16 protocol; /* IPPROTO_TCP, IPPROTO_UDP, IPPROTO_SCTP */
	__u16 port;     /* host byte order */
	__u16 pad;
	__u8 addr[16];  /* IPv4 in the first 4 bytes */
};

struct event_header {
	__u32 type;
	__u32 flags;
	__u64 key; /* cgroup id, or mount namespace inode when tracking by mount namespace */
	__u32 pid;
	__u32 path_len; /* bytes used in path (components, leaf first) */
	struct ids ids;
	struct net_info net;
	__s32 cap;
	__s32 stack_id;
};

struct event {
	struct event_header h;
	char str[USER_STR_LEN];
	char path[PATH_BUF_LEN + NAME_MAX_LEN];
};

/* Per tracked container: the syscall bitmap. */
struct container_state {
	__u64 syscalls[SYSCALL_WORDS];
};

/* Direct-mapped slots for the hot path: slot (key mod TRACKED_SLOTS) holds the bitmap of the
 * tracked key that claimed it; a key whose slot is taken keeps its bitmap in `tracked`. */
#define TRACKED_SLOTS 4096

struct tracked_slot {
	__u64 key;
	struct container_state s;
};

/* Dedup key: one entry per fact per container. */
struct seen_key {
	__u64 key;
	__u32 type;
	__u32 pad;
	__u64 a;
	__u64 b;
};

enum pending_kind {
	PEND_OPEN = 1,    /* a1 = flags */
	PEND_NAMED = 2,   /* dfd1/p1 (and dfd2/p2 for rename/link): paths whose parents are written */
	PEND_BIND = 3,    /* dfd1 = socket fd, p1 = sockaddr */
	PEND_CONNECT = 4, /* dfd1 = socket fd, p1 = sockaddr */
	PEND_SETID = 5,
};

struct pending {
	__u32 kind;
	__s32 dfd1;
	__s32 dfd2;
	__u32 nr; /* the syscall, to ignore a stale entry at another syscall's exit */
	__u64 p1;
	__u64 p2;
	__u64 a1;
};

/* Filled by the loader from the native syscall table: what each syscall's arguments mean. */
struct syscall_spec {
	__u8 kind; /* enum pending_kind, 0 = not handled */
	__s8 dfd1, path1, dfd2, path2; /* argument indexes, -1 = none (dfd -1 means AT_FDCWD) */
	__s8 flags;                    /* argument index of open flags, -1 = none */
	__u8 flags_how;                /* 1: flags argument is a struct open_how pointer */
	__u8 pad;
	__u64 const_flags;             /* flags when the syscall has none (creat) */
};

#endif
