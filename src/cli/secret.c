/*
 * secret.c - reading passphrases and recovery keys (from the terminal with
 * echo off, or from a file descriptor given with --passphrase-fd or
 * --recovery-key-fd; never from the command line) into sodium_malloc
 * memory, and opening a database with them.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <sodium.h>

#include "cli/cli.h"

/* Tries a person gets on the terminal for a wrong passphrase. */
#define CLI_TTY_TRIES 3

/* ---- one line into sodium memory ---- */

void cli_secret_free(cli_secret *s)
{
	if (s->buf != NULL)
		sodium_free(s->buf); /* wipes it first */
	s->buf = NULL;
	s->len = 0;
}

static int secret_alloc(cli_secret *s)
{
	/* room for CLI_SECRET_MAX bytes, a "\r" and the NUL */
	s->buf = sodium_malloc(CLI_SECRET_MAX + 2);
	s->len = 0;
	if (s->buf == NULL) {
		cli_error(_("out of memory for the passphrase; close other "
			    "programs and try again."));
		return EXIT_ERROR;
	}
	return EXIT_OK;
}

enum line_result { LINE_OK, LINE_EOF, LINE_TOO_LONG, LINE_ERROR };

/*
 * Read up to and including the next "\n" from fd one byte at a time, so
 * that nothing past that line is taken from fd and no copy is left in a
 * stdio buffer. The line, without "\n" or "\r\n", goes into s. LINE_EOF
 * means the input ended before any byte was read.
 */
static enum line_result read_line(int fd, cli_secret *s)
{
	enum line_result res = LINE_OK;
	size_t len = 0;
	int any = 0;
	char c = 0;

	for (;;) {
		ssize_t n = read(fd, &c, 1);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK) {
				struct pollfd p = { .fd = fd,
						    .events = POLLIN };

				(void)poll(&p, 1, -1);
				continue;
			}
			res = LINE_ERROR;
			break;
		}
		if (n == 0) {
			if (!any)
				res = LINE_EOF;
			break;
		}
		any = 1;
		if (c == '\n')
			break;
		if (len < CLI_SECRET_MAX + 1)
			s->buf[len++] = c;
		else
			res = LINE_TOO_LONG; /* keep reading to the line's end */
	}
	sodium_memzero(&c, sizeof c);
	if (len > 0 && s->buf[len - 1] == '\r')
		len--;
	if (len > CLI_SECRET_MAX && res == LINE_OK)
		res = LINE_TOO_LONG;
	s->buf[len] = '\0';
	s->len = len;
	return res;
}

int cli_secret_from_fd(int fd, const char *what, cli_secret *out)
{
	enum line_result r;
	int saved_errno;

	if (secret_alloc(out) != EXIT_OK)
		return EXIT_ERROR;
	r = read_line(fd, out);
	saved_errno = errno;
	switch (r) {
	case LINE_OK:
		if (out->len > 0)
			return EXIT_OK;
		cli_error(
			_("the line for %s on descriptor %d is empty; nothing "
			  "was done."),
			what, fd);
		break;
	case LINE_EOF:
		cli_error(_("descriptor %d ended before %s could be read; give "
			    "one line for each secret. Nothing was done."),
			  fd, what);
		break;
	case LINE_TOO_LONG:
		cli_error(_("%s on descriptor %d is longer than %u bytes; sspf "
			    "does not accept it. Nothing was done."),
			  what, fd, CLI_SECRET_MAX);
		break;
	case LINE_ERROR:
		cli_error(_("%s could not be read from descriptor %d: %s"),
			  what, fd, strerror(saved_errno));
		cli_secret_free(out);
		return EXIT_ERROR;
	}
	cli_secret_free(out);
	return EXIT_USAGE;
}

/* ---- the terminal ---- */

static volatile sig_atomic_t tty_fd = -1;
static struct termios tty_saved;

static const int tty_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
#define N_TTY_SIGNALS (sizeof tty_signals / sizeof tty_signals[0])

/* Put echo back, then let the signal do what it would have done. */
static void tty_on_signal(int sig)
{
	int fd = tty_fd;
	struct sigaction dfl;

	if (fd >= 0) {
		(void)tcsetattr(fd, TCSANOW, &tty_saved);
		(void)!write(fd, "\n", 1);
	}
	memset(&dfl, 0, sizeof dfl);
	dfl.sa_handler = SIG_DFL;
	sigemptyset(&dfl.sa_mask);
	(void)sigaction(sig, &dfl, NULL);
	(void)raise(sig); /* delivered when this handler returns */
}

bool cli_have_tty(void)
{
	int fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);

	if (fd < 0)
		return false;
	close(fd);
	return true;
}

