// SPDX-License-Identifier: GPL-2.0
/*
 * The instance's name and its folder, ~/.uml/NAME (uml_dir= moves the
 * parent): it holds "pid", and is where host tools find the instance.
 * A folder whose pid is no longer alive is a dead instance's and is
 * taken over; a live one is an error.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "os.h"

static char umid[64];
static char umid_dir[4096];

/* Remove the folder and what we put in it. */
static void umid_remove(void)
{
	char path[4400];
	DIR *d = opendir(umid_dir);
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d)) != NULL) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(path, sizeof(path), "%s/%s", umid_dir, e->d_name);
		unlink(path);
	}
	closedir(d);
	rmdir(umid_dir);
}

/* The pid recorded in an existing folder, or 0. */
static int umid_owner(void)
{
	char path[4400], buf[32];
	int fd, n;

	snprintf(path, sizeof(path), "%s/pid", umid_dir);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	return atoi(buf);
}

static unsigned long random_umid_bits(void)
{
	unsigned int v = 0;
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);

	if (fd < 0 || read(fd, &v, sizeof(v)) != sizeof(v))
		v = getpid() * 2654435761U;
	if (fd >= 0)
		close(fd);
	return v;
}

void host_umid_setup(const char *name, const char *parent)
{
	char path[4400], buf[32];
	const char *home = getenv("HOME");
	int fd, owner, n;

	if (name && (!*name || strchr(name, '/') || strlen(name) >= sizeof(umid)))
		host_usage_error("bad umid '%s'", name);
	if (name)
		strcpy(umid, name);
	else
		snprintf(umid, sizeof(umid), "%08lx",
			 random_umid_bits());
	if (!parent) {
		snprintf(path, sizeof(path), "%s/.uml", home ? home : "/tmp");
		parent = path;
	}
	if (mkdir(parent, 0700) && errno != EEXIST)
		host_usage_error("cannot create the instance folder '%s'", parent);
	n = snprintf(umid_dir, sizeof(umid_dir), "%s/%s", parent, umid);
	if (n >= (int)sizeof(umid_dir))
		host_usage_error("instance folder name too long: '%s'", parent);

	if (mkdir(umid_dir, 0700)) {
		if (errno != EEXIST)
			host_usage_error("cannot create '%s'", umid_dir);
		owner = umid_owner();
		if (owner > 0 && owner != getpid() &&
		    (kill(owner, 0) == 0 || errno == EPERM)) {
			fprintf(stderr, "linux: umid '%s' is in use by process %d\n",
				umid, owner);
			exit(1);
		}
		/* A dead instance's leftovers: start afresh. */
		umid_remove();
		if (mkdir(umid_dir, 0700))
			host_usage_error("cannot create '%s'", umid_dir);
	}
	snprintf(path, sizeof(path), "%s/pid", umid_dir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		host_usage_error("cannot write '%s'", path);
	n = snprintf(buf, sizeof(buf), "%d\n", getpid());
	if (write(fd, buf, n) != n)
		host_usage_error("cannot write '%s'", path);
	close(fd);
}

const char *host_umid(void)
{
	return umid;
}

const char *host_umid_dir(void)
{
	return umid_dir;
}

void host_umid_cleanup(void)
{
	if (umid_dir[0] && umid_owner() == getpid())
		umid_remove();
}
