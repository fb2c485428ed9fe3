/* What core_mod exports, for its users. */
extern int core_mod_value;
int core_mod_twice(int x);
