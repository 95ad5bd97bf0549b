// SPDX-License-Identifier: GPL-2.0
/*
 * hostfs, host side: host files and folders through descriptors.
 *
 * Plain glibc code.  The kernel is linked into the same executable and
 * defines functions with libc names of its own, so the file system
 * calls here are made with syscall(2), which no kernel symbol shadows.
 * Interrupt signals are installed without SA_RESTART: every call that
 * may see EINTR is retried.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <linux/openat2.h>
#include "hostfs_host.h"

#ifndef SYS_fchmodat2
#define SYS_fchmodat2	452
#endif

/* Retry a raw system call while it is interrupted; -errno on failure. */
#define HCALL(expr) ({						\
	long __r;						\
	do {							\
		__r = (expr);					\
	} while (__r < 0 && errno == EINTR);			\
	__r < 0 ? -(long)errno : __r;				\
})

static const char *confine_dir;	/* hostfs=DIR, or NULL */
static int confine_fd = -1;

void hostfs_host_confine(const char *dir)
{
	confine_dir = dir;
}

static int open_flags(unsigned int how)
{
	int flags = O_CLOEXEC | O_NOFOLLOW;

	if (how & HOSTFS_OPEN_DIR)
		flags |= O_DIRECTORY;
	/* openat2() takes no other flag with O_PATH. */
	if (how & HOSTFS_OPEN_PATH)
		return flags | O_PATH;
	flags |= O_NOCTTY;
	if ((how & HOSTFS_OPEN_READ) && (how & HOSTFS_OPEN_WRITE))
		flags |= O_RDWR;
	else if (how & HOSTFS_OPEN_WRITE)
		flags |= O_WRONLY;
	else
		flags |= O_RDONLY;
	if (how & HOSTFS_OPEN_CREATE)
		flags |= O_CREAT | O_EXCL;
	return flags;
}

static int beneath(int dir, const char *path, int flags,
		   unsigned long long resolve)
{
	struct open_how how = {
		.flags = flags,
		.resolve = resolve | RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS,
	};

	return HCALL(syscall(SYS_openat2, dir, path, &how, sizeof(how)));
}

static void mount_error(char *err, int errlen, const char *path, int e)
{
	const char *why;

	switch (e) {
	case -ENOENT:
		why = "no such folder on the host";
		break;
	case -ENOTDIR:
		why = "not a folder";
		break;
	case -EXDEV:
	case -ELOOP:
		why = "outside the folder of hostfs=";
		break;
	default:
		why = strerror(-e);
	}
	if (confine_dir)
		snprintf(err, errlen, "cannot mount '%s' (in hostfs=%s): %s",
			 path, confine_dir, why);
	else
		snprintf(err, errlen, "cannot mount '%s': %s", path, why);
}

int hostfs_host_mount(const char *path, char *err, int errlen)
{
	const char *rel = path;
	int fd;

	if (!confine_dir) {
		fd = HCALL(syscall(SYS_openat, AT_FDCWD, *path ? path : "/",
				   O_PATH | O_DIRECTORY | O_CLOEXEC));
		if (fd < 0)
			mount_error(err, errlen, *path ? path : "/", fd);
		return fd;
	}
	if (confine_fd < 0) {
		fd = HCALL(syscall(SYS_openat, AT_FDCWD, confine_dir,
				   O_PATH | O_DIRECTORY | O_CLOEXEC));
		if (fd < 0) {
			snprintf(err, errlen, "hostfs=%s: %s", confine_dir,
				 fd == -ENOENT ? "no such folder on the host" :
				 fd == -ENOTDIR ? "not a folder" :
				 strerror(-fd));
			return fd;
		}
		confine_fd = fd;
	}
	while (*rel == '/')
		rel++;
	fd = beneath(confine_fd, *rel ? rel : ".",
		     O_PATH | O_DIRECTORY | O_CLOEXEC, 0);
	if (fd < 0) {
		mount_error(err, errlen, *path ? path : "/", fd);
		if (fd == -EXDEV || fd == -ELOOP)
			fd = -EACCES;
	}
	return fd;
}

