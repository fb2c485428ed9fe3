/*
 * The decision of fault injection (see fault-inject.h), in Linux's
 * order: the failures left, the bytes to let through, the interval, then
 * the dice. Pure, so tests/host/test_fault_inject.c checks it on the host.
 */
#include "lib/fault-inject.h"
#include "lib/errno.h"
#include "lib/string.h"

bool fault_should_fail(struct fault_attr *attr, u64 size, u32 rnd)
{
	if (attr->times == 0 || attr->probability == 0)
		return false;
	if (attr->space > 0) {
		attr->space -= (s64)size;
		if (attr->space >= 0)
			return false;
		attr->space = 0;
	}
	attr->count++;
	if (attr->interval > 1 && attr->count % attr->interval)
		return false;
	if (attr->probability < 100 && rnd % 100 >= attr->probability)
		return false;
	if (attr->times > 0)
		attr->times--;
	attr->failures++;
	return true;
}

/* The next comma-separated field of *@s into @buf: false when none. */
static bool next_field(const char **s, char *buf, size_t size)
{
	const char *end = strchr(*s, ',');
	size_t len = end ? (size_t)(end - *s) : strlen(*s);

	if (!**s && !end)
		return false;
	if (len >= size)
		return false;
	memcpy(buf, *s, len);
	buf[len] = '\0';
	*s += len + (end ? 1 : 0);
	return true;
}

int fault_attr_parse(struct fault_attr *attr, const char *str)
{
	s64 v[4];
	char buf[24];
	const char *s = str;

	if (!str)
		return -EINVAL;
	for (int i = 0; i < 4; i++)
		if (!next_field(&s, buf, sizeof(buf)) || kstrtoll(buf, 0, &v[i]))
			return -EINVAL;
	if (*s || v[0] < 0 || v[1] < 0 || v[1] > 100 || v[2] < 0 || v[3] < -1)
		return -EINVAL;
	attr->interval = (u32)v[0];
	attr->probability = (u32)v[1];
	attr->space = v[2];
	attr->times = v[3];
	return 0;
}
