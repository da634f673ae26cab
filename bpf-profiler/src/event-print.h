/* SPDX-License-Identifier: Apache-2.0 */
/* Turns ring buffer events into NDJSON observation lines (format: docs/bpf-profiler.md). */
#ifndef EVENT_PRINT_H
#define EVENT_PRINT_H
#include <stdio.h>
#include <stdint.h>
#include "profiler.h"

/* Decides whether a granted check was needed: NULL if so, else the reason it is not counted. */
typedef const char *(*cap_classifier)(const struct event *e);

void print_event(FILE *out, const struct event *e, cap_classifier classify, int debug);
const char *capability_name(int cap);
#endif
