/*
 * vsnprintf() and the printf family built on it: a freestanding formatter
 * with C99 semantics for the integer, character, string and pointer
 * conversions, and no floating point. A conversion is parsed into a struct
 * printf_spec, its argument fetched with the right type, and the result
 * laid out as  [pad] [sign] [0x] [zeros] digits [pad].  Output goes through
 * put_char(), which counts every character but stores only what fits.
 */
#include "lib/vsprintf.h"
#include "lib/ctype.h"
#include "lib/string.h"

#define FLAG_LEFT	0x01	/* '-': pad on the right */
#define FLAG_ZERO	0x02	/* '0': pad numbers with zeros */
#define FLAG_PLUS	0x04	/* '+': always print a sign */
#define FLAG_SPACE	0x08	/* ' ': a space where '+' would go */
#define FLAG_ALT	0x10	/* '#': 0x prefix, or a leading 0 for octal */

enum printf_length { LEN_INT, LEN_HH, LEN_H, LEN_L, LEN_LL, LEN_Z, LEN_T, LEN_J };

/* One parsed conversion, e.g. "%-08.3llx". */
struct printf_spec {
	unsigned int flags;		/* FLAG_* */
	int width;			/* minimum field width, 0 if none */
	int precision;			/* -1 if none */
	enum printf_length length;
	char conv;			/* the conversion letter */
};

/* Where the output goes; len keeps counting after the buffer is full. */
struct outbuf {
	char *buf;
	size_t size;
	size_t len;
};

/* An integer ready to print: [sign] [prefix] [zeros] digits. */
struct number {
	char digits[24];		/* least significant first; 22 for octal */
	int ndigits;
	char sign;			/* '-', '+', ' ' or 0 */
	const char *prefix;		/* "0x", "0X" or "" */
	int zeros;			/* from precision, '#' and the '0' flag */
};

static void put_char(struct outbuf *o, char c)
{
	if (o->len + 1 < o->size)	/* keep room for the NUL */
		o->buf[o->len] = c;
	o->len++;
}

static void put_chars(struct outbuf *o, const char *s, size_t n)
{
	while (n--)
		put_char(o, *s++);
}

static void put_repeat(struct outbuf *o, char c, size_t n)
{
	while (n--)
		put_char(o, c);
}

/* Spaces before a field of @len characters, unless it is left-justified. */
static void pad_left(struct outbuf *o, const struct printf_spec *spec,
		     size_t len)
{
	if (!(spec->flags & FLAG_LEFT) && (size_t)spec->width > len)
		put_repeat(o, ' ', spec->width - len);
}

/* Spaces after a field of @len characters, if it is left-justified. */
static void pad_right(struct outbuf *o, const struct printf_spec *spec,
		      size_t len)
{
	if ((spec->flags & FLAG_LEFT) && (size_t)spec->width > len)
		put_repeat(o, ' ', spec->width - len);
}

static const char *parse_flags(const char *fmt, unsigned int *flags)
{
	for (;; fmt++) {
		switch (*fmt) {
		case '-': *flags |= FLAG_LEFT; break;
		case '0': *flags |= FLAG_ZERO; break;
		case '+': *flags |= FLAG_PLUS; break;
		case ' ': *flags |= FLAG_SPACE; break;
		case '#': *flags |= FLAG_ALT; break;
		default: return fmt;
		}
	}
}

/* Decimal digits; saturates so that a silly width cannot overflow. */
static const char *parse_decimal(const char *fmt, int *val)
{
	int v = 0;

	for (; isdigit(*fmt); fmt++)
		v = v <= (INT32_MAX - 9) / 10 ? v * 10 + (*fmt - '0') : INT32_MAX;
	*val = v;
	return fmt;
}

/* Digits or '*'; a negative '*' argument means '-' and its magnitude. */
static const char *parse_width(const char *fmt, struct printf_spec *spec,
			       va_list *ap)
{
	if (*fmt != '*')
		return parse_decimal(fmt, &spec->width);
	spec->width = va_arg(*ap, int);
	if (spec->width < 0) {
		spec->flags |= FLAG_LEFT;
		spec->width = spec->width == INT32_MIN ? INT32_MAX : -spec->width;
	}
	return fmt + 1;
}

