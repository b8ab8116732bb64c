/*
 * cli.h - what the parts of the sspf command-line program share: the
 * command table entry, the exit codes, error reporting, reading secrets and
 * unlocking a database with them.
 */
#ifndef SSPF_CLI_H
#define SSPF_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include <getopt.h>
#include <libintl.h>

#include <sspf/core.h>
#include <sspf/error.h>
#include <sspf/stats.h>
#include <sspf/store.h>

#define _(s) gettext(s)
/* Marks a string for translation where it is defined; _() at use. */
#define N_(s) (s)

/* The exit status of the program; documented in --help and sspf(1). */
enum cli_exit {
	EXIT_OK = 0,	       /* it worked */
	EXIT_ERROR = 1,	       /* anything not listed below */
	EXIT_USAGE = 2,	       /* wrong command, option or argument */
	EXIT_WRONG_SECRET = 3, /* wrong passphrase or recovery key */
	EXIT_DAMAGED = 4,      /* damaged or tampered file, or not sspf */
	EXIT_REFUSED = 5,      /* refused by the consent rules */
};

/* One subcommand (tmux cmd_entry style); the table is in main.c. */
struct cli_cmd {
	const char *name;    /* "init" */
	const char *summary; /* one line for the command list, N_() */
	int (*exec)(const struct cli_cmd *self, int argc, char **argv);
	const char *usage; /* arguments after "sspf NAME", N_() */
	const char *help;  /* description and options, N_(); may be NULL */
};

extern const struct cli_cmd cmd_init_entry;
extern const struct cli_cmd cmd_passwd_entry;
extern const struct cli_cmd cmd_check_entry;
extern const struct cli_cmd cmd_backup_entry;
extern const struct cli_cmd cmd_config_entry;
extern const struct cli_cmd cmd_audit_entry;
extern const struct cli_cmd cmd_cases_entry;
extern const struct cli_cmd cmd_case_entry;
extern const struct cli_cmd cmd_import_entry;
extern const struct cli_cmd cmd_meetings_entry;
extern const struct cli_cmd cmd_actions_entry;
extern const struct cli_cmd cmd_calendar_entry;
extern const struct cli_cmd cmd_stats_entry;
extern const struct cli_cmd cmd_stats_keygen_entry;
extern const struct cli_cmd cmd_stats_merge_entry;
extern const struct cli_cmd cmd_print_entry;
extern const struct cli_cmd cmd_purge_entry;
extern const struct cli_cmd cmd_demo_entry;

/* The screens (src/tui/app.c): `sspf [--lang sv|en] [FILE]`. */
int tui_main(int argc, char **argv);

/* ---- main.c: reporting ---- */

/* The exit status that belongs to a library error. */
int cli_exit_for(sspf_err err);

/*
 * Print "sspf: " + context + the sentence of err + its detail
 * (sspf_err_detail()) and a hint what to do next, to stderr. context
 * (usually the file name) may be NULL.
 */
void cli_fail(sspf_err err, const char *context);

/*
 * The same for a file that is not a database (a city key file, an
 * export): the library's sentences for INVALID, DAMAGED, NOT_SSPF and
 * NEWER speak of databases, so only the detail (which names the file) is
 * shown for them, and no hint about databases. Returns the exit status.
 */
int cli_fail_not_db(sspf_err err);

/* --format of the statistics commands (cmd_stats.c): "csv" or "json"
   into *out and CLI_GO_ON, or the usage error's exit status. */
int cli_stats_format(const struct cli_cmd *cmd, const char *arg,
		     sspf_stats_format *out);
/* Write the statistics s in format to the file out (whole or not at all,
   mode 0600; cli_out_write) or, out NULL, to standard output. Returns the
   exit status, having said what failed. */
int cli_stats_out(const sspf_stats *s, sspf_stats_format format,
		  const char *out);

/* "sspf: " + message on stderr, printf-style. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * A usage error in a subcommand: the message, the command's usage line and
 * where to find help, on stderr. Returns EXIT_USAGE.
 */
