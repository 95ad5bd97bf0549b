// SPDX-License-Identifier: GPL-2.0
/*
 * hostfs: folders of the host as a file system of the guest, kernel side.
 *
 *	mount -t hostfs none /mnt -o /host/dir
 *	rootfstype=hostfs rootflags=/host/dir
 *	hostfs=DIR			confines every mount to DIR
 *
 * Guest inodes mirror host objects (keyed by host device and inode
 * number, so hard links share one inode).  They hold no host descriptor
 * while nobody has them open: every operation resolves the dentry's
 * path beneath the mount's folder on the host (hostfs_host_walk(), which
 * follows no symlink and no "..") and acts there with *at() calls.  The
 * guest follows symlinks itself, in its own namespace.
 *
 * Regular files go through the page cache, so mmap works both ways.  An
 * open file's inode keeps a host descriptor to read and one to write
 * (often the same); the last close writes the dirty pages back and
 * closes them.  Owners and permissions are the host's; the host decides
 * what the user who runs the kernel may do.
 */
#include <linux/backing-dev.h>
#include <linux/dcache.h>
#include <linux/fs.h>
#include <linux/fs_context.h>
#include <linux/highmem.h>
#include <linux/init.h>
#include <linux/magic.h>
#include <linux/module.h>
#include <linux/mount.h>
#include <linux/mutex.h>
#include <linux/namei.h>
#include <linux/pagemap.h>
#include <linux/slab.h>
#include <linux/statfs.h>
#include <linux/string.h>
#include <linux/writeback.h>
#include "hostfs_host.h"

struct hostfs_sb_info {
	int root_fd;			/* O_PATH: the mount's host folder */
};

struct hostfs_inode {
	struct inode vfs_inode;
	unsigned long long host_dev;
	struct mutex open_mutex;	/* opens and the descriptors */
	int opens;
	int fd_read;			/* -1 or a readable descriptor */
	int fd_write;			/* -1 or a writable one, maybe fd_read */
};

static struct kmem_cache *hostfs_inode_cache;
static char hostfs_confine_dir[PATH_MAX];

static const struct super_operations hostfs_sops;
static const struct inode_operations hostfs_dir_iops;
static const struct inode_operations hostfs_file_iops;
static const struct inode_operations hostfs_link_iops;
static const struct file_operations hostfs_dir_fops;
static const struct file_operations hostfs_file_fops;
static const struct address_space_operations hostfs_aops;
static const struct dentry_operations hostfs_dops;

static inline struct hostfs_inode *HOSTFS_I(struct inode *inode)
{
	return container_of(inode, struct hostfs_inode, vfs_inode);
}

static inline int root_fd(struct super_block *sb)
{
	return ((struct hostfs_sb_info *)sb->s_fs_info)->root_fd;
}

static int __init hostfs_confine_setup(char *str)
{
	strscpy(hostfs_confine_dir, str, sizeof(hostfs_confine_dir));
	return 1;
}
__setup("hostfs=", hostfs_confine_setup);

/* Open the host object of @dentry (HOSTFS_OPEN_* in @how). */
static int hostfs_walk(struct dentry *dentry, unsigned int how)
{
	char *buf, *path;
	int fd;

	buf = __getname();
	if (!buf)
		return -ENOMEM;
	path = dentry_path_raw(dentry, buf, PATH_MAX);
	if (IS_ERR(path)) {
		fd = PTR_ERR(path);
	} else {
		while (*path == '/')
			path++;
		fd = hostfs_host_walk(root_fd(dentry->d_sb),
				      *path ? path : ".", how);
	}
	__putname(buf);
	return fd;
}

/* The folder holding @dentry, to act on its entry by name. */
static int hostfs_parent_fd(struct dentry *dentry)
{
	return hostfs_walk(dentry->d_parent,
			   HOSTFS_OPEN_PATH | HOSTFS_OPEN_DIR);
}

/* Copy the host's attributes; the size too unless @keep_size. */
static void hostfs_copy_attr(struct inode *inode, struct hostfs_stat *st,
			     bool keep_size)
{
	inode->i_mode = st->mode;
	set_nlink(inode, st->nlink);
	i_uid_write(inode, st->uid);
	i_gid_write(inode, st->gid);
	inode_set_atime(inode, st->atime_sec, st->atime_nsec);
	inode_set_mtime(inode, st->mtime_sec, st->mtime_nsec);
	inode_set_ctime(inode, st->ctime_sec, st->ctime_nsec);
	inode->i_blocks = st->blocks;
	if (!keep_size)
		i_size_write(inode, st->size);
}

/*
 * Attributes of an inode nobody has open: the host's may have changed
 * behind our back, and then so may have the data.
 */
