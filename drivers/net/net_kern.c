// SPDX-License-Identifier: GPL-2.0
/*
 * Network devices eth0.. and vec0.. on host transports, kernel side.
 *
 * The command line gives ethN=TRANSPORT,ARGS or vecN:transport=NAME,
 * KEY=VALUE,... (net_host.c parses them; a malformed one ends the boot
 * with one line on stderr).  Each becomes an Ethernet net_device whose
 * frames the host side carries; the two families differ only in their
 * names, their transports and how many frames a host call moves.  The
 * transport is opened on "ip link set DEV up" and closed on down, so a
 * switch that is not running yet is an error of that command, not of
 * the boot.  Received frames raise the device's IRQ (UM_NET_IRQ_FIRST
 * + its slot), which schedules NAPI; the poll takes them a batch at a
 * time into buffers of the device's and copies each into an skb.
 * Sending is synchronous, a host call per batch: frames wait while the
 * stack says more are coming (xmit_more) and the batch is not full.
 * With offloads (gro=1 on tap, hybrid and raw) every frame starts with
 * a virtio net header, and the device takes and gives checksum and
 * segmentation offloads through it.  slirp carries bare IP packets: its
 * ethN has no link-layer header and no ARP, as a point-to-point link.
 *
 * The management console plugs devices in and out while the guest
 * runs: "config ethN=SPEC" (or vecN:SPEC), "config ethN" (its option)
 * and "remove ethN" (refused while the interface is up).  net_mutex
 * serializes those.
 */
#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/if_vlan.h>
#include <linux/init.h>
#include <linux/interrupt.h>
#include <linux/kernel.h>
#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/virtio_net.h>
#include <asm/fd_irq.h>
#include "net_host.h"
#include "../mconsole/mconsole_dev.h"

#define NET_MSG_LEN	512
/* A frame received is copied whole into an skb up to this size. */
#define NET_RX_LINEAR	2048

struct uml_net {
	int slot;
	bool ip;			/* NET_FRAME_IP: no Ethernet header */
	bool vnet;			/* frames start with a virtio_net_hdr */
	bool lost;			/* the transport went away while up */
	int depth;			/* frames per host call */
	unsigned int room;		/* bytes of a receive buffer */
	unsigned int headroom;		/* reserved in received skbs */
	struct net_device *dev;
	struct napi_struct napi;
	void *rx_buf;			/* depth buffers of room bytes */
	struct net_rx *rx;
	struct sk_buff **tx_skb;	/* frames waiting to be sent */
	struct net_tx *tx;
	struct virtio_net_hdr *tx_vnet;
	int tx_nr;
	char msg[NET_MSG_LEN];		/* why the transport did not open */
};

static struct net_device *net_devs[NET_MAX_SLOTS];
static DEFINE_MUTEX(net_mutex);
static char net_err[NET_MSG_LEN] __initdata;

/*
 * ethN=... and vecN:... were parsed by the host side before the kernel
 * started (a bad one never gets here); they only must not reach init as
 * variables.  The generic ether= and the like are not ours.
 */
static int __init net_setup(char *str)
{
	return *str >= '0' && *str <= '9';
}
__setup("eth", net_setup);

static int __init vec_setup(char *str)
{
	return net_setup(str);
}
__setup("vec", vec_setup);

static const char *net_prefix(int slot)
{
	return slot < NET_MAX_DEVS ? "eth" : "vec";
}

static int net_number(int slot)
{
	return slot < NET_MAX_DEVS ? slot : slot - NET_MAX_DEVS;
}

/*
 * The transport's descriptor failed or hit its end while up: say so
 * once, stop listening to it, and show no carrier until it is reopened
 * by taking the interface down and up.
 */
static void net_lost(struct uml_net *un, int err)
{
	if (un->lost)
		return;
	un->lost = true;
	um_fd_irq_mute(UM_NET_IRQ_FIRST + un->slot);
	netif_carrier_off(un->dev);
	netdev_err(un->dev, "the host transport is gone (error %d)\n", err);
}

/* A bare IP packet: its version says which. */
static __be16 net_ip_protocol(struct sk_buff *skb)
{
	skb_reset_mac_header(skb);
	return skb->data[0] >> 4 == 6 ? htons(ETH_P_IPV6) : htons(ETH_P_IP);
}

