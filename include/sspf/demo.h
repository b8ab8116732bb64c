/*
 * demo.h - fill a database with fictional data for trying sspf and for
 * training (`sspf demo`): about 40 made-up cases in every consent state,
 * a year of meetings and commitment plans. Only the public core API is
 * used, so every rule holds and every change is in the audit log.
 */
#ifndef SSPF_DEMO_H
#define SSPF_DEMO_H

#include <sspf/core.h>
#include <sspf/error.h>

/*
 * Put the demo data into the (new, empty) database of core: deterministic
 * (a fixed-seed generator), dates relative to sspf_core_today(core) so
 * that the consent states hold whenever it is run. Sets the settings
 * municipality "Demokommun", district "Demodistrikt Nord" and
 * coordinator.name "Kim Demo". Everyone in it is made up; phone numbers
 * are in 070-1740xxx (reserved for fiction) and e-mail at example.se.
 */
sspf_err sspf_demo_fill(sspf_core *core);

#endif