static void hostfs_refresh(struct inode *inode, struct hostfs_stat *st)
{
	struct timespec64 mtime = inode_get_mtime(inode);
	bool changed = st->size != i_size_read(inode) ||
		       st->mtime_sec != mtime.tv_sec ||
		       st->mtime_nsec != mtime.tv_nsec;

	if ((inode->i_mode ^ st->mode) & S_IFMT)
		return;		/* another object now: leave it alone */
	hostfs_copy_attr(inode, st, false);
	if (changed && S_ISREG(inode->i_mode))
		invalidate_mapping_pages(inode->i_mapping, 0, -1);
}

static int hostfs_test(struct inode *inode, void *data)
{
	struct hostfs_stat *st = data;

	return inode->i_ino == st->ino &&
	       HOSTFS_I(inode)->host_dev == st->dev;
}

static int hostfs_set(struct inode *inode, void *data)
{
	struct hostfs_stat *st = data;

	inode->i_ino = st->ino;
	HOSTFS_I(inode)->host_dev = st->dev;
	return 0;
}

static struct inode *hostfs_iget(struct super_block *sb,
				 struct hostfs_stat *st)
{
	struct hostfs_inode *hi;
	struct inode *inode;

again:
	inode = iget5_locked(sb, st->ino, hostfs_test, hostfs_set, st);
	if (!inode)
		return ERR_PTR(-ENOMEM);
	hi = HOSTFS_I(inode);
	if (!(inode->i_state & I_NEW) && ((inode->i_mode ^ st->mode) & S_IFMT)) {
		/* The host reused the number for another kind of object. */
		remove_inode_hash(inode);
		iput(inode);
		goto again;
	}
	if (!(inode->i_state & I_NEW)) {
		mutex_lock(&hi->open_mutex);
		if (!hi->opens)
			hostfs_refresh(inode, st);
		mutex_unlock(&hi->open_mutex);
		return inode;
	}
	hostfs_copy_attr(inode, st, false);
	switch (st->mode & S_IFMT) {
	case S_IFDIR:
		inode->i_op = &hostfs_dir_iops;
		inode->i_fop = &hostfs_dir_fops;
		break;
	case S_IFREG:
		inode->i_op = &hostfs_file_iops;
		inode->i_fop = &hostfs_file_fops;
		inode->i_mapping->a_ops = &hostfs_aops;
		break;
	case S_IFLNK:
		inode->i_op = &hostfs_link_iops;
		inode_nohighmem(inode);
		break;
	default:
		inode->i_op = &hostfs_file_iops;
		init_special_inode(inode, st->mode,
				   MKDEV(st->rdev_major, st->rdev_minor));
	}
	unlock_new_inode(inode);
	return inode;
}

/* Does the host object open on @fd still belong to @inode? */
static int hostfs_check_fd(struct inode *inode, int fd, struct hostfs_stat *st)
{
	int err = hostfs_host_fstat(fd, st);

	if (err)
		return err;
	if (st->ino != inode->i_ino || st->dev != HOSTFS_I(inode)->host_dev)
		return -ESTALE;
	return 0;
}

/* Open the object of @dentry and check it is the inode's. */
static int hostfs_inode_fd(struct dentry *dentry, unsigned int how,
			   struct hostfs_stat *st)
{
	int fd, err;

	fd = hostfs_walk(dentry, how);
	if (fd < 0)
		return fd;
	err = hostfs_check_fd(d_inode(dentry), fd, st);
	if (err) {
		hostfs_host_close(fd);
		return err;
	}
	return fd;
}

/* After a change in folder @dir (open on @dfd): its new attributes. */
static void hostfs_dir_changed(struct inode *dir, int dfd)
{
	struct hostfs_stat st;

	if (!hostfs_check_fd(dir, dfd, &st))
		hostfs_copy_attr(dir, &st, false);
}

/* --- dentries --- */

static int hostfs_d_revalidate(struct dentry *dentry, unsigned int flags)
{
	/* The host may have made the missing name since: look again. */
	if (d_really_is_negative(dentry))
		return flags & LOOKUP_RCU ? -ECHILD : 0;
	return 1;
}

static const struct dentry_operations hostfs_dops = {
	.d_revalidate	= hostfs_d_revalidate,
};

/* --- folders --- */

static struct dentry *hostfs_lookup(struct inode *dir, struct dentry *dentry,
				    unsigned int flags)
{
	struct inode *inode = NULL;
	struct hostfs_stat st;
	int dfd, err;

	if (dentry->d_name.len > NAME_MAX)
		return ERR_PTR(-ENAMETOOLONG);
	dfd = hostfs_parent_fd(dentry);
	if (dfd < 0)
		return ERR_PTR(dfd);
	err = hostfs_host_statat(dfd, dentry->d_name.name, &st);
	hostfs_host_close(dfd);
	if (!err)
		inode = hostfs_iget(dir->i_sb, &st);
	else if (err != -ENOENT)
		return ERR_PTR(err);
	return d_splice_alias(inode, dentry);
}

