/*
 * pdf.c - lays out a document (print_doc) on A4 pages with pango and
 * writes it as PDF with cairo: a header with the municipality and the
 * district, the title, the paragraphs with line breaking in "DejaVu Sans"
 * (found through fontconfig), and a footer with the document kind, case
 * code, template version and "page / pages". Without that font nothing
 * is written (a stand-in font could lack letters). Two passes: the first
 * counts the pages, the second draws them.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>

#include "print/print.h"

/* A4 in points, and the margins. */
#define PAGE_W 595.276
#define PAGE_H 841.89
#define MARGIN_X 62.0
#define MARGIN_TOP 70.0
#define MARGIN_BOTTOM 70.0
#define BODY_W (PAGE_W - 2 * MARGIN_X)
#define PARA_GAP 7.0

#define FONT "DejaVu Sans"

/* Where the PDF goes. */
struct sink {
	int fd;
	int err; /* errno of the first failed write, or 0 */
};

static cairo_status_t write_fd(void *closure, const unsigned char *data,
			       unsigned int length)
{
	struct sink *s = closure;
	ssize_t w;

	while (length > 0) {
		w = write(s->fd, data, length);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			s->err = w < 0 ? errno : EIO;
			return CAIRO_STATUS_WRITE_ERROR;
		}
		data += w;
		length -= (unsigned int)w;
	}
	return CAIRO_STATUS_SUCCESS;
}