int hostfs_host_walk(int root, const char *path, unsigned int how)
{
	return beneath(root, path, open_flags(how), RESOLVE_NO_SYMLINKS);
}

int hostfs_host_openat(int dir, const char *name, unsigned int how,
		       unsigned int mode)
{
	return HCALL(syscall(SYS_openat, dir, name, open_flags(how), mode));
}

void hostfs_host_close(int fd)
{
	/* Not retried: the descriptor is gone even when close says EINTR. */
	syscall(SYS_close, fd);
}

static void fill_stat(struct hostfs_stat *st, const struct stat *s)
{
	st->dev = s->st_dev;
	st->ino = s->st_ino;
	st->mode = s->st_mode;
	st->nlink = s->st_nlink;
	st->uid = s->st_uid;
	st->gid = s->st_gid;
	st->rdev_major = major(s->st_rdev);
	st->rdev_minor = minor(s->st_rdev);
	st->size = s->st_size;
	st->blocks = s->st_blocks;
	st->blksize = s->st_blksize;
	st->atime_sec = s->st_atim.tv_sec;
	st->atime_nsec = s->st_atim.tv_nsec;
	st->mtime_sec = s->st_mtim.tv_sec;
	st->mtime_nsec = s->st_mtim.tv_nsec;
	st->ctime_sec = s->st_ctim.tv_sec;
	st->ctime_nsec = s->st_ctim.tv_nsec;
}

int hostfs_host_fstat(int fd, struct hostfs_stat *st)
{
	struct stat s;
	int r;

	r = HCALL(syscall(SYS_newfstatat, fd, "", &s,
			  AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW));
	if (!r)
		fill_stat(st, &s);
	return r;
}

int hostfs_host_statat(int dir, const char *name, struct hostfs_stat *st)
{
	struct stat s;
	int r;

	r = HCALL(syscall(SYS_newfstatat, dir, name, &s, AT_SYMLINK_NOFOLLOW));
	if (!r)
		fill_stat(st, &s);
	return r;
}

int hostfs_host_statfs(int fd, struct hostfs_statfs *sf)
{
	struct statfs s;
	int r;

	r = HCALL(syscall(SYS_fstatfs, fd, &s));
	if (r)
		return r;
	sf->bsize = s.f_bsize;
	sf->frsize = s.f_frsize ? s.f_frsize : s.f_bsize;
	sf->blocks = s.f_blocks;
	sf->bfree = s.f_bfree;
	sf->bavail = s.f_bavail;
	sf->files = s.f_files;
	sf->ffree = s.f_ffree;
	sf->namelen = s.f_namelen;
	return 0;
}

long long hostfs_host_pread(int fd, void *buf, unsigned long len,
			    long long off)
{
	unsigned long done = 0;
	long n;

	while (done < len) {
		n = HCALL(syscall(SYS_pread64, fd, (char *)buf + done,
				  len - done, off + done));
		if (n < 0)
			return done ? (long long)done : n;
		if (n == 0)
			break;
		done += n;
	}
	return done;
}

long long hostfs_host_pwrite(int fd, const void *buf, unsigned long len,
			     long long off)
{
	unsigned long done = 0;
	long n;

	while (done < len) {
		n = HCALL(syscall(SYS_pwrite64, fd, (const char *)buf + done,
				  len - done, off + done));
		if (n < 0)
			return n;
		if (n == 0)
			return -EIO;
		done += n;
	}
	return done;
}

int hostfs_host_ftruncate(int fd, long long size)
{
	return HCALL(syscall(SYS_ftruncate, fd, size));
}

int hostfs_host_fsync(int fd, int datasync)
{
	return HCALL(syscall(datasync ? SYS_fdatasync : SYS_fsync, fd));
}

