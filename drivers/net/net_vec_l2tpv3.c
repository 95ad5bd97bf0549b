// SPDX-License-Identifier: GPL-2.0
/*
 * vecN:transport=l2tpv3,dst=ADDR[,src=ADDR],rx_session=S,tx_session=S
 * [,udp=1[,srcport=P][,dstport=P]][,rx_cookie=C,tx_cookie=C
 * [,cookie64=1]][,counter=1[,pin_counter=1]][,v6=0|1]: Ethernet over a
 * static L2TPv3 session (RFC 3931, no control connection), on IP
 * (protocol 115, needs CAP_NET_RAW) or UDP.  The other end is another
 * instance or a host's "ip l2tp" session.  Frames of another session,
 * or with the wrong cookie, are dropped.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include "net_transport.h"

#ifndef IPPROTO_L2TP
#define IPPROTO_L2TP		115
#endif
#define L2TP_PORT		1701
#define L2TP_UDP_VERSION	3	/* the UDP header's first word: data */
#define L2TP_SEQ_BIT		0x40000000	/* default L2-specific sublayer */

struct vec_l2tp {
	struct net_tunnel t;
	int udp;
	uint32_t rx_session, tx_session;
	int cookie_len;			/* 0, 4 or 8 */
	uint64_t rx_cookie, tx_cookie;
	int counter, pin_counter;
	uint32_t seqno;
};

static int vec_l2tp_parse(struct net_host_dev *d, char **f, int nr,
			  char *msg, int len)
{
	struct vec_l2tp *l = d->priv;
	unsigned long rxs = 0, txs = 0, sport = L2TP_PORT, dport = L2TP_PORT;
	unsigned long rxc = ~0UL, txc = ~0UL;
	int c64 = 0;
	const char *srcport = net_opt(d, "srcport") ? "srcport" : "src_port";
	const char *dstport = net_opt(d, "dstport") ? "dstport" : "dst_port";

	if (net_opt_bool(d, "udp", &l->udp, msg, len) ||
	    net_opt_uint(d, srcport, 65535, &sport, msg, len) ||
	    net_opt_uint(d, dstport, 65535, &dport, msg, len) ||
	    net_opt_uint(d, "rx_session", UINT32_MAX, &rxs, msg, len) ||
	    net_opt_uint(d, "tx_session", UINT32_MAX, &txs, msg, len) ||
	    net_opt_bool(d, "cookie64", &c64, msg, len) ||
	    net_opt_uint(d, "rx_cookie", c64 ? ~0UL - 1 : UINT32_MAX, &rxc,
			 msg, len) ||
	    net_opt_uint(d, "tx_cookie", c64 ? ~0UL - 1 : UINT32_MAX, &txc,
			 msg, len) ||
	    net_opt_bool(d, "counter", &l->counter, msg, len) ||
	    net_opt_bool(d, "pin_counter", &l->pin_counter, msg, len))
		return -EINVAL;
	if (!rxs || !txs) {
		snprintf(msg, len,
			 "%s: l2tpv3 needs rx_session= and tx_session= (1 to 0xffffffff)",
			 d->name);
		return -EINVAL;
	}
	if ((rxc != ~0UL) != (txc != ~0UL)) {
		snprintf(msg, len,
			 "%s: l2tpv3 needs both rx_cookie= and tx_cookie=, or neither",
			 d->name);
		return -EINVAL;
	}
	if (l->udp && (!sport || !dport)) {
		snprintf(msg, len, "%s: l2tpv3 over UDP needs ports 1 to 65535",
			 d->name);
		return -EINVAL;
	}
	if (!l->udp && (net_opt(d, srcport) || net_opt(d, dstport))) {
		snprintf(msg, len,
			 "%s: l2tpv3 on IP has no ports (srcport= and dstport= need udp=1)",
			 d->name);
		return -EINVAL;
	}
	if (net_opt_tunnel(d, &l->t, l->udp ? sport : 0, l->udp ? dport : 0,
			   msg, len))
		return -EINVAL;
	l->rx_session = rxs;
	l->tx_session = txs;
	l->cookie_len = rxc == ~0UL ? 0 : c64 ? 8 : 4;
	l->rx_cookie = rxc;
	l->tx_cookie = txc;
	return 0;
}

