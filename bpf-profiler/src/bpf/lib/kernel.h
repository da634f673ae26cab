/* SPDX-License-Identifier: GPL-2.0 OR Apache-2.0 */
/*
 * What every recorder program includes first: the running kernel's types (vmlinux.h, CO-RE),
 * libbpf's helpers, the types shared with the loader, and the few kernel constants that BTF
 * does not carry (macros, not types).
 */
#ifndef PG_BPF_KERNEL_H
#define PG_BPF_KERNEL_H

#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "profiler.h"

#define EEXIST 17
#define EINPROGRESS 115
#define AT_FDCWD -100
#define O_ACCMODE 00000003
#define O_RDONLY 00000000
#define O_CREAT 00000100
#define O_TRUNC 00001000
#define O_PATH 010000000
#define S_IFMT 00170000
#define S_IFREG 0100000
#define S_IFDIR 0040000
#define S_IFSOCK 0140000
#define AF_INET 2
#define AF_INET6 10
#define SOCK_DGRAM 2
#define IPPROTO_TCP 6
#define IPPROTO_UDP 17
#define IPPROTO_UDPLITE 136
#define TCP_SYN_SENT 2
#define TCP_LISTEN 10
#define CAP_OPT_NOAUDIT 2

#define core_container_of(ptr, type, member)                                                          \
	((type *)((void *)(ptr) - bpf_core_field_offset(type, member)))

#endif
