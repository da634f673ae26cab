// SPDX-License-Identifier: Apache-2.0
/*
 * profiler-storm PROCS ITERATIONS
 *
 * A syscall storm for the bpf-profiler's loss test and overhead benchmark: PROCS processes each
 * make ITERATIONS cheap syscalls (getppid, alternating with getpriority), then one marker
 * syscall (sysinfo) each, so a test can check the marker reached the bitmap after the storm.
 * Prints the wall-clock nanoseconds per syscall: elapsed time / (PROCS * ITERATIONS).
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: %s PROCS ITERATIONS\n", argv[0]);
		return 2;
	}
	int procs = atoi(argv[1]);
	long iterations = atol(argv[2]);
	double start = now_ns();
	for (int p = 0; p < procs; p++) {
		pid_t pid = fork();
		if (pid < 0) {
			perror("fork");
			return 1;
		}
		if (pid == 0) {
			for (long i = 0; i < iterations; i++) {
				if (i & 1)
					syscall(SYS_getpriority, PRIO_PROCESS, 0);
				else
					syscall(SYS_getppid);
			}
			struct sysinfo info;
			sysinfo(&info);
			_exit(0);
		}
	}
	int failed = 0, status;
	while (wait(&status) > 0)
		failed |= !WIFEXITED(status) || WEXITSTATUS(status) != 0;
	double elapsed = now_ns() - start;
	printf("%.2f\n", elapsed / ((double)iterations * procs));
	return failed;
}