/*
 * A new entry @dentry was made in folder @dir (open on @dfd): give it
 * its inode, and the permissions asked for (the host's umask took some).
 * @fd is the new object's descriptor, or -1 to open it here.
 */
static int hostfs_new_entry(struct inode *dir, int dfd, struct dentry *dentry,
			    int fd, umode_t mode)
{
	struct hostfs_stat st;
	struct inode *inode;
	int err, pfd = fd;

	if (pfd < 0) {
		pfd = hostfs_host_openat(dfd, dentry->d_name.name,
					 HOSTFS_OPEN_PATH, 0);
		if (pfd < 0)
			return pfd;
	}
	/* Only the umask's bits: keep what the host adds (setgid folders). */
	err = hostfs_host_fstat(pfd, &st);
	if (!err && !S_ISLNK(st.mode) && ((st.mode ^ mode) & 0777) &&
	    !hostfs_host_chmod(pfd, (st.mode & 07000) | (mode & 0777)))
		err = hostfs_host_fstat(pfd, &st);
	if (pfd != fd)
		hostfs_host_close(pfd);
	if (err)
		return err;
	inode = hostfs_iget(dir->i_sb, &st);
	if (IS_ERR(inode))
		return PTR_ERR(inode);
	if (fd >= 0) {
		/* Keep the creator's descriptor for the open that follows. */
		struct hostfs_inode *hi = HOSTFS_I(inode);

		mutex_lock(&hi->open_mutex);
		if (hi->fd_read < 0 && hi->fd_write < 0) {
			hi->fd_read = fd;
			hi->fd_write = fd;
			fd = -1;
		}
		mutex_unlock(&hi->open_mutex);
		if (fd >= 0)
			hostfs_host_close(fd);
	}
	d_instantiate(dentry, inode);
	hostfs_dir_changed(dir, dfd);
	return 0;
}

static int hostfs_create(struct mnt_idmap *idmap, struct inode *dir,
			 struct dentry *dentry, umode_t mode, bool excl)
{
	int dfd, fd, err;

	dfd = hostfs_parent_fd(dentry);
	if (dfd < 0)
		return dfd;
	fd = hostfs_host_openat(dfd, dentry->d_name.name,
				HOSTFS_OPEN_READ | HOSTFS_OPEN_WRITE |
				HOSTFS_OPEN_CREATE, mode & 07777);
	if (fd < 0) {
		err = fd;
	} else {
		err = hostfs_new_entry(dir, dfd, dentry, fd, mode);
		if (err)
			hostfs_host_close(fd);
	}
	hostfs_host_close(dfd);
	return err;
}

static int hostfs_mkdir(struct mnt_idmap *idmap, struct inode *dir,
			struct dentry *dentry, umode_t mode)
{
	int dfd, err;

	dfd = hostfs_parent_fd(dentry);
	if (dfd < 0)
		return dfd;
	err = hostfs_host_mkdir(dfd, dentry->d_name.name, mode & 07777);
	if (!err)
		err = hostfs_new_entry(dir, dfd, dentry, -1, mode);
	hostfs_host_close(dfd);
	return err;
}

static int hostfs_mknod(struct mnt_idmap *idmap, struct inode *dir,
			struct dentry *dentry, umode_t mode, dev_t dev)
{
	int dfd, err;

	dfd = hostfs_parent_fd(dentry);
	if (dfd < 0)
		return dfd;
	err = hostfs_host_mknod(dfd, dentry->d_name.name, mode,
				MAJOR(dev), MINOR(dev));
	if (!err)
		err = hostfs_new_entry(dir, dfd, dentry, -1, mode);
	hostfs_host_close(dfd);
	return err;
}

static int hostfs_symlink(struct mnt_idmap *idmap, struct inode *dir,
			  struct dentry *dentry, const char *target)
{
	int dfd, err;

	dfd = hostfs_parent_fd(dentry);
	if (dfd < 0)
		return dfd;
	err = hostfs_host_symlink(dfd, dentry->d_name.name, target);
	if (!err)
		err = hostfs_new_entry(dir, dfd, dentry, -1, S_IFLNK | 0777);
	hostfs_host_close(dfd);
	return err;
}

static int hostfs_link(struct dentry *old, struct inode *dir,
		       struct dentry *dentry)
{
	struct inode *inode = d_inode(old);
	struct hostfs_stat st;
	int odfd, dfd, err;

	odfd = hostfs_parent_fd(old);
	if (odfd < 0)
		return odfd;
	dfd = hostfs_parent_fd(dentry);
	if (dfd < 0) {
		hostfs_host_close(odfd);
		return dfd;
	}
	err = hostfs_host_link(odfd, old->d_name.name, dfd,
			       dentry->d_name.name);
	if (!err) {
		if (!hostfs_host_statat(dfd, dentry->d_name.name, &st) &&
		    st.ino == inode->i_ino)
			set_nlink(inode, st.nlink);
		else
			inc_nlink(inode);
		inode_set_ctime_current(inode);
		ihold(inode);
		d_instantiate(dentry, inode);
		hostfs_dir_changed(dir, dfd);
	}
	hostfs_host_close(dfd);
	hostfs_host_close(odfd);
	return err;
}

