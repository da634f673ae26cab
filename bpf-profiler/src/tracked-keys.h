/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The loader's bookkeeping of tracked keys. A tracked key lives in three places the BPF side
 * reads: its entry in `tracked`, its bit in tracked_filter (counted here, since keys share
 * bits), and, when free, the direct-mapped slot that holds its bitmap on the hot path. Only
 * the loader's one thread changes them.
 */
#ifndef TRACKED_KEYS_H
#define TRACKED_KEYS_H

#include "profiler.h"
#include "profiler.skel.h"

void tracked_keys_init(struct profiler_bpf *skel);

/* 0 when the key is tracked now (also when it already was), else -1 with errno. */
int tracked_keys_add(__u64 key);

/* The key's syscall bitmap (its `tracked` entry ORed with its slot's): 0, or -1 when untracked. */
int tracked_keys_read(__u64 key, struct container_state *s);

/* Counts a key the BPF side tracked itself (EV_ADOPT): its filter bit and its slot. */
void tracked_keys_adopted(__u64 key);

/* Watches `root` (a cgroup v2 id at `level`): its descendants are tracked from their first exec. */
int tracked_keys_watch(__u64 root, __u32 level);

/* Stops watching `root`: 0, or -1 with errno ENOENT when it was not watched. */
int tracked_keys_unwatch(__u64 root);

/* How many keys are tracked; how many roots are watched. */
unsigned int tracked_keys_count(void);
unsigned int tracked_keys_watching(void);

/* Stops recording the key and forgets the facts it has sent, so tracking it again starts over. */
void tracked_keys_remove(__u64 key);

/* Calls fn with every tracked key and its bitmap. */
void tracked_keys_each(void (*fn)(__u64 key, const struct container_state *s));

#endif
