// SPDX-License-Identifier: Apache-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include "tracked-keys.h"

static struct profiler_bpf *skel;

/* Which tracked key owns each slot (0: free). */
static __u64 slot_owner[TRACKED_SLOTS];

/* How many tracked keys map to each bit of the BPF side's tracked_filter. */
static unsigned short filter_users[TRACKED_FILTER_BITS];

/* Keys in `tracked` (added here or adopted by the kernel) and roots in watch_roots. */
static unsigned int n_tracked, n_watched;

void tracked_keys_init(struct profiler_bpf *s)
{
	skel = s;
}

/* ORs the bitmap of the key's slot, if it owns one, into s. */
static void slot_merge(__u64 key, struct container_state *s)
{
	__u32 si = (__u32)key & (TRACKED_SLOTS - 1);
	struct tracked_slot slot;
	if (slot_owner[si] != key ||
	    bpf_map_lookup_elem(bpf_map__fd(skel->maps.slots), &si, &slot) != 0 || slot.key != key)
		return;
	for (int w = 0; w < SYSCALL_WORDS; w++)
		s->syscalls[w] |= slot.s.syscalls[w];
}

static void slot_claim(__u64 key)
{
	__u32 si = (__u32)key & (TRACKED_SLOTS - 1);
	if (slot_owner[si] != 0)
		return; /* taken: this key's bitmap stays in `tracked` */
	struct tracked_slot slot;
	memset(&slot, 0, sizeof(slot));
	slot.key = key;
	if (bpf_map_update_elem(bpf_map__fd(skel->maps.slots), &si, &slot, BPF_ANY) == 0)
		slot_owner[si] = key;
}

static void slot_release(__u64 key)
{
	__u32 si = (__u32)key & (TRACKED_SLOTS - 1);
	if (slot_owner[si] != key)
		return;
	struct tracked_slot slot;
	memset(&slot, 0, sizeof(slot));
	bpf_map_update_elem(bpf_map__fd(skel->maps.slots), &si, &slot, BPF_ANY);
	slot_owner[si] = 0;
}

static void filter_add(__u64 key)
{
	__u32 b = (__u32)key & (TRACKED_FILTER_BITS - 1);
	if (filter_users[b]++ == 0)
		__atomic_or_fetch(&skel->bss->tracked_filter[b / 64], 1ULL << (b % 64), __ATOMIC_SEQ_CST);
}

static void filter_remove(__u64 key)
{
	__u32 b = (__u32)key & (TRACKED_FILTER_BITS - 1);
	if (filter_users[b] > 0 && --filter_users[b] == 0)
		__atomic_and_fetch(&skel->bss->tracked_filter[b / 64], ~(1ULL << (b % 64)), __ATOMIC_SEQ_CST);
}

static void forget_seen(__u64 key)
{
	int fd = bpf_map__fd(skel->maps.seen);
	struct seen_key k, next, *prev = NULL;
	/* Deleting while iterating restarts the walk; collect first. */
	size_t n = 0, cap = 256;
	struct seen_key *doomed = malloc(cap * sizeof(*doomed));
	while (doomed && bpf_map_get_next_key(fd, prev, &next) == 0) {
		if (next.key == key) {
			if (n == cap) {
				struct seen_key *grown = realloc(doomed, (cap *= 2) * sizeof(*doomed));
				if (!grown)
					break;
				doomed = grown;
			}
			doomed[n++] = next;
		}
		k = next;
		prev = &k;
	}
	for (size_t i = 0; i < n; i++)
		bpf_map_delete_elem(fd, &doomed[i]);
	free(doomed);
}

int tracked_keys_add(__u64 key)
{
	struct container_state s;
	memset(&s, 0, sizeof(s));
	if (bpf_map_update_elem(bpf_map__fd(skel->maps.tracked), &key, &s, BPF_NOEXIST) != 0)
		return errno == EEXIST ? 0 : -1;
	/* Map entry first, then the filter bit: a set bit always finds its entry. */
	slot_claim(key);
	filter_add(key);
	n_tracked++;
	return 0;
}

int tracked_keys_read(__u64 key, struct container_state *s)
{
	if (bpf_map_lookup_elem(bpf_map__fd(skel->maps.tracked), &key, s) != 0)
		return -1;
	slot_merge(key, s);
	return 0;
}

void tracked_keys_adopted(__u64 key)
{
	slot_claim(key);
	filter_add(key);
	n_tracked++;
}

int tracked_keys_watch(__u64 root, __u32 level)
{
	for (int i = 0; i < WATCH_ROOTS; i++) {
		if (skel->bss->watch_roots[i] == root)
			return 0;
		if (skel->bss->watch_roots[i] == 0) {
			/* Level first: a root is only compared once both are set. */
			skel->bss->watch_levels[i] = level;
			__atomic_store_n(&skel->bss->watch_roots[i], root, __ATOMIC_SEQ_CST);
			n_watched++;
			return 0;
		}
	}
	errno = ENOSPC;
	return -1;
}

int tracked_keys_unwatch(__u64 root)
{
	for (int i = 0; i < WATCH_ROOTS; i++) {
		if (root != 0 && skel->bss->watch_roots[i] == root) {
			__atomic_store_n(&skel->bss->watch_roots[i], 0, __ATOMIC_SEQ_CST);
			n_watched--;
			return 0;
		}
	}
	errno = ENOENT;
	return -1;
}

unsigned int tracked_keys_count(void)
{
	return n_tracked;
}

unsigned int tracked_keys_watching(void)
{
	return n_watched;
}

void tracked_keys_remove(__u64 key)
{
	int fd = bpf_map__fd(skel->maps.tracked);
	struct container_state s;
	if (bpf_map_lookup_elem(fd, &key, &s) == 0) {
		filter_remove(key);
		slot_release(key);
		if (n_tracked > 0)
			n_tracked--;
	}
	bpf_map_delete_elem(fd, &key);
	forget_seen(key);
}

void tracked_keys_each(void (*fn)(__u64 key, const struct container_state *s))
{
	int fd = bpf_map__fd(skel->maps.tracked);
	__u64 key, next;
	struct container_state s;
	__u64 *prev = NULL;
	while (bpf_map_get_next_key(fd, prev, &next) == 0) {
		if (tracked_keys_read(next, &s) == 0)
			fn(next, &s);
		key = next;
		prev = &key;
	}
}