static int hostfs_remove(struct inode *dir, struct dentry *dentry, int is_dir)
{
	struct inode *inode = d_inode(dentry);
	int dfd, err;

	dfd = hostfs_parent_fd(dentry);
	if (dfd < 0)
		return dfd;
	err = hostfs_host_unlink(dfd, dentry->d_name.name, is_dir);
	if (!err) {
		if (is_dir)
			clear_nlink(inode);
		else
			drop_nlink(inode);
		hostfs_dir_changed(dir, dfd);
	}
	hostfs_host_close(dfd);
	return err;
}

static int hostfs_unlink(struct inode *dir, struct dentry *dentry)
{
	return hostfs_remove(dir, dentry, 0);
}

static int hostfs_rmdir(struct inode *dir, struct dentry *dentry)
{
	return hostfs_remove(dir, dentry, 1);
}

static int hostfs_rename(struct mnt_idmap *idmap, struct inode *odir,
			 struct dentry *old, struct inode *ndir,
			 struct dentry *new, unsigned int flags)
{
	struct inode *target = d_inode(new);
	unsigned int hflags = 0;
	int odfd, ndfd, err;

	if (flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE))
		return -EINVAL;
	if (flags & RENAME_NOREPLACE)
		hflags |= HOSTFS_RENAME_NOREPLACE;
	if (flags & RENAME_EXCHANGE)
		hflags |= HOSTFS_RENAME_EXCHANGE;
	odfd = hostfs_parent_fd(old);
	if (odfd < 0)
		return odfd;
	ndfd = hostfs_parent_fd(new);
	if (ndfd < 0) {
		hostfs_host_close(odfd);
		return ndfd;
	}
	err = hostfs_host_rename(odfd, old->d_name.name, ndfd,
				 new->d_name.name, hflags);
	if (!err) {
		if (target && !(flags & RENAME_EXCHANGE)) {
			if (S_ISDIR(target->i_mode))
				clear_nlink(target);
			else
				drop_nlink(target);
		}
		hostfs_dir_changed(odir, odfd);
		if (ndir != odir)
			hostfs_dir_changed(ndir, ndfd);
	}
	hostfs_host_close(ndfd);
	hostfs_host_close(odfd);
	return err;
}

/* --- attributes --- */

static int hostfs_getattr(struct mnt_idmap *idmap, const struct path *path,
			  struct kstat *stat, u32 request_mask,
			  unsigned int query_flags)
{
	struct inode *inode = d_inode(path->dentry);
	struct hostfs_inode *hi = HOSTFS_I(inode);
	struct hostfs_stat st;
	int fd;

	/* Closed files may have changed on the host. */
	if (!(query_flags & AT_STATX_DONT_SYNC)) {
		fd = hostfs_inode_fd(path->dentry, HOSTFS_OPEN_PATH, &st);
		if (fd >= 0) {
			hostfs_host_close(fd);
			mutex_lock(&hi->open_mutex);
			if (!hi->opens)
				hostfs_refresh(inode, &st);
			mutex_unlock(&hi->open_mutex);
		}
	}
	generic_fillattr(idmap, request_mask, inode, stat);
	return 0;
}

static void hostfs_time(struct iattr *attr, unsigned int flag,
			unsigned int set_flag, struct timespec64 *ts,
			long long *sec, long *nsec)
{
	*sec = 0;
	if (!(attr->ia_valid & flag)) {
		*nsec = HOSTFS_TIME_OMIT;
	} else if (!(attr->ia_valid & set_flag)) {
		*nsec = HOSTFS_TIME_NOW;
	} else {
		*sec = ts->tv_sec;
		*nsec = ts->tv_nsec;
	}
}

static int hostfs_setattr(struct mnt_idmap *idmap, struct dentry *dentry,
			  struct iattr *attr)
{
	struct inode *inode = d_inode(dentry);
	struct hostfs_inode *hi = HOSTFS_I(inode);
	unsigned int valid = attr->ia_valid;
	long long asec, msec;
	long ansec, mnsec;
	struct hostfs_stat st;
	int fd, wfd, err;
	bool own = false;

	err = setattr_prepare(idmap, dentry, attr);
	if (err)
		return err;
	/* An open file's own descriptors work even once it is unlinked. */
	mutex_lock(&hi->open_mutex);
	fd = hi->fd_write >= 0 ? hi->fd_write : hi->fd_read;
	if (fd < 0) {
		fd = hostfs_inode_fd(dentry, HOSTFS_OPEN_PATH, &st);
		if (fd < 0) {
			err = fd;
			goto unlock;
		}
		own = true;
	}

