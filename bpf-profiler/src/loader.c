// SPDX-License-Identifier: Apache-2.0
/*
 * profilegate-recorder [--key-mode cgroup|mntns] [--interval-ms N] [--files] [--debug]
 *
 * Loads the recorder (what loads on this kernel: attach.c), then reads commands on stdin, one
 * per line (commands.c), and writes observations as NDJSON on stdout (event-print.c;
 * docs/bpf-profiler.md lists every line type). EOF on stdin, SIGINT or SIGTERM: a last flush,
 * then exit.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <bpf/libbpf.h>
#include "profiler.h"
#include "profiler.skel.h"
#include "attach.h"
#include "cap-classify.h"
#include "commands.h"
#include "event-print.h"
#include "kallsyms.h"
#include "syscall-hooks.h"
#include "tracked-keys.h"

static int debug_caps;
static volatile sig_atomic_t stopping;

static void on_signal(int sig)
{
	(void)sig;
	stopping = 1;
}

static int on_event(void *ctx, void *data, size_t size)
{
	if (size < sizeof(struct event_header) + USER_STR_LEN)
		return 0;
	const struct event *e = data;
	if (e->h.type == EV_ADOPT) {
		tracked_keys_adopted(e->h.key);
		syscall_hooks_set(ctx, 1); /* normally attached already: a root is watched */
	}
	print_event(stdout, data, classify_cap, debug_caps);
	return 0;
}

static int libbpf_quiet(enum libbpf_print_level level, const char *fmt, va_list args)
{
	if (level == LIBBPF_DEBUG)
		return 0;
	return vfprintf(stderr, fmt, args);
}

static long elapsed_ms(const struct timespec *since)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - since->tv_sec) * 1000 + (now.tv_nsec - since->tv_nsec) / 1000000;
}

/* Commands from stdin and events from the ring buffer until EOF or a signal. */
static void serve(struct recorder *r, long interval_ms)
{
	char buf[4096];
	size_t used = 0;
	struct timespec last;
	clock_gettime(CLOCK_MONOTONIC, &last);
	struct pollfd fds[2] = {{.fd = ring_buffer__epoll_fd(r->rb), .events = POLLIN},
				{.fd = STDIN_FILENO, .events = POLLIN}};
	int stdin_open = 1;
	while (!stopping && stdin_open) {
		int n = poll(fds, 2, 100);
		if (n < 0 && errno != EINTR)
			break;
		ring_buffer__consume(r->rb);
		if (fds[1].revents & (POLLIN | POLLHUP)) {
			ssize_t got = read(STDIN_FILENO, buf + used, sizeof(buf) - used - 1);
			if (got <= 0) {
				stdin_open = 0;
			} else {
				used += (size_t)got;
				char *nl;
				while ((nl = memchr(buf, '\n', used))) {
					*nl = 0;
					run_command(r, buf);
					size_t rest = used - (size_t)(nl + 1 - buf);
					memmove(buf, nl + 1, rest);
					used = rest;
				}
				if (used == sizeof(buf) - 1)
					used = 0; /* an overlong line is not a command */
			}
		}
		if (interval_ms > 0 && elapsed_ms(&last) >= interval_ms) {
			flush_all(r);
			clock_gettime(CLOCK_MONOTONIC, &last);
		}
		fflush(stdout);
	}
}

int main(int argc, char **argv)
{
	const char *key_mode = "cgroup";
	long interval_ms = 0;
	int per_file = 0;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--key-mode") == 0 && i + 1 < argc)
			key_mode = argv[++i];
		else if (strcmp(argv[i], "--interval-ms") == 0 && i + 1 < argc)
			interval_ms = strtol(argv[++i], NULL, 10);
		else if (strcmp(argv[i], "--files") == 0)
			per_file = 1;
		else if (strcmp(argv[i], "--debug") == 0)
			debug_caps = 1;
		else {
			fprintf(stderr, "usage: %s [--key-mode cgroup|mntns] [--interval-ms N] [--files] [--debug]\n",
				argv[0]);
			return 2;
		}
	}
	if (strcmp(key_mode, "cgroup") != 0 && strcmp(key_mode, "mntns") != 0) {
		fprintf(stderr, "profilegate-recorder: --key-mode must be cgroup or mntns\n");
		return 2;
	}
	libbpf_set_print(libbpf_quiet);

	struct profiler_bpf *skel = profiler_bpf__open();
	if (!skel) {
		fprintf(stderr, "profilegate-recorder: open: %s\n", strerror(errno));
		return 1;
	}
	skel->rodata->key_mode = strcmp(key_mode, "mntns") == 0;
	skel->rodata->per_file = per_file;
	struct attach_report report = {0};
	attach_prepare(skel, &report);
	int have_kallsyms = kallsyms_load() == 0;
	if (profiler_bpf__load(skel)) {
		fprintf(stderr, "profilegate-recorder: load: %s\n", strerror(errno));
		return 1;
	}
	if (attach_all(skel, &report) != 0)
		return 1;
	cap_classify_init(bpf_map__fd(skel->maps.stacks), have_kallsyms, debug_caps);
	tracked_keys_init(skel);

	struct recorder r = {.skel = skel};
	r.rb = ring_buffer__new(bpf_map__fd(skel->maps.events), on_event, skel, NULL);
	if (!r.rb) {
		fprintf(stderr, "profilegate-recorder: ring buffer: %s\n", strerror(errno));
		return 1;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGPIPE, SIG_IGN);

	printf("{\"type\":\"ready\",\"keyMode\":\"%s\",\"capHook\":\"%s\",\"capClassifier\":\"%s\","
	       "\"pathSyscalls\":%d,\"pathSyscallsMissing\":%d}\n",
	       key_mode, report.cap_hook, have_kallsyms ? "kallsyms" : "none", report.path_syscalls,
	       report.path_syscalls_missing);
	fflush(stdout);

	serve(&r, interval_ms);
	flush_all(&r);
	printf("{\"type\":\"exit\"}\n");
	fflush(stdout);
	ring_buffer__free(r.rb);
	profiler_bpf__destroy(skel);
	return 0;
}
