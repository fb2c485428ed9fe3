# scripts/labs.mk: the graded labs (docs/labs/), included by the top-level
# Makefile after the kernel and initramfs rules.
#
#   make labs                 list the labs and their handouts
#   make lab LAB=n            a student tree for lab n in $(O)/labn: a copy
#                             of this tree with docs/labs/labn-*.patch
#                             applied, the solution replaced by a stub
#   make grade LAB=n          grade this tree (builds kernel + initramfs)
#   make grade LAB=n TREE=dir grade the tree in dir (built in dir/build)
#   make lab-check [LAB=n]    does every lab's patch (lab n's) still apply?
#   make lab-refresh [LAB=n]  rewrite every lab's patch (lab n's) for the
#                             code as it is now (docs/labs/README.md)
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

.PHONY: labs lab grade lab-check lab-refresh

labs:
	@$(PYTHON) scripts/lab.py list

lab:
	@$(PYTHON) scripts/lab.py strip $(LAB) $(O)/lab$(LAB)

lab-check:
	@$(PYTHON) scripts/lab.py check $(LAB)

lab-refresh:
	@$(PYTHON) scripts/lab.py refresh $(LAB)

# Without TREE, grade what this Makefile builds; with it, lab.py builds it.
grade: $(if $(TREE),,$(KERNEL) $(INITRAMFS))
	@$(PYTHON) scripts/lab.py grade $(LAB) --log $(O)/grade-logs \
		$(if $(TREE),--tree $(TREE),--kernel $(KERNEL) --initrd $(INITRAMFS))

.DEFAULT_GOAL := $(LABS_SAVED_DEFAULT_GOAL)