static void tty_write(int fd, const char *s)
{
	size_t len = strlen(s);

	while (len > 0) {
		ssize_t n = write(fd, s, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return;
		}
		s += n;
		len -= (size_t)n;
	}
}

int cli_secret_from_tty(const char *prompt, bool recovery, cli_secret *out)
{
	struct sigaction old[N_TTY_SIGNALS], sa;
	struct termios noecho;
	enum line_result r;
	int fd, rc;

	out->buf = NULL;
	out->len = 0;
	fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		if (recovery)
			cli_error(
				_("no terminal to ask the recovery key on; use "
				  "--recovery-key-fd N"));
		else
			cli_error(_("no terminal to ask the passphrase on; use "
				    "--passphrase-fd N"));
		return EXIT_USAGE;
	}
	if (secret_alloc(out) != EXIT_OK) {
		close(fd);
		return EXIT_ERROR;
	}
	if (tcgetattr(fd, &tty_saved) != 0) {
		cli_error(_("the terminal cannot be set up to ask the "
			    "passphrase: %s"),
			  strerror(errno));
		close(fd);
		cli_secret_free(out);
		return EXIT_ERROR;
	}

	/* From here on a signal must put echo back before it ends us. */
	tty_fd = fd;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = tty_on_signal;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < N_TTY_SIGNALS; i++)
		sigaddset(&sa.sa_mask, tty_signals[i]);
	for (size_t i = 0; i < N_TTY_SIGNALS; i++) {
		(void)sigaction(tty_signals[i], NULL, &old[i]);
		/* a signal that was ignored (nohup) stays ignored */
		if (old[i].sa_handler != SIG_IGN)
			(void)sigaction(tty_signals[i], &sa, NULL);
	}

	noecho = tty_saved;
	noecho.c_lflag &= ~(tcflag_t)(ECHO | ECHOE | ECHOK | ECHONL);
	noecho.c_lflag |= ICANON;
	tty_write(fd, prompt);
	(void)tcsetattr(fd, TCSAFLUSH, &noecho);

	r = read_line(fd, out);

	(void)tcsetattr(fd, TCSANOW, &tty_saved);
	tty_write(fd, "\n"); /* the newline the user typed was not shown */
	tty_fd = -1;
	for (size_t i = 0; i < N_TTY_SIGNALS; i++)
		(void)sigaction(tty_signals[i], &old[i], NULL);
	close(fd);

	rc = EXIT_OK;
	switch (r) {
	case LINE_OK:
		break;
	case LINE_EOF:
		cli_error(_("nothing was entered; nothing was done."));
		rc = EXIT_ERROR;
		break;
	case LINE_TOO_LONG:
		cli_error(_("that is longer than %u characters; sspf does not "
			    "accept it."),
			  CLI_SECRET_MAX);
		rc = EXIT_ERROR;
		break;
	case LINE_ERROR:
		cli_error(_("the terminal could not be read."));
		rc = EXIT_ERROR;
		break;
	}
	if (rc != EXIT_OK)
		cli_secret_free(out);
	return rc;
}

/* ---- new passphrases ---- */

/* Length in characters (UTF-8), so that "åäö" counts as three. */
static size_t utf8_chars(const char *s, size_t len)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++) {
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			n++;
	}
	return n;
}

static bool long_enough(const cli_secret *s)
{
	return utf8_chars(s->buf, s->len) >= SSPF_PASSPHRASE_MIN;
}

static void say_too_short(void)
{
	cli_error(_("the new passphrase is too short: it must be at least %u "
		    "characters long. A few unrelated words make a good "
		    "passphrase."),
		  SSPF_PASSPHRASE_MIN);
}

int cli_new_passphrase(const struct cli_secret_src *src, cli_secret *out)
{
	cli_secret again = { NULL, 0 };
	int rc;

	out->buf = NULL;
	out->len = 0;
	if (src->pass_fd >= 0) {
		rc = cli_secret_from_fd(src->pass_fd, _("the new passphrase"),
					out);
		if (rc != EXIT_OK)
			return rc;
		if (!long_enough(out)) {
			say_too_short();
			cli_secret_free(out);
			return cli_exit_for(SSPF_ERR_WEAK_PASSPHRASE);
		}
		return EXIT_OK;
	}

	for (int tries = 1; tries <= CLI_TTY_TRIES; tries++) {
		rc = cli_secret_from_tty(_("New passphrase: "), false, out);
		if (rc != EXIT_OK)
			return rc;
		if (!long_enough(out)) {
			say_too_short();
			cli_secret_free(out);
			continue;
		}
		rc = cli_secret_from_tty(_("Repeat it: "), false, &again);
		if (rc != EXIT_OK) {
			cli_secret_free(out);
			return rc;
		}
		if (again.len == out->len &&
		    sodium_memcmp(again.buf, out->buf, out->len) == 0) {
			cli_secret_free(&again);
			return EXIT_OK;
		}
		cli_secret_free(&again);
		cli_secret_free(out);
		cli_error(_("the two passphrases are not the same."));
	}
	cli_error(_("no new passphrase was set; nothing was changed."));
	return EXIT_ERROR;
}

