/* Seconds on the monotonic clock, for durations (stage times, progress, timeouts). */
#ifndef HX_CLOCK_H
#define HX_CLOCK_H

double hx_now_seconds(void);

#endif
