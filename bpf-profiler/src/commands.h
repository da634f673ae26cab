/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The recorder's stdin commands and the lines they answer with (docs/bpf-profiler.md, "Loader
 * protocol"):
 *   track ID     start recording the container with this key -> tracked | error
 *   untrack ID   its final summary, then stop recording it   -> summary, untracked
 *   watch ID L   track what first execs below cgroup ID (level L) -> watching | error
 *   unwatch ID   stop that                                   -> unwatched | error
 *   flush        pending events, a summary per tracked key, the lost counters -> ..., flushed
 * Any of them may be preceded by a `hooks` line when the syscall programs attach or detach
 * (syscall-hooks.h).
 */
#ifndef COMMANDS_H
#define COMMANDS_H

#include <bpf/libbpf.h>
#include "profiler.skel.h"

struct recorder {
	struct profiler_bpf *skel;
	struct ring_buffer *rb; /* consumed before any summary, so events come first */
};

void run_command(struct recorder *r, char *line);

/* What `flush` prints before `flushed`; also the periodic and the final flush. */
void flush_all(struct recorder *r);

#endif
