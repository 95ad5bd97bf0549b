// SPDX-License-Identifier: GPL-2.0
/*
 * ubd: block devices /dev/ubda.. on host image files, kernel side.
 *
 * The command line gives ubdN[rscd]=FILE or ubdN[rscd]=COW,BACKING.  The
 * files are opened by the host side (ubd_host.c) at device_initcall time;
 * a bad one ends the process with one line on stderr.  Requests go to
 * the host's I/O threads by pointer and come back through a pipe that
 * raises UM_UBD_IRQ, whose handler completes them.
 *
 * The management console plugs disks in and out while the guest runs:
 * "config ubdN=SPEC" (SPEC as on the command line), "config ubdN" (its
 * files), "remove ubdN" (refused while the guest has it open or
 * mounted).  ubd_mutex serializes that with itself and with shutdown.
 */
#include <linux/blk-mq.h>
#include <linux/blkdev.h>
#include <linux/init.h>
#include <linux/interrupt.h>
#include <linux/kernel.h>
#include <linux/major.h>
#include <linux/mutex.h>
#include <linux/notifier.h>
#include <linux/panic_notifier.h>
#include <linux/reboot.h>
#include <linux/slab.h>
#include <host.h>
#include <asm/fd_irq.h>
#include "ubd_host.h"
#include "../mconsole/mconsole_dev.h"

#define UBD_MINORS	16
#define UBD_QUEUE_DEPTH	64

struct ubd {
	int n;
	unsigned int flags;
	bool dead;			/* being removed: no new opener */
	struct gendisk *disk;
	struct blk_mq_tag_set tag_set;
};

static struct ubd *ubd_devs[UBD_MAX_DEVS];
static DEFINE_MUTEX(ubd_mutex);
static bool ubd_started;
static char ubd_err[512] __initdata;

static int __init ubd_setup(char *str)
{
	if (ubd_host_parse(str, ubd_err, sizeof(ubd_err)) < 0)
		host_fatal(ubd_err);
	return 1;
}
__setup("ubd", ubd_setup);

/* Fill the host request's buffer list from the request's pages. */
static int ubd_map_segs(struct request *rq, struct ubd_host_req *hr)
{
	struct req_iterator iter;
	struct bio_vec bv;
	int nr = 0;

	rq_for_each_segment(bv, rq, iter) {
		void *buf = page_address(bv.bv_page) + bv.bv_offset;
		struct ubd_host_seg *prev = nr ? &hr->segs[nr - 1] : NULL;

		if (prev && prev->buf + prev->len == buf) {
			prev->len += bv.bv_len;
			continue;
		}
		if (nr == UBD_MAX_SEGS)
			return -EINVAL;
		hr->segs[nr].buf = buf;
		hr->segs[nr].len = bv.bv_len;
		nr++;
	}
	hr->nr_segs = nr;
	return 0;
}

static blk_status_t ubd_queue_rq(struct blk_mq_hw_ctx *hctx,
				 const struct blk_mq_queue_data *bd)
{
	struct ubd *ubd = hctx->queue->queuedata;
	struct request *rq = bd->rq;
	struct ubd_host_req *hr = blk_mq_rq_to_pdu(rq);
	int err;

	hr->dev = ubd->n;
	hr->flags = (rq->cmd_flags & REQ_FUA) ? UBD_REQ_FUA : 0;
	hr->nr_segs = 0;
	hr->offset = (unsigned long long)blk_rq_pos(rq) << SECTOR_SHIFT;
	hr->len = blk_rq_bytes(rq);
	hr->error = 0;

	switch (req_op(rq)) {
	case REQ_OP_READ:
		hr->op = UBD_OP_READ;
		break;
	case REQ_OP_WRITE:
		hr->op = UBD_OP_WRITE;
		break;
	case REQ_OP_FLUSH:
		hr->op = UBD_OP_FLUSH;
		hr->len = 0;
		break;
	case REQ_OP_DISCARD:
		hr->op = UBD_OP_DISCARD;
		break;
	case REQ_OP_WRITE_ZEROES:
		hr->op = UBD_OP_WRITE_ZEROES;
		break;
	default:
		return BLK_STS_NOTSUPP;
	}
	if (hr->op == UBD_OP_READ || hr->op == UBD_OP_WRITE) {
		if (ubd_map_segs(rq, hr))
			return BLK_STS_IOERR;
	}

	blk_mq_start_request(rq);
	err = ubd_host_submit(hr);
	if (err == -EAGAIN)
		return BLK_STS_RESOURCE;
	if (err)
		return BLK_STS_IOERR;
	return BLK_STS_OK;
}

static irqreturn_t ubd_intr(int irq, void *dev)
{
	struct ubd_host_req *hr;

	while ((hr = ubd_host_next_done()) != NULL) {
		struct request *rq = blk_mq_rq_from_pdu(hr);

		blk_mq_end_request(rq, errno_to_blk_status(hr->error));
	}
	return IRQ_HANDLED;
}

static const struct blk_mq_ops ubd_mq_ops = {
	.queue_rq	= ubd_queue_rq,
};