int cli_usage_error(const struct cli_cmd *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Only the usage line and where to find help, on stderr (after getopt has
 * said what was wrong). Returns EXIT_USAGE.
 */
int cli_usage_hint(const struct cli_cmd *cmd);

/* The full help of one command, on stdout. */
void cli_cmd_help(const struct cli_cmd *cmd);

/*
 * Prepare argv of a subcommand for getopt_long: argv[0] becomes
 * "sspf NAME" (so getopt's own messages name the command) and getopt is
 * reset. Call before the first getopt_long of a command.
 */
void cli_getopt_begin(const struct cli_cmd *cmd, char **argv);

/*
 * Tell what sspf_store_warnings() found, in plain words, on stderr, except
 * the SSPF_WARN_* bits in ignore.
 */
void cli_print_warnings(const sspf_store *st, unsigned ignore);

/*
 * Parse the N of --passphrase-fd N / --recovery-key-fd N: a number of an
 * open descriptor. On a problem prints a usage error and returns false.
 */
bool cli_parse_fd(const struct cli_cmd *cmd, const char *option,
		  const char *arg, int *fd);

/*
 * The FILE argument of a command that takes at most one: the one left
 * after the options, else the default database. *path points into argv or
 * at *defpath (malloc'ed; the caller frees it). Returns EXIT_OK, or tells
 * what is wrong and returns the exit status.
 */
int cli_file_arg(const struct cli_cmd *cmd, int argc, char **argv,
		 char **defpath, const char **path);

/*
 * The default database (sspf_default_path) into *defpath (malloc'ed; the
 * caller frees it). Returns EXIT_OK, or tells what is wrong and returns
 * the exit status.
 */
int cli_default_path(char **defpath);

/*
 * Remove a database made a moment ago by this command (and its redo
 * file), after making it failed half way. Prints nothing.
 */
void cli_remove_new_db(const char *path);

/*
 * Print s, then spaces up to width columns, counting characters, not
 * bytes, so that å ä ö keep columns straight. (Double-width scripts need
 * wcwidth: the TUI's job.)
 */
void cli_print_padded(const char *s, int width);

/* ---- outfile.c: files the user asked for ---- */

/*
 * Before the passphrase is asked: whether out can be written at all (not
 * a folder; its folder exists and may be written). Returns EXIT_OK, or
 * tells why not and returns EXIT_ERROR.
 */
int cli_out_check(const char *out);

/*
 * Write out whole or not at all: fill(ctx, fd) writes into a temporary
 * file of mode 0600 in out's folder and returns EXIT_OK, or tells what
 * went wrong and returns the exit status; then fsync, rename over out and
 * sync the folder. On any error nothing is left behind and an existing
 * out is unchanged. Returns the exit status.
 */
int cli_out_write(const char *out, int (*fill)(void *ctx, int fd), void *ctx);

/* ---- secret.c: reading secrets ---- */

/* Longest secret accepted, in bytes, without the line ending. */
#define CLI_SECRET_MAX 1024u

/* A secret in sodium_malloc memory, NUL-terminated; len without the NUL. */
typedef struct cli_secret {
	char *buf;
	size_t len;
} cli_secret;

/* Wipe and free; an empty secret is fine. */
void cli_secret_free(cli_secret *s);

/* Whether a terminal (/dev/tty) can be opened to ask on. */
bool cli_have_tty(void);

/*
 * Read the next line from descriptor fd (never past that line) into *out,
 * without its "\n" or "\r\n". what names the secret in messages ("the
 * passphrase"). Returns EXIT_OK, or prints why not (EOF, empty line, too
 * long, read error) and returns the exit status.
 */
int cli_secret_from_fd(int fd, const char *what, cli_secret *out);

/*
 * Ask on the terminal with prompt, echo off (restored always, also when a
 * signal comes). recovery tells which fd option to name if there is no
 * terminal. Returns EXIT_OK (an empty line gives len 0), or prints why not
 * and returns the exit status (no terminal: EXIT_USAGE; end of input,
 * e.g. Ctrl-D: EXIT_ERROR).
 */
int cli_secret_from_tty(const char *prompt, bool recovery, cli_secret *out);

/* Where the secrets of a command come from; -1: not given. */
struct cli_secret_src {
	int pass_fd;	 /* --passphrase-fd */
	int recovery_fd; /* --recovery-key-fd */
	bool recovery;	 /* --recovery: ask the recovery key on the terminal */
};
#define CLI_SECRET_SRC_INIT   \
	{                     \
		-1, -1, false \
	}

/*
 * The secret options commands share: 'p' --passphrase-fd N, 'r'
 * --recovery-key-fd N, 'R' --recovery. Returns 1 if getopt's c was one of
 * them (stored in src), 0 if not, -1 after a usage error was told.
 */
int cli_secret_option(const struct cli_cmd *cmd, int c,
		      struct cli_secret_src *src);

/*
 * The whole option parsing of a command whose only options are the secret
 * ones and --help (check, passwd). Returns CLI_GO_ON to go on, or the exit
 * status (EXIT_OK after --help).
 */
#define CLI_GO_ON (-1)
int cli_unlock_options(const struct cli_cmd *cmd, int argc, char **argv,
		       struct cli_secret_src *src);

/* ---- main.c: options (after struct cli_secret_src) ---- */

/* The lines of --help that tell the secret options and -h, N_() text. */
#define CLI_SECRET_OPTIONS_HELP                                             \
	"  --passphrase-fd N     read the passphrase from the first line\n" \
	"                        of file descriptor N\n"                    \
	"  --recovery            unlock with the recovery key, asked on\n"  \
	"                        the terminal\n"                            \
	"  --recovery-key-fd N   read the recovery key from descriptor N\n" \
	"  -h, --help            show this help\n"

/* Which secret options a command takes (cli_options). */
#define CLI_OPT_PASSPHRASE 1u /* --passphrase-fd N */
#define CLI_OPT_RECOVERY 2u   /* --recovery-key-fd N, --recovery */
#define CLI_OPT_SECRETS (CLI_OPT_PASSPHRASE | CLI_OPT_RECOVERY)

/* The most own options a command may give cli_options. */
#define CLI_OWN_OPTIONS_MAX 8

/*
 * Handles one of the command's own options: c is what getopt_long
 * returned, arg its optarg (may be NULL), ctx what was given to
 * cli_options. Returns CLI_GO_ON, or (after telling what is wrong, or
 * having done all) the exit status to end the command with.
 */
typedef int cli_option_fn(const struct cli_cmd *cmd, int c, const char *arg,
			  void *ctx);

/*
 * The whole option parsing of a command: cli_getopt_begin(), then
 * getopt_long over shortopts (which has the 'h'), the command's own long
 * options own (terminated by an all-zero entry; NULL: none, at most
 * CLI_OWN_OPTIONS_MAX), then the secret options that secrets names (into
 * src, which may be NULL when secrets is 0), then --help. -h/--help
 * prints the help of cmd on stdout; a secret option is checked with
 * cli_secret_option(); any other option getopt_long knows goes to
 * handle(cmd, c, optarg, ctx). An unknown option (getopt's message on
 * stderr) gets cli_usage_hint(). Returns CLI_GO_ON with optind at the
 * first argument, or the exit status (EXIT_OK after --help).
 */
int cli_options(const struct cli_cmd *cmd, int argc, char **argv,
		const char *shortopts, const struct option *own,
		cli_option_fn *handle, void *ctx, unsigned secrets,
		struct cli_secret_src *src);

/*
 * A cli_option_fn for a command whose only own option is one flag:
 * sets *(bool *)flag. Returns CLI_GO_ON.
 */
int cli_option_flag(const struct cli_cmd *cmd, int c, const char *arg,
		    void *flag);

/*
 * Look at path without a secret (sspf_store_probe). Returns EXIT_OK, or
 * prints what is wrong (not SSPF_ERR_DAMAGED with quiet_damage) and
 * returns the exit status; *errp (may be NULL) gets the library's code.
 */
int cli_probe(const char *path, bool quiet_damage, sspf_err *errp);

/*
 * cli_probe(), then read the passphrase or recovery key as src says and
 * open the database. On a terminal a wrong secret may be tried again, 3
 * times in all, with a delay of 1 s and then 2 s. Prints the warnings of
 * the open store. Returns EXIT_OK with *out open, or prints what went wrong
 * and returns the exit status; *errp (may be NULL) gets the library's code
 * (SSPF_OK if the failure was not the library's). With quiet_damage, an
 * SSPF_ERR_DAMAGED and the warning of a damaged header copy are not
 * printed: the caller reports them (sspf check). *used_recovery
 * (may be NULL) tells whether the recovery key opened it.
 */
int cli_open_store(const char *path, const struct cli_secret_src *src,
		   unsigned flags, bool quiet_damage, sspf_store **out,
		   bool *used_recovery, sspf_err *errp);

/*
 * Get a new passphrase: from the next line of src->pass_fd if given,
 * else on the terminal, asked twice ("New passphrase:", "Repeat it:") and
 * tried up to 3 times. Checks the length (SSPF_PASSPHRASE_MIN characters).
 * Returns EXIT_OK with *out filled, or prints why not and returns the exit
 * status.
 */
int cli_new_passphrase(const struct cli_secret_src *src, cli_secret *out);

/*
 * cli_open_store(path, src, 0, false, st, NULL, NULL), then start the
 * core on it (system clock, the user running sspf). Returns EXIT_OK with
 * *st and *core open, or prints what went wrong (cli_fail with path) and
 * returns the exit status. Either way the caller closes both with
 * cli_close() (what did not open is NULL).
 */
int cli_open_core(const char *path, const struct cli_secret_src *src,
		  sspf_store **st, sspf_core **core);

/*
 * Close core, then st, then free defpath (of cli_file_arg or
 * cli_default_path); any of them may be NULL. Prints nothing.
 */
void cli_close(sspf_core *core, sspf_store *st, char *defpath);

/*
 * Write the secret s to stdout (straight to the descriptor, so no copy is
 * left in stdio's buffer). Returns false if it could not be written.
 */
bool cli_write_secret_stdout(const char *s, size_t len);

#endif