static irqreturn_t net_intr(int irq, void *dev_id)
{
	struct uml_net *un = dev_id;

	napi_schedule(&un->napi);
	return IRQ_HANDLED;
}

/*
 * A copy of a received frame: whole in the skb's head when small, else
 * its first NET_RX_LINEAR bytes there (every header) and the rest in
 * pages (64 KiB with offloads: 16 of them).
 */
static struct sk_buff *net_rx_copy(struct uml_net *un, const u8 *data,
				   unsigned int len)
{
	unsigned int head = min(len, NET_RX_LINEAR), o;
	struct sk_buff *skb;

	skb = napi_alloc_skb(&un->napi, un->headroom + head);
	if (!skb)
		return NULL;
	skb_reserve(skb, un->headroom);
	skb_put_data(skb, data, head);
	for (o = head; o < len; ) {
		unsigned int n = min_t(unsigned int, len - o, PAGE_SIZE);
		struct page *page;

		if (skb_shinfo(skb)->nr_frags == MAX_SKB_FRAGS)
			goto fail;
		page = dev_alloc_page();
		if (!page)
			goto fail;
		memcpy(page_address(page), data + o, n);
		skb_add_rx_frag(skb, skb_shinfo(skb)->nr_frags, page, 0, n,
				PAGE_SIZE);
		o += n;
	}
	return skb;

fail:
	dev_kfree_skb_any(skb);
	return NULL;
}

/* One frame of a batch: to the stack, or counted as why not. */
static void net_rx_one(struct uml_net *un, const struct net_rx *rx)
{
	struct net_device *dev = un->dev;
	const struct virtio_net_hdr *vh = NULL;
	const u8 *data = (u8 *)rx->buf + rx->off;
	unsigned int len = rx->len;
	struct sk_buff *skb;

	if (rx->len < 0) {
		if (rx->len == -EPROTO) {
			dev->stats.rx_dropped++;
			return;
		}
		dev->stats.rx_errors++;
		dev->stats.rx_length_errors++;
		return;
	}
	if (un->vnet) {
		if (len < sizeof(*vh))
			goto bad;
		vh = (const void *)data;
		data += sizeof(*vh);
		len -= sizeof(*vh);
	}
	if (un->ip) {
		if (!len)
			return;
	} else {
		if (len < ETH_HLEN)
			goto bad;
		/*
		 * A hub (a multicast group, a raw socket on our own tap)
		 * echoes our own frames; a real Ethernet card never hears
		 * itself.
		 */
		if (ether_addr_equal(((struct ethhdr *)data)->h_source,
				     dev->dev_addr))
			return;
	}
	skb = net_rx_copy(un, data, len);
	if (!skb) {
		dev->stats.rx_dropped++;
		return;
	}
	if (un->ip) {
		skb->protocol = net_ip_protocol(skb);
	} else {
		skb->dev = dev;
		skb_reset_mac_header(skb);
		if (vh && virtio_net_hdr_to_skb(skb, vh, true)) {
			dev_kfree_skb_any(skb);
			goto bad;
		}
		skb->protocol = eth_type_trans(skb, dev);
	}
	dev->stats.rx_packets++;
	dev->stats.rx_bytes += len;
	napi_gro_receive(&un->napi, skb);
	return;

bad:
	dev->stats.rx_errors++;
	dev->stats.rx_frame_errors++;
}

static int net_poll(struct napi_struct *napi, int budget)
{
	struct uml_net *un = container_of(napi, struct uml_net, napi);
	int done = 0;

	while (done < budget) {
		int want = min(budget - done, un->depth), got, i;

		got = net_host_recv(un->slot, un->rx, want);
		if (got < 0) {
			net_lost(un, got);
			break;
		}
		for (i = 0; i < got; i++)
			net_rx_one(un, &un->rx[i]);
		done += got;
		if (got < want)
			break;
	}
	if (done < budget)
		napi_complete_done(napi, done);
	return done;
}

/* Errors of a send that mean the other end is gone, not just busy. */
static bool net_send_lost(int err)
{
	return err == -EIO || err == -EBADFD || err == -ECONNREFUSED ||
	       err == -ENOTCONN || err == -EPIPE;
}

