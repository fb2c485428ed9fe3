/*
 * Character classes for the "C" locale (plain ASCII), as static inline
 * functions so the kernel needs no lookup table. Arguments are ints as in
 * <ctype.h>; bytes above 0x7f belong to no class.
 */
#ifndef LIB_CTYPE_H
#define LIB_CTYPE_H

#include "lib/types.h"

/* '0'..'9' */
static inline int isdigit(int c)
{
	return c >= '0' && c <= '9';
}

/* 'A'..'Z' */
static inline int isupper(int c)
{
	return c >= 'A' && c <= 'Z';
}

/* 'a'..'z' */
static inline int islower(int c)
{
	return c >= 'a' && c <= 'z';
}

/* A letter of either case. */
static inline int isalpha(int c)
{
	return isupper(c) || islower(c);
}

/* A letter or a decimal digit. */
static inline int isalnum(int c)
{
	return isalpha(c) || isdigit(c);
}

/* A hexadecimal digit, either case. */
static inline int isxdigit(int c)
{
	return isdigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Space, \t, \n, \v, \f or \r. */
static inline int isspace(int c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* A printable character, space included (0x20..0x7e). */
static inline int isprint(int c)
{
	return c >= 0x20 && c <= 0x7e;
}

/* The upper-case letter for @c; any other value comes back unchanged. */
static inline int toupper(int c)
{
	return islower(c) ? c - 'a' + 'A' : c;
}

/* The lower-case letter for @c; any other value comes back unchanged. */
static inline int tolower(int c)
{
	return isupper(c) ? c - 'A' + 'a' : c;
}

#endif
