/*
 * Module parameters: "insmod foo.ko name=value ..." applied to the
 * variables module_param() put in the module's __param section, with
 * Linux's rules: words split at spaces outside double quotes, quotes
 * stripped from the value, '-' and '_' the same in names, bool as
 * y/n/Y/N/1/0 (no value: true), numbers in C's bases. A value of the wrong
 * form fails the load ("`x' invalid for parameter `p'"); an unknown name is
 * reported and ignored, as Linux does for modules. The param_ops_* types
 * are exported for the module API headers.
 */
#include "kernel/module/internal.h"
#include "kernel/mm/slab.h"
#include "kernel/printk/printk.h"
#include "lib/ctype.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "lib/vsprintf.h"

#define KERNEL_PARAM_OPS_FL_NOARG 1	/* the value may be left out (bool) */
#define MAX_CHARP_LEN 1024
#define PARAM_BUF 4096			/* what a get() may write, as Linux's page */

/* Strings charp parameters were given, so they can be freed again. */
struct kmalloced_param {
	struct list_head list;
	char val[];
};
static LIST_HEAD(kmalloced_params);

static bool parameq(const char *a, const char *b)
{
	for (; *a || *b; a++, b++) {
		char ca = *a == '-' ? '_' : *a, cb = *b == '-' ? '_' : *b;

		if (ca != cb)
			return false;
	}
	return true;
}

/* Split off the next "param[=val]" of @args (Linux's next_arg()). */
static char *next_arg(char *args, char **param, char **val)
{
	unsigned int i, equals = 0;
	bool in_quote = false, quoted = false;

	if (*args == '"') {
		args++;
		in_quote = quoted = true;
	}
	for (i = 0; args[i]; i++) {
		if (isspace(args[i]) && !in_quote)
			break;
		if (!equals && args[i] == '=')
			equals = i;
		if (args[i] == '"')
			in_quote = !in_quote;
	}
	*param = args;
	*val = NULL;
	if (equals) {
		args[equals] = '\0';
		*val = args + equals + 1;
		if (**val == '"') {
			(*val)++;
			if (args[i - 1] == '"')
				args[i - 1] = '\0';
		}
	}
	if (quoted && i > 0 && args[i - 1] == '"')
		args[i - 1] = '\0';
	if (args[i])
		args[i++] = '\0';
	args += i;
	while (isspace(*args))
		args++;
	return args;
}

/* Set one parameter: 0, -ENOENT if @mod has none called @param, or the
 * setter's error. */
static int parse_one(struct module *mod, char *param, char *val)
{
	const struct mod_priv *p = mod_priv(mod);

	for (unsigned int i = 0; i < p->num_kp; i++) {
		const struct kernel_param *kp = &p->kp[i];

		if (!parameq(param, kp->name))
			continue;
		if (!val && !(kp->ops->flags & KERNEL_PARAM_OPS_FL_NOARG))
			return -EINVAL;
		return kp->ops->set(val, kp);
	}
	return -ENOENT;
}

int module_parse_args(struct module *mod, char *args)
{
	char *param, *val;
	int ret;

	while (isspace(*args))
		args++;
	while (*args) {
		args = next_arg(args, &param, &val);
		if (!strcmp(param, "--"))
			break;
		ret = parse_one(mod, param, val);
		if (ret == -ENOENT) {
			pr_warn("%s: unknown parameter '%s' ignored\n", mod->name, param);
			continue;
		}
		if (ret == -ENOSPC)
			pr_err("%s: `%s' too large for parameter `%s'\n", mod->name,
			       val ? val : "", param);
		else if (ret)
			pr_err("%s: `%s' invalid for parameter `%s'\n", mod->name,
			       val ? val : "", param);
		if (ret)
			return ret;
	}
	return 0;
}

void module_destroy_params(struct module *mod)
{
	const struct mod_priv *p = mod_priv(mod);

	for (unsigned int i = 0; i < p->num_kp; i++)
		if (p->kp[i].ops->free)
			p->kp[i].ops->free(p->kp[i].arg);
}

/* ---- the standard types ---- */

static int set_signed(const char *val, s64 min, s64 max, s64 *out)
{
	int err = kstrtoll(val, 0, out);

	return err ? err : (*out < min || *out > max) ? -ERANGE : 0;
}

static int set_unsigned(const char *val, u64 max, u64 *out)
{
	int err = kstrtoull(val, 0, out);

	return err ? err : *out > max ? -ERANGE : 0;
}

/*
 * Every param_set_X(val, kp) stores @val, parsed as X, at kp->arg: 0 or
 * -EINVAL/-ERANGE/-ENOSPC/-ENOMEM; every param_get_X(buf, kp) writes the
 * value and a newline into the page @buf and returns the length.
 */