/* Under disk->open_mutex, as is ubd_remove()'s check of the openers. */
static int ubd_open(struct gendisk *disk, blk_mode_t mode)
{
	struct ubd *ubd = disk->private_data;

	return ubd->dead ? -ENXIO : 0;
}

static const struct block_device_operations ubd_fops = {
	.owner		= THIS_MODULE,
	.open		= ubd_open,
};

/* A disk for device @n, whose files are open: size and flags given. */
static int ubd_add(int n, unsigned long long size, unsigned int flags)
{
	struct queue_limits lim = {
		.logical_block_size	= UBD_SECTOR_SIZE,
		.max_hw_sectors		= UBD_MAX_SECTORS,
		.max_segments		= UBD_MAX_SEGS - 2,
		.features		= BLK_FEAT_WRITE_CACHE | BLK_FEAT_FUA,
	};
	struct gendisk *disk;
	struct ubd *ubd;
	char desc[256];
	int ret;

	ubd = kzalloc(sizeof(*ubd), GFP_KERNEL);
	if (!ubd)
		return -ENOMEM;
	ubd->n = n;
	ubd->flags = flags;

	if (!(flags & UBD_FL_RO)) {
		lim.max_hw_discard_sectors = UBD_MAX_SECTORS * 8;
		lim.max_write_zeroes_sectors = UBD_MAX_SECTORS * 8;
		lim.discard_granularity = UBD_SECTOR_SIZE;
	}

	ubd->tag_set.ops = &ubd_mq_ops;
	ubd->tag_set.nr_hw_queues = 1;
	ubd->tag_set.queue_depth = UBD_QUEUE_DEPTH;
	ubd->tag_set.numa_node = NUMA_NO_NODE;
	ubd->tag_set.cmd_size = sizeof(struct ubd_host_req);
	ubd->tag_set.driver_data = ubd;
	ret = blk_mq_alloc_tag_set(&ubd->tag_set);
	if (ret)
		goto out_free;

	disk = blk_mq_alloc_disk(&ubd->tag_set, &lim, ubd);
	if (IS_ERR(disk)) {
		ret = PTR_ERR(disk);
		goto out_tags;
	}
	ubd->disk = disk;
	disk->major = UBD_MAJOR;
	disk->first_minor = n * UBD_MINORS;
	disk->minors = UBD_MINORS;
	disk->fops = &ubd_fops;
	disk->private_data = ubd;
	if (flags & UBD_FL_NOPART)
		disk->flags |= GENHD_FL_NO_PART;
	snprintf(disk->disk_name, DISK_NAME_LEN, "ubd%c", 'a' + n);
	set_capacity(disk, size >> SECTOR_SHIFT);
	if (flags & UBD_FL_RO)
		set_disk_ro(disk, true);

	ubd_host_describe(n, desc, sizeof(desc));
	pr_info("%s: %s, %llu sectors%s%s%s%s\n", disk->disk_name, desc,
		size >> SECTOR_SHIFT,
		flags & UBD_FL_COW ? ", copy-on-write" : "",
		flags & UBD_FL_RO ? ", read-only" : "",
		flags & UBD_FL_SYNC ? ", synchronous" : "",
		flags & UBD_FL_SHARED ? ", shared" : "");

	ret = add_disk(disk);
	if (ret)
		goto out_disk;
	ubd_devs[n] = ubd;
	return 0;

out_disk:
	put_disk(disk);
out_tags:
	blk_mq_free_tag_set(&ubd->tag_set);
out_free:
	kfree(ubd);
	return ret;
}

/* Acknowledged writes and the COW bitmaps onto the host's disk. */
static void ubd_sync_all(bool drain, bool unlock)
{
	int n;

	for (n = 0; n < UBD_MAX_DEVS; n++) {
		struct ubd *ubd = ubd_devs[n];

		if (!ubd)
			continue;
		if (drain)
			blk_mq_freeze_queue(ubd->disk->queue);
		ubd_host_sync(n);
		if (unlock)
			ubd_host_unlock(n);
		if (drain)
			blk_mq_unfreeze_queue(ubd->disk->queue);
	}
}

/*
 * Halt, power off, restart: finish what is in flight, make it durable.
 * A restart re-executes the kernel, which takes the image locks anew.
 * ubd_mutex stays held: no disk comes or goes after this.
 */
static int ubd_reboot(struct notifier_block *nb, unsigned long action,
		      void *data)
{
	mutex_lock(&ubd_mutex);
	ubd_sync_all(true, action == SYS_RESTART);
	return NOTIFY_DONE;
}

static struct notifier_block ubd_reboot_nb = {
	.notifier_call	= ubd_reboot,
};

static int ubd_panic(struct notifier_block *nb, unsigned long action,
		     void *data)
{
	ubd_sync_all(false, false);
	return NOTIFY_DONE;
}

static struct notifier_block ubd_panic_nb = {
	.notifier_call	= ubd_panic,
};

/*
 * The block major, the I/O threads and their IRQ: at boot if a disk is
 * configured, else with the first hot-plugged one.  Under ubd_mutex.
 */
