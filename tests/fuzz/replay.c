/*
 * replay.c - the main() of a fuzz harness in an ordinary build (gcc, no
 * libFuzzer): feeds every file of the folders given as arguments (the
 * harness's seed corpus and its regression inputs) to
 * LLVMFuzzerTestOneInput, once each, in name order, and prints TAP: one
 * line per file. A crash or a failed check aborts the program, which fails
 * the test; the line "# FILE" printed before each run names the input.
 * A folder that does not exist counts as empty (a harness that has found
 * no crash has no regress/ folder). No file at all is an error: a corpus
 * that went missing must not pass silently.
 *
 *   replay DIR...
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

/* The paths of the regular files in dir, appended to *list. */
static void collect(const char *dir, char ***list, size_t *n, size_t *cap)
{
	struct dirent *de;
	DIR *d = opendir(dir);

	if (d == NULL) {
		if (errno != ENOENT) {
			printf("Bail out! cannot read %s: %s\n", dir,
			       strerror(errno));
			exit(1);
		}
		return;
	}
	while ((de = readdir(d)) != NULL) {
		size_t len = strlen(dir) + strlen(de->d_name) + 2;
		struct stat sb;
		char *path;

		if (de->d_name[0] == '.')
			continue; /* ., .., and hidden files such as .gitkeep */
		if ((path = malloc(len)) == NULL)
			abort();
		snprintf(path, len, "%s/%s", dir, de->d_name);
		if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode)) {
			free(path);
			continue;
		}
		if (*n == *cap) {
			*cap = *cap ? 2 * *cap : 64;
			if ((*list = realloc(*list, *cap * sizeof **list)) ==
			    NULL)
				abort();
		}
		(*list)[(*n)++] = path;
	}
	closedir(d);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The whole file path (malloc'ed, *len bytes), or NULL. */
static unsigned char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL;
	size_t cap = 0;

	*len = 0;
	if (f == NULL)
		return NULL;
	for (;;) {
		size_t got;

		if (*len == cap) {
			cap = cap ? 2 * cap : 4096;
			if ((buf = realloc(buf, cap)) == NULL)
				abort();
		}
		got = fread(buf + *len, 1, cap - *len, f);
		*len += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

int main(int argc, char **argv)
{
	char **list = NULL;
	size_t n = 0, cap = 0;

	for (int i = 1; i < argc; i++)
		collect(argv[i], &list, &n, &cap);
	if (n == 0) {
		printf("1..0 # no input files in the given folders\n");
		printf("Bail out! no corpus\n");
		return 1;
	}
	qsort(list, n, sizeof *list, by_name);
	printf("1..%zu\n", n);
	for (size_t i = 0; i < n; i++) {
		size_t len;
		unsigned char *data = slurp(list[i], &len);

		if (data == NULL) {
			printf("not ok %zu - %s: cannot read it\n", i + 1,
			       list[i]);
			free(list[i]);
			continue;
		}
		printf("# %s\n", list[i]);
		fflush(stdout);
		/* the return value means nothing but "keep it" to libFuzzer */
		(void)LLVMFuzzerTestOneInput(data, len);
		printf("ok %zu - %s (%zu bytes)\n", i + 1, list[i], len);
		free(data);
		free(list[i]);
	}
	free(list);
	return 0;
}