/* A layout of text in FONT at size points, bold or not, wrapped to width. */
static PangoLayout *make_layout(cairo_t *cr, const char *text, size_t len,
				double size, bool bold, double width)
{
	PangoLayout *l = pango_cairo_create_layout(cr);
	PangoFontDescription *fd = pango_font_description_new();

	pango_font_description_set_family(fd, FONT);
	pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
	pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD
						   : PANGO_WEIGHT_NORMAL);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	pango_layout_set_width(l, (int)(width * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_auto_dir(l, TRUE);
	pango_layout_set_text(l, text, (int)len);
	return l;
}

static double layout_height(PangoLayout *l)
{
	int w, h;

	pango_layout_get_size(l, &w, &h);
	return (double)h / PANGO_SCALE;
}

/* Header and footer of page (1-based) of pages. */
static void draw_frame(cairo_t *cr, const print_doc *doc, int page, int pages)
{
	char num[32];
	PangoLayout *l;

	cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
	if (doc->header != NULL && *doc->header != '\0') {
		l = make_layout(cr, doc->header, strlen(doc->header), 9, false,
				BODY_W);
		cairo_move_to(cr, MARGIN_X, MARGIN_TOP - 34);
		pango_cairo_show_layout(cr, l);
		g_object_unref(l);
	}
	cairo_set_line_width(cr, 0.5);
	cairo_move_to(cr, MARGIN_X, MARGIN_TOP - 18);
	cairo_line_to(cr, PAGE_W - MARGIN_X, MARGIN_TOP - 18);
	cairo_move_to(cr, MARGIN_X, PAGE_H - MARGIN_BOTTOM + 20);
	cairo_line_to(cr, PAGE_W - MARGIN_X, PAGE_H - MARGIN_BOTTOM + 20);
	cairo_stroke(cr);
	if (doc->footer != NULL) {
		l = make_layout(cr, doc->footer, strlen(doc->footer), 8, false,
				BODY_W - 60);
		cairo_move_to(cr, MARGIN_X, PAGE_H - MARGIN_BOTTOM + 26);
		pango_cairo_show_layout(cr, l);
		g_object_unref(l);
	}
	snprintf(num, sizeof num, "%d / %d", page, pages);
	l = make_layout(cr, num, strlen(num), 8, false, 60);
	pango_layout_set_alignment(l, PANGO_ALIGN_RIGHT);
	cairo_move_to(cr, PAGE_W - MARGIN_X - 60, PAGE_H - MARGIN_BOTTOM + 26);
	pango_cairo_show_layout(cr, l);
	g_object_unref(l);
	cairo_set_source_rgb(cr, 0, 0, 0);
}

/*
 * Flow the title and body over pages; draw them if pages > 0 (the count
 * of the first pass). Returns the number of pages used.
 */
static int flow(cairo_t *cr, const print_doc *doc, int pages)
{
	const char *p = doc->body, *end;
	double y = MARGIN_TOP, h;
	int page = 1;
	PangoLayout *l;

	if (pages > 0)
		draw_frame(cr, doc, page, pages);
	l = make_layout(cr, doc->title, strlen(doc->title), 16, true, BODY_W);
	if (pages > 0) {
		cairo_move_to(cr, MARGIN_X, y);
		pango_cairo_show_layout(cr, l);
	}
	y += layout_height(l) + 2 * PARA_GAP;
	g_object_unref(l);
	while (*p != '\0') {
		bool heading;

		while (*p == '\n')
			p++;
		if (*p == '\0')
			break;
		end = strstr(p, "\n\n");
		if (end == NULL)
			end = p + strlen(p);
		heading = p[0] == '#' && p[1] == ' ';
		if (heading) {
			/* the heading is its first line; the rest is text */
			const char *nl = memchr(p, '\n', (size_t)(end - p));

			if (nl != NULL)
				end = nl;
			p += 2;
			y += PARA_GAP;
		}
		l = make_layout(cr, p, (size_t)(end - p), heading ? 11.5 : 10,
				heading, BODY_W);
		h = layout_height(l);
		/* a heading keeps at least a few lines below it */
		if (y + h + (heading ? 60 : 0) > PAGE_H - MARGIN_BOTTOM &&
		    y > MARGIN_TOP) {
			if (pages > 0) {
				cairo_show_page(cr);
				draw_frame(cr, doc, page + 1, pages);
			}
			page++;
			y = MARGIN_TOP;
		}
		if (pages > 0) {
			cairo_move_to(cr, MARGIN_X, y);
			pango_cairo_show_layout(cr, l);
		}
		y += h + (heading ? PARA_GAP / 2 : PARA_GAP);
		g_object_unref(l);
		p = end;
	}
	return page;
}

/* Whether fontconfig finds FONT itself (not a stand-in for it). */
static bool have_font(void)
{
	FcPattern *pat = FcNameParse((const FcChar8 *)FONT), *m = NULL;
	FcChar8 *family;
	FcResult r;
	bool ok = false;

	if (pat == NULL)
		return false;
	if (FcConfigSubstitute(NULL, pat, FcMatchPattern)) {
		FcDefaultSubstitute(pat);
		m = FcFontMatch(NULL, pat, &r);
	}
	for (int i = 0;
	     m != NULL && !ok &&
	     FcPatternGetString(m, FC_FAMILY, i, &family) == FcResultMatch;
	     i++)
		ok = strcmp((const char *)family, FONT) == 0;
	if (m != NULL)
		FcPatternDestroy(m);
	FcPatternDestroy(pat);
	return ok;
}

bool print_pdf_write(const print_doc *doc, int fd, print_error *err)
{
	struct sink s = { fd, 0 };
	cairo_surface_t *surf;
	cairo_status_t st;
	cairo_t *cr;
	int pages;

	err->core = SSPF_OK;
	err->msg[0] = '\0';
	if (!have_font()) {
		snprintf(err->msg, sizeof err->msg,
			 L_("the font %s is not installed, so the PDF cannot "
			    "be made (on Debian: apt install "
			    "fonts-dejavu-core)"),
			 FONT);
		return false;
	}
	surf = cairo_pdf_surface_create_for_stream(write_fd, &s, PAGE_W,
						   PAGE_H);
	cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE,
				       doc->title);
	cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR,
				       "sspf");
	cr = cairo_create(surf);
	pages = flow(cr, doc, 0);
	(void)flow(cr, doc, pages);
	cairo_show_page(cr);
	cairo_destroy(cr);
	cairo_surface_finish(surf);
	st = cairo_surface_status(surf);
	cairo_surface_destroy(surf);
	if (s.err != 0) {
		snprintf(err->msg, sizeof err->msg,
			 L_("cannot write the PDF: %s"), strerror(s.err));
		return false;
	}
	if (st != CAIRO_STATUS_SUCCESS) {
		snprintf(err->msg, sizeof err->msg,
			 L_("cannot make the PDF: %s"),
			 cairo_status_to_string(st));
		return false;
	}
	return true;
}

/* Set by a weak reference when the font map is finally freed. */
static void font_map_gone(gpointer data, GObject *where_it_was)
{
	(void)where_it_was;
	g_atomic_int_set((gint *)data, 1);
}

void print_release(void)
{
	/* static: a notification that comes after the wait lands here */
	static gint gone;
	PangoFontMap *map = pango_cairo_font_map_get_default();

	g_atomic_int_set(&gone, 0);
	/*
	 * Pango (1.50) may drop its last reference to the font map on a
	 * thread of its own a moment after the default is unset; cairo's
	 * caches may only be reset once the fonts are gone, else cairo
	 * aborts. Wait for that (up to 2 s), or leave the caches alone: they
	 * are freed with the process anyway.
	 * The weak reference stays: the map may still be freed later.
	 */
	g_object_weak_ref(G_OBJECT(map), font_map_gone, &gone);
	pango_cairo_font_map_set_default(NULL);
	for (int i = 0; i < 200 && !g_atomic_int_get(&gone); i++)
		g_usleep(10000);
	if (!g_atomic_int_get(&gone))
		return;
	cairo_debug_reset_static_data();
	FcFini();
}
