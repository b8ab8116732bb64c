/*
 * error.c - what each sspf_err means, in words for the user, and the
 * per-thread detail of the last failure (errors_internal.h).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <sspf/error.h>
#include <sspf/store.h>

#include "store/errors_internal.h"

_Static_assert(SSPF_PASSPHRASE_MIN == 10,
	       "the WEAK_PASSPHRASE message names the minimum");

static _Thread_local char detail[512];

/* Static strings: the caller must not free them. */
const char *sspf_strerror(sspf_err code)
{
	switch (code) {
	case SSPF_OK:
		return L_("No error: it worked.");
	case SSPF_ERR_NOMEM:
		return L_("The computer ran out of memory. Close some other "
			  "programs and try again; the file was not changed.");
	case SSPF_ERR_INVALID:
		return L_(
			"Something given to sspf is not valid. Check what you "
			"typed and try again.");
	case SSPF_ERR_IO:
		return L_("Reading or writing a file failed. The disk may be "
			  "failing or disconnected; check it and try again.");
	case SSPF_ERR_NOT_FOUND:
		return L_("The file or folder does not exist. Check the name "
			  "and try again.");
	case SSPF_ERR_EXISTS:
		return L_(
			"A file with that name exists already. Choose another "
			"name; sspf does not overwrite it.");
	case SSPF_ERR_PERMISSION:
		return L_("You do not have permission to use this file or "
			  "folder, or it is read-only.");
	case SSPF_ERR_FULL:
		return L_(
			"The disk is full (or a file size limit was reached). "
			"Nothing was lost: the last saved state is intact. "
			"Free some space and try again.");
	case SSPF_ERR_LOCKED:
		return L_("The database is open in another sspf program. Close "
			  "that one first.");
	case SSPF_ERR_WRONG_PASSPHRASE:
		return L_("The passphrase is wrong. Check Caps Lock and try "
			  "again; the file was not changed.");
	case SSPF_ERR_WRONG_RECOVERY:
		return L_("The recovery key does not open this database. Check "
			  "that it is the key that belongs to this file; the "
			  "file was not changed.");
	case SSPF_ERR_RECOVERY_TYPO:
		return L_("The recovery key has a typing mistake. Compare it "
			  "with your written copy, character by character, and "
			  "try again.");
	case SSPF_ERR_WEAK_PASSPHRASE:
		return L_("The new passphrase is too short. Choose one with at "
			  "least 10 characters; a few unrelated words work "
			  "well.");
	case SSPF_ERR_NOT_SSPF:
		return L_("This file is not an sspf database.");
	case SSPF_ERR_DAMAGED:
		return L_("The database file is damaged or has been tampered "
			  "with. Restore it from a backup.");
	case SSPF_ERR_NEWER:
		return L_("This database was written by a newer version of "
			  "sspf. Update sspf to open it; the file was not "
			  "changed.");
	case SSPF_ERR_REFUSED:
		return L_(
			"sspf refused to do this because the consent rules do "
			"not allow it.");
	case SSPF_ERR_INTERNAL:
		return L_("Something went wrong inside sspf (a bug). Please "
			  "report it, saying what you were doing.");
	case SSPF_ERR_COUNT_:
		break;
	}
	return L_("An unknown error happened inside sspf (a bug). Please "
		  "report it, saying what you were doing.");
}

/* This thread's buffer, owned by the library. */
const char *sspf_err_detail(void)
{
	return detail;
}

sspf_err err_set(sspf_err code, const char *fmt, ...)
{
	char buf[sizeof detail];
	va_list ap;

	if (fmt == NULL) {
		detail[0] = '\0';
		return code;
	}
	/* Through buf, so that the old detail may be an argument. */
	va_start(ap, fmt);
	if (vsnprintf(buf, sizeof buf, fmt, ap) < 0)
		buf[0] = '\0';
	va_end(ap);
	memcpy(detail, buf, sizeof detail);
	return code;
}

/* strerror is not thread-safe; glibc's _GNU_SOURCE strerror_r differs. */
static const char *errno_text(int errnum, char *buf, size_t size)
{
#if defined(__GLIBC__) && defined(_GNU_SOURCE)
	return strerror_r(errnum, buf, size);
#else
	if (strerror_r(errnum, buf, size) != 0)
		snprintf(buf, size, "error %d", errnum);
	return buf;
#endif
}

sspf_err err_errno(int errnum, const char *what, const char *path)
{
	char buf[256];
	const char *text = errno_text(errnum, buf, sizeof buf);
	sspf_err code;

	switch (errnum) {
	case ENOENT:
		code = SSPF_ERR_NOT_FOUND;
		break;
	case EEXIST:
		code = SSPF_ERR_EXISTS;
		break;
	case EACCES:
	case EPERM:
	case EROFS:
		code = SSPF_ERR_PERMISSION;
		break;
	case ENOSPC:
	case EFBIG:
#ifdef EDQUOT
	case EDQUOT:
#endif
		code = SSPF_ERR_FULL;
		break;
	case ENOMEM:
		code = SSPF_ERR_NOMEM;
		break;
	default:
		code = SSPF_ERR_IO;
		break;
	}

	if (what != NULL && path != NULL)
		return err_set(code, "%s %s: %s", what, path, text);
	if (what != NULL || path != NULL)
		return err_set(code, "%s: %s", what != NULL ? what : path,
			       text);
	return err_set(code, "%s", text);
}

void err_clear(void)
{
	detail[0] = '\0';
}
