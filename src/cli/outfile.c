/*
 * outfile.c - writing a file the user asked for (a calendar, a PDF) so
 * that it is whole or not there: a temporary name in the same folder,
 * mode 0600 from the start, fsync, rename, and the folder synced; on any
 * error the temporary file is removed and an existing file of that name
 * is left as it was.
 *
 * The temporary file holds exactly the bytes of the file the user asked
 * for (a calendar without case data, or a printed form), in the folder
 * the user chose, and lives only until the rename or the unlink: sspf
 * writes nothing else outside the encrypted database.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"

/*
 * The folder of path (malloc'ed, "." for a bare name) and a template
 * for mkstemp in it, "FOLDER/.BASE.XXXXXX" (malloc'ed). False if out of
 * memory.
 */
static bool temp_name(const char *path, char **folder, char **tmpl)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash != NULL ? slash + 1 : path;
	size_t flen = slash == NULL   ? 1
		      : slash == path ? 1
				      : (size_t)(slash - path);
	size_t n;

	*tmpl = NULL;
	if ((*folder = malloc(flen + 1)) == NULL)
		return false;
	if (slash == NULL)
		memcpy(*folder, ".", 2);
	else {
		memcpy(*folder, slash == path ? "/" : path, flen);
		(*folder)[flen] = '\0';
	}
	n = strlen(*folder) + strlen(base) + sizeof "/..XXXXXX";
	if ((*tmpl = malloc(n)) == NULL) {
		free(*folder);
		*folder = NULL;
		return false;
	}
	snprintf(*tmpl, n, "%s/.%s.XXXXXX", *folder, base);
	return true;
}

/* Make sure a rename in folder survives a crash; errors are ignored. */
static void sync_folder(const char *folder)
{
	int fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0) {
		(void)fsync(fd);
		(void)close(fd);
	}
}

int cli_out_check(const char *out)
{
	char *folder = NULL, *tmp = NULL;
	struct stat sb;
	int rc = EXIT_OK, err = 0;

	if (stat(out, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		cli_error(_("%s is a folder; give the name of the file to "
			    "write."),
			  out);
		return EXIT_ERROR;
	}
	if (!temp_name(out, &folder, &tmp)) {
		cli_error(_("out of memory"));
		return EXIT_ERROR;
	}
	if (stat(folder, &sb) != 0)
		err = errno;
	else if (!S_ISDIR(sb.st_mode))
		err = ENOTDIR;
	else if (access(folder, W_OK | X_OK) != 0)
		err = errno;
	if (err != 0) {
		cli_error(_("cannot write a file in the folder %s: %s"), folder,
			  strerror(err));
		rc = EXIT_ERROR;
	}
	free(folder);
	free(tmp);
	return rc;
}

int cli_out_write(const char *out, int (*fill)(void *ctx, int fd), void *ctx)
{
	char *folder = NULL, *tmp = NULL;
	int fd, rc = EXIT_OK;

	if (!temp_name(out, &folder, &tmp)) {
		cli_error(_("out of memory"));
		return EXIT_ERROR;
	}
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		cli_error(_("cannot write a file in the folder %s: %s"), folder,
			  strerror(errno));
		rc = EXIT_ERROR;
		goto out;
	}
	if (fchmod(fd, 0600) != 0) {
		cli_error(_("cannot write %s: %s"), out, strerror(errno));
		rc = EXIT_ERROR;
	} else if ((rc = fill(ctx, fd)) != EXIT_OK) {
		; /* fill told what went wrong */
	} else if (fsync(fd) != 0) {
		cli_error(_("cannot write %s: %s"), out, strerror(errno));
		rc = EXIT_ERROR;
	}
	if (close(fd) != 0 && rc == EXIT_OK) {
		cli_error(_("cannot write %s: %s"), out, strerror(errno));
		rc = EXIT_ERROR;
	}
	if (rc == EXIT_OK && rename(tmp, out) != 0) {
		cli_error(_("cannot write %s: %s"), out, strerror(errno));
		rc = EXIT_ERROR;
	}
	if (rc != EXIT_OK)
		(void)unlink(tmp);
	else
		sync_folder(folder);
out:
	free(folder);
	free(tmp);
	return rc;
}
