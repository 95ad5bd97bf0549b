/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ethN=user: what the transport in the kernel's host side (net_user.c)
 * and its helper program (net_user_helper.c) agree on.  Host side only.
 *
 * The helper runs libslirp, a user-space TCP/IP stack that answers the
 * guest's DHCP, DNS and neighbour discovery and makes the guest's
 * connections (and the port forwards into it) with the sockets of an
 * ordinary process.  It is built for the host and carried inside
 * ./linux (net_user_blob.c); the kernel starts it from that copy when
 * ethN comes up and ends it when ethN goes down.
 *
 * Descriptors the helper starts with:
 *   NET_USER_FD_STATUS  a pipe: NET_USER_READY once the stack and every
 *                       forward are set up, or one line saying what
 *                       failed; then it is closed.
 *   NET_USER_FD_FRAMES  an AF_UNIX SOCK_SEQPACKET socket, one Ethernet
 *                       frame per message both ways; the helper ends
 *                       when the kernel's end is closed.
 *   NET_USER_FD_IMAGE   the memfd it was executed from.
 * Its arguments: the program name, then one NET_USER_FWD_FMT rule per
 * port forward, every field filled in (the kernel parsed and checked
 * the user's rules already).
 */
#ifndef __NET_USER_H
#define __NET_USER_H

#define NET_USER_FD_STATUS	2
#define NET_USER_FD_FRAMES	3
#define NET_USER_FD_IMAGE	4	/* its own image: to be closed */
#define NET_USER_READY		"ready\n"
/* How long the kernel waits for NET_USER_READY. */
#define NET_USER_START_MS	5000
#define NET_USER_NAME		"uml-usernet"

/* The guest's network, the addresses that qemu's users know. */
#define NET_USER_NET		"10.0.2.0"
#define NET_USER_NETMASK	"255.255.255.0"
#define NET_USER_PREFIX_LEN	24
#define NET_USER_HOST		"10.0.2.2"	/* gateway, the host */
#define NET_USER_DNS		"10.0.2.3"
#define NET_USER_GUEST		"10.0.2.15"	/* first DHCP address */
#define NET_USER_NET6		"fec0::"
#define NET_USER_PREFIX6_LEN	64
#define NET_USER_HOST6		"fec0::2"
#define NET_USER_DNS6		"fec0::3"

/* tcp|udp HOSTADDR HOSTPORT GUESTADDR GUESTPORT, IPv4 dotted quads */
#define NET_USER_FWD_FMT	"%s:%s:%u:%s:%u"

/* The helper program's image in ./linux (net_user_blob.c). */
extern const char net_user_helper_image[];
extern const char net_user_helper_end[];

#endif
