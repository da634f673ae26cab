// SPDX-License-Identifier: Apache-2.0
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include "commands.h"
#include "syscall-hooks.h"
#include "syscall-table.h"
#include "tracked-keys.h"

static void print_summary(__u64 key, const struct container_state *s)
{
	printf("{\"type\":\"summary\",\"key\":\"%" PRIu64 "\",\"syscalls\":[", (uint64_t)key);
	int first = 1;
	for (long nr = 0; nr < SYSCALL_BITS; nr++) {
		if (!(s->syscalls[nr / 64] & (1ULL << (nr % 64))))
			continue;
		const char *name = syscall_name(nr);
		if (name)
			printf("%s\"%s\"", first ? "" : ",", name);
		else
			printf("%s\"syscall_%ld\"", first ? "" : ",", nr);
		first = 0;
	}
	printf("]}\n");
}

static void print_lost(struct profiler_bpf *skel)
{
	static const char *const names[LOST_REASONS] = {"ringbuf", "seenFull", "pendingFull",
							 "stack", "userRead"};
	int ncpu = libbpf_num_possible_cpus();
	__u64 *vals = calloc(ncpu, sizeof(__u64)), total = 0;
	printf("{\"type\":\"lost\"");
	for (__u32 r = 0; r < LOST_REASONS; r++) {
		__u64 sum = 0;
		if (vals && bpf_map_lookup_elem(bpf_map__fd(skel->maps.lost), &r, vals) == 0)
			for (int c = 0; c < ncpu; c++)
				sum += vals[c];
		printf(",\"%s\":%llu", names[r], (unsigned long long)sum);
		/* A check whose stack was unreadable is still sent, counted as used: no fact is lost. */
		if (r != LOST_STACK)
			total += sum;
	}
	printf(",\"total\":%llu}\n", (unsigned long long)total);
	free(vals);
}

void flush_all(struct recorder *r)
{
	ring_buffer__consume(r->rb);
	tracked_keys_each(print_summary);
	print_lost(r->skel);
}

void run_command(struct recorder *r, char *line)
{
	char cmd[16];
	unsigned long long id = 0;
	unsigned int level = 0;
	int n = sscanf(line, "%15s %llu %u", cmd, &id, &level);
	if (n < 1)
		return;
	__u64 key = id;
	if (strcmp(cmd, "track") == 0 && n == 2) {
		/* Hooks first: the caller may start the program as soon as it reads `tracked`. */
		syscall_hooks_set(r->skel, 1);
		if (tracked_keys_add(key) != 0)
			printf("{\"type\":\"error\",\"message\":\"track %llu: %s\"}\n", id, strerror(errno));
		else
			printf("{\"type\":\"tracked\",\"key\":\"%llu\"}\n", id);
		syscall_hooks_sync(r->skel);
	} else if (strcmp(cmd, "watch") == 0 && n == 3) {
		/* Hooks first: what the root adopts is recorded from its first exec. */
		syscall_hooks_set(r->skel, 1);
		if (tracked_keys_watch(key, level) != 0)
			printf("{\"type\":\"error\",\"message\":\"watch %llu: %s\"}\n", id, strerror(errno));
		else
			printf("{\"type\":\"watching\",\"key\":\"%llu\"}\n", id);
		syscall_hooks_sync(r->skel);
	} else if (strcmp(cmd, "unwatch") == 0 && n == 2) {
		if (tracked_keys_unwatch(key) != 0)
			printf("{\"type\":\"error\",\"message\":\"unwatch %llu: not watched\"}\n", id);
		else
			printf("{\"type\":\"unwatched\",\"key\":\"%llu\"}\n", id);
		syscall_hooks_sync(r->skel);
	} else if (strcmp(cmd, "untrack") == 0 && n == 2) {
		struct container_state s;
		ring_buffer__consume(r->rb);
		if (tracked_keys_read(key, &s) == 0)
			print_summary(key, &s);
		tracked_keys_remove(key);
		printf("{\"type\":\"untracked\",\"key\":\"%llu\"}\n", id);
		syscall_hooks_sync(r->skel);
	} else if (strcmp(cmd, "flush") == 0) {
		flush_all(r);
		printf("{\"type\":\"flushed\"}\n");
	} else {
		printf("{\"type\":\"error\",\"message\":\"unknown command\"}\n");
	}
}