/* ---- opening ---- */

int cli_probe(const char *path, bool quiet_damage, sspf_err *errp)
{
	sspf_err e = sspf_store_probe(path);

	if (errp != NULL)
		*errp = e;
	if (e != SSPF_OK) {
		if (!(quiet_damage && e == SSPF_ERR_DAMAGED))
			cli_fail(e, path);
		return cli_exit_for(e);
	}
	return EXIT_OK;
}

/* Whether a person at the terminal may simply try again after e. */
static bool may_retry(sspf_err e)
{
	return e == SSPF_ERR_WRONG_PASSPHRASE || e == SSPF_ERR_WRONG_RECOVERY ||
	       e == SSPF_ERR_RECOVERY_TYPO;
}

int cli_open_store(const char *path, const struct cli_secret_src *src,
		   unsigned flags, bool quiet_damage, sspf_store **out,
		   bool *used_recovery, sspf_err *errp)
{
	bool recovery = src->recovery_fd >= 0 || src->recovery;
	sspf_unlock how =
		recovery ? SSPF_UNLOCK_RECOVERY : SSPF_UNLOCK_PASSPHRASE;
	cli_secret s = { NULL, 0 };
	sspf_err e = SSPF_OK;
	int rc;

	*out = NULL;
	if (errp != NULL)
		*errp = SSPF_OK;
	if (used_recovery != NULL)
		*used_recovery = recovery;
	rc = cli_probe(path, quiet_damage, errp);
	if (rc != EXIT_OK)
		return rc;

	if (src->recovery_fd >= 0 || (!recovery && src->pass_fd >= 0)) {
		/* From a descriptor: one try, a wrong secret ends it. */
		if (recovery)
			rc = cli_secret_from_fd(src->recovery_fd,
						_("the recovery key"), &s);
		else
			rc = cli_secret_from_fd(src->pass_fd,
						_("the passphrase"), &s);
		if (rc != EXIT_OK)
			return rc;
		e = sspf_store_open(path, how, s.buf, s.len, flags, out);
		cli_secret_free(&s);
	} else {
		char prompt[512];

		if (recovery)
			snprintf(prompt, sizeof prompt,
				 _("Recovery key for %s: "), path);
		else
			snprintf(prompt, sizeof prompt,
				 _("Passphrase for %s: "), path);
		for (int tries = 1;; tries++) {
			rc = cli_secret_from_tty(prompt, recovery, &s);
			if (rc != EXIT_OK)
				return rc;
			if (s.len == 0) {
				cli_secret_free(&s);
				cli_error(_("nothing was entered; nothing was "
					    "done."));
				return EXIT_ERROR;
			}
			e = sspf_store_open(path, how, s.buf, s.len, flags,
					    out);
			cli_secret_free(&s);
			if (e == SSPF_OK || !may_retry(e) ||
			    tries == CLI_TTY_TRIES)
				break;
			cli_error("%s", sspf_strerror(e));
			sleep((unsigned)tries); /* 1 s, then 2 s */
		}
	}

	if (errp != NULL)
		*errp = e;
	if (e != SSPF_OK) {
		*out = NULL;
		if (!(quiet_damage && e == SSPF_ERR_DAMAGED))
			cli_fail(e, path);
		return cli_exit_for(e);
	}
	cli_print_warnings(*out, quiet_damage ? SSPF_WARN_HEADER_DAMAGED : 0u);
	return EXIT_OK;
}

int cli_open_core(const char *path, const struct cli_secret_src *src,
		  sspf_store **st, sspf_core **core)
{
	sspf_err e;
	int rc;

	*core = NULL;
	rc = cli_open_store(path, src, 0, false, st, NULL, NULL);
	if (rc != EXIT_OK)
		return rc;
	if ((e = sspf_core_open(*st, NULL, NULL, core)) != SSPF_OK) {
		cli_fail(e, path);
		return cli_exit_for(e);
	}
	return EXIT_OK;
}

void cli_close(sspf_core *core, sspf_store *st, char *defpath)
{
	sspf_core_close(core);
	sspf_store_close(st);
	free(defpath);
}

bool cli_write_secret_stdout(const char *s, size_t len)
{
	if (fflush(stdout) != 0)
		return false;
	while (len > 0) {
		ssize_t n = write(STDOUT_FILENO, s, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return false;
		}
		s += n;
		len -= (size_t)n;
	}
	return true;
}