/* param_set_NAME, param_get_NAME and param_ops_NAME for an integer type
 * whose values lie in [min, max] (parsed as @wide: s64 or u64). */
#define STANDARD_PARAM_DEF(name, type, fmt, wide, parse, ...)		\
	int param_set_##name(const char *val, const struct kernel_param *kp) \
	{								\
		wide v;							\
		int err = parse(val, __VA_ARGS__, &v);			\
									\
		if (!err)						\
			*(type *)kp->arg = (type)v;			\
		return err;						\
	}								\
	int param_get_##name(char *buf, const struct kernel_param *kp)	\
	{								\
		return scnprintf(buf, PARAM_BUF, fmt "\n", *(type *)kp->arg); \
	}								\
	const struct kernel_param_ops param_ops_##name = {		\
		.set = param_set_##name, .get = param_get_##name,	\
	};								\
	EXPORT_SYMBOL(param_set_##name);				\
	EXPORT_SYMBOL(param_get_##name);				\
	EXPORT_SYMBOL(param_ops_##name)

STANDARD_PARAM_DEF(byte, unsigned char, "%hhu", u64, set_unsigned, 0xff);
STANDARD_PARAM_DEF(short, short, "%hi", s64, set_signed, -0x8000, 0x7fff);
STANDARD_PARAM_DEF(ushort, unsigned short, "%hu", u64, set_unsigned, 0xffff);
STANDARD_PARAM_DEF(int, int, "%i", s64, set_signed, -0x7fffffffll - 1, 0x7fffffff);
STANDARD_PARAM_DEF(uint, unsigned int, "%u", u64, set_unsigned, 0xffffffffu);
STANDARD_PARAM_DEF(long, long, "%li", s64, set_signed, -0x7fffffffffffffffll - 1,
		   0x7fffffffffffffffll);
STANDARD_PARAM_DEF(ulong, unsigned long, "%lu", u64, set_unsigned, ~0ull);
STANDARD_PARAM_DEF(ullong, unsigned long long, "%llu", u64, set_unsigned, ~0ull);

/* Free @p if a charp parameter's set() allocated it. */
static void maybe_kfree_parameter(void *p)
{
	struct kmalloced_param *k;

	list_for_each_entry(k, &kmalloced_params, list) {
		if (k->val == p) {
			list_del(&k->list);
			kfree(k);
			return;
		}
	}
}

/* charp: a kmalloc'ed copy of @val replaces the old string (freed if it
 * was ours); 0, -ENOSPC (too long) or -ENOMEM. */
int param_set_charp(const char *val, const struct kernel_param *kp)
{
	size_t len = strlen(val);
	struct kmalloced_param *k;

	if (len > MAX_CHARP_LEN) {
		pr_err("%s: string parameter too long\n", kp->name);
		return -ENOSPC;
	}
	k = kmalloc(sizeof(*k) + len + 1, GFP_KERNEL);
	if (!k)
		return -ENOMEM;
	memcpy(k->val, val, len + 1);
	maybe_kfree_parameter(*(char **)kp->arg);
	list_add_tail(&k->list, &kmalloced_params);
	*(char **)kp->arg = k->val;
	return 0;
}
EXPORT_SYMBOL(param_set_charp);

/* charp: the string and a newline into @buf; its length. */
int param_get_charp(char *buf, const struct kernel_param *kp)
{
	return scnprintf(buf, PARAM_BUF, "%s\n", *(char **)kp->arg);
}
EXPORT_SYMBOL(param_get_charp);

/* charp: free the string at *@arg if param_set_charp() made it. */
void param_free_charp(void *arg)
{
	maybe_kfree_parameter(*(char **)arg);
}
EXPORT_SYMBOL(param_free_charp);

const struct kernel_param_ops param_ops_charp = {
	.set = param_set_charp, .get = param_get_charp, .free = param_free_charp,
};
EXPORT_SYMBOL(param_ops_charp);

/* Linux's kstrtobool(): y/Y/1/t/T, n/N/0/f/F, on/off. */
static int strtobool(const char *s, bool *res)
{
	if (!s)
		s = "1";	/* "insmod foo.ko flag" means flag=y */
	switch (s[0]) {
	case 'y': case 'Y': case '1': case 't': case 'T':
		*res = true;
		return 0;
	case 'n': case 'N': case '0': case 'f': case 'F':
		*res = false;
		return 0;
	case 'o': case 'O':
		if (s[1] == 'n' || s[1] == 'N' || s[1] == 'f' || s[1] == 'F') {
			*res = s[1] == 'n' || s[1] == 'N';
			return 0;
		}
	}
	return -EINVAL;
}

/* bool: y/Y/1/t/T/on or n/N/0/f/F/off (no value: true); 0 or -EINVAL. */
int param_set_bool(const char *val, const struct kernel_param *kp)
{
	return strtobool(val, kp->arg);
}
EXPORT_SYMBOL(param_set_bool);

/* bool: "Y\n" or "N\n" into @buf; its length. */
int param_get_bool(char *buf, const struct kernel_param *kp)
{
	return scnprintf(buf, PARAM_BUF, "%c\n", *(bool *)kp->arg ? 'Y' : 'N');
}
EXPORT_SYMBOL(param_get_bool);

const struct kernel_param_ops param_ops_bool = {
	.flags = KERNEL_PARAM_OPS_FL_NOARG,
	.set = param_set_bool, .get = param_get_bool,
};
EXPORT_SYMBOL(param_ops_bool);

/* invbool: as param_set_bool(), storing the opposite; 0 or -EINVAL. */
int param_set_invbool(const char *val, const struct kernel_param *kp)
{
	bool b;
	int err = strtobool(val, &b);

	if (!err)
		*(bool *)kp->arg = !b;
	return err;
}
EXPORT_SYMBOL(param_set_invbool);

/* invbool: "N\n" when the bool is true, "Y\n" when false; its length. */
int param_get_invbool(char *buf, const struct kernel_param *kp)
{
	return scnprintf(buf, PARAM_BUF, "%c\n", *(bool *)kp->arg ? 'N' : 'Y');
}
EXPORT_SYMBOL(param_get_invbool);

const struct kernel_param_ops param_ops_invbool = {
	.set = param_set_invbool, .get = param_get_invbool,
};
EXPORT_SYMBOL(param_ops_invbool);

/* string: copy @val into the module's array; 0, or -ENOSPC when it
 * does not fit in maxlen - 1 characters. */
int param_set_copystring(const char *val, const struct kernel_param *kp)
{
	const struct kparam_string *kps = kp->str;

	if (strlen(val) + 1 > kps->maxlen) {
		pr_err("%s: string doesn't fit in %u chars.\n", kp->name, kps->maxlen - 1);
		return -ENOSPC;
	}
	strlcpy(kps->string, val, kps->maxlen);
	return 0;
}
EXPORT_SYMBOL(param_set_copystring);

/* string: the array's text and a newline into @buf; its length. */
int param_get_string(char *buf, const struct kernel_param *kp)
{
	return scnprintf(buf, PARAM_BUF, "%s\n", kp->str->string);
}
EXPORT_SYMBOL(param_get_string);

const struct kernel_param_ops param_ops_string = {
	.set = param_set_copystring, .get = param_get_string,
};
EXPORT_SYMBOL(param_ops_string);

/* ---- arrays: "a,b,c" ---- */

static size_t comma_span(const char *s)
{
	const char *c = strchr(s, ',');

	return c ? (size_t)(c - s) : strlen(s);
}

static int param_array_set(const char *val, const struct kernel_param *kp)
{
	const struct kparam_array *arr = kp->arr;
	struct kernel_param elem = *kp;
	unsigned int temp_num, *num = arr->num ? arr->num : &temp_num;
	char save;

	*num = 0;
	elem.arg = arr->elem;
	do {
		size_t len = comma_span(val);
		int err;

		if (*num == arr->max) {
			pr_err("%s: can only take %u arguments\n", kp->name, arr->max);
			return -EINVAL;
		}
		save = val[len];
		((char *)val)[len] = '\0';
		err = arr->ops->set(val, &elem);
		if (err)
			return err;
		elem.arg = (char *)elem.arg + arr->elemsize;
		val += len + 1;
		(*num)++;
	} while (save == ',');
	return 0;
}

static int param_array_get(char *buf, const struct kernel_param *kp)
{
	const struct kparam_array *arr = kp->arr;
	struct kernel_param elem = *kp;
	unsigned int n = arr->num ? *arr->num : arr->max;
	int off = 0;

	for (unsigned int i = 0; i < n && off < PARAM_BUF - 1; i++) {
		if (i)
			buf[off++] = ',';
		elem.arg = (char *)arr->elem + i * arr->elemsize;
		off += arr->ops->get(buf + off, &elem);
		if (off > 0 && buf[off - 1] == '\n')
			off--;	/* the elements' own newlines go */
	}
	buf[off++] = '\n';
	buf[off] = '\0';
	return off;
}

static void param_array_free(void *arg)
{
	const struct kparam_array *arr = arg;

	for (unsigned int i = 0; arr->ops->free && i < (arr->num ? *arr->num : arr->max); i++)
		arr->ops->free((char *)arr->elem + i * arr->elemsize);
}

const struct kernel_param_ops param_array_ops = {
	.set = param_array_set, .get = param_array_get, .free = param_array_free,
};
EXPORT_SYMBOL(param_array_ops);
