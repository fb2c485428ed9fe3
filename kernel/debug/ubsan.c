/*
 * UBSAN's runtime: the __ubsan_handle_*() functions that gcc's
 * -fsanitize=undefined checks call (scripts/debug.mk picks the checks)
 * when an operation is undefined in C: a shift too far, a signed overflow,
 * an index past an array, a misaligned or NULL pointer, a bad bool or enum
 * load. Each prints Linux's report and the kernel carries on:
 *
 *   ================================================================
 *   UBSAN: shift-out-of-bounds in kernel/foo.c:123:45
 *   shift exponent 64 is too large for 64-bit type 'long unsigned int'
 *   CPU: 0 PID: 1 Comm: init
 *   Call Trace:
 *    ...
 *   ================================================================
 *
 * A place in the source is reported once (a bit in its column marks it).
 * The argument layouts are gcc's (the data it emits for each check).
 * Only the DEBUG_KERNEL=1 build has any of this; the default build
 * compiles this file to nothing. Self-tests that break each rule on
 * purpose are at the end.
 */
#ifdef CONFIG_UBSAN
#include "asm/percpu.h"
#include "asm/stacktrace.h"
#include "kernel/ktest.h"
#include "kernel/locking/spinlock.h"
#include "kernel/module/module.h"
#include "kernel/panic.h"
#include "kernel/printk/printk.h"
#include "kernel/task.h"
#include "lib/atomic.h"
#include "lib/types.h"
#include "lib/vsprintf.h"

struct source_location {
	const char *file_name;
	u32 line;
	u32 column;		/* top bit: already reported */
};

struct type_descriptor {
	u16 type_kind;		/* 0: integer, 1: float, 0xffff: other */
	u16 type_info;		/* integers: bit 0 signed, >> 1 log2(bits) */
	char type_name[];	/* quoted: "'int'" */
};

struct overflow_data {
	struct source_location location;
	struct type_descriptor *type;
};

struct shift_out_of_bounds_data {
	struct source_location location;
	struct type_descriptor *lhs_type;
	struct type_descriptor *rhs_type;
};

struct out_of_bounds_data {
	struct source_location location;
	struct type_descriptor *array_type;
	struct type_descriptor *index_type;
};

struct type_mismatch_data_v1 {
	struct source_location location;
	struct type_descriptor *type;
	unsigned char log_alignment;
	unsigned char type_check_kind;
};

struct unreachable_data {
	struct source_location location;
};

struct invalid_value_data {
	struct source_location location;
	struct type_descriptor *type;
};

/* The runtime itself is not checked: a report must not report itself. */
#define __ubsan_runtime __attribute__((no_sanitize_undefined))

#define REPORTED_BIT 0x80000000u
/* Linux's line of 80 '=' around each report. */
#define UBSAN_SEPARATOR "========================================" \
			"========================================"

static const char *const type_check_kinds[] = {
	"load of", "store to", "reference binding to", "member access within",
	"member call on", "constructor call on", "downcast of", "downcast of",
	"upcast of", "cast to virtual base of", "_Nonnull binding to",
	"dynamic operation on",
};

static DEFINE_SPINLOCK(ubsan_lock);
/* Reports printed so far: the self-tests check theirs was counted. */
static atomic_t ubsan_reports;

/* True the first time @loc reports; marks it so later calls stay quiet. */
__ubsan_runtime
static bool first_report(struct source_location *loc)
{
	u32 old = __atomic_fetch_or(&loc->column, REPORTED_BIT,
				    __ATOMIC_RELAXED);

	return !(old & REPORTED_BIT);
}

/*
 * The one report every handler prints: the banner naming @kind and the
 * place in the source, @fmt's lines (what went wrong), the task and its
 * stack. Quiet when @loc has reported before.
 */
