// SPDX-License-Identifier: GPL-2.0
/*
 * Network devices eth0.. on host transports, kernel side.
 *
 * The command line gives ethN=TRANSPORT,ARGS (net_host.c parses it; a
 * malformed one ends the boot with one line on stderr).  Each becomes
 * an Ethernet net_device whose frames the host side carries.  The
 * transport is opened on "ip link set ethN up" and closed on down, so
 * a switch that is not running yet is an error of that command, not of
 * the boot.  Received frames raise the device's IRQ (UM_NET_IRQ_FIRST
 * + N), which schedules NAPI; sending is synchronous, a host write.
 * slirp carries bare IP packets: its ethN has no link-layer header and
 * no ARP, as a point-to-point link.
 *
 * The management console plugs devices in and out while the guest
 * runs: "config ethN=SPEC", "config ethN" (its option) and "remove
 * ethN" (refused while the interface is up).  net_mutex serializes
 * those.
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
#include <asm/fd_irq.h>
#include "net_host.h"
#include "../mconsole/mconsole_dev.h"

#define NET_MSG_LEN	512

struct uml_net {
	int n;
	bool ip;			/* NET_FRAME_IP: no Ethernet header */
	bool lost;			/* the transport went away while up */
	struct net_device *dev;
	struct napi_struct napi;
	char msg[NET_MSG_LEN];		/* why the transport did not open */
};

static struct net_device *net_devs[NET_MAX_DEVS];
static DEFINE_MUTEX(net_mutex);
static char net_err[NET_MSG_LEN] __initdata;

/*
 * ethN=... was parsed by the host side before the kernel started (a bad
 * one never gets here); it only must not reach init as a variable.
 * The generic ether= and the like are not ours.
 */
static int __init net_setup(char *str)
{
	return *str >= '0' && *str <= '9';
}
__setup("eth", net_setup);

