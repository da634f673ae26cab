// SPDX-License-Identifier: Apache-2.0
/*
 * syscall-floor OBJECT: attaches the empty sys_enter program of OBJECT (syscall-floor.bpf.o),
 * prints "attached", and keeps it attached until killed.
 */
#include <stdio.h>
#include <unistd.h>
#include <bpf/libbpf.h>

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s syscall-floor.bpf.o\n", argv[0]);
		return 2;
	}
	struct bpf_object *obj = bpf_object__open_file(argv[1], NULL);
	if (!obj || bpf_object__load(obj) != 0) {
		perror("syscall-floor: load");
		return 1;
	}
	struct bpf_program *prog = bpf_object__find_program_by_name(obj, "floor_sys_enter");
	if (!prog || !bpf_program__attach(prog)) {
		perror("syscall-floor: attach");
		return 1;
	}
	printf("attached\n");
	fflush(stdout);
	for (;;)
		pause();
}