__ubsan_runtime __printf(3, 4)
static void ubsan_report(struct source_location *loc, const char *kind,
			 const char *fmt, ...)
{
	unsigned long flags;
	char detail[256];
	va_list ap;

	if (!first_report(loc))
		return;
	va_start(ap, fmt);
	vscnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	flags = spin_lock_irqsave(&ubsan_lock);
	atomic_inc(&ubsan_reports);
	pr_err("%s\n", UBSAN_SEPARATOR);
	pr_err("UBSAN: %s in %s:%u:%u\n", kind, loc->file_name, loc->line,
	       loc->column & ~REPORTED_BIT);
	pr_err("%s", detail);
	pr_err("CPU: %u PID: %d Comm: %.16s\n", smp_processor_id(),
	       current->pid, current->comm);
	dump_stack();
	pr_err("%s\n", UBSAN_SEPARATOR);
	spin_unlock_irqrestore(&ubsan_lock, flags);
}

__ubsan_runtime
static unsigned int type_bits(const struct type_descriptor *t)
{
	return 1u << (t->type_info >> 1);
}

__ubsan_runtime
static bool type_is_signed(const struct type_descriptor *t)
{
	return t->type_kind == 0 && (t->type_info & 1);
}

/* Print integer @val (gcc passes up to 64 bits in the pointer itself). */
__ubsan_runtime
static void val_to_string(char *buf, size_t size,
			  const struct type_descriptor *t, void *val)
{
	unsigned int bits = type_bits(t);
	u64 v = (u64)val;

	if (t->type_kind != 0 || bits > 64) {
		snprintf(buf, size, "(unprintable)");
	} else if (type_is_signed(t)) {
		s64 sv = bits == 64 ? (s64)v : (s64)(v << (64 - bits)) >>
					      (64 - bits);
		snprintf(buf, size, "%ld", (long)sv);
	} else {
		snprintf(buf, size, "%lu", (unsigned long)v);
	}
}

__ubsan_runtime
static void handle_overflow(struct overflow_data *data, void *lhs, void *rhs,
			    char op)
{
	char l[24], r[24];

	val_to_string(l, sizeof(l), data->type, lhs);
	val_to_string(r, sizeof(r), data->type, rhs);
	ubsan_report(&data->location, type_is_signed(data->type) ?
		     "signed-integer-overflow" : "unsigned-integer-overflow",
		     "%s %c %s cannot be represented in type %s\n", l, op, r,
		     data->type->type_name);
}

/* @lhs + @rhs overflowed its signed type. */
__ubsan_runtime
void __ubsan_handle_add_overflow(void *data, void *lhs, void *rhs)
{
	handle_overflow(data, lhs, rhs, '+');
}
EXPORT_SYMBOL(__ubsan_handle_add_overflow);

/* @lhs - @rhs overflowed its signed type. */
__ubsan_runtime
void __ubsan_handle_sub_overflow(void *data, void *lhs, void *rhs)
{
	handle_overflow(data, lhs, rhs, '-');
}
EXPORT_SYMBOL(__ubsan_handle_sub_overflow);

/* @lhs * @rhs overflowed its signed type. */
__ubsan_runtime
void __ubsan_handle_mul_overflow(void *data, void *lhs, void *rhs)
{
	handle_overflow(data, lhs, rhs, '*');
}
EXPORT_SYMBOL(__ubsan_handle_mul_overflow);

/* -@old overflowed (the type's most negative value). */
__ubsan_runtime
void __ubsan_handle_negate_overflow(void *_data, void *old)
{
	struct overflow_data *data = _data;
	char v[24];

	val_to_string(v, sizeof(v), data->type, old);
	ubsan_report(&data->location, "negation-overflow",
		     "negation of %s cannot be represented in type %s\n", v,
		     data->type->type_name);
}
EXPORT_SYMBOL(__ubsan_handle_negate_overflow);

/* @lhs / @rhs or % @rhs: a division by zero, or MIN / -1. */
__ubsan_runtime
void __ubsan_handle_divrem_overflow(void *_data, void *lhs, void *rhs)
{
	struct overflow_data *data = _data;
	char l[24];

	val_to_string(l, sizeof(l), data->type, lhs);
	if (type_is_signed(data->type) && (s64)rhs == -1)
		ubsan_report(&data->location, "division-overflow",
			     "division of %s by -1 cannot be represented in type %s\n",
			     l, data->type->type_name);
	else
		ubsan_report(&data->location, "division-overflow",
			     "division by zero\n");
}
EXPORT_SYMBOL(__ubsan_handle_divrem_overflow);

