/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Whether a granted capability check was the process's own need (docs/bpf-profiler.md, "The
 * capability rule"): the kprobe fallback says CAP_OPT_NOAUDIT itself; for the tracepoint, the
 * check's kernel stack is symbolised and a known NOAUDIT caller on it means "not counted".
 */
#ifndef CAP_CLASSIFY_H
#define CAP_CLASSIFY_H

#include "profiler.h"

/* stacks_fd: the BPF stack map; have_kallsyms: kallsyms_load() succeeded; debug: stacks on stderr. */
void cap_classify_init(int stacks_fd, int have_kallsyms, int debug);

/* NULL when the check counts (also when the stack cannot tell: a superset is safe), else why not. */
const char *classify_cap(const struct event *e);

#endif