static int vec_l2tp_open(struct net_host_dev *d, char *msg, int len)
{
	struct vec_l2tp *l = d->priv;

	l->seqno = 0;
	return net_tunnel_open(d, &l->t, l->udp ? SOCK_DGRAM : SOCK_RAW,
			       l->udp ? IPPROTO_UDP : IPPROTO_L2TP, msg, len);
}

static void put32(unsigned char *p, uint32_t v)
{
	v = htonl(v);
	memcpy(p, &v, 4);
}

static uint32_t get32(const unsigned char *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return ntohl(v);
}

/* A cookie is sent as 4 or 8 bytes in network order. */
static void put_cookie(unsigned char *p, uint64_t c, int n)
{
	if (n == 8) {
		put32(p, c >> 32);
		put32(p + 4, c);
	} else {
		put32(p, c);
	}
}

static uint64_t get_cookie(const unsigned char *p, int n)
{
	return n == 8 ? (uint64_t)get32(p) << 32 | get32(p + 4) : get32(p);
}

static unsigned int vec_l2tp_encap(struct net_host_dev *d, unsigned char *h)
{
	struct vec_l2tp *l = d->priv;
	unsigned int o = 0;

	if (l->udp) {
		put32(h, L2TP_UDP_VERSION << 16);
		o = 4;
	}
	put32(h + o, l->tx_session);
	o += 4;
	if (l->cookie_len) {
		put_cookie(h + o, l->tx_cookie, l->cookie_len);
		o += l->cookie_len;
	}
	if (l->counter) {
		uint32_t seq = l->pin_counter ? 0 : l->seqno++ & 0xffffff;

		put32(h + o, L2TP_SEQ_BIT | seq);
		o += 4;
	}
	return o;
}

static int vec_l2tp_decap(struct net_host_dev *d, const unsigned char *buf,
			  unsigned int len)
{
	struct vec_l2tp *l = d->priv;
	unsigned int o = 0;

	if (!l->udp && !l->t.v6) {
		if (len < 20 || buf[0] >> 4 != 4)
			return -EPROTO;
		o = (buf[0] & 15) * 4;
	}
	if (l->udp) {
		/* The T bit set: a control message, not ours. */
		if (len < o + 4 || buf[o] & 0x80)
			return -EPROTO;
		o += 4;
	}
	if (len < o + 4 + l->cookie_len + (l->counter ? 4 : 0) ||
	    get32(buf + o) != l->rx_session)
		return -EPROTO;
	o += 4;
	if (l->cookie_len) {
		if (get_cookie(buf + o, l->cookie_len) != l->rx_cookie)
			return -EPROTO;
		o += l->cookie_len;
	}
	if (l->counter)
		o += 4;
	return o;
}

static void vec_l2tp_describe(const struct net_host_dev *d, char *msg,
			      int len)
{
	const struct vec_l2tp *l = d->priv;
	char t[128];

	net_tunnel_describe(&l->t, t, sizeof(t));
	snprintf(msg, len, "Ethernet over L2TPv3 on %s %s, session %#x/%#x",
		 l->udp ? "UDP" : "IP", t, l->tx_session, l->rx_session);
}

static const struct net_transport_ops vec_l2tp_ops = {
	.name		= "l2tpv3",
	.family		= NET_VEC,
	.framing	= NET_FRAME_ETH,
	.priv_size	= sizeof(struct vec_l2tp),
	.parse		= vec_l2tp_parse,
	.describe	= vec_l2tp_describe,
	.open		= vec_l2tp_open,
	.send_batch	= net_vec_send,
	.recv_batch	= net_vec_recv,
	.encap		= vec_l2tp_encap,
	.decap		= vec_l2tp_decap,
};

static void __attribute__((constructor(NET_TRANSPORT_PRIO)))
vec_l2tp_register(void)
{
	net_register_transport(&vec_l2tp_ops);
}