/* Hand the waiting frames to the host: what it does not take is dropped. */
static void net_tx_flush(struct uml_net *un)
{
	struct net_device *dev = un->dev;
	int sent, i;

	if (!un->tx_nr)
		return;
	sent = net_host_send(un->slot, un->tx, un->tx_nr);
	if (sent < 0) {
		/* A pty's master hears nothing when slirp dies: only this. */
		if (net_send_lost(sent))
			net_lost(un, sent);
		sent = 0;
	}
	for (i = 0; i < un->tx_nr; i++) {
		struct sk_buff *skb = un->tx_skb[i];

		if (i < sent) {
			dev->stats.tx_packets++;
			dev->stats.tx_bytes += skb->len;
			dev_consume_skb_any(skb);
		} else {
			dev->stats.tx_dropped++;
			dev_kfree_skb_any(skb);
		}
	}
	un->tx_nr = 0;
}

/* The pieces of @skb (and its virtio net header) as a frame to send. */
static int net_tx_frame(struct uml_net *un, struct sk_buff *skb)
{
	struct net_tx *tx = &un->tx[un->tx_nr];
	int i, k = 0;

	if (skb_shinfo(skb)->nr_frags > NET_TX_SEGS - 2 && skb_linearize(skb))
		return -ENOMEM;
	if (un->vnet) {
		struct virtio_net_hdr *vh = &un->tx_vnet[un->tx_nr];

		if (virtio_net_hdr_from_skb(skb, vh, true, false, 0))
			return -EINVAL;
		tx->seg[k].base = vh;
		tx->seg[k++].len = sizeof(*vh);
	}
	tx->seg[k].base = skb->data;
	tx->seg[k++].len = skb_headlen(skb);
	for (i = 0; i < skb_shinfo(skb)->nr_frags; i++) {
		skb_frag_t *f = &skb_shinfo(skb)->frags[i];

		tx->seg[k].base = skb_frag_address(f);
		tx->seg[k++].len = skb_frag_size(f);
	}
	tx->nr_seg = k;
	un->tx_skb[un->tx_nr++] = skb;
	return 0;
}

static netdev_tx_t net_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct uml_net *un = netdev_priv(dev);

	if (net_tx_frame(un, skb)) {
		dev->stats.tx_dropped++;
		dev_kfree_skb_any(skb);
	}
	if (!netdev_xmit_more() || un->tx_nr == un->depth)
		net_tx_flush(un);
	return NETDEV_TX_OK;
}

static void net_free_batches(struct uml_net *un)
{
	kvfree(un->rx_buf);
	kfree(un->rx);
	kfree(un->tx_skb);
	kfree(un->tx);
	kfree(un->tx_vnet);
	un->rx_buf = NULL;
	un->rx = NULL;
	un->tx_skb = NULL;
	un->tx = NULL;
	un->tx_vnet = NULL;
}

/* Buffers for a batch each way, for the largest MTU the device takes. */
static int net_alloc_batches(struct uml_net *un)
{
	struct net_device *dev = un->dev;
	int i, n = un->depth;

	if (un->vnet)
		un->room = NET_GSO_MAX + NET_ENCAP_MAX;
	else
		un->room = dev->max_mtu + dev->hard_header_len +
			   (un->ip ? 0 : VLAN_HLEN) + NET_ENCAP_MAX;
	un->room = ALIGN(un->room, SMP_CACHE_BYTES);
	un->rx_buf = kvmalloc_array(n, un->room, GFP_KERNEL);
	un->rx = kcalloc(n, sizeof(*un->rx), GFP_KERNEL);
	un->tx_skb = kcalloc(n, sizeof(*un->tx_skb), GFP_KERNEL);
	un->tx = kcalloc(n, sizeof(*un->tx), GFP_KERNEL);
	un->tx_vnet = kcalloc(n, sizeof(*un->tx_vnet), GFP_KERNEL);
	if (!un->rx_buf || !un->rx || !un->tx_skb || !un->tx ||
	    !un->tx_vnet) {
		net_free_batches(un);
		return -ENOMEM;
	}
	for (i = 0; i < n; i++) {
		un->rx[i].buf = (u8 *)un->rx_buf + i * un->room;
		un->rx[i].room = un->room;
	}
	un->tx_nr = 0;
	return 0;
}

