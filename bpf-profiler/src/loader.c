// SPDX-License-Identifier: Apache-2.0
/*
 * profilegate-recorder [--key-mode cgroup|mntns] [--interval-ms N] [--debug]
 *
 * Loads the recorder, then reads commands on stdin, one per line:
 *   track ID     start recording the container with this key (cgroup id or mntns inode)
 *   untrack ID   print its final summary and stop recording it
 *   flush        deliver pending events, print a summary per tracked key and the lost counters
 * and writes observations as NDJSON on stdout (docs/bpf-profiler.md lists every line type).
 * EOF on stdin, SIGINT or SIGTERM: a last flush, then exit.
 */
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include "profiler.h"
#include "profiler.skel.h"
#include "event-print.h"
#include "kallsyms.h"
#include "syscall-table.h"

#define O_WRONLY_ 01
#define O_CREAT_ 0100
#define O_TRUNC_ 01000

struct spec_def {
	const char *name;
	struct syscall_spec spec;
};

#define OPEN(n, d, p, f, how, cf) {n, {PEND_OPEN, d, p, -1, -1, f, how, 0, cf}}
#define NAMED(n, d1, p1, d2, p2) {n, {PEND_NAMED, d1, p1, d2, p2, -1, 0, 0, 0}}
#define SOCK(n, kind) {n, {kind, 0, 1, -1, -1, -1, 0, 0, 0}}
#define SETID(n) {n, {PEND_SETID, -1, -1, -1, -1, -1, 0, 0, 0}}

/* Which argument is which, by syscall name; missing syscalls on an architecture are skipped. */
static const struct spec_def specs[] = {
	OPEN("open", -1, 0, 1, 0, 0),
	OPEN("openat", 0, 1, 2, 0, 0),
	OPEN("openat2", 0, 1, 2, 1, 0),
	OPEN("creat", -1, 0, -1, 0, O_CREAT_ | O_WRONLY_ | O_TRUNC_),
	OPEN("open_by_handle_at", -1, -1, 2, 0, 0),
	NAMED("mkdir", -1, 0, -1, -1),
	NAMED("mkdirat", 0, 1, -1, -1),
	NAMED("mknod", -1, 0, -1, -1),
	NAMED("mknodat", 0, 1, -1, -1),
	NAMED("unlink", -1, 0, -1, -1),
	NAMED("unlinkat", 0, 1, -1, -1),
	NAMED("rmdir", -1, 0, -1, -1),
	NAMED("rename", -1, 0, -1, 1),
	NAMED("renameat", 0, 1, 2, 3),
	NAMED("renameat2", 0, 1, 2, 3),
	NAMED("link", -1, 1, -1, -1),
	NAMED("linkat", 2, 3, -1, -1),
	NAMED("symlink", -1, 1, -1, -1),
	NAMED("symlinkat", 1, 2, -1, -1),
	NAMED("chmod", -1, 0, -1, -1),
	NAMED("fchmodat", 0, 1, -1, -1),
	NAMED("fchmodat2", 0, 1, -1, -1),
	NAMED("chown", -1, 0, -1, -1),
	NAMED("lchown", -1, 0, -1, -1),
	NAMED("fchownat", 0, 1, -1, -1),
	NAMED("truncate", -1, 0, -1, -1),
	NAMED("utimensat", 0, 1, -1, -1),
	NAMED("utimes", -1, 0, -1, -1),
	NAMED("utime", -1, 0, -1, -1),
	NAMED("futimesat", 0, 1, -1, -1),
	NAMED("setxattr", -1, 0, -1, -1),
	NAMED("lsetxattr", -1, 0, -1, -1),
	NAMED("removexattr", -1, 0, -1, -1),
	NAMED("lremovexattr", -1, 0, -1, -1),
	SOCK("bind", PEND_BIND),
	SOCK("connect", PEND_CONNECT),
	SETID("setuid"),
	SETID("setgid"),
	SETID("setreuid"),
	SETID("setregid"),
	SETID("setresuid"),
	SETID("setresgid"),
};

/*
 * Callers that check with CAP_OPT_NOAUDIT: the kernel asks, but the process does not need it
 * (e.g. every mmap by root asks for SYS_ADMIN to size the overcommit reserve). The LSM layer
 * tail-calls cap_vm_enough_memory, so its frame is security_vm_enough_memory_mm.
 */
