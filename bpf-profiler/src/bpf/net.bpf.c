// SPDX-License-Identifier: GPL-2.0 OR Apache-2.0
/*
 * Network: the ports a container listens on and the peers it connects to.
 *   tp_btf/inet_sock_set_state   TCP: -> LISTEN (listening port), -> SYN_SENT (outbound peer)
 *   sys_exit_bind                UDP: bind to a non-zero port is a listening port
 *   sys_exit_connect             UDP: connect is an outbound peer
 */
#include "lib/syscall-args.h"
#include "lib/vfs.h"

/* One EV_LISTEN / EV_CONNECT fact: (address, port, family, protocol). */
static __always_inline void emit_net(__u64 key, __u32 type, const struct net_info *net)
{
	__u64 a0, a1;
	__builtin_memcpy(&a0, net->addr, 8);
	__builtin_memcpy(&a1, net->addr + 8, 8);
	struct seen_key k;
	struct event *e = new_fact(&k, key, type, 0,
				   a0 ^ ((__u64)net->port << 48) ^ ((__u64)net->family << 40) ^
					   ((__u64)net->protocol << 32),
				   a1);
	if (!e)
		return;
	e->h.net = *net;
	send_fact(e, &k);
}

SEC("tp_btf/inet_sock_set_state")
int BPF_PROG(on_inet_sock_set_state, const struct sock *sk, const int oldstate, const int newstate)
{
	/* LISTEN and SYN_SENT are entered from listen(2) and connect(2): process context, so the
	 * current task is the socket's owner. Other transitions may run in softirq. */
	if (newstate != TCP_LISTEN && newstate != TCP_SYN_SENT)
		return 0;
	__u64 key = current_key();
	if (!is_tracked(key))
		return 0;
	struct net_info net;
	__builtin_memset(&net, 0, sizeof(net));
	net.family = BPF_CORE_READ(sk, __sk_common.skc_family);
	net.protocol = BPF_CORE_READ(sk, sk_protocol);
	__u32 type = newstate == TCP_LISTEN ? EV_LISTEN : EV_CONNECT;
	if (type == EV_LISTEN) {
		net.port = BPF_CORE_READ(sk, __sk_common.skc_num);
	} else {
		net.port = __builtin_bswap16(BPF_CORE_READ(sk, __sk_common.skc_dport));
		if (net.family == AF_INET)
			BPF_CORE_READ_INTO(&net.addr, sk, __sk_common.skc_daddr);
		else
			BPF_CORE_READ_INTO(&net.addr, sk, __sk_common.skc_v6_daddr);
	}
	emit_net(key, type, &net);
	return 0;
}

/* bind/connect on a UDP socket: TCP is covered by inet_sock_set_state. */
static __always_inline void handle_udp(__u64 key, struct pending *p, __u32 type)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct file *f = fd_file(task, p->dfd1);
	if (!f)
		return;
	__u32 mode = BPF_CORE_READ(f, f_inode, i_mode);
	if ((mode & S_IFMT) != S_IFSOCK)
		return;
	struct socket *sock = BPF_CORE_READ(f, private_data);
	struct sock *sk = BPF_CORE_READ(sock, sk);
	__u16 stype = BPF_CORE_READ(sock, type);
	__u16 proto = BPF_CORE_READ(sk, sk_protocol);
	if (stype != SOCK_DGRAM || (proto != IPPROTO_UDP && proto != IPPROTO_UDPLITE))
		return;

	struct net_info net;
	__builtin_memset(&net, 0, sizeof(net));
	struct {
		__u16 family;
		__u16 port;
		__u32 flow_or_addr4;
		__u8 addr6[16];
	} sa;
	__builtin_memset(&sa, 0, sizeof(sa));
	if (bpf_probe_read_user(&sa, sizeof(sa.family) + sizeof(sa.port) + 4, (void *)p->p1) < 0) {
		count_lost(LOST_USER_READ);
		return;
	}
	if (sa.family != AF_INET && sa.family != AF_INET6)
		return;
	if (sa.family == AF_INET6)
		bpf_probe_read_user(&sa.addr6, 16, (void *)p->p1 + 8);
	net.family = sa.family;
	net.protocol = IPPROTO_UDP;
	net.port = __builtin_bswap16(sa.port);
	if (type == EV_LISTEN && net.port == 0)
		return; /* an ephemeral port: a client's socket, not a service */
	if (type == EV_CONNECT) {
		if (sa.family == AF_INET)
			__builtin_memcpy(net.addr, &sa.flow_or_addr4, 4);
		else
			__builtin_memcpy(net.addr, sa.addr6, 16);
	}
	emit_net(key, type, &net);
}

SEC("tracepoint")
int on_sys_exit_bind(struct trace_event_raw_sys_exit *ctx)
{
	struct pending p;
	__u64 key;
	if (take_pending(ctx, &p, &key) && ctx->ret == 0)
		handle_udp(key, &p, EV_LISTEN);
	return 0;
}

SEC("tracepoint")
int on_sys_exit_connect(struct trace_event_raw_sys_exit *ctx)
{
	struct pending p;
	__u64 key;
	if (take_pending(ctx, &p, &key) && (ctx->ret == 0 || ctx->ret == -EINPROGRESS))
		handle_udp(key, &p, EV_CONNECT);
	return 0;
}
