/* SPDX-License-Identifier: GPL-2.0 OR Apache-2.0 */
/*
 * The maps and globals the program families share. Declared here, defined once in maps.bpf.c:
 * the families are compiled apart and joined by the BPF static linker (bpftool gen object), so
 * the loader sees one object, one skeleton and one instance of each map. A map only one family
 * uses is defined in that family's file (cap_pending in capabilities.bpf.c).
 */
#ifndef PG_BPF_MAPS_H
#define PG_BPF_MAPS_H

#include "kernel.h"

/* 0: key containers by cgroup v2 id; 1: by mount namespace inode (cgroup v1 hosts). */
extern const volatile __u32 key_mode;
/* Opened files are sent one by one (EVF_FILE), not by directory (--files). */
extern const volatile __u32 per_file;

/*
 * The cheap first test of every hook: a direct-mapped bit filter over keys, in .bss (a plain
 * load, no helper call). The loader sets bit (key mod TRACKED_FILTER_BITS) while some tracked
 * key maps there (it counts them), so a clear bit proves the task untracked and the hash lookup
 * is skipped; a set bit may be a collision, which the lookup settles.
 */
extern __u64 tracked_filter[TRACKED_FILTER_BITS / 64];

/* Syscalls with a sys_exit_ program (path, socket, set*id): the loader sets their bits. */
extern __u64 spec_syscalls[SYSCALL_WORDS];

/*
 * Watched roots (cgroup v2 ids, 0: unused) and the level of each in the hierarchy: a task that
 * execs in an untracked cgroup below one is tracked from that exec on (process.bpf.c), so a
 * container started between two rescans of the agent is recorded from its first instruction.
 */
extern __u64 watch_roots[WATCH_ROOTS];
extern __u32 watch_levels[WATCH_ROOTS];

/*
 * 1 while every syscall program is attached (the loader sets it after attaching them all and
 * clears it before detaching any): a key adopted while it is 0 misses what it did before the
 * loader attached them, and its EV_ADOPT says so (EVF_HOOKS_DOWN).
 */
extern __u32 syscall_hooks_live;

/* Tracked keys and their syscall bitmaps (the loader adds and removes keys). */
typedef struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__type(key, __u64);
	__type(value, struct container_state);
} tracked_map;
extern tracked_map tracked SEC(".maps");

/* An array lookup is inlined by the verifier: no helper call, no hashing. */
typedef struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, TRACKED_SLOTS);
	__type(key, __u32);
	__type(value, struct tracked_slot);
} slots_map;
extern slots_map slots SEC(".maps");

/* Facts already sent, per container (emit.h). */
typedef struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 65536);
	__type(key, struct seen_key);
	__type(value, __u8);
} seen_map;
extern seen_map seen SEC(".maps");

/* Syscall arguments per thread, from sys_enter to sys_exit (syscall-args.h). */
typedef struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16384);
	__type(key, __u32);
	__type(value, struct pending);
} pending_map;
extern pending_map pending SEC(".maps");

/* Filled by the loader: what each syscall's arguments mean. */
typedef struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, SYSCALL_BITS);
	__type(key, __u32);
	__type(value, struct syscall_spec);
} syscall_spec_map;
extern syscall_spec_map syscall_spec SEC(".maps");

/* Per-CPU counters by enum lost_reason, summed by the loader. */
typedef struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, LOST_REASONS);
	__type(key, __u32);
	__type(value, __u64);
} lost_map;
extern lost_map lost SEC(".maps");

/* Kernel stacks of capability checks, symbolised by the loader. */
typedef struct {
	__uint(type, BPF_MAP_TYPE_STACK_TRACE);
	__uint(max_entries, 8192);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, MAX_STACK_DEPTH * sizeof(__u64));
} stacks_map;
extern stacks_map stacks SEC(".maps");

/* Events are built here (too large for the stack), then copied to the ring buffer. */
typedef struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct event);
} scratch_map;
extern scratch_map scratch SEC(".maps");

typedef struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4 * 1024 * 1024);
} events_map;
extern events_map events SEC(".maps");

#endif
