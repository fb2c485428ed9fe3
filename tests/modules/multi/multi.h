/* What the objects of the multi module call in each other. */
int multi_helper(void);
int tbhelper_answer(void);