/* @lhs << @rhs or >> @rhs with a negative or too large shift, or a
 * left shift of a negative value or one that loses bits. */
__ubsan_runtime
void __ubsan_handle_shift_out_of_bounds(void *_data, void *lhs, void *rhs)
{
	struct shift_out_of_bounds_data *data = _data;
	struct type_descriptor *lt = data->lhs_type, *rt = data->rhs_type;
	struct source_location *loc = &data->location;
	const char *kind = "shift-out-of-bounds";
	char l[24], r[24];

	val_to_string(l, sizeof(l), lt, lhs);
	val_to_string(r, sizeof(r), rt, rhs);
	/* The values as printed say their sign (signed types only). */
	if (r[0] == '-')
		ubsan_report(loc, kind, "shift exponent %s is negative\n", r);
	else if ((u64)rhs >= type_bits(lt))
		ubsan_report(loc, kind,
			     "shift exponent %s is too large for %u-bit type %s\n",
			     r, type_bits(lt), lt->type_name);
	else if (l[0] == '-')
		ubsan_report(loc, kind, "left shift of negative value %s\n", l);
	else
		ubsan_report(loc, kind,
			     "left shift of %s by %s places cannot be represented in type %s\n",
			     l, r, lt->type_name);
}
EXPORT_SYMBOL(__ubsan_handle_shift_out_of_bounds);

/* array[@index] with @index outside the array's declared bounds. */
__ubsan_runtime
void __ubsan_handle_out_of_bounds(void *_data, void *index)
{
	struct out_of_bounds_data *data = _data;
	char i[24];

	val_to_string(i, sizeof(i), data->index_type, index);
	ubsan_report(&data->location, "array-index-out-of-bounds",
		     "index %s is out of range for type %s\n", i,
		     data->array_type->type_name);
}
EXPORT_SYMBOL(__ubsan_handle_out_of_bounds);

/* An access through @ptr: NULL, misaligned for its type, or pointing at
 * less space than the type needs. */
__ubsan_runtime
void __ubsan_handle_type_mismatch_v1(void *_data, void *ptr)
{
	struct type_mismatch_data_v1 *data = _data;
	unsigned long align = 1ul << data->log_alignment;
	const char *type = data->type->type_name;
	u8 k = data->type_check_kind;
	const char *kind = k < ARRAY_SIZE(type_check_kinds) ?
			   type_check_kinds[k] : "access to";

	if (!ptr)
		ubsan_report(&data->location, "null-ptr-deref",
			     "%s null pointer of type %s\n", kind, type);
	else if (data->log_alignment && ((uintptr_t)ptr & (align - 1)))
		ubsan_report(&data->location, "misaligned-access",
			     "%s misaligned address %p for type %s\n"
			     "which requires %lu byte alignment\n",
			     kind, ptr, type, align);
	else
		ubsan_report(&data->location, "object-size-mismatch",
			     "%s address %p with insufficient space\n"
			     "for an object of type %s\n", kind, ptr, type);
}
EXPORT_SYMBOL(__ubsan_handle_type_mismatch_v1);

/* A VLA declared with a size of zero or less. */
__ubsan_runtime
void __ubsan_handle_vla_bound_not_positive(void *_data, void *bound)
{
	struct invalid_value_data *data = _data;
	char b[24];

	val_to_string(b, sizeof(b), data->type, bound);
	ubsan_report(&data->location, "variable-length-array",
		     "variable length array bound evaluates to non-positive value %s\n",
		     b);
}
EXPORT_SYMBOL(__ubsan_handle_vla_bound_not_positive);

/* A bool or enum loaded from memory holds a value its type cannot have. */
__ubsan_runtime
void __ubsan_handle_load_invalid_value(void *_data, void *val)
{
	struct invalid_value_data *data = _data;
	char v[24];

	val_to_string(v, sizeof(v), data->type, val);
	ubsan_report(&data->location, "invalid-load",
		     "load of value %s is not a valid value for type %s\n", v,
		     data->type->type_name);
}
EXPORT_SYMBOL(__ubsan_handle_load_invalid_value);

