/* SPDX-License-Identifier: Apache-2.0 */
/* Minimal JSON string output for NDJSON lines on stdout. */
#ifndef NDJSON_H
#define NDJSON_H
#include <stdio.h>
#include <stddef.h>

/* Writes s (len bytes) as a JSON string literal, escaping quotes, backslashes and control bytes. */
void json_string(FILE *out, const char *s, size_t len);
#endif
