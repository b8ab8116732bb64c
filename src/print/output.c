/*
 * output.c - where a document goes: a file the user names, written so
 * that it is whole or not there (a temporary name in the same folder,
 * mode 0600 from the start, fsync, rename, the folder synced; on any
 * error the temporary file is removed and an existing file of that name
 * is left as it was), or a printer through CUPS's lp, fed by a pipe so
 * that no file is written at all.
 *
 * The temporary file holds exactly the bytes of the file the user asked
 * for, in the folder the user chose, and lives only until the rename or
 * the unlink: nothing else is written outside the encrypted database.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "print/print.h"

static void say(print_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void say(print_error *err, const char *fmt, ...)
{
	va_list ap;

	err->core = SSPF_OK;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
}

/*
 * The folder of path (malloc'ed, "." for a bare name) and a template for
 * mkstemp in it, "FOLDER/.BASE.XXXXXX" (malloc'ed). False if out of
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

static bool nomem(print_error *err)
{
	err->core = SSPF_ERR_NOMEM;
	err->msg[0] = '\0';
	return false;
}

bool print_file_check(const char *path, print_error *err)
{
	char *folder = NULL, *tmp = NULL;
	struct stat sb;
	int e = 0;

	err->core = SSPF_OK;
	err->msg[0] = '\0';
	if (path == NULL || path[0] == '\0') {
		say(err, L_("no file name was given"));
		return false;
	}
	if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		say(err,
		    L_("%s is a folder; give the name of the file to write"),
		    path);
		return false;
	}
	if (!temp_name(path, &folder, &tmp))
		return nomem(err);
	if (stat(folder, &sb) != 0)
		e = errno;
	else if (!S_ISDIR(sb.st_mode))
		e = ENOTDIR;
	else if (access(folder, W_OK | X_OK) != 0)
		e = errno;
	if (e != 0)
		say(err, L_("cannot write a file in the folder %s: %s"), folder,
		    strerror(e));
	free(folder);
	free(tmp);
	return e == 0;
}

bool print_file_write(const char *path, print_fill fill, void *ctx,
		      print_error *err)
{
	char *folder = NULL, *tmp = NULL;
	bool ok = false;
	int fd;

	err->core = SSPF_OK;
	err->msg[0] = '\0';
	if (!temp_name(path, &folder, &tmp))
		return nomem(err);
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		say(err, L_("cannot write a file in the folder %s: %s"), folder,
		    strerror(errno));
		goto out;
	}
	if (fchmod(fd, 0600) != 0)
		say(err, L_("cannot write %s: %s"), path, strerror(errno));
	else if (!fill(ctx, fd, err))
		; /* fill said what went wrong */
	else if (fsync(fd) != 0)
		say(err, L_("cannot write %s: %s"), path, strerror(errno));
	else
		ok = true;
	if (close(fd) != 0 && ok) {
		say(err, L_("cannot write %s: %s"), path, strerror(errno));
		ok = false;
	}
	if (ok && rename(tmp, path) != 0) {
		say(err, L_("cannot write %s: %s"), path, strerror(errno));
		ok = false;
	}
	if (!ok)
		(void)unlink(tmp);
	else
		sync_folder(folder);
out:
	free(folder);
	free(tmp);
	return ok;
}

bool print_lp_available(void)
{
	const char *path = getenv("PATH");
	char buf[4096];

	if (path == NULL || *path == '\0')
		path = "/usr/bin:/bin";
	while (*path != '\0') {
		const char *colon = strchr(path, ':');
		size_t len = colon ? (size_t)(colon - path) : strlen(path);

		if (len > 0 && len + sizeof "/lp" < sizeof buf) {
			memcpy(buf, path, len);
			memcpy(buf + len, "/lp", sizeof "/lp");
			if (access(buf, X_OK) == 0)
				return true;
		}
		path += len + (colon != NULL);
	}
	return false;
}

/* Read what lp said on its error pipe into err->msg (first line). */
static void lp_said(int fd, print_error *err, int status)
{
	char buf[512];
	size_t len = 0;
	ssize_t n;

	while (len < sizeof buf - 1 &&
	       (n = read(fd, buf + len, sizeof buf - 1 - len)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		len += (size_t)n;
	}
	buf[len] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		say(err, L_("the printing system could not be started (lp)"));
	else if (buf[0] != '\0')
		say(err, L_("the printer did not take the document: %s"), buf);
	else
		say(err,
		    L_("the printer did not take the document (lp "
		       "stopped with status %d)"),
		    WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

bool print_lp_send(const char *printer, print_fill fill, void *ctx,
		   print_error *err)
{
	const char *argv[6];
	int in[2] = { -1, -1 }, out[2] = { -1, -1 }, status = 0, n = 0;
	struct sigaction ign = { 0 }, old;
	bool ok;
	pid_t pid;

	err->core = SSPF_OK;
	err->msg[0] = '\0';
	if (!print_lp_available()) {
		say(err, L_("this computer has no printing system (the command "
			    "lp of CUPS is missing); save the document as a "
			    "PDF file instead"));
		return false;
	}
	argv[n++] = "lp";
	argv[n++] = "-s";
	if (printer != NULL && printer[0] != '\0') {
		argv[n++] = "-d";
		argv[n++] = printer;
	}
	argv[n++] = "-";
	argv[n] = NULL;
	if (pipe2(in, O_CLOEXEC) != 0 || pipe2(out, O_CLOEXEC) != 0) {
		say(err, L_("cannot start the printing system: %s"),
		    strerror(errno));
		goto fail;
	}
	/* lp may stop reading early: a write error, not a signal */
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGPIPE, &ign, &old);
	pid = fork();
	if (pid < 0) {
		sigaction(SIGPIPE, &old, NULL);
		say(err, L_("cannot start the printing system: %s"),
		    strerror(errno));
		goto fail;
	}
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		signal(SIGPIPE, SIG_DFL);
		if (dup2(in[0], 0) < 0 || dup2(out[1], 2) < 0 || null < 0 ||
		    dup2(null, 1) < 0)
			_exit(127);
		execvp("lp", (char *const *)argv);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	ok = fill(ctx, in[1], err);
	if (!ok) {
		/* stopped before the end of its input, lp submits nothing */
		(void)kill(pid, SIGTERM);
	}
	close(in[1]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	sigaction(SIGPIPE, &old, NULL);
	if (!ok && WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM) {
		; /* fill said why; lp was stopped on purpose */
	} else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		/* lp's reason says more than a broken pipe would */
		lp_said(out[0], err, status);
		ok = false;
	}
	close(out[0]);
	return ok;
fail:
	for (int i = 0; i < 2; i++) {
		if (in[i] >= 0)
			close(in[i]);
		if (out[i] >= 0)
			close(out[i]);
	}
	return false;
}