static const char *const noaudit_callers[] = {
	"ns_capable_noaudit", "has_ns_capability_noaudit", "has_capability_noaudit",
	"cap_vm_enough_memory", "security_vm_enough_memory_mm", "__vm_enough_memory",
	"selinux_vm_enough_memory", NULL,
};

static struct profiler_bpf *skel;
static int have_kallsyms;
static int debug_caps;
static volatile sig_atomic_t stopping;

static void on_signal(int sig)
{
	(void)sig;
	stopping = 1;
}

static int same_function(const char *sym, const char *name)
{
	size_t n = strlen(name);
	/* The compiler's split-off parts (name.cold, name.isra.0) belong to the same function. */
	return strncmp(sym, name, n) == 0 && (sym[n] == 0 || sym[n] == '.');
}

static const char *classify_cap(const struct event *e)
{
	if (e->h.flags & EVF_NOAUDIT)
		return "CAP_OPT_NOAUDIT";
	if (e->h.stack_id < 0 || !have_kallsyms)
		return NULL; /* cannot tell: count it, a superset is safe */
	__u64 ips[MAX_STACK_DEPTH] = {0};
	__u32 id = (__u32)e->h.stack_id;
	if (bpf_map_lookup_elem(bpf_map__fd(skel->maps.stacks), &id, ips) != 0)
		return NULL;
	for (int i = 0; i < MAX_STACK_DEPTH && ips[i]; i++) {
		const char *sym = kallsyms_lookup(ips[i]);
		if (debug_caps)
			fprintf(stderr, "cap %d stack %d: %s\n", e->h.cap, i, sym ? sym : "?");
		if (!sym)
			continue;
		for (int j = 0; noaudit_callers[j]; j++)
			if (same_function(sym, noaudit_callers[j]))
				return noaudit_callers[j];
	}
	return NULL;
}

static int on_event(void *ctx, void *data, size_t size)
{
	(void)ctx;
	if (size < sizeof(struct event_header) + USER_STR_LEN)
		return 0;
	print_event(stdout, data, classify_cap, debug_caps);
	return 0;
}

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

static void print_lost(void)
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
		/* Unreadable user memory is a fact we could not see, but not an overflow: report it
		 * separately from the total that decides completeness only if it names a write. */
		printf(",\"%s\":%llu", names[r], (unsigned long long)sum);
		total += sum;
	}
	printf(",\"total\":%llu}\n", (unsigned long long)total);
	free(vals);
}

/* Which tracked key owns each slot (0: free); only this thread writes the slots. */
static __u64 slot_owner[TRACKED_SLOTS];

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

