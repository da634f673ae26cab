// SPDX-License-Identifier: Apache-2.0
#include <arpa/inet.h>
#include <inttypes.h>
#include <string.h>
#include "event-print.h"
#include "ndjson.h"

static const char *const cap_names[] = {
	"CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID", "KILL", "SETGID", "SETUID",
	"SETPCAP", "LINUX_IMMUTABLE", "NET_BIND_SERVICE", "NET_BROADCAST", "NET_ADMIN", "NET_RAW",
	"IPC_LOCK", "IPC_OWNER", "SYS_MODULE", "SYS_RAWIO", "SYS_CHROOT", "SYS_PTRACE", "SYS_PACCT",
	"SYS_ADMIN", "SYS_BOOT", "SYS_NICE", "SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "MKNOD",
	"LEASE", "AUDIT_WRITE", "AUDIT_CONTROL", "SETFCAP", "MAC_OVERRIDE", "MAC_ADMIN", "SYSLOG",
	"WAKE_ALARM", "BLOCK_SUSPEND", "AUDIT_READ", "PERFMON", "BPF", "CHECKPOINT_RESTORE",
};

const char *capability_name(int cap)
{
	if (cap < 0 || (size_t)cap >= sizeof(cap_names) / sizeof(cap_names[0]))
		return NULL;
	return cap_names[cap];
}

/* Components are stored leaf first, each NUL-terminated: print them root first, without the
 * first `skip` (leaf side) components. */
static void print_path_above(FILE *out, const struct event *e, size_t skip)
{
	char buf[PATH_BUF_LEN + NAME_MAX_LEN + 2];
	size_t len = e->h.path_len > PATH_BUF_LEN ? PATH_BUF_LEN : e->h.path_len;
	size_t starts[PATH_MAX_DEPTH + 1], n = 0, pos = 0, w = 0;
	while (pos < len && n <= PATH_MAX_DEPTH) {
		starts[n++] = pos;
		pos += strnlen(e->path + pos, len - pos) + 1;
	}
	if (n <= skip)
		buf[w++] = '/';
	while (n > skip) {
		const char *c = e->path + starts[--n];
		size_t cl = strnlen(c, len - starts[n]);
		buf[w++] = '/';
		memcpy(buf + w, c, cl);
		w += cl;
	}
	json_string(out, buf, w);
}

static void print_path(FILE *out, const struct event *e)
{
	print_path_above(out, e, 0);
}

static void print_key(FILE *out, const char *type, const struct event *e)
{
	fprintf(out, "{\"type\":\"%s\",\"key\":\"%" PRIu64 "\",\"pid\":%u", type, (uint64_t)e->h.key,
		e->h.pid);
}

static const char *protocol_name(int p)
{
	switch (p) {
	case 6:
	case 262: /* MPTCP runs over TCP */
		return "TCP";
	case 17:
	case 136:
		return "UDP";
	case 132:
		return "SCTP";
	}
	return NULL;
}

static void print_net(FILE *out, const struct event *e, const char *type)
{
	const char *proto = protocol_name(e->h.net.protocol);
	if (!proto)
		return;
	print_key(out, type, e);
	fprintf(out, ",\"protocol\":\"%s\",\"port\":%u", proto, e->h.net.port);
	if (e->h.type == EV_CONNECT) {
		char addr[INET6_ADDRSTRLEN] = "";
		int v4 = e->h.net.family == 2;
		inet_ntop(v4 ? AF_INET : AF_INET6, e->h.net.addr, addr, sizeof(addr));
		fprintf(out, ",\"family\":%d,\"addr\":\"%s\"", v4 ? 4 : 6, addr);
	}
	fputs("}\n", out);
}

void print_event(FILE *out, const struct event *e, cap_classifier classify, int debug)
{
	int truncated = (e->h.flags & EVF_TRUNCATED) != 0;
	switch (e->h.type) {
	case EV_ADOPT:
		print_key(out, "adopted", e);
		fputs(e->h.flags & EVF_HOOKS_DOWN ? ",\"hooksDown\":true}\n" : "}\n", out);
		break;
	case EV_EXEC:
		print_key(out, "exec", e);
		fputs(",\"path\":", out);
		print_path(out, e);
		fprintf(out, ",\"truncated\":%s}\n", truncated ? "true" : "false");
		break;
	case EV_WRITE_DIR:
	case EV_READ_DIR:
		print_key(out, "file", e);
		fprintf(out, ",\"access\":\"%s\",\"dir\":", e->h.type == EV_WRITE_DIR ? "write" : "read");
		print_path_above(out, e, (e->h.flags & EVF_FILE) ? 1 : 0);
		if (e->h.flags & EVF_FILE) {
			fputs(",\"file\":", out);
			print_path(out, e);
		}
		fprintf(out, ",\"truncated\":%s}\n", truncated ? "true" : "false");
		break;
	case EV_NAMED_WRITE:
		print_key(out, "named", e);
		fputs(",\"access\":\"write\",\"base\":", out);
		if (e->h.flags & EVF_ABSOLUTE)
			fputs("null", out);
		else
			print_path(out, e);
		fputs(",\"arg\":", out);
		json_string(out, e->str, strnlen(e->str, USER_STR_LEN));
		fprintf(out, ",\"truncated\":%s}\n", truncated ? "true" : "false");
		break;
	case EV_IDS:
		print_key(out, "ids", e);
		fprintf(out, ",\"uid\":%u,\"euid\":%u,\"gid\":%u,\"egid\":%u,\"transition\":%s}\n",
			e->h.ids.uid, e->h.ids.euid, e->h.ids.gid, e->h.ids.egid,
			(e->h.flags & EVF_TRANSITION) ? "true" : "false");
		break;
	case EV_LISTEN:
		print_net(out, e, "listen");
		break;
	case EV_CONNECT:
		print_net(out, e, "connect");
		break;
	case EV_CAP: {
		const char *name = capability_name(e->h.cap);
		const char *ignored = classify(e);
		if (!name || (ignored && !debug))
			break;
		print_key(out, "cap", e);
		fprintf(out, ",\"cap\":\"%s\",\"counted\":%s", name, ignored ? "false" : "true");
		if (ignored) {
			fputs(",\"reason\":", out);
			json_string(out, ignored, strlen(ignored));
		}
		fputs("}\n", out);
		break;
	}
	}
}
