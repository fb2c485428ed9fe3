/* File permission bits, for module_param()'s perm (Linux's values). */
#ifndef _LINUX_STAT_H
#define _LINUX_STAT_H

#define S_IRWXU 00700
#define S_IRUSR 00400
#define S_IWUSR 00200
#define S_IXUSR 00100
#define S_IRWXG 00070
#define S_IRGRP 00040
#define S_IWGRP 00020
#define S_IXGRP 00010
#define S_IRWXO 00007
#define S_IROTH 00004
#define S_IWOTH 00002
#define S_IXOTH 00001

/* Spelled as kernel/fs/vfs.h spells the ones it has too. */
#define S_IRWXUGO 0000777
#define S_IALLUGO 0007777
#define S_IRUGO (S_IRUSR | S_IRGRP | S_IROTH)
#define S_IWUGO 0000222
#define S_IXUGO 0000111
#define S_ISUID 0004000
#define S_ISGID 0002000
#define S_ISVTX 0001000

#endif
