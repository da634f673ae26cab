// SPDX-License-Identifier: Apache-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include "attach.h"
#include "profiler.h"
#include "syscall-table.h"

/* Which capability hook a program belongs to; CAP_ANY: every kernel. */
enum cap_hook { CAP_ANY, CAP_TRACEPOINT, CAP_KPROBE };

/*
 * Programs attached for the recorder's life, where their SEC() says. A required one that fails
 * to attach stops the recorder; a capability hook that fails reports capHook "none" (the profile
 * then lacks capabilities, which the ready line says). The syscall programs (on_sys_enter and
 * the sys_exit_ ones of the syscall table below) are attached only while something is recorded:
 * attach_syscall_hooks.
 */
static const struct hook {
	const char *prog;
	enum cap_hook cap; /* loads only when this capability hook was chosen */
} hooks[] = {
	{"on_exec", CAP_ANY},
	{"on_inet_sock_set_state", CAP_ANY},
	{"on_cap_capable", CAP_TRACEPOINT},
	{"kp_cap_capable", CAP_KPROBE},
	{"krp_cap_capable", CAP_KPROBE},
};

/* The sys_exit_ program of each kind of kept arguments (enum pending_kind). */
static const char *const exit_programs[] = {
	[PEND_OPEN] = "on_sys_exit_open",   [PEND_NAMED] = "on_sys_exit_named",
	[PEND_BIND] = "on_sys_exit_bind",   [PEND_CONNECT] = "on_sys_exit_connect",
	[PEND_SETID] = "on_sys_exit_setid",
};

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

/*
 * The syscalls with a sys_exit_ program, and which argument is which (argument indexes, -1 =
 * none): the BPF side keeps them at sys_enter as syscall_spec says. A syscall this architecture
 * lacks (or whose tracepoint the kernel lacks) is skipped and counted as missing.
 */
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

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

_Static_assert(LEN(specs) + 1 <= SYSCALL_HOOK_LINKS, "SYSCALL_HOOK_LINKS too small");

static struct bpf_program *program(struct profiler_bpf *skel, const char *name)
{
	return bpf_object__find_program_by_name(skel->obj, name);
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

/* Capabilities: the cap_capable tracepoint where the kernel has it (6.14+), else kprobes. */
static enum cap_hook chosen_cap_hook(void)
{
	return has_btf_type("btf_trace_cap_capable") ? CAP_TRACEPOINT : CAP_KPROBE;
}

void attach_prepare(struct profiler_bpf *skel, struct attach_report *report)
{
	ensure_tracefs();
	enum cap_hook cap = chosen_cap_hook();
	report->cap_hook = cap == CAP_TRACEPOINT ? "tracepoint" : "kprobe";
	for (size_t i = 0; i < LEN(hooks); i++)
		bpf_program__set_autoload(program(skel, hooks[i].prog),
					  hooks[i].cap == CAP_ANY || hooks[i].cap == cap);
}

/* The table entries this kernel has (set by attach_all): their sys_exit_ programs attach on demand. */
static const struct spec_def *present[LEN(specs)];
static size_t n_present;

/* Fills the syscall_spec map and spec_syscalls bits for every syscall this kernel has. */
static int prepare_specs(struct profiler_bpf *skel, struct attach_report *report)
{
	int spec_fd = bpf_map__fd(skel->maps.syscall_spec);
	for (size_t i = 0; i < LEN(specs); i++) {
		long nr = syscall_number(specs[i].name);
		char exit_[64];
		snprintf(exit_, sizeof(exit_), "sys_exit_%s", specs[i].name);
		if (nr < 0 || nr >= SYSCALL_BITS || !tracepoint_exists(exit_)) {
			report->path_syscalls_missing++;
			continue;
		}
		__u32 k = (__u32)nr;
		if (bpf_map_update_elem(spec_fd, &k, &specs[i].spec, BPF_ANY) != 0)
			return -1;
		__atomic_or_fetch(&skel->bss->spec_syscalls[nr / 64], 1ULL << (nr % 64), __ATOMIC_SEQ_CST);
		present[n_present++] = &specs[i];
		report->path_syscalls++;
	}
	return 0;
}

int attach_syscall_hooks(struct profiler_bpf *skel, struct bpf_link **links)
{
	if (!links[0] && !(links[0] = bpf_program__attach(program(skel, "on_sys_enter")))) {
		fprintf(stderr, "profilegate-recorder: attach sys_enter: %s\n", strerror(errno));
		return -1;
	}
	for (size_t i = 0; i < n_present; i++) {
		char exit_[64];
		if (links[i + 1])
			continue;
		snprintf(exit_, sizeof(exit_), "sys_exit_%s", present[i]->name);
		links[i + 1] = bpf_program__attach_tracepoint(
			program(skel, exit_programs[present[i]->spec.kind]), "syscalls", exit_);
		if (!links[i + 1]) {
			fprintf(stderr, "profilegate-recorder: attach %s: %s\n", present[i]->name,
				strerror(errno));
			return -1;
		}
	}
	return (int)n_present + 1;
}

int attach_all(struct profiler_bpf *skel, struct attach_report *report)
{
	for (size_t i = 0; i < LEN(hooks); i++) {
		struct bpf_program *prog = program(skel, hooks[i].prog);
		if (!bpf_program__autoload(prog) || bpf_program__attach(prog))
			continue;
		if (hooks[i].cap == CAP_ANY) {
			fprintf(stderr, "profilegate-recorder: attach: %s\n", strerror(errno));
			return -1;
		}
		report->cap_hook = "none";
	}
	return prepare_specs(skel, report);
}
