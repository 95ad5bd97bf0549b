/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hostfs: the interface between the kernel side (hostfs_kern.c) and the
 * host side (hostfs_host.c).
 *
 * Host objects are reached through descriptors only.  Every mount holds
 * a descriptor of its host folder; a path below it is resolved with
 * openat2(RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS), so neither ".." nor
 * a symlink met on the way (the guest follows symlinks itself) leads
 * anywhere else, and the operations take that descriptor and one
 * component: mkdirat(dir, "name"), renameat2(...).
 *
 * Nothing here takes or returns a kernel or glibc type.  Functions
 * return >= 0 on success, -errno on failure.
 */
#ifndef __HOSTFS_HOST_H
#define __HOSTFS_HOST_H

/* How to open: hostfs_host_walk() and hostfs_host_openat() */
#define HOSTFS_OPEN_READ	0x1
#define HOSTFS_OPEN_WRITE	0x2
#define HOSTFS_OPEN_PATH	0x4	/* O_PATH: a handle, no I/O */
#define HOSTFS_OPEN_DIR		0x8	/* must be a folder */
#define HOSTFS_OPEN_CREATE	0x10	/* O_CREAT | O_EXCL (openat only) */

/* Rename flags, as the guest's renameat2() */
#define HOSTFS_RENAME_NOREPLACE	0x1
#define HOSTFS_RENAME_EXCHANGE	0x2

/* Times for hostfs_host_utimes() */
#define HOSTFS_TIME_NOW		(-1L)	/* as nsec: the host's current time */
#define HOSTFS_TIME_OMIT	(-2L)	/* as nsec: leave it */

struct hostfs_stat {
	unsigned long long dev;		/* host device: identity only */
	unsigned long long ino;
	unsigned int mode;		/* file type and permissions */
	unsigned int nlink;
	unsigned int uid;
	unsigned int gid;
	unsigned int rdev_major;
	unsigned int rdev_minor;
	long long size;
	long long blocks;		/* 512-byte units */
	unsigned int blksize;
	long long atime_sec, mtime_sec, ctime_sec;
	long atime_nsec, mtime_nsec, ctime_nsec;
};

struct hostfs_statfs {
	unsigned long long bsize;
	unsigned long long frsize;
	unsigned long long blocks;
	unsigned long long bfree;
	unsigned long long bavail;
	unsigned long long files;
	unsigned long long ffree;
	unsigned long long namelen;
};

/*
 * Record hostfs=DIR: every mount is then confined to DIR.  DIR is opened
 * at the first mount.
 */
void hostfs_host_confine(const char *dir);

/*
 * Open the host folder of a new mount: @path (the mount's data; empty
 * means the host's / or DIR of hostfs=) beneath DIR when confined.
 * Returns an O_PATH descriptor; on failure -errno and @err names the
 * path and the reason.
 */
int hostfs_host_mount(const char *path, char *err, int errlen);

/*
 * Open @path (relative, without "..", "." for @root itself) beneath the
 * mount's folder @root, following no symlink on the way.  A final
 * symlink is opened itself (with HOSTFS_OPEN_PATH).
 */
int hostfs_host_walk(int root, const char *path, unsigned int how);

/* Open or create the entry @name of folder @dir; never follows it. */
int hostfs_host_openat(int dir, const char *name, unsigned int how,
		       unsigned int mode);
void hostfs_host_close(int fd);

int hostfs_host_fstat(int fd, struct hostfs_stat *st);
int hostfs_host_statat(int dir, const char *name, struct hostfs_stat *st);
int hostfs_host_statfs(int fd, struct hostfs_statfs *sf);

/* Whole transfers (short only at end of file); bytes or -errno. */
long long hostfs_host_pread(int fd, void *buf, unsigned long len,
			    long long off);
long long hostfs_host_pwrite(int fd, const void *buf, unsigned long len,
			     long long off);
int hostfs_host_ftruncate(int fd, long long size);
int hostfs_host_fsync(int fd, int datasync);

/* Attributes of the object behind @fd (any descriptor, O_PATH too). */
int hostfs_host_chmod(int fd, unsigned int mode);
int hostfs_host_chown(int fd, int uid, int gid);	/* -1: unchanged */
int hostfs_host_utimes(int fd, long long asec, long ansec,
		       long long msec, long mnsec);

/* Namespace operations: a folder descriptor and one component. */
int hostfs_host_mkdir(int dir, const char *name, unsigned int mode);
int hostfs_host_mknod(int dir, const char *name, unsigned int mode,
		      unsigned int major, unsigned int minor);
int hostfs_host_symlink(int dir, const char *name, const char *target);
int hostfs_host_unlink(int dir, const char *name, int is_dir);
int hostfs_host_link(int odir, const char *oname, int ndir,
		     const char *nname);
int hostfs_host_rename(int odir, const char *oname, int ndir,
		       const char *nname, unsigned int flags);
/* The target of the symlink behind the O_PATH descriptor @fd: length. */
int hostfs_host_readlink(int fd, char *buf, int len);

/*
 * Read the folder open on @fd from position @pos (0 or a @next of an
 * earlier entry) and hand each entry to @fill until it returns non-zero
 * or the folder ends.  @next is the position after the entry; @type is
 * the d_type (DT_*).  @buf (@buflen bytes) is scratch space.
 */
typedef int (*hostfs_fill_t)(void *ctx, const char *name, int len,
			     unsigned long long ino, unsigned int type,
			     long long next);
int hostfs_host_readdir(int fd, long long pos, hostfs_fill_t fill, void *ctx,
			void *buf, int buflen);

#endif