static int net_open(struct net_device *dev)
{
	struct uml_net *un = netdev_priv(dev);
	int fd, err;

	err = net_alloc_batches(un);
	if (err)
		return err;
	fd = net_host_open(un->slot, un->msg, sizeof(un->msg));
	if (fd < 0) {
		netdev_err(dev, "%s\n", un->msg);
		net_free_batches(un);
		return fd;
	}
	un->lost = false;
	netif_carrier_on(dev);
	napi_enable(&un->napi);
	err = um_request_fd_irq(UM_NET_IRQ_FIRST + un->slot, fd, UM_IO_READ,
				net_intr, 0, dev->name, un);
	if (err) {
		netdev_err(dev, "cannot get its IRQ (error %d)\n", err);
		napi_disable(&un->napi);
		net_host_close(un->slot);
		net_free_batches(un);
		return err;
	}
	netif_start_queue(dev);
	return 0;
}

static int net_stop(struct net_device *dev)
{
	struct uml_net *un = netdev_priv(dev);

	netif_stop_queue(dev);
	um_free_fd_irq(UM_NET_IRQ_FIRST + un->slot, un);
	napi_disable(&un->napi);
	net_tx_flush(un);
	net_host_close(un->slot);
	net_free_batches(un);
	return 0;
}

static const struct net_device_ops net_ops = {
	.ndo_open		= net_open,
	.ndo_stop		= net_stop,
	.ndo_start_xmit		= net_xmit,
	.ndo_set_mac_address	= eth_mac_addr,
	.ndo_validate_addr	= eth_validate_addr,
};

static const struct net_device_ops net_ip_ops = {
	.ndo_open		= net_open,
	.ndo_stop		= net_stop,
	.ndo_start_xmit		= net_xmit,
};

/* A link for bare IP packets: no header, no addresses, no ARP. */
static void net_ip_setup(struct net_device *dev)
{
	dev->type = ARPHRD_NONE;
	dev->hard_header_len = 0;
	dev->addr_len = 0;
	dev->mtu = ETH_DATA_LEN;
	dev->min_mtu = 68;
	dev->max_mtu = ETH_DATA_LEN;
	dev->tx_queue_len = 1000;
	dev->flags = IFF_POINTOPOINT | IFF_NOARP | IFF_MULTICAST;
}

/* Make and register the device of a configured option. */
static int net_add(int slot, char *msg, size_t len)
{
	const char *pfx = net_prefix(slot);
	int n = net_number(slot);
	struct net_host_info info;
	char what[NET_MSG_LEN];
	struct net_device *dev;
	struct uml_net *un;
	bool ip;
	int err;

	net_host_info(slot, &info);
	ip = info.framing == NET_FRAME_IP;
	if (ip)
		dev = alloc_netdev(sizeof(*un), "eth%d", NET_NAME_UNKNOWN,
				   net_ip_setup);
	else
		dev = alloc_etherdev(sizeof(*un));
	if (!dev)
		return -ENOMEM;
	un = netdev_priv(dev);
	un->slot = slot;
	un->ip = ip;
	un->vnet = info.vnet;
	un->depth = info.depth;
	un->headroom = info.headroom;
	un->dev = dev;
	snprintf(dev->name, IFNAMSIZ, "%s%d", pfx, n);
	dev->netdev_ops = ip ? &net_ip_ops : &net_ops;
	if (!ip && info.have_mac)
		eth_hw_addr_set(dev, info.mac);
	else if (!ip)
		eth_hw_addr_random(dev);
	if (info.mtu) {
		dev->max_mtu = max_t(int, info.mtu, ETH_DATA_LEN);
		dev->mtu = info.mtu;
	}
	dev->needed_headroom = info.headroom;
	if (slot >= NET_MAX_DEVS)
		dev->hw_features |= NETIF_F_SG;
	if (un->vnet)
		dev->hw_features |= NETIF_F_HW_CSUM | NETIF_F_TSO |
				    NETIF_F_TSO6 | NETIF_F_TSO_ECN;
	dev->features |= dev->hw_features;
	netif_napi_add(dev, &un->napi, net_poll);

	err = register_netdev(dev);
	if (err) {
		snprintf(msg, len, "%s%d: cannot register it (error %d)", pfx,
			 n, err);
		free_netdev(dev);
		return err;
	}
	net_devs[slot] = dev;
	net_host_describe(slot, what, sizeof(what));
	if (ip)
		snprintf(msg, len, "eth%d: %s, IP packets (no MAC, no ARP)", n,
			 what);
	else
		snprintf(msg, len, "%s%d: %s, MAC %pM", pfx, n, what,
			 dev->dev_addr);
	pr_info("%s\n", msg);
	return 0;
}

