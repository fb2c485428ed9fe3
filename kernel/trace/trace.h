/*
 * Tracing (Linux's kernel/trace/): the trace buffer that events write
 * into, the kprobe events of kprobe_events, and tracefs, the file system
 * at /sys/kernel/tracing through which both are driven:
 *
 *   kprobe_events       one probe definition per line (trace_kprobe.c)
 *   kprobe_profile      hits and misses of each kprobe event
 *   trace               the buffer, oldest first; O_TRUNC empties it
 *   trace_pipe          the same, consumed: a read waits for events
 *   tracing_on          0 stops recording, 1 starts it again
 *   buffer_size_kb      the buffer's size (read-only here)
 *   events/enable, events/<group>/enable, events/<group>/<event>/enable
 *   events/<group>/<event>/trigger   "stacktrace": a stack with each hit
 *
 * Like Linux's this is for root: the mount's directory is 0700.
 */
#ifndef KERNEL_TRACE_TRACE_H
#define KERNEL_TRACE_TRACE_H

#include "kernel/fs/seq_buf.h"
#include "lib/types.h"

struct pt_regs;
struct file_operations;

/* Add one line to the trace buffer, "<event>: <text>" after Linux's
 * context columns (current's comm and pid, CPU, flags from @regs, the
 * time). Any context, interrupts off included; never sleeps. */
__printf(2, 3) void trace_event_printf(struct pt_regs *regs, const char *fmt, ...);
/* Add the stack of the code @regs stopped (at a function's entry if
 * @at_entry), as Linux's stacktrace trigger does: a "<stack trace>"
 * record, its frames named when read. The same context as above. */
void trace_event_stack(struct pt_regs *regs, bool at_entry);
/* Make the buffer exist (the first event does): 0 or -ENOMEM. */
int trace_buffer_alloc(void);

/* The files of trace.c, for tracefs. */
int trace_show(struct seq_buf *m, void *unused);
void trace_clear(void);
int tracing_on_show(struct seq_buf *m, void *unused);
int tracing_on_store(void *unused, const char *buf, size_t len);
int buffer_size_show(struct seq_buf *m, void *unused);
extern const struct file_operations trace_pipe_fops;

/* The kprobe events (trace_kprobe.c); trace_kprobe_mutex guards them. */
int kprobe_events_show(struct seq_buf *m, void *unused);
/* One write() to kprobe_events: each line a definition or a removal. */
int kprobe_events_store(void *unused, const char *buf, size_t len);
/* open(O_TRUNC) of kprobe_events: every event goes; -EBUSY if one is on. */
int kprobe_events_clear(void);
int kprobe_profile_show(struct seq_buf *m, void *unused);
/* The groups with events: call @fn for each name; stop at nonzero. */
int trace_kprobe_for_each_group(int (*fn)(const char *group, void *arg),
				void *arg);
/* The events of @group: @fn for each name; stop at nonzero. */
int trace_kprobe_for_each_event(const char *group,
				int (*fn)(const char *name, void *arg), void *arg);
/* "0", "1" or "X" (some on): of @event of @group, all of @group (@event
 * NULL) or all events (@group NULL); -ENOENT if there is no such. */
int trace_kprobe_enabled(const char *group, const char *event);
/* Switch them on or off the same way: 0 or -errno. */
int trace_kprobe_enable(const char *group, const char *event, bool on);
/* events/GROUP/EVENT/trigger: what it says (Linux's text), and a write:
 * "stacktrace" adds a stack to each hit, "!stacktrace" stops it; 0,
 * -EINVAL (another trigger), -ENOENT (no such event). */
int trace_kprobe_trigger_show(struct seq_buf *m, const char *group,
			      const char *event);
int trace_kprobe_trigger_store(const char *group, const char *event,
			       const char *buf);

/* Mount tracefs at /sys/kernel/tracing (boot): 0 or -errno. */
int tracefs_init(void);
/* mount(2)'s "tracefs": the one instance (kernel/fs/statfs.c). */
struct super_block *tracefs_get_tree(const char *type, unsigned int sb_flags,
				     char *data, char *shown, size_t size);

#endif