/* '.' then digits or '*': "." alone means 0, a negative '*' means none. */
static const char *parse_precision(const char *fmt, struct printf_spec *spec,
				   va_list *ap)
{
	spec->precision = -1;
	if (*fmt != '.')
		return fmt;
	fmt++;
	if (*fmt != '*')
		return parse_decimal(fmt, &spec->precision);
	spec->precision = va_arg(*ap, int);
	if (spec->precision < 0)
		spec->precision = -1;
	return fmt + 1;
}

static const char *parse_length(const char *fmt, enum printf_length *len)
{
	switch (*fmt) {
	case 'h':
		*len = fmt[1] == 'h' ? LEN_HH : LEN_H;
		return *len == LEN_HH ? fmt + 2 : fmt + 1;
	case 'l':
		*len = fmt[1] == 'l' ? LEN_LL : LEN_L;
		return *len == LEN_LL ? fmt + 2 : fmt + 1;
	case 'z': *len = LEN_Z; return fmt + 1;
	case 't': *len = LEN_T; return fmt + 1;
	case 'j': *len = LEN_J; return fmt + 1;
	default: *len = LEN_INT; return fmt;
	}
}

/* Parse what follows a '%'; returns a pointer to the conversion letter. */
static const char *parse_spec(const char *fmt, struct printf_spec *spec,
			      va_list *ap)
{
	spec->flags = 0;
	fmt = parse_flags(fmt, &spec->flags);
	fmt = parse_width(fmt, spec, ap);
	fmt = parse_precision(fmt, spec, ap);
	fmt = parse_length(fmt, &spec->length);
	spec->conv = *fmt;
	return fmt;
}

/* Arguments narrower than int arrive promoted to int, so fetch an int. */
static u64 fetch_unsigned(enum printf_length len, va_list *ap)
{
	switch (len) {
	case LEN_HH: return (unsigned char)va_arg(*ap, unsigned int);
	case LEN_H: return (unsigned short)va_arg(*ap, unsigned int);
	case LEN_L: return va_arg(*ap, unsigned long);
	case LEN_LL: return va_arg(*ap, unsigned long long);
	case LEN_Z: return va_arg(*ap, size_t);
	case LEN_T: return (u64)va_arg(*ap, ptrdiff_t);
	case LEN_J: return va_arg(*ap, uintmax_t);
	default: return va_arg(*ap, unsigned int);
	}
}

/* %zd takes the signed type of size_t's width: ptrdiff_t on x86_64. */
static s64 fetch_signed(enum printf_length len, va_list *ap)
{
	switch (len) {
	case LEN_HH: return (signed char)va_arg(*ap, int);
	case LEN_H: return (short)va_arg(*ap, int);
	case LEN_L: return va_arg(*ap, long);
	case LEN_LL: return va_arg(*ap, long long);
	case LEN_Z: return va_arg(*ap, ptrdiff_t);
	case LEN_T: return va_arg(*ap, ptrdiff_t);
	case LEN_J: return va_arg(*ap, intmax_t);
	default: return va_arg(*ap, int);
	}
}

static unsigned int number_base(char conv)
{
	switch (conv) {
	case 'o': return 8;
	case 'x': case 'X': return 16;
	default: return 10;
	}
}

/* The digits of @v; none at all for 0 with precision 0, as C99 says. */
static void number_digits(struct number *num, u64 v,
			  const struct printf_spec *spec)
{
	const char *set = spec->conv == 'X' ? "0123456789ABCDEF"
					    : "0123456789abcdef";
	unsigned int base = number_base(spec->conv);

	num->ndigits = 0;
	if (v == 0 && spec->precision == 0)
		return;
	do {
		num->digits[num->ndigits++] = set[v % base];
		v /= base;
	} while (v);
}

