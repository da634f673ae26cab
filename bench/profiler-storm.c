// SPDX-License-Identifier: Apache-2.0
/*
 * profiler-storm PROCS ITERATIONS
 *
 * A syscall storm for the bpf-profiler's loss test and overhead benchmark: PROCS processes each
 * make ITERATIONS cheap syscalls (getppid, alternating with getpriority), then one marker
 * syscall (sysinfo) each, so a test can check the marker reached the bitmap after the storm.
 * Prints the CPU nanoseconds per syscall: the children's user + system time / (PROCS *
 * ITERATIONS). CPU time, not wall time: on a shared machine, time spent waiting for a core is
 * not the recorder's cost (the BPF program runs in the syscall, so it is in system time).
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double tv_ns(struct timeval tv)
{
	return tv.tv_sec * 1e9 + tv.tv_usec * 1e3;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: %s PROCS ITERATIONS\n", argv[0]);
		return 2;
	}
	int procs = atoi(argv[1]);
	long iterations = atol(argv[2]);
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
	struct rusage ru;
	getrusage(RUSAGE_CHILDREN, &ru);
	double cpu = tv_ns(ru.ru_utime) + tv_ns(ru.ru_stime);
	printf("%.2f\n", cpu / ((double)iterations * procs));
	return failed;
}
