/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Network devices ethN, host/kernel interface.  The host side
 * (net_host.c) parses the ethN= option and owns the transport: a host
 * tap device, a uml_switch port, a multicast group.  The kernel side
 * (net_kern.c) is an ordinary Ethernet net_device that moves whole
 * frames through it.
 *
 * The transport is opened when the guest brings the interface up and
 * closed when it takes it down; its descriptor raises the device's IRQ
 * when a frame can be read.
 *
 * Nothing here takes or returns a kernel or glibc type; functions
 * return >= 0 on success, -errno on failure, and fill @msg (of @len
 * bytes) with a one-line reason where they say so.
 */
#ifndef __NET_HOST_H
#define __NET_HOST_H

#define NET_MAX_DEVS	16
#define NET_MAC_LEN	6
#define NET_SPEC_MAX	512

/*
 * Record the option "N=SPEC" (the text after "eth" of ethN=SPEC) and
 * return N.  SPEC is TRANSPORT,ARGS...: see the README.  Fails if the
 * text is malformed, or if N is configured already.
 */
int net_host_parse(const char *opt, char *msg, int len);
int net_host_configured(int n);
/* Forget device N's configuration (it must be closed). */
void net_host_forget(int n);

/*
 * What the transport carries: Ethernet frames, or bare IP packets
 * (slirp), for which ethN has no link-layer header and no ARP.
 */
#define NET_FRAME_ETH	0
#define NET_FRAME_IP	1
int net_host_framing(int n);

/* The MAC address of the option: 1 if given (copied to @mac), else 0. */
int net_host_mac(int n, unsigned char *mac);
/* The option as given ("daemon,,unix,/tmp/uml.ctl"). */
void net_host_spec(int n, char *msg, int len);
/* What the transport is, for the boot log ("uml_switch /tmp/uml.ctl"). */
void net_host_describe(int n, char *msg, int len);

/* Open the transport; returns the descriptor to wait on for frames. */
int net_host_open(int n, char *msg, int len);
void net_host_close(int n);

/*
 * One frame.  net_host_recv returns its length, -EAGAIN when there is
 * none, -EMSGSIZE (frame dropped) when it does not fit in @len bytes;
 * another error means the transport is gone (a slirp that exited, a
 * tap device deleted on the host).
 */
int net_host_send(int n, const void *frame, unsigned int len);
int net_host_recv(int n, void *frame, unsigned int len);

#endif