/* Control reached __builtin_unreachable(): what follows is not code. */
__ubsan_runtime
void __ubsan_handle_builtin_unreachable(void *_data)
{
	struct unreachable_data *data = _data;

	ubsan_report(&data->location, "unreachable",
		     "calling __builtin_unreachable()\n");
	panic("can't return from __builtin_unreachable()");
}
EXPORT_SYMBOL(__ubsan_handle_builtin_unreachable);

/* --- in-kernel self-tests ------------------------------------------------ */
/*
 * Each breaks one rule on purpose, in a function of its own that the
 * report's stack names. They run only when named (ktest=ubsan_shift,...),
 * so that a plain "ktest" run of the debug kernel stays free of reports;
 * tests/integration/test_debug_kernel.py checks the console's reports.
 * volatile keeps gcc from seeing the values (and refusing at build time).
 */
static volatile int kt_ub_int;

/* True when exactly one report was printed since @before. */
static bool kt_one_report(int before)
{
	return atomic_read(&ubsan_reports) == before + 1;
}

static __attribute__((noipa)) u64 ubsan_do_shift(void)
{
	u64 one = 1;

	kt_ub_int = 64;
	return one << kt_ub_int;
}

KTEST_CRASH(ubsan_shift)
{
	int before = atomic_read(&ubsan_reports);

	ubsan_do_shift();
	KT_EXPECT(t, kt_one_report(before));
}

static __attribute__((noipa)) void ubsan_do_overflow(void)
{
	kt_ub_int = 0x7fffffff;
	kt_ub_int = kt_ub_int + 1;
}

KTEST_CRASH(ubsan_overflow)
{
	int before = atomic_read(&ubsan_reports);

	ubsan_do_overflow();
	KT_EXPECT(t, kt_one_report(before));
}

/* The array sits inside a larger object: past its end is still inside
 * the object, so only the bounds check (not object-size) fires. */
static struct {
	int array[4];
	int after;
} kt_ub_bounds;

static __attribute__((noipa)) int ubsan_do_bounds(void)
{
	kt_ub_int = 4;
	return kt_ub_bounds.array[kt_ub_int];
}

KTEST_CRASH(ubsan_bounds)
{
	int before = atomic_read(&ubsan_reports);

	ubsan_do_bounds();
	KT_EXPECT(t, kt_one_report(before));
}

static __attribute__((noipa)) u32 ubsan_do_misaligned(void)
{
	static u32 words[4];
	u32 *p = (u32 *)((char *)words + 1 + (kt_ub_int & 0));

	return *p;
}

KTEST_CRASH(ubsan_misaligned)
{
	int before = atomic_read(&ubsan_reports);

	ubsan_do_misaligned();
	KT_EXPECT(t, kt_one_report(before));
}

struct kt_ub_pair {
	long a, b;
};

static struct kt_ub_pair *volatile kt_ub_null;

static __attribute__((noipa)) long *ubsan_do_null(void)
{
	return &kt_ub_null->b;
}

KTEST_CRASH(ubsan_null)
{
	int before = atomic_read(&ubsan_reports);

	ubsan_do_null();
	KT_EXPECT(t, kt_one_report(before));
}

static __attribute__((noipa)) int ubsan_do_vla(void)
{
	kt_ub_int = 0;
	{
		char vla[kt_ub_int];

		return (int)sizeof(vla);
	}
}

KTEST_CRASH(ubsan_vla)
{
	int before = atomic_read(&ubsan_reports);

	ubsan_do_vla();
	KT_EXPECT(t, kt_one_report(before));
}

static volatile unsigned char kt_ub_byte = 5;

static __attribute__((noipa)) bool ubsan_do_bool_load(void)
{
	return *(volatile bool *)&kt_ub_byte;
}

KTEST_CRASH(ubsan_bool_load)
{
	int before = atomic_read(&ubsan_reports);

	ubsan_do_bool_load();
	KT_EXPECT(t, kt_one_report(before));
}

/* Reports once, then panics: there is no code after an unreachable(). */
static __attribute__((noipa)) void ubsan_do_unreachable(void)
{
	if (kt_ub_int != 12345)
		__builtin_unreachable();
}

KTEST_CRASH(ubsan_unreachable)
{
	kt_ub_int = 0;
	ubsan_do_unreachable();
}
#endif
