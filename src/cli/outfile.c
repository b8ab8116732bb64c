/*
 * outfile.c - writing a file the user asked for (a calendar, a PDF) so
 * that it is whole or not there, for the commands: the print layer's
 * print_file_check and print_file_write (src/print/output.c, which says
 * how) with the command line's messages and exit statuses.
 */
#include <sspf/error.h>

#include "cli/cli.h"
#include "print/print.h"

/* cli_out_write's fill in the print layer's shape. */
struct cli_fill {
	int (*fill)(void *ctx, int fd);
	void *ctx;
	int rc;
};

static bool fill_cli(void *ctx, int fd, print_error *err)
{
	struct cli_fill *f = ctx;

	f->rc = f->fill(f->ctx, fd);
	err->core = SSPF_OK;
	err->msg[0] = '\0'; /* fill told the user already */
	return f->rc == EXIT_OK;
}

/* Tell what the print layer says; EXIT_ERROR. */
static int told(const print_error *pe)
{
	if (pe->core != SSPF_OK)
		cli_error("%s", sspf_strerror(pe->core));
	else if (pe->msg[0] != '\0')
		cli_error("%s", pe->msg);
	return EXIT_ERROR;
}

int cli_out_check(const char *out)
{
	print_error pe = { SSPF_OK, "" };

	return print_file_check(out, &pe) ? EXIT_OK : told(&pe);
}

int cli_out_write(const char *out, int (*fill)(void *ctx, int fd), void *ctx)
{
	struct cli_fill f = { fill, ctx, EXIT_OK };
	print_error pe = { SSPF_OK, "" };

	if (print_file_write(out, fill_cli, &f, &pe))
		return EXIT_OK;
	return f.rc != EXIT_OK ? f.rc : told(&pe);
}