static int net_mc_config(int family, const char *spec, char *msg,
			 size_t len)
{
	int slot, ret;

	mutex_lock(&net_mutex);
	slot = net_host_parse(family, spec, msg, len);
	if (slot < 0) {
		ret = slot;
		goto out;
	}
	ret = net_add(slot, msg, len);
	if (ret)
		net_host_forget(slot);
out:
	mutex_unlock(&net_mutex);
	return ret;
}

static int net_mc_get_config(int family, const char *id, char *msg,
			     size_t len)
{
	const char *pfx = family == NET_VEC ? "vec" : "eth";
	int n, slot, ret;

	ret = mc_dev_number(pfx, id, NET_MAX_DEVS, &n, NULL, msg, len);
	if (ret)
		return ret;
	slot = family == NET_VEC ? NET_VEC_SLOT(n) : n;
	mutex_lock(&net_mutex);
	if (net_devs[slot]) {
		net_host_spec(slot, msg, len);
	} else {
		snprintf(msg, len, "%s%d is not configured", pfx, n);
		ret = -ENODEV;
	}
	mutex_unlock(&net_mutex);
	return ret;
}

static int net_mc_remove(int family, const char *id, char *msg, size_t len)
{
	const char *pfx = family == NET_VEC ? "vec" : "eth";
	struct net_device *dev;
	int n, slot, ret;

	ret = mc_dev_number(pfx, id, NET_MAX_DEVS, &n, NULL, msg, len);
	if (ret)
		return ret;
	slot = family == NET_VEC ? NET_VEC_SLOT(n) : n;
	mutex_lock(&net_mutex);
	dev = net_devs[slot];
	if (!dev) {
		snprintf(msg, len, "%s%d is not configured", pfx, n);
		ret = -ENODEV;
		goto out;
	}
	/* Under the RTNL, so that nobody brings it up meanwhile. */
	rtnl_lock();
	if (dev->flags & IFF_UP) {
		rtnl_unlock();
		snprintf(msg, len,
			 "%s%d: device is busy: the interface is up in the guest",
			 pfx, n);
		ret = -EBUSY;
		goto out;
	}
	unregister_netdevice(dev);
	rtnl_unlock();
	free_netdev(dev);
	net_devs[slot] = NULL;
	net_host_forget(slot);
	pr_info("%s%d: removed\n", pfx, n);
out:
	mutex_unlock(&net_mutex);
	return ret;
}

static int eth_mc_config(const char *spec, char *msg, size_t len)
{
	return net_mc_config(NET_ETH, spec, msg, len);
}

static int eth_mc_get_config(const char *id, char *msg, size_t len)
{
	return net_mc_get_config(NET_ETH, id, msg, len);
}

static int eth_mc_remove(const char *id, char *msg, size_t len)
{
	return net_mc_remove(NET_ETH, id, msg, len);
}

static int vec_mc_config(const char *spec, char *msg, size_t len)
{
	return net_mc_config(NET_VEC, spec, msg, len);
}

static int vec_mc_get_config(const char *id, char *msg, size_t len)
{
	return net_mc_get_config(NET_VEC, id, msg, len);
}

static int vec_mc_remove(const char *id, char *msg, size_t len)
{
	return net_mc_remove(NET_VEC, id, msg, len);
}

static struct mc_device eth_mc = {
	.prefix		= "eth",
	.config		= eth_mc_config,
	.get_config	= eth_mc_get_config,
	.remove		= eth_mc_remove,
};

static struct mc_device vec_mc = {
	.prefix		= "vec",
	.config		= vec_mc_config,
	.get_config	= vec_mc_get_config,
	.remove		= vec_mc_remove,
};

static int __init net_init(void)
{
	int slot;

	mc_register_device(&eth_mc);
	mc_register_device(&vec_mc);
	mutex_lock(&net_mutex);
	for (slot = 0; slot < NET_MAX_SLOTS; slot++) {
		if (net_host_configured(slot) &&
		    net_add(slot, net_err, sizeof(net_err)))
			pr_err("%s\n", net_err);
	}
	mutex_unlock(&net_mutex);
	return 0;
}
device_initcall(net_init);