int hostfs_host_chmod(int fd, unsigned int mode)
{
	char proc[40];
	int r;

	r = HCALL(syscall(SYS_fchmodat2, fd, "", mode & 07777, AT_EMPTY_PATH));
	if (r != -ENOSYS && r != -EINVAL)
		return r;
	/* Older hosts: our own descriptor through /proc. */
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	return HCALL(syscall(SYS_fchmodat, AT_FDCWD, proc, mode & 07777, 0));
}

int hostfs_host_chown(int fd, int uid, int gid)
{
	return HCALL(syscall(SYS_fchownat, fd, "", uid, gid,
			     AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW));
}

static void set_time(struct timespec *ts, long long sec, long nsec)
{
	ts->tv_sec = sec;
	if (nsec == HOSTFS_TIME_NOW)
		ts->tv_nsec = UTIME_NOW;
	else if (nsec == HOSTFS_TIME_OMIT)
		ts->tv_nsec = UTIME_OMIT;
	else
		ts->tv_nsec = nsec;
}

int hostfs_host_utimes(int fd, long long asec, long ansec,
		       long long msec, long mnsec)
{
	struct timespec ts[2];

	set_time(&ts[0], asec, ansec);
	set_time(&ts[1], msec, mnsec);
	return HCALL(syscall(SYS_utimensat, fd, "", ts,
			     AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW));
}

int hostfs_host_mkdir(int dir, const char *name, unsigned int mode)
{
	return HCALL(syscall(SYS_mkdirat, dir, name, mode));
}

int hostfs_host_mknod(int dir, const char *name, unsigned int mode,
		      unsigned int maj, unsigned int min)
{
	return HCALL(syscall(SYS_mknodat, dir, name, mode, makedev(maj, min)));
}

int hostfs_host_symlink(int dir, const char *name, const char *target)
{
	return HCALL(syscall(SYS_symlinkat, target, dir, name));
}

int hostfs_host_unlink(int dir, const char *name, int is_dir)
{
	return HCALL(syscall(SYS_unlinkat, dir, name,
			     is_dir ? AT_REMOVEDIR : 0));
}

int hostfs_host_link(int odir, const char *oname, int ndir,
		     const char *nname)
{
	return HCALL(syscall(SYS_linkat, odir, oname, ndir, nname, 0));
}

int hostfs_host_rename(int odir, const char *oname, int ndir,
		       const char *nname, unsigned int flags)
{
	unsigned int hflags = 0;

	if (flags & HOSTFS_RENAME_NOREPLACE)
		hflags |= RENAME_NOREPLACE;
	if (flags & HOSTFS_RENAME_EXCHANGE)
		hflags |= RENAME_EXCHANGE;
	return HCALL(syscall(SYS_renameat2, odir, oname, ndir, nname, hflags));
}

int hostfs_host_readlink(int fd, char *buf, int len)
{
	return HCALL(syscall(SYS_readlinkat, fd, "", buf, len));
}

/* The record getdents64 fills in. */
struct host_dirent {
	unsigned long long ino;
	long long off;
	unsigned short reclen;
	unsigned char type;
	char name[];
};

int hostfs_host_readdir(int fd, long long pos, hostfs_fill_t fill, void *ctx,
			void *buf, int buflen)
{
	struct host_dirent *d;
	long n, at;
	long long r;

	r = HCALL(syscall(SYS_lseek, fd, pos, SEEK_SET));
	if (r < 0)
		return r;
	for (;;) {
		n = HCALL(syscall(SYS_getdents64, fd, buf, buflen));
		if (n <= 0)
			return n;
		for (at = 0; at < n; at += d->reclen) {
			d = (struct host_dirent *)((char *)buf + at);
			if (fill(ctx, d->name, strlen(d->name), d->ino,
				 d->type, d->off))
				return 0;
		}
	}
}
