/* SPDX-License-Identifier: GPL-2.0 OR Apache-2.0 */
/*
 * Event plumbing: every observation except the syscall bitmap is a fact, sent once per
 * container. The sequence is always the same, and only here:
 *
 *	struct seen_key k;
 *	struct event *e = new_fact(&k, key, EV_X, flags, a, b);   dedup, scratch event, header
 *	if (!e)
 *		return;                                             already sent
 *	...payload: e->h.net, e->h.ids, walk_path(e, ...)...
 *	send_fact(e, &k);                                       ring buffer, or forget and count
 *
 * (a, b) identify the fact within (key, type). A fact whose dedup key needs the event's own
 * payload first (a path argument read into e->str) takes new_event(), first_time() and
 * fill_header() one by one.
 */
#ifndef PG_BPF_EMIT_H
#define PG_BPF_EMIT_H

#include "maps.h"

static __always_inline void count_lost(__u32 reason)
{
	__u64 *v = bpf_map_lookup_elem(&lost, &reason);
	if (v)
		*v += 1;
}

/* 1 when this fact is new for the container. A full map still lets the event through (counted). */
static __always_inline int first_time(struct seen_key *k, __u64 key, __u32 type, __u64 a, __u64 b)
{
	__builtin_memset(k, 0, sizeof(*k));
	k->key = key;
	k->type = type;
	k->a = a;
	k->b = b;
	__u8 one = 1;
	long r = bpf_map_update_elem(&seen, k, &one, BPF_NOEXIST);
	if (r == 0)
		return 1;
	if (r == -EEXIST)
		return 0;
	count_lost(LOST_SEEN_FULL);
	return 1;
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

static __always_inline void fill_header(struct event *e, __u64 key, __u32 type, __u32 flags)
{
	e->h.type = type;
	e->h.flags = flags;
	e->h.key = key;
	e->h.pid = bpf_get_current_pid_tgid() >> 32;
}

/* The scratch event for a new fact, header filled; NULL when the fact was already sent. */
static __always_inline struct event *new_fact(struct seen_key *k, __u64 key, __u32 type, __u32 flags,
					      __u64 a, __u64 b)
{
	if (!first_time(k, key, type, a, b))
		return NULL;
	struct event *e = new_event();
	if (!e)
		return NULL;
	fill_header(e, key, type, flags);
	return e;
}

/* Sends the used part of an event; on failure forgets the fact so a later occurrence retries. */
static __always_inline void send_fact(struct event *e, struct seen_key *k)
{
	__u64 size = sizeof(e->h) + USER_STR_LEN + e->h.path_len;
	if (size > sizeof(*e))
		size = sizeof(*e);
	if (bpf_ringbuf_output(&events, e, size, 0) < 0) {
		count_lost(LOST_RINGBUF);
		bpf_map_delete_elem(&seen, k);
	}
}

#endif
