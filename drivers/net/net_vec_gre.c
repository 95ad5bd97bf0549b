// SPDX-License-Identifier: GPL-2.0
/*
 * vecN:transport=gre,dst=ADDR[,src=ADDR][,rx_key=K,tx_key=K]
 * [,sequence=1[,pin_sequence=1]][,v6=0|1]: Ethernet over GRE (RFC
 * 2784/2890, protocol type 0x6558, a Linux "gretap"), on a raw IP
 * socket connected to the other end: another instance or a host's
 * gretap device.  Needs CAP_NET_RAW.  Frames without the right key, or
 * that are no Ethernet, are dropped; GRE checksums are skipped on
 * receive and not sent.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include "net_transport.h"

#define GRE_CSUM	0x8000
#define GRE_ROUTING	0x4000
#define GRE_KEY		0x2000
#define GRE_SEQ		0x1000
#define GRE_VERSION	0x0007
#define GRE_ETHERNET	0x6558		/* transparent Ethernet bridging */

struct vec_gre {
	struct net_tunnel t;
	int rx_key_on, tx_key_on;
	uint32_t rx_key, tx_key;
	int seq, pin_seq;
	uint32_t seqno;
};

static int vec_gre_parse(struct net_host_dev *d, char **f, int nr,
			 char *msg, int len)
{
	struct vec_gre *g = d->priv;
	unsigned long rx = ~0UL, tx = ~0UL;

	if (net_opt_tunnel(d, &g->t, 0, 0, msg, len) ||
	    net_opt_uint(d, "rx_key", UINT32_MAX, &rx, msg, len) ||
	    net_opt_uint(d, "tx_key", UINT32_MAX, &tx, msg, len) ||
	    net_opt_bool(d, "sequence", &g->seq, msg, len) ||
	    net_opt_bool(d, "pin_sequence", &g->pin_seq, msg, len))
		return -EINVAL;
	g->rx_key_on = rx != ~0UL;
	g->tx_key_on = tx != ~0UL;
	if (g->rx_key_on != g->tx_key_on) {
		snprintf(msg, len, "%s: gre needs both rx_key= and tx_key=, or neither",
			 d->name);
		return -EINVAL;
	}
	g->rx_key = rx;
	g->tx_key = tx;
	return 0;
}

static int vec_gre_open(struct net_host_dev *d, char *msg, int len)
{
	struct vec_gre *g = d->priv;

	g->seqno = 0;
	return net_tunnel_open(d, &g->t, SOCK_RAW, IPPROTO_GRE, msg, len);
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

static unsigned int vec_gre_encap(struct net_host_dev *d, unsigned char *h)
{
	struct vec_gre *g = d->priv;
	unsigned int o = 4;
	uint16_t flags = (g->tx_key_on ? GRE_KEY : 0) | (g->seq ? GRE_SEQ : 0);

	put32(h, (uint32_t)flags << 16 | GRE_ETHERNET);
	if (g->tx_key_on) {
		put32(h + o, g->tx_key);
		o += 4;
	}
	if (g->seq) {
		put32(h + o, g->pin_seq ? 0 : g->seqno++);
		o += 4;
	}
	return o;
}

static int vec_gre_decap(struct net_host_dev *d, const unsigned char *buf,
			 unsigned int len)
{
	struct vec_gre *g = d->priv;
	unsigned int o = 0;
	uint32_t word;
	uint16_t flags;

	/* An IPv4 raw socket gives the IP header too; IPv6's does not. */
	if (!g->t.v6) {
		if (len < 20 || buf[0] >> 4 != 4)
			return -EPROTO;
		o = (buf[0] & 15) * 4;
	}
	if (len < o + 4)
		return -EPROTO;
	word = get32(buf + o);
	flags = word >> 16;
	if ((flags & (GRE_ROUTING | GRE_VERSION)) ||
	    (word & 0xffff) != GRE_ETHERNET)
		return -EPROTO;
	o += 4;
	if (flags & GRE_CSUM)
		o += 4;
	if (flags & GRE_KEY) {
		if (len < o + 4 || !g->rx_key_on || get32(buf + o) != g->rx_key)
			return -EPROTO;
		o += 4;
	} else if (g->rx_key_on) {
		return -EPROTO;
	}
	if (flags & GRE_SEQ)
		o += 4;
	return o <= len ? (int)o : -EPROTO;
}

static void vec_gre_describe(const struct net_host_dev *d, char *msg,
			     int len)
{
	const struct vec_gre *g = d->priv;
	char t[128];

	net_tunnel_describe(&g->t, t, sizeof(t));
	snprintf(msg, len, "Ethernet over GRE %s", t);
}

static const struct net_transport_ops vec_gre_ops = {
	.name		= "gre",
	.family		= NET_VEC,
	.framing	= NET_FRAME_ETH,
	.priv_size	= sizeof(struct vec_gre),
	.parse		= vec_gre_parse,
	.describe	= vec_gre_describe,
	.open		= vec_gre_open,
	.send_batch	= net_vec_send,
	.recv_batch	= net_vec_recv,
	.encap		= vec_gre_encap,
	.decap		= vec_gre_decap,
};

static void __attribute__((constructor(NET_TRANSPORT_PRIO)))
vec_gre_register(void)
{
	net_register_transport(&vec_gre_ops);
}