static char number_sign(bool neg, const struct printf_spec *spec)
{
	if (neg)
		return '-';
	if (spec->conv != 'd' && spec->conv != 'i')
		return 0;
	if (spec->flags & FLAG_PLUS)
		return '+';
	return (spec->flags & FLAG_SPACE) ? ' ' : 0;
}

/* Sign, prefix and leading zeros; call after number_digits(). */
static void number_decorate(struct number *num, u64 v, bool neg,
			    const struct printf_spec *spec)
{
	bool alt = spec->flags & FLAG_ALT;
	int len;

	num->sign = number_sign(neg, spec);
	num->prefix = "";
	if (alt && v && number_base(spec->conv) == 16)
		num->prefix = spec->conv == 'X' ? "0X" : "0x";
	num->zeros = MAX(spec->precision - num->ndigits, 0);
	/* %#o: the first digit printed must be a 0. */
	if (alt && spec->conv == 'o' && !num->zeros &&
	    (!num->ndigits || num->digits[num->ndigits - 1] != '0'))
		num->zeros = 1;
	/* The '0' flag is ignored with '-' or with a precision. */
	if ((spec->flags & (FLAG_ZERO | FLAG_LEFT)) != FLAG_ZERO ||
	    spec->precision >= 0)
		return;
	len = !!num->sign + strlen(num->prefix) + num->zeros + num->ndigits;
	if (spec->width > len)
		num->zeros += spec->width - len;
}

static void emit_number(struct outbuf *o, const struct number *num,
			const struct printf_spec *spec)
{
	size_t plen = strlen(num->prefix);
	size_t len = !!num->sign + plen + num->zeros + num->ndigits;
	int i;

	pad_left(o, spec, len);
	if (num->sign)
		put_char(o, num->sign);
	put_chars(o, num->prefix, plen);
	put_repeat(o, '0', num->zeros);
	for (i = num->ndigits - 1; i >= 0; i--)
		put_char(o, num->digits[i]);
	pad_right(o, spec, len);
}

static void format_integer(struct outbuf *o, const struct printf_spec *spec,
			   va_list *ap)
{
	struct number num;
	bool neg = false;
	s64 sv;
	u64 v;

	if (spec->conv == 'd' || spec->conv == 'i') {
		sv = fetch_signed(spec->length, ap);
		neg = sv < 0;
		v = neg ? 0 - (u64)sv : (u64)sv;	/* right for INT64_MIN too */
	} else {
		v = fetch_unsigned(spec->length, ap);
	}
	number_digits(&num, v, spec);
	number_decorate(&num, v, neg, spec);
	emit_number(o, &num, spec);
}

/* @len bytes of @s padded to the field width (%s, %c and the %p texts). */
static void emit_padded(struct outbuf *o, const struct printf_spec *spec,
			const char *s, size_t len)
{
	pad_left(o, spec, len);
	put_chars(o, s, len);
	pad_right(o, spec, len);
}

/* @v as 16 hex digits; with @prefix "0x" first. */
static void emit_address(struct outbuf *o, const struct printf_spec *spec,
			 u64 v, const char *prefix)
{
	struct printf_spec hex = {
		.flags = spec->flags & FLAG_LEFT,
		.width = spec->width,
		.precision = 16,
		.conv = 'x',
	};
	struct number num;

	number_digits(&num, v, &hex);
	number_decorate(&num, v, false, &hex);
	num.prefix = prefix;
	emit_number(o, &num, &hex);
}

/* Plain %p: always 0x and 16 digits, so addresses line up in traces and
 * /proc. (Linux prints a hash of the address; Taskbase shows it.) */
static void format_pointer(struct outbuf *o, const struct printf_spec *spec,
			   va_list *ap)
{
	emit_address(o, spec, (uintptr_t)va_arg(*ap, void *), "0x");
}

/* %pS %ps %pB: the symbol, or the address as 0x... when none covers it. */
static void format_symbol_ptr(struct outbuf *o, const struct printf_spec *spec,
			      char ext, u64 addr)
{
	char buf[VSPRINTF_SYM_LEN];
	int len = vsprintf_symbol ? vsprintf_symbol(buf, sizeof(buf), addr, ext) : 0;

	if (len <= 0)
		len = scnprintf(buf, sizeof(buf), "0x%llx", (unsigned long long)addr);
	emit_padded(o, spec, buf, len);
}

