/*
 * The kernel's own view of a Kconfig tree, for kbloat's reader to be checked against.
 * Linked with the objects `make tinyconfig` leaves in O/scripts/kconfig/ (every one but
 * conf.o), it runs the kernel's conf_parse() on the Kconfig file named first on the command
 * line and prints one line per symbol:  NAME <tab> TYPE <tab> DEFINED (1 when some `config`
 * defines it, 0 when it is only referred to). Constants and choices are left out. The time
 * conf_parse() took goes to stderr as "conf_parse_ms <n>".
 * Given a .config second, it reads it as conf does and adds, for bool and tristate symbols,
 * <tab> VALUE <tab> VISIBLE <tab> SELECTED: the value and how far prompts and selects
 * reach (0 n, 1 m, 2 y).
 *
 * Build: cc -I TREE/scripts/kconfig -I TREE/scripts/include -I O/scripts/kconfig \
 *           kconfig-symbols.c O/scripts/kconfig/{confdata,expr,lexer.lex,menu,parser.tab,
 *           preprocess,symbol,util}.o -o kconfig-symbols
 * Run it in O with the environment the kernel's Makefile gives scripts/kconfig/conf.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "lkc.h"

#if __has_include("internal.h")
/* since 6.9; 5.10's lkc.h and expr.h hold everything */
#include "internal.h"
#endif

#ifdef hash_for_each
/* since 6.9 symbols sit in a generic hash table walked by for_all_symbols(sym) */
#define KBLOAT_NEW_TABLE 1
#endif

static int is_defined(struct symbol *sym)
{
#ifdef KBLOAT_NEW_TABLE
	return !list_empty(&sym->menus);
#else
	struct property *prop;

	for (prop = sym->prop; prop; prop = prop->next)
		if (prop->type == P_SYMBOL)
			return 1;
	return 0;
#endif
}

static void print_symbol(struct symbol *sym, int with_values)
{
	if (!sym->name || (sym->flags & SYMBOL_CONST))
		return;
#ifdef SYMBOL_CHOICE
	if (sym->flags & SYMBOL_CHOICE)
		return;
#endif
	printf("%s\t%s\t%d", sym->name, sym_type_name(sym->type), is_defined(sym));
	if (with_values && (sym->type == S_BOOLEAN || sym->type == S_TRISTATE)) {
		sym_calc_value(sym);
		printf("\t%d\t%d\t%d", sym_get_tristate_value(sym), sym->visible, sym->rev_dep.tri);
	}
	printf("\n");
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
	struct symbol *sym;
	double start;

	if (argc != 2 && argc != 3) {
		fprintf(stderr, "usage: %s Kconfig [.config]\n", argv[0]);
		return 2;
	}
	start = now_ms();
	conf_parse(argv[1]);
	fprintf(stderr, "conf_parse_ms %.1f\n", now_ms() - start);
	if (argc == 3 && conf_read(argv[2])) {
		fprintf(stderr, "cannot read %s\n", argv[2]);
		return 1;
	}
#ifdef KBLOAT_NEW_TABLE
	for_all_symbols(sym)
		print_symbol(sym, argc == 3);
#else
	{
		int i;

		for_all_symbols(i, sym)
			print_symbol(sym, argc == 3);
	}
#endif
	return 0;
}