	if ((valid & ATTR_SIZE) && S_ISREG(inode->i_mode)) {
		wfd = hi->fd_write;
		if (wfd >= 0) {
			err = hostfs_host_ftruncate(wfd, attr->ia_size);
		} else {
			wfd = hostfs_inode_fd(dentry, HOSTFS_OPEN_WRITE, &st);
			err = wfd;
			if (wfd >= 0) {
				err = hostfs_host_ftruncate(wfd, attr->ia_size);
				hostfs_host_close(wfd);
			}
		}
		if (err)
			goto out;
		truncate_setsize(inode, attr->ia_size);
	}
	if (valid & ATTR_MODE) {
		err = hostfs_host_chmod(fd, attr->ia_mode);
		if (err)
			goto out;
	}
	if (valid & (ATTR_UID | ATTR_GID)) {
		err = hostfs_host_chown(fd,
			valid & ATTR_UID ? (int)from_kuid(&init_user_ns,
							  attr->ia_uid) : -1,
			valid & ATTR_GID ? (int)from_kgid(&init_user_ns,
							  attr->ia_gid) : -1);
		if (err)
			goto out;
	}
	/* A truncation has set the times on the host already. */
	if ((valid & (ATTR_ATIME | ATTR_MTIME)) && !(valid & ATTR_SIZE)) {
		hostfs_time(attr, ATTR_ATIME, ATTR_ATIME_SET, &attr->ia_atime,
			    &asec, &ansec);
		hostfs_time(attr, ATTR_MTIME, ATTR_MTIME_SET, &attr->ia_mtime,
			    &msec, &mnsec);
		err = hostfs_host_utimes(fd, asec, ansec, msec, mnsec);
		if (err)
			goto out;
	}
	if (!hostfs_host_fstat(fd, &st))
		hostfs_copy_attr(inode, &st, S_ISREG(inode->i_mode));
out:
	if (own)
		hostfs_host_close(fd);
unlock:
	mutex_unlock(&hi->open_mutex);
	return err;
}

/* --- symlinks --- */

static const char *hostfs_get_link(struct dentry *dentry, struct inode *inode,
				   struct delayed_call *done)
{
	struct hostfs_stat st;
	char *buf;
	int fd, n;

	if (!dentry)
		return ERR_PTR(-ECHILD);
	fd = hostfs_inode_fd(dentry, HOSTFS_OPEN_PATH, &st);
	if (fd < 0)
		return ERR_PTR(fd);
	buf = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!buf) {
		hostfs_host_close(fd);
		return ERR_PTR(-ENOMEM);
	}
	n = hostfs_host_readlink(fd, buf, PATH_MAX);
	hostfs_host_close(fd);
	if (n >= PATH_MAX)
		n = -ENAMETOOLONG;
	if (n < 0) {
		kfree(buf);
		return ERR_PTR(n);
	}
	buf[n] = '\0';
	set_delayed_call(done, kfree_link, buf);
	return buf;
}

/* --- reading folders --- */

struct hostfs_dir {
	int fd;
};

static int hostfs_dir_open(struct inode *inode, struct file *file)
{
	struct hostfs_stat st;
	struct hostfs_dir *d;
	int fd;

	d = kmalloc(sizeof(*d), GFP_KERNEL);
	if (!d)
		return -ENOMEM;
	fd = hostfs_inode_fd(file->f_path.dentry,
			     HOSTFS_OPEN_READ | HOSTFS_OPEN_DIR, &st);
	if (fd < 0) {
		kfree(d);
		return fd;
	}
	d->fd = fd;
	file->private_data = d;
	return 0;
}

static int hostfs_dir_release(struct inode *inode, struct file *file)
{
	struct hostfs_dir *d = file->private_data;

	hostfs_host_close(d->fd);
	kfree(d);
	return 0;
}

static int hostfs_fill(void *arg, const char *name, int len,
		       unsigned long long ino, unsigned int type,
		       long long next)
{
	struct dir_context *ctx = arg;

	if (!dir_emit(ctx, name, len, ino, type))
		return 1;
	ctx->pos = next;
	return 0;
}