/* %pK: what kptr_restrict lets the current task see. */
static void format_kptr(struct outbuf *o, const struct printf_spec *spec,
			u64 addr)
{
	switch (vsprintf_kptr_policy ? vsprintf_kptr_policy() : KPTR_AS_P) {
	case KPTR_AS_PX:
		emit_address(o, spec, addr, "");
		break;
	case KPTR_ZERO:
		emit_address(o, spec, 0, "");
		break;
	case KPTR_ERROR:
		emit_padded(o, spec, "pK-error", 8);
		break;
	default:
		emit_address(o, spec, addr, "0x");
	}
}

/* Is @c a %p extension letter we know (%px %pK %pS %ps %pB)? */
static bool pointer_extension(char c)
{
	return c == 'x' || c == 'K' || c == 'S' || c == 's' || c == 'B';
}

/* %p followed by extension @ext. */
static void format_pointer_ext(struct outbuf *o, const struct printf_spec *spec,
			       char ext, va_list *ap)
{
	u64 addr = (uintptr_t)va_arg(*ap, void *);

	if (ext == 'x')
		emit_address(o, spec, addr, "");
	else if (ext == 'K')
		format_kptr(o, spec, addr);
	else
		format_symbol_ptr(o, spec, ext, addr);
}

static void format_string(struct outbuf *o, const struct printf_spec *spec,
			  va_list *ap)
{
	const char *s = va_arg(*ap, const char *);
	size_t len;

	if (!s)
		s = "(null)";
	/* With a precision, @s need not be terminated: read no further. */
	len = spec->precision < 0 ? strlen(s) : strnlen(s, spec->precision);
	emit_padded(o, spec, s, len);
}

static void format_char(struct outbuf *o, const struct printf_spec *spec,
			va_list *ap)
{
	char c = (char)va_arg(*ap, int);

	emit_padded(o, spec, &c, 1);
}

/* Format one conversion; false for a letter we do not know. */
static bool format_one(struct outbuf *o, const struct printf_spec *spec,
		       va_list *ap)
{
	switch (spec->conv) {
	case 'd': case 'i': case 'u': case 'o': case 'x': case 'X':
		format_integer(o, spec, ap);
		return true;
	case 'p':
		format_pointer(o, spec, ap);
		return true;
	case 's':
		format_string(o, spec, ap);
		return true;
	case 'c':
		format_char(o, spec, ap);
		return true;
	case '%':
		put_char(o, '%');
		return true;
	default:
		return false;
	}
}

/* Format the conversion at @fmt (a '%'); returns what follows it. */
static const char *format_conversion(struct outbuf *o, const char *fmt,
				     va_list *ap)
{
	struct printf_spec spec;
	const char *end = parse_spec(fmt + 1, &spec, ap);

	if (*end)
		end++;
	if (spec.conv == 'p' && pointer_extension(*end)) {
		format_pointer_ext(o, &spec, *end, ap);
		end++;
		if (end[-1] != 'x' && end[-1] != 'K' && *end == 'R')
			end++;	/* %pSR: Linux's "resolve the alias", a no-op */
		return end;
	}
	/* Print an unknown or unfinished conversion as it stands. */
	if (!spec.conv || !format_one(o, &spec, ap))
		put_chars(o, fmt, end - fmt);
	return end;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct outbuf o = { .buf = buf, .size = size, .len = 0 };
	va_list args;

	va_copy(args, ap);
	while (*fmt) {
		if (*fmt == '%')
			fmt = format_conversion(&o, fmt, &args);
		else
			put_char(&o, *fmt++);
	}
	va_end(args);
	if (size)
		buf[MIN(o.len, size - 1)] = '\0';
	return o.len > INT32_MAX ? INT32_MAX : (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

int vscnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	int n = vsnprintf(buf, size, fmt, ap);

	if ((size_t)n < size)
		return n;
	return size ? (int)(size - 1) : 0;
}

int scnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vscnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
