// SPDX-License-Identifier: Apache-2.0
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <bpf/libbpf.h>
#include "attach.h"
#include "syscall-hooks.h"
#include "tracked-keys.h"

/*
 * Closing a syscall tracepoint's perf event waits for a tracepoint grace period (55-90 ms each
 * on this kernel, ~3 s for all), so a detach runs on another thread while commands and the ring
 * buffer are served. The slots are shared with it under `lock`: it empties them one at a time,
 * and an attach meanwhile stops it, waits for the one it is closing, and refills only the empty
 * slots (the kernel refuses a program twice on one tracepoint).
 */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct bpf_link *links[SYSCALL_HOOK_LINKS];
static int dying;
static pthread_t closer;
static int closer_running;
static int attached;

static void *close_links(void *arg)
{
	(void)arg;
	for (;;) {
		struct bpf_link *l = NULL;
		pthread_mutex_lock(&lock);
		for (int i = SYSCALL_HOOK_LINKS - 1; dying && i >= 0 && !l; i--) {
			l = links[i];
			links[i] = NULL;
		}
		pthread_mutex_unlock(&lock);
		if (!l)
			return NULL;
		bpf_link__destroy(l);
	}
}

static void stop_closer(void)
{
	if (!closer_running)
		return;
	pthread_mutex_lock(&lock);
	dying = 0;
	pthread_mutex_unlock(&lock);
	pthread_join(closer, NULL);
	closer_running = 0;
}

void syscall_hooks_set(struct profiler_bpf *skel, int want)
{
	want = want != 0;
	if (want == attached)
		return;
	if (want) {
		stop_closer();
		if (attach_syscall_hooks(skel, links) < 0) {
			fprintf(stderr, "profilegate-recorder: cannot attach the syscall programs\n");
			exit(1);
		}
		__atomic_store_n(&skel->bss->syscall_hooks_live, 1, __ATOMIC_SEQ_CST);
	} else {
		__atomic_store_n(&skel->bss->syscall_hooks_live, 0, __ATOMIC_SEQ_CST);
		dying = 1;
		closer_running = pthread_create(&closer, NULL, close_links, NULL) == 0;
		if (!closer_running)
			close_links(NULL); /* no thread: here, slowly */
	}
	attached = want;
	printf("{\"type\":\"hooks\",\"syscalls\":\"%s\"}\n", want ? "attached" : "detached");
}

void syscall_hooks_sync(struct profiler_bpf *skel)
{
	if (tracked_keys_count() == 0 && tracked_keys_watching() == 0)
		syscall_hooks_set(skel, 0);
}