static int hostfs_iterate(struct file *file, struct dir_context *ctx)
{
	struct hostfs_dir *d = file->private_data;
	void *buf;
	int err;

	buf = kmalloc(PAGE_SIZE, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	err = hostfs_host_readdir(d->fd, ctx->pos, hostfs_fill, ctx,
				  buf, PAGE_SIZE);
	kfree(buf);
	return err;
}

static int hostfs_dir_fsync(struct file *file, loff_t start, loff_t end,
			    int datasync)
{
	struct hostfs_dir *d = file->private_data;

	return hostfs_host_fsync(d->fd, datasync);
}

/* --- regular files --- */

static int hostfs_file_open(struct inode *inode, struct file *file)
{
	struct hostfs_inode *hi = HOSTFS_I(inode);
	bool rd = file->f_mode & FMODE_READ;
	bool wr = file->f_mode & FMODE_WRITE;
	struct hostfs_stat st;
	int fd = -1, err;

	err = generic_file_open(inode, file);
	if (err)
		return err;
	mutex_lock(&hi->open_mutex);
	if (wr && hi->fd_write < 0) {
		/* Readable too if the host lets us: partial page writes. */
		bool rw = true;

		fd = hostfs_inode_fd(file->f_path.dentry,
				     HOSTFS_OPEN_READ | HOSTFS_OPEN_WRITE, &st);
		if (fd == -EACCES && !rd) {
			rw = false;
			fd = hostfs_inode_fd(file->f_path.dentry,
					     HOSTFS_OPEN_WRITE, &st);
		}
		if (fd < 0)
			goto fail;
		hi->fd_write = fd;
		if (hi->fd_read < 0 && rw)
			hi->fd_read = fd;
	}
	if (rd && hi->fd_read < 0) {
		fd = hostfs_inode_fd(file->f_path.dentry, HOSTFS_OPEN_READ, &st);
		if (fd < 0)
			goto fail;
		hi->fd_read = fd;
	}
	if (!hi->opens && fd >= 0)
		hostfs_refresh(inode, &st);
	hi->opens++;
	mutex_unlock(&hi->open_mutex);
	return 0;
fail:
	mutex_unlock(&hi->open_mutex);
	return fd;
}

/* Close the descriptors of an inode nobody has open (open_mutex held). */
static void hostfs_close_fds(struct hostfs_inode *hi)
{
	if (hi->fd_write >= 0 && hi->fd_write != hi->fd_read)
		hostfs_host_close(hi->fd_write);
	if (hi->fd_read >= 0)
		hostfs_host_close(hi->fd_read);
	hi->fd_read = -1;
	hi->fd_write = -1;
}

static int hostfs_file_release(struct inode *inode, struct file *file)
{
	struct hostfs_inode *hi = HOSTFS_I(inode);

	mutex_lock(&hi->open_mutex);
	if (!--hi->opens) {
		filemap_write_and_wait(inode->i_mapping);
		hostfs_close_fds(hi);
	}
	mutex_unlock(&hi->open_mutex);
	return 0;
}

static int hostfs_file_fsync(struct file *file, loff_t start, loff_t end,
			     int datasync)
{
	struct hostfs_inode *hi = HOSTFS_I(file_inode(file));
	int err, fd;

	err = file_write_and_wait_range(file, start, end);
	if (err)
		return err;
	fd = READ_ONCE(hi->fd_write);
	if (fd < 0)
		fd = READ_ONCE(hi->fd_read);
	return fd < 0 ? 0 : hostfs_host_fsync(fd, datasync);
}

/* Fill @folio (locked) from the host; it stays locked. */
static int hostfs_fill_folio(struct folio *folio)
{
	struct hostfs_inode *hi = HOSTFS_I(folio->mapping->host);
	size_t size = folio_size(folio);
	int fd = READ_ONCE(hi->fd_read);
	long long n;

	if (fd < 0)
		return -EACCES;	/* the host lets us write it, not read it */
	n = hostfs_host_pread(fd, folio_address(folio), size,
			      folio_pos(folio));
	if (n < 0)
		return n;
	if (n < size)
		folio_zero_segment(folio, n, size);
	flush_dcache_folio(folio);
	folio_mark_uptodate(folio);
	return 0;
}

static int hostfs_read_folio(struct file *file, struct folio *folio)
{
	int err = hostfs_fill_folio(folio);

	folio_unlock(folio);
	return err;
}

static int hostfs_write_folio(struct folio *folio)
{
	struct inode *inode = folio->mapping->host;
	int fd = READ_ONCE(HOSTFS_I(inode)->fd_write);
	loff_t size = i_size_read(inode);
	loff_t pos = folio_pos(folio);
	size_t len = folio_size(folio);
	long long n;

	if (pos >= size) {
		/* Beyond the end of the file: truncated meanwhile. */
		folio_unlock(folio);
		return 0;
	}
	if (len > size - pos)
		len = size - pos;
	folio_start_writeback(folio);
	folio_unlock(folio);
	n = fd < 0 ? -EBADF : hostfs_host_pwrite(fd, folio_address(folio),
						 len, pos);
	if (n < 0)
		mapping_set_error(folio->mapping, n);
	folio_end_writeback(folio);
	return n < 0 ? n : 0;
}

static int hostfs_writepages(struct address_space *mapping,
			     struct writeback_control *wbc)
{
	struct folio *folio = NULL;
	int err = 0;

	while ((folio = writeback_iter(mapping, wbc, folio, &err)))
		err = hostfs_write_folio(folio);
	return err;
}

static int hostfs_write_begin(struct file *file, struct address_space *mapping,
			      loff_t pos, unsigned int len,
			      struct folio **foliop, void **fsdata)
{
	struct folio *folio;
	size_t from;
	int err;

	folio = __filemap_get_folio(mapping, pos >> PAGE_SHIFT, FGP_WRITEBEGIN,
				    mapping_gfp_mask(mapping));
	if (IS_ERR(folio))
		return PTR_ERR(folio);
	*foliop = folio;
	if (folio_test_uptodate(folio))
		return 0;
	from = offset_in_folio(folio, pos);
	if (from == 0 && len == folio_size(folio))
		return 0;	/* all of it is overwritten */
	if (folio_pos(folio) >= i_size_read(mapping->host)) {
		folio_zero_segment(folio, 0, folio_size(folio));
		folio_mark_uptodate(folio);
		return 0;
	}
	err = hostfs_fill_folio(folio);
	if (err) {
		folio_unlock(folio);
		folio_put(folio);
	}
	return err;
}

static int hostfs_write_end(struct file *file, struct address_space *mapping,
			    loff_t pos, unsigned int len, unsigned int copied,
			    struct folio *folio, void *fsdata)
{
	struct inode *inode = mapping->host;

	if (!folio_test_uptodate(folio)) {
		/* A whole-folio write that came up short: do it again. */
		if (copied < len)
			copied = 0;
		else
			folio_mark_uptodate(folio);
	}
	if (copied) {
		if (pos + copied > inode->i_size)
			i_size_write(inode, pos + copied);
		folio_mark_dirty(folio);
	}
	folio_unlock(folio);
	folio_put(folio);
	return copied;
}

static const struct address_space_operations hostfs_aops = {
	.read_folio	= hostfs_read_folio,
	.writepages	= hostfs_writepages,
	.dirty_folio	= filemap_dirty_folio,
	.write_begin	= hostfs_write_begin,
	.write_end	= hostfs_write_end,
	.migrate_folio	= filemap_migrate_folio,
};

static const struct file_operations hostfs_file_fops = {
	.llseek		= generic_file_llseek,
	.read_iter	= generic_file_read_iter,
	.write_iter	= generic_file_write_iter,
	.mmap		= generic_file_mmap,
	.open		= hostfs_file_open,
	.release	= hostfs_file_release,
	.fsync		= hostfs_file_fsync,
	.splice_read	= filemap_splice_read,
	.splice_write	= iter_file_splice_write,
};

static const struct file_operations hostfs_dir_fops = {
	.llseek		= generic_file_llseek,
	.read		= generic_read_dir,
	.iterate_shared	= hostfs_iterate,
	.open		= hostfs_dir_open,
	.release	= hostfs_dir_release,
	.fsync		= hostfs_dir_fsync,
};

static const struct inode_operations hostfs_dir_iops = {
	.lookup		= hostfs_lookup,
	.create		= hostfs_create,
	.link		= hostfs_link,
	.unlink		= hostfs_unlink,
	.symlink	= hostfs_symlink,
	.mkdir		= hostfs_mkdir,
	.rmdir		= hostfs_rmdir,
	.mknod		= hostfs_mknod,
	.rename		= hostfs_rename,
	.setattr	= hostfs_setattr,
	.getattr	= hostfs_getattr,
};

static const struct inode_operations hostfs_file_iops = {
	.setattr	= hostfs_setattr,
	.getattr	= hostfs_getattr,
};

static const struct inode_operations hostfs_link_iops = {
	.get_link	= hostfs_get_link,
	.setattr	= hostfs_setattr,
	.getattr	= hostfs_getattr,
};

/* --- the super block --- */

static struct inode *hostfs_alloc_inode(struct super_block *sb)
{
	struct hostfs_inode *hi;

	hi = alloc_inode_sb(sb, hostfs_inode_cache, GFP_KERNEL);
	if (!hi)
		return NULL;
	hi->host_dev = 0;
	hi->opens = 0;
	hi->fd_read = -1;
	hi->fd_write = -1;
	mutex_init(&hi->open_mutex);
	return &hi->vfs_inode;
}

static void hostfs_free_inode(struct inode *inode)
{
	kmem_cache_free(hostfs_inode_cache, HOSTFS_I(inode));
}

static void hostfs_evict_inode(struct inode *inode)
{
	truncate_inode_pages_final(&inode->i_data);
	clear_inode(inode);
	/* A created file nobody opened keeps its creator's descriptor. */
	hostfs_close_fds(HOSTFS_I(inode));
}

static int hostfs_statfs(struct dentry *dentry, struct kstatfs *buf)
{
	struct hostfs_statfs sf;
	int err;

	err = hostfs_host_statfs(root_fd(dentry->d_sb), &sf);
	if (err)
		return err;
	buf->f_type = HOSTFS_SUPER_MAGIC;
	buf->f_bsize = sf.bsize;
	buf->f_frsize = sf.frsize;
	buf->f_blocks = sf.blocks;
	buf->f_bfree = sf.bfree;
	buf->f_bavail = sf.bavail;
	buf->f_files = sf.files;
	buf->f_ffree = sf.ffree;
	buf->f_namelen = sf.namelen;
	return 0;
}

static const struct super_operations hostfs_sops = {
	.alloc_inode	= hostfs_alloc_inode,
	.free_inode	= hostfs_free_inode,
	.evict_inode	= hostfs_evict_inode,
	.statfs		= hostfs_statfs,
};

struct hostfs_fs_context {
	char *path;
};

/* The mount's data is the host folder, whole: "-o /host/dir". */
static int hostfs_parse_monolithic(struct fs_context *fc, void *data)
{
	struct hostfs_fs_context *ctx = fc->fs_private;

	kfree(ctx->path);
	ctx->path = kstrdup(data ? data : "", GFP_KERNEL);
	return ctx->path ? 0 : -ENOMEM;
}

static int hostfs_fill_super(struct super_block *sb, struct fs_context *fc)
{
	struct hostfs_fs_context *ctx = fc->fs_private;
	struct hostfs_sb_info *sbi;
	struct hostfs_stat st;
	struct inode *root;
	char err[256];
	int fd, ret;

	fd = hostfs_host_mount(ctx->path ? ctx->path : "", err, sizeof(err));
	if (fd < 0) {
		pr_err("hostfs: %s\n", err);
		return fd;
	}
	sbi = kzalloc(sizeof(*sbi), GFP_KERNEL);
	if (!sbi) {
		hostfs_host_close(fd);
		return -ENOMEM;
	}
	sbi->root_fd = fd;
	sb->s_fs_info = sbi;
	sb->s_maxbytes = MAX_LFS_FILESIZE;
	sb->s_blocksize = PAGE_SIZE;
	sb->s_blocksize_bits = PAGE_SHIFT;
	sb->s_magic = HOSTFS_SUPER_MAGIC;
	sb->s_op = &hostfs_sops;
	sb->s_d_op = &hostfs_dops;
	sb->s_time_gran = 1;

	/* Our own writeback: the default bdi of nodev mounts has none. */
	ret = super_setup_bdi(sb);
	if (ret)
		return ret;
	ret = hostfs_host_fstat(fd, &st);
	if (ret)
		return ret;
	root = hostfs_iget(sb, &st);
	if (IS_ERR(root))
		return PTR_ERR(root);
	sb->s_root = d_make_root(root);
	return sb->s_root ? 0 : -ENOMEM;
}

static int hostfs_get_tree(struct fs_context *fc)
{
	return get_tree_nodev(fc, hostfs_fill_super);
}

static void hostfs_free_fc(struct fs_context *fc)
{
	struct hostfs_fs_context *ctx = fc->fs_private;

	if (ctx)
		kfree(ctx->path);
	kfree(ctx);
}

static const struct fs_context_operations hostfs_context_ops = {
	.parse_monolithic = hostfs_parse_monolithic,
	.get_tree	= hostfs_get_tree,
	.free		= hostfs_free_fc,
};

static int hostfs_init_fs_context(struct fs_context *fc)
{
	fc->fs_private = kzalloc(sizeof(struct hostfs_fs_context), GFP_KERNEL);
	if (!fc->fs_private)
		return -ENOMEM;
	fc->ops = &hostfs_context_ops;
	return 0;
}

static void hostfs_kill_sb(struct super_block *sb)
{
	struct hostfs_sb_info *sbi = sb->s_fs_info;

	kill_anon_super(sb);
	if (sbi) {
		hostfs_host_close(sbi->root_fd);
		kfree(sbi);
	}
}

static struct file_system_type hostfs_type = {
	.owner		= THIS_MODULE,
	.name		= "hostfs",
	.init_fs_context = hostfs_init_fs_context,
	.kill_sb	= hostfs_kill_sb,
};
MODULE_ALIAS_FS("hostfs");

static void hostfs_init_once(void *p)
{
	struct hostfs_inode *hi = p;

	inode_init_once(&hi->vfs_inode);
}

static int __init hostfs_init(void)
{
	int err;

	if (hostfs_confine_dir[0])
		hostfs_host_confine(hostfs_confine_dir);
	hostfs_inode_cache = kmem_cache_create("hostfs_inode_cache",
					       sizeof(struct hostfs_inode), 0,
					       SLAB_RECLAIM_ACCOUNT |
					       SLAB_ACCOUNT,
					       hostfs_init_once);
	if (!hostfs_inode_cache)
		return -ENOMEM;
	err = register_filesystem(&hostfs_type);
	if (err)
		kmem_cache_destroy(hostfs_inode_cache);
	return err;
}
module_init(hostfs_init);
MODULE_DESCRIPTION("Host folders as a file system of the guest");
MODULE_LICENSE("GPL");
