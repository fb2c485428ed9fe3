# scripts/labs.mk: the graded labs (docs/labs/), included by the top-level
# Makefile after the kernel and initramfs rules.
#
#   make labs                 list the labs and their handouts
#   make lab LAB=n            a student tree for lab n in $(O)/labn: this
#                             tree with lab n's solution replaced by a stub
#   make grade LAB=n          grade this tree (builds kernel + initramfs)
#   make grade LAB=n TREE=dir grade the tree in dir (built in dir/build)
#
# scripts/lab.py does the work; tests/labs/labn.py is lab n's grader. The
# guests' console logs of a grading run go to $(O)/grade-logs.

LABS_SAVED_DEFAULT_GOAL := $(.DEFAULT_GOAL)

LAB ?=
TREE ?=

# Refuse early, before anything is built, when LAB is missing.
ifneq ($(filter lab grade,$(MAKECMDGOALS)),)
ifeq ($(LAB),)
$(error LAB=n is required (make labs lists them))
endif
endif

.PHONY: labs lab grade

labs:
	@$(PYTHON) scripts/lab.py list

lab:
	@$(PYTHON) scripts/lab.py strip $(LAB) $(O)/lab$(LAB)

# Without TREE, grade what this Makefile builds; with it, lab.py builds it.
grade: $(if $(TREE),,$(KERNEL) $(INITRAMFS))
	@$(PYTHON) scripts/lab.py grade $(LAB) --log $(O)/grade-logs \
		$(if $(TREE),--tree $(TREE),--kernel $(KERNEL) --initrd $(INITRAMFS))

.DEFAULT_GOAL := $(LABS_SAVED_DEFAULT_GOAL)