static void flush_all(struct ring_buffer *rb)
{
	ring_buffer__consume(rb);
	int fd = bpf_map__fd(skel->maps.tracked);
	__u64 key, next;
	struct container_state s;
	__u64 *prev = NULL;
	while (bpf_map_get_next_key(fd, prev, &next) == 0) {
		if (bpf_map_lookup_elem(fd, &next, &s) == 0) {
			slot_merge(next, &s);
			print_summary(next, &s);
		}
		key = next;
		prev = &key;
	}
	print_lost();
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

/* How many tracked keys map to each bit of the BPF side's tracked_filter. */
static unsigned short filter_users[TRACKED_FILTER_BITS];

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

static void handle_command(char *line, struct ring_buffer *rb)
{
	char cmd[16];
	unsigned long long id = 0;
	int n = sscanf(line, "%15s %llu", cmd, &id);
	if (n < 1)
		return;
	int fd = bpf_map__fd(skel->maps.tracked);
	__u64 key = id;
	if (strcmp(cmd, "track") == 0 && n == 2) {
		struct container_state s;
		memset(&s, 0, sizeof(s));
		int err = bpf_map_update_elem(fd, &key, &s, BPF_NOEXIST);
		if (err && errno != EEXIST) {
			printf("{\"type\":\"error\",\"message\":\"track %llu: %s\"}\n", id, strerror(errno));
		} else {
			/* Map entry first, then the filter bit: a set bit always finds its entry. */
			if (!err) {
				slot_claim(key);
				filter_add(key);
			}
			printf("{\"type\":\"tracked\",\"key\":\"%llu\"}\n", id);
		}
	} else if (strcmp(cmd, "untrack") == 0 && n == 2) {
		struct container_state s;
		ring_buffer__consume(rb);
		if (bpf_map_lookup_elem(fd, &key, &s) == 0) {
			slot_merge(key, &s);
			print_summary(key, &s);
			filter_remove(key);
			slot_release(key);
		}
		bpf_map_delete_elem(fd, &key);
		forget_seen(key);
		printf("{\"type\":\"untracked\",\"key\":\"%llu\"}\n", id);
	} else if (strcmp(cmd, "flush") == 0) {
		flush_all(rb);
		printf("{\"type\":\"flushed\"}\n");
	} else {
		printf("{\"type\":\"error\",\"message\":\"unknown command\"}\n");
	}
}

static int tracepoint_exists(const char *name)
{
	char path[256];
	snprintf(path, sizeof(path), "/sys/kernel/tracing/events/syscalls/%s", name);
	if (access(path, F_OK) == 0)
		return 1;
	snprintf(path, sizeof(path), "/sys/kernel/debug/tracing/events/syscalls/%s", name);
	return access(path, F_OK) == 0;
}

/* libbpf attaches tracepoints through tracefs; mount it where a minimal host has not. */
static void ensure_tracefs(void)
{
	if (access("/sys/kernel/tracing/events", F_OK) == 0 ||
	    access("/sys/kernel/debug/tracing/events", F_OK) == 0)
		return;
	if (mount("nodev", "/sys/kernel/tracing", "tracefs", 0, NULL) != 0)
		fprintf(stderr, "profilegate-recorder: mount tracefs: %s\n", strerror(errno));
}

static int has_btf_type(const char *name)
{
	struct btf *btf = btf__load_vmlinux_btf();
	if (!btf)
		return 0;
	int found = btf__find_by_name_kind(btf, name, BTF_KIND_TYPEDEF) >= 0;
	btf__free(btf);
	return found;
}

static int attach_specs(int *attached, int *skipped)
{
	int spec_fd = bpf_map__fd(skel->maps.syscall_spec);
	for (size_t i = 0; i < sizeof(specs) / sizeof(specs[0]); i++) {
		long nr = syscall_number(specs[i].name);
		char exit_[64];
		snprintf(exit_, sizeof(exit_), "sys_exit_%s", specs[i].name);
		if (nr < 0 || nr >= SYSCALL_BITS || !tracepoint_exists(exit_)) {
			(*skipped)++;
			continue;
		}
		__u32 k = (__u32)nr;
		if (bpf_map_update_elem(spec_fd, &k, &specs[i].spec, BPF_ANY) != 0)
			return -1;
		__atomic_or_fetch(&skel->bss->spec_syscalls[nr / 64], 1ULL << (nr % 64), __ATOMIC_SEQ_CST);
		if (!bpf_program__attach_tracepoint(skel->progs.on_sys_exit_spec, "syscalls", exit_)) {
			fprintf(stderr, "profilegate-recorder: attach %s: %s\n", specs[i].name,
				strerror(errno));
			return -1;
		}
		(*attached)++;
	}
	return 0;
}

static int libbpf_quiet(enum libbpf_print_level level, const char *fmt, va_list args)
{
	if (level == LIBBPF_DEBUG)
		return 0;
	return vfprintf(stderr, fmt, args);
}

int main(int argc, char **argv)
{
	const char *key_mode = "cgroup";
	long interval_ms = 0;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--key-mode") == 0 && i + 1 < argc)
			key_mode = argv[++i];
		else if (strcmp(argv[i], "--interval-ms") == 0 && i + 1 < argc)
			interval_ms = strtol(argv[++i], NULL, 10);
		else if (strcmp(argv[i], "--debug") == 0)
			debug_caps = 1;
		else {
			fprintf(stderr, "usage: %s [--key-mode cgroup|mntns] [--interval-ms N] [--debug]\n",
				argv[0]);
			return 2;
		}
	}
	if (strcmp(key_mode, "cgroup") != 0 && strcmp(key_mode, "mntns") != 0) {
		fprintf(stderr, "profilegate-recorder: --key-mode must be cgroup or mntns\n");
		return 2;
	}
	libbpf_set_print(libbpf_quiet);
	ensure_tracefs();
	have_kallsyms = kallsyms_load() == 0;

	skel = profiler_bpf__open();
	if (!skel) {
		fprintf(stderr, "profilegate-recorder: open: %s\n", strerror(errno));
		return 1;
	}
	skel->rodata->key_mode = strcmp(key_mode, "mntns") == 0;

	/* Capabilities: the cap_capable tracepoint where the kernel has it (6.14+), else kprobes. */
	const char *cap_hook = has_btf_type("btf_trace_cap_capable") ? "tracepoint" : "kprobe";
	int use_tp = strcmp(cap_hook, "tracepoint") == 0;
	bpf_program__set_autoload(skel->progs.on_cap_capable, use_tp);
	bpf_program__set_autoload(skel->progs.kp_cap_capable, !use_tp);
	bpf_program__set_autoload(skel->progs.krp_cap_capable, !use_tp);

	if (profiler_bpf__load(skel)) {
		fprintf(stderr, "profilegate-recorder: load: %s\n", strerror(errno));
		return 1;
	}
	if (!bpf_program__attach(skel->progs.on_sys_enter) ||
	    !bpf_program__attach(skel->progs.on_exec) ||
	    !bpf_program__attach(skel->progs.on_inet_sock_set_state)) {
		fprintf(stderr, "profilegate-recorder: attach: %s\n", strerror(errno));
		return 1;
	}
	if (use_tp) {
		if (!bpf_program__attach(skel->progs.on_cap_capable))
			cap_hook = "none";
	} else if (!bpf_program__attach(skel->progs.kp_cap_capable) ||
		   !bpf_program__attach(skel->progs.krp_cap_capable)) {
		cap_hook = "none";
	}
	int attached = 0, skipped = 0;
	if (attach_specs(&attached, &skipped) != 0)
		return 1;

	struct ring_buffer *rb = ring_buffer__new(bpf_map__fd(skel->maps.events), on_event, NULL, NULL);
	if (!rb) {
		fprintf(stderr, "profilegate-recorder: ring buffer: %s\n", strerror(errno));
		return 1;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGPIPE, SIG_IGN);

	printf("{\"type\":\"ready\",\"keyMode\":\"%s\",\"capHook\":\"%s\",\"capClassifier\":\"%s\","
	       "\"pathSyscalls\":%d,\"pathSyscallsMissing\":%d}\n",
	       key_mode, cap_hook, have_kallsyms ? "kallsyms" : "none", attached, skipped);
	fflush(stdout);

	char buf[4096];
	size_t used = 0;
	struct timespec last;
	clock_gettime(CLOCK_MONOTONIC, &last);
	struct pollfd fds[2] = {{.fd = ring_buffer__epoll_fd(rb), .events = POLLIN},
				{.fd = STDIN_FILENO, .events = POLLIN}};
	int stdin_open = 1;
	while (!stopping && stdin_open) {
		int r = poll(fds, 2, 100);
		if (r < 0 && errno != EINTR)
			break;
		ring_buffer__consume(rb);
		if (fds[1].revents & (POLLIN | POLLHUP)) {
			ssize_t n = read(STDIN_FILENO, buf + used, sizeof(buf) - used - 1);
			if (n <= 0) {
				stdin_open = 0;
			} else {
				used += (size_t)n;
				char *nl;
				while ((nl = memchr(buf, '\n', used))) {
					*nl = 0;
					handle_command(buf, rb);
					size_t rest = used - (size_t)(nl + 1 - buf);
					memmove(buf, nl + 1, rest);
					used = rest;
				}
				if (used == sizeof(buf) - 1)
					used = 0; /* an overlong line is not a command */
			}
		}
		if (interval_ms > 0) {
			struct timespec now;
			clock_gettime(CLOCK_MONOTONIC, &now);
			long elapsed = (now.tv_sec - last.tv_sec) * 1000 + (now.tv_nsec - last.tv_nsec) / 1000000;
			if (elapsed >= interval_ms) {
				flush_all(rb);
				last = now;
			}
		}
		fflush(stdout);
	}
	flush_all(rb);
	printf("{\"type\":\"exit\"}\n");
	fflush(stdout);
	ring_buffer__free(rb);
	profiler_bpf__destroy(skel);
	return 0;
}
