/*
 * error.h - the one error type of libsspf.
 *
 * Every library function that can fail returns an sspf_err. The message of
 * a code is a plain sentence for the user; sspf_err_detail() adds what the
 * failing call knew (a file name, a page number) for the calling thread.
 */
#ifndef SSPF_ERROR_H
#define SSPF_ERROR_H

typedef enum sspf_err {
	SSPF_OK = 0,
	SSPF_ERR_NOMEM,	     /* out of memory */
	SSPF_ERR_INVALID,    /* a bad argument or value */
	SSPF_ERR_IO,	     /* reading or writing failed */
	SSPF_ERR_NOT_FOUND,  /* the file or folder does not exist */
	SSPF_ERR_EXISTS,     /* the file exists already */
	SSPF_ERR_PERMISSION, /* no permission, or read-only file/folder */
	SSPF_ERR_FULL,	     /* the disk is full or a size limit was hit */
	SSPF_ERR_LOCKED,     /* another program has the database open */
	SSPF_ERR_WRONG_PASSPHRASE, /* the passphrase does not open it */
	SSPF_ERR_WRONG_RECOVERY,   /* the recovery key does not open it */
	SSPF_ERR_RECOVERY_TYPO, /* the recovery key text has a typing mistake */
	SSPF_ERR_WEAK_PASSPHRASE, /* the new passphrase is too short */
	SSPF_ERR_NOT_SSPF,	  /* not an sspf database */
	SSPF_ERR_DAMAGED,	  /* damaged or tampered file */
	SSPF_ERR_NEWER,		  /* written by a newer sspf */
	SSPF_ERR_REFUSED,	  /* refused by the consent rules */
	SSPF_ERR_INTERNAL,	  /* a bug: please report it */
	SSPF_ERR_COUNT_
} sspf_err;

/* A plain-language sentence for code; static, never NULL. */
const char *sspf_strerror(sspf_err code);

/*
 * What the last failing call on this thread knew beyond its code, e.g.
 * "page 17 of /home/k/sspf.db failed authentication". Empty string if
 * nothing. Static thread-local storage, valid until the next libsspf call.
 */
const char *sspf_err_detail(void);

#endif
