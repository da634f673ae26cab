// SPDX-License-Identifier: Apache-2.0
/*
 * profilegate-cgexec CGROUP_DIR COMMAND [ARG...]
 *
 * Moves itself into a cgroup v2 directory and executes COMMAND there. The move is the last
 * thing done before execvp, so the recorded profile holds nothing of this helper but execve.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: %s CGROUP_DIR COMMAND [ARG...]\n", argv[0]);
		return 2;
	}
	char procs[4096];
	snprintf(procs, sizeof(procs), "%s/cgroup.procs", argv[1]);
	int fd = open(procs, O_WRONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "profilegate-cgexec: open %s: %s\n", procs, strerror(errno));
		return 126;
	}
	if (write(fd, "0", 1) != 1) {
		fprintf(stderr, "profilegate-cgexec: join %s: %s\n", argv[1], strerror(errno));
		return 126;
	}
	execvp(argv[2], argv + 2);
	/* Reported on stderr and with the shell's convention, so the caller can tell it apart. */
	fprintf(stderr, "profilegate-cgexec: exec %s: %s\n", argv[2], strerror(errno));
	return errno == ENOENT ? 127 : 126;
}
