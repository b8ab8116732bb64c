/*
 * calendar.h - the meetings as an RFC 5545 iCalendar (.ics) for Outlook,
 * Thunderbird and the like (`sspf calendar`).
 *
 * Only meeting facts leave the database: date, start and end time
 * (Europe/Stockholm, with a VTIMEZONE), the kind of meeting as SUMMARY
 * ("Nätverksmöte (SSPF)"), the place as LOCATION and the actors taking
 * part (skola, socialtjänst, ...) as DESCRIPTION. Never a case code, a
 * child's or family member's name, any participant's name (they can be
 * family members) or an agenda topic (free text may hold names).
 *
 * Each event's UID is "<32 hex digits>@sspf", the first 128 bits of a
 * BLAKE2b hash of the settings "municipality" and "district" and the
 * meeting's id: the same meeting keeps its UID across exports (a calendar
 * program updates the event instead of adding a copy) as long as those
 * two settings are not changed, and databases of different districts give
 * different UIDs. Two databases with the same (or no) municipality and
 * district can give the same UIDs.
 *
 * DTSTAMP is the core's clock (sspf_clock) in UTC.
 */
#ifndef SSPF_CALENDAR_H
#define SSPF_CALENDAR_H

#include <sspf/core.h>
#include <sspf/date.h>
#include <sspf/error.h>

/*
 * Write the meetings from from to to (inclusive; 0: open-ended) as one
 * VCALENDAR to the open descriptor fd (which stays open and is not
 * synced: that is the caller's). The whole calendar is made in memory
 * first, so a failure to read the meetings writes nothing to fd; a
 * failure while writing (SSPF_ERR_IO, SSPF_ERR_FULL, ...) can leave part
 * of it written. One audit entry "export" without a case code is written
 * before the calendar (an export is an accountable act). A calendar
 * without meetings is still a valid VCALENDAR. SSPF_ERR_INVALID if to
 * lies before from.
 */
sspf_err sspf_calendar_write(sspf_core *core, sspf_date from, sspf_date to,
			     int fd);

#endif