static unsigned int net_rx_len(struct net_device *dev)
{
	return dev->mtu + dev->hard_header_len + (dev->addr_len ? VLAN_HLEN : 0);
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
	um_fd_irq_mute(UM_NET_IRQ_FIRST + un->n);
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

static int net_poll(struct napi_struct *napi, int budget)
{
	struct uml_net *un = container_of(napi, struct uml_net, napi);
	struct net_device *dev = un->dev;
	int done = 0;

	while (done < budget) {
		unsigned int room = net_rx_len(dev);
		struct sk_buff *skb = napi_alloc_skb(napi, room);
		int len;

		if (!skb) {
			dev->stats.rx_dropped++;
			break;
		}
		len = net_host_recv(un->n, skb->data, room);
		if (len < 0) {
			dev_kfree_skb_any(skb);
			if (len == -EAGAIN)
				break;
			dev->stats.rx_errors++;
			if (len == -EMSGSIZE) {
				dev->stats.rx_length_errors++;
				continue;
			}
			net_lost(un, len);
			break;
		}
		skb_put(skb, len);
		if (un->ip) {
			if (!len) {
				dev_kfree_skb_any(skb);
				continue;
			}
			skb->protocol = net_ip_protocol(skb);
			goto deliver;
		}
		/*
		 * A hub (a multicast group) echoes our own frames; a real
		 * Ethernet card never hears itself.
		 */
		if (len < ETH_HLEN ||
		    ether_addr_equal(((struct ethhdr *)skb->data)->h_source,
				     dev->dev_addr)) {
			dev_kfree_skb_any(skb);
			if (len < ETH_HLEN)
				dev->stats.rx_errors++;
			continue;
		}
		skb->protocol = eth_type_trans(skb, dev);
deliver:
		dev->stats.rx_packets++;
		dev->stats.rx_bytes += len;
		napi_gro_receive(napi, skb);
		done++;
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

static netdev_tx_t net_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct uml_net *un = netdev_priv(dev);
	int err = skb_linearize(skb);

	if (!err)
		err = net_host_send(un->n, skb->data, skb->len);
	if (err < 0) {
		dev->stats.tx_dropped++;
		/* A pty's master hears nothing when slirp dies: only this. */
		if (net_send_lost(err))
			net_lost(un, err);
	} else {
		dev->stats.tx_packets++;
		dev->stats.tx_bytes += skb->len;
	}
	dev_consume_skb_any(skb);
	return NETDEV_TX_OK;
}

static int net_open(struct net_device *dev)
{
	struct uml_net *un = netdev_priv(dev);
	int fd, err;

	fd = net_host_open(un->n, un->msg, sizeof(un->msg));
	if (fd < 0) {
		netdev_err(dev, "%s\n", un->msg);
		return fd;
	}
	un->lost = false;
	netif_carrier_on(dev);
	napi_enable(&un->napi);
	err = um_request_fd_irq(UM_NET_IRQ_FIRST + un->n, fd, UM_IO_READ,
				net_intr, 0, dev->name, un);
	if (err) {
		netdev_err(dev, "cannot get its IRQ (error %d)\n", err);
		napi_disable(&un->napi);
		net_host_close(un->n);
		return err;
	}
	netif_start_queue(dev);
	return 0;
}

static int net_stop(struct net_device *dev)
{
	struct uml_net *un = netdev_priv(dev);

	netif_stop_queue(dev);
	um_free_fd_irq(UM_NET_IRQ_FIRST + un->n, un);
	napi_disable(&un->napi);
	net_host_close(un->n);
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

/* Make and register ethN for a configured option. */
static int net_add(int n, char *msg, size_t len)
{
	bool ip = net_host_framing(n) == NET_FRAME_IP;
	unsigned char mac[NET_MAC_LEN];
	char what[NET_MSG_LEN];
	struct net_device *dev;
	struct uml_net *un;
	int err;

	if (ip)
		dev = alloc_netdev(sizeof(*un), "eth%d", NET_NAME_UNKNOWN,
				   net_ip_setup);
	else
		dev = alloc_etherdev(sizeof(*un));
	if (!dev)
		return -ENOMEM;
	un = netdev_priv(dev);
	un->n = n;
	un->ip = ip;
	un->dev = dev;
	snprintf(dev->name, IFNAMSIZ, "eth%d", n);
	dev->netdev_ops = ip ? &net_ip_ops : &net_ops;
	if (!ip && net_host_mac(n, mac))
		eth_hw_addr_set(dev, mac);
	else if (!ip)
		eth_hw_addr_random(dev);
	netif_napi_add(dev, &un->napi, net_poll);

	err = register_netdev(dev);
	if (err) {
		snprintf(msg, len, "eth%d: cannot register it (error %d)", n,
			 err);
		free_netdev(dev);
		return err;
	}
	net_devs[n] = dev;
	net_host_describe(n, what, sizeof(what));
	if (ip)
		snprintf(msg, len, "eth%d: %s, IP packets (no MAC, no ARP)", n,
			 what);
	else
		snprintf(msg, len, "eth%d: %s, MAC %pM", n, what,
			 dev->dev_addr);
	pr_info("%s\n", msg);
	return 0;
}

static int net_mc_config(const char *spec, char *msg, size_t len)
{
	int n, ret;

	mutex_lock(&net_mutex);
	n = net_host_parse(spec, msg, len);
	if (n < 0) {
		ret = n;
		goto out;
	}
	ret = net_add(n, msg, len);
	if (ret)
		net_host_forget(n);
out:
	mutex_unlock(&net_mutex);
	return ret;
}

static int net_mc_get_config(const char *id, char *msg, size_t len)
{
	int n, ret;

	ret = mc_dev_number("eth", id, NET_MAX_DEVS, &n, NULL, msg, len);
	if (ret)
		return ret;
	mutex_lock(&net_mutex);
	if (net_devs[n]) {
		net_host_spec(n, msg, len);
	} else {
		snprintf(msg, len, "eth%d is not configured", n);
		ret = -ENODEV;
	}
	mutex_unlock(&net_mutex);
	return ret;
}

static int net_mc_remove(const char *id, char *msg, size_t len)
{
	struct net_device *dev;
	int n, ret;

	ret = mc_dev_number("eth", id, NET_MAX_DEVS, &n, NULL, msg, len);
	if (ret)
		return ret;
	mutex_lock(&net_mutex);
	dev = net_devs[n];
	if (!dev) {
		snprintf(msg, len, "eth%d is not configured", n);
		ret = -ENODEV;
		goto out;
	}
	/* Under the RTNL, so that nobody brings it up meanwhile. */
	rtnl_lock();
	if (dev->flags & IFF_UP) {
		rtnl_unlock();
		snprintf(msg, len,
			 "eth%d: device is busy: the interface is up in the guest",
			 n);
		ret = -EBUSY;
		goto out;
	}
	unregister_netdevice(dev);
	rtnl_unlock();
	free_netdev(dev);
	net_devs[n] = NULL;
	net_host_forget(n);
	pr_info("eth%d: removed\n", n);
out:
	mutex_unlock(&net_mutex);
	return ret;
}

static struct mc_device net_mc = {
	.prefix		= "eth",
	.config		= net_mc_config,
	.get_config	= net_mc_get_config,
	.remove		= net_mc_remove,
};

static int __init net_init(void)
{
	int n;

	mc_register_device(&net_mc);
	mutex_lock(&net_mutex);
	for (n = 0; n < NET_MAX_DEVS; n++) {
		if (net_host_configured(n) &&
		    net_add(n, net_err, sizeof(net_err)))
			pr_err("%s\n", net_err);
	}
	mutex_unlock(&net_mutex);
	return 0;
}
device_initcall(net_init);