static int ubd_start(char *err, size_t len)
{
	int fd, ret;

	if (ubd_started)
		return 0;
	ret = register_blkdev(UBD_MAJOR, "ubd");
	if (ret) {
		snprintf(err, len, "ubd: cannot register major %d (error %d)",
			 UBD_MAJOR, ret);
		return ret;
	}
	fd = ubd_host_start();
	if (fd < 0) {
		snprintf(err, len, "ubd: cannot start the I/O threads (error %d)",
			 fd);
		goto fail;
	}
	ret = um_request_fd_irq(UM_UBD_IRQ, fd, UM_IO_READ, ubd_intr, 0,
				"ubd", ubd_devs);
	if (ret) {
		snprintf(err, len, "ubd: cannot set up the completion IRQ (error %d)",
			 ret);
		goto fail;
	}
	ubd_started = true;
	return 0;
fail:
	unregister_blkdev(UBD_MAJOR, "ubd");
	return fd < 0 ? fd : ret;
}

/* --- hot-plug through the management console --------------------------- */

static int ubd_mc_config(const char *spec, char *msg, size_t len)
{
	unsigned long long size;
	unsigned int flags;
	int n, ret;

	mutex_lock(&ubd_mutex);
	n = ubd_host_parse_new(spec, msg, len);
	if (n < 0) {
		ret = n;
		goto out;
	}
	ret = ubd_host_open(n, &size, &flags, msg, len);
	if (!ret)
		ret = ubd_start(msg, len);
	if (!ret) {
		ret = ubd_add(n, size, flags);
		if (ret)
			snprintf(msg, len, "ubd%d: cannot add the disk (error %d)",
				 n, ret);
	}
	if (ret)
		ubd_host_close(n);
out:
	mutex_unlock(&ubd_mutex);
	return ret;
}

static int ubd_mc_get_config(const char *id, char *msg, size_t len)
{
	int n, ret;

	ret = mc_dev_number("ubd", id, UBD_MAX_DEVS, &n, NULL, msg, len);
	if (ret)
		return ret;
	mutex_lock(&ubd_mutex);
	if (ubd_devs[n]) {
		ubd_host_spec(n, msg, len);
	} else {
		snprintf(msg, len, "ubd%d is not configured", n);
		ret = -ENODEV;
	}
	mutex_unlock(&ubd_mutex);
	return ret;
}

static int ubd_mc_remove(const char *id, char *msg, size_t len)
{
	struct gendisk *disk;
	struct ubd *ubd;
	int n, ret;

	ret = mc_dev_number("ubd", id, UBD_MAX_DEVS, &n, NULL, msg, len);
	if (ret)
		return ret;
	mutex_lock(&ubd_mutex);
	ubd = ubd_devs[n];
	if (!ubd) {
		snprintf(msg, len, "ubd%d is not configured", n);
		ret = -ENODEV;
		goto out;
	}
	disk = ubd->disk;
	mutex_lock(&disk->open_mutex);
	if (disk_openers(disk))
		ret = -EBUSY;
	else
		ubd->dead = true;
	mutex_unlock(&disk->open_mutex);
	if (ret) {
		snprintf(msg, len,
			 "ubd%d: device is busy: mounted or open in the guest",
			 n);
		goto out;
	}
	ubd_devs[n] = NULL;
	del_gendisk(disk);
	put_disk(disk);
	blk_mq_free_tag_set(&ubd->tag_set);
	kfree(ubd);
	ubd_host_close(n);
	pr_info("ubd%d: removed\n", n);
out:
	mutex_unlock(&ubd_mutex);
	return ret;
}

static struct mc_device ubd_mc = {
	.prefix		= "ubd",
	.config		= ubd_mc_config,
	.get_config	= ubd_mc_get_config,
	.remove		= ubd_mc_remove,
};

static int __init ubd_init(void)
{
	unsigned long long size;
	unsigned int flags;
	int n, ret, found = 0;

	mc_register_device(&ubd_mc);
	register_reboot_notifier(&ubd_reboot_nb);
	atomic_notifier_chain_register(&panic_notifier_list, &ubd_panic_nb);

	/* Open every image first: a bad one ends the boot right here. */
	for (n = 0; n < UBD_MAX_DEVS; n++) {
		if (!ubd_host_configured(n))
			continue;
		if (ubd_host_open(n, &size, &flags, ubd_err, sizeof(ubd_err)))
			host_fatal(ubd_err);
		found = 1;
	}
	if (!found)
		return 0;

	mutex_lock(&ubd_mutex);
	if (ubd_start(ubd_err, sizeof(ubd_err)))
		host_fatal(ubd_err);
	for (n = 0; n < UBD_MAX_DEVS; n++) {
		if (!ubd_host_configured(n))
			continue;
		ubd_host_open(n, &size, &flags, ubd_err, sizeof(ubd_err));
		ret = ubd_add(n, size, flags);
		if (ret)
			pr_err("ubd%d: cannot add the disk (error %d)\n", n, ret);
	}
	mutex_unlock(&ubd_mutex);
	return 0;
}
device_initcall(ubd_init);
