/* frontend.c
 * What the program that loaded the plugin does with its dissections, read once from
 * its command line (Linux /proc; anywhere else nothing is known, and the plugin
 * works as for an unknown program):
 * - tshark -T fields prints field values and never labels;
 * - tshark -e encdns prints the protocol's own item, which 4.0 (a shown tree, nothing
 *   marked as asked for) would otherwise not get where fields sit under isakmp's;
 * - tshark -2, sharkd and the GUI look at frames again after the first pass, sharkd
 *   and the GUI in any order: their first pass must see every frame's IKE messages
 *   and TLS certificates, with or without a filter, coloring rules or a tap;
 * - the GUI also dissects the whole capture again from the start (new preferences,
 *   Decode As), and decides whether that pass builds a tree before the plugin hears
 *   of it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "glue.h"

static gboolean fields_only;
static gboolean prints_protocol;
static gboolean looks_again;
static gboolean redissects;

/* tshark's short options that take an argument (getopt: "x:"), in every version the
 * glue builds for; the others are flags, and a flag may share its '-' with others. */
static const char tshark_with_argument[] = "aAbBcCdeEfFGHijJKMNoOrRsStTuUwWXyYz";

static void
read_tshark_options(char **argv, guint argc)
{
    for (guint i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] != '-' || a[1] == '\0' || strcmp(a, "--") == 0)
            return; /* tshark stops at the first operand (its capture filter) */
        if (a[1] == '-')
            continue; /* a long option: none of them concerns us */
        for (const char *c = a + 1; *c; c++) {
            if (*c == '2') {
                looks_again = TRUE;
                continue;
            }
            if (!strchr(tshark_with_argument, *c))
                continue;
            /* The rest of this word is the argument, or else the next word is. */
            const char *value = c[1] ? c + 1 : (i + 1 < argc ? argv[++i] : "");
            if (*c == 'T')
                fields_only = strcmp(value, "fields") == 0;
            else if (*c == 'e' && strcmp(value, "encdns") == 0)
                prints_protocol = TRUE;
            break;
        }
    }
}

void
frontend_read(void)
{
    gchar *cmdline = NULL;
    gsize len = 0;
    if (!g_file_get_contents("/proc/self/cmdline", &cmdline, &len, NULL))
        return;
    /* NUL-separated words; g_file_get_contents adds a NUL after the last. */
    GPtrArray *argv = g_ptr_array_new();
    for (gsize at = 0; at < len; at += strlen(cmdline + at) + 1)
        g_ptr_array_add(argv, cmdline + at);
    if (argv->len > 0) {
        gchar *name = g_path_get_basename((const char *)g_ptr_array_index(argv, 0));
        if (strcmp(name, "tshark") == 0)
            read_tshark_options((char **)argv->pdata, argv->len);
        else if (strcmp(name, "sharkd") == 0)
            looks_again = TRUE;
        else if (strcmp(name, "wireshark") == 0)
            looks_again = redissects = TRUE;
        g_free(name);
    }
    g_ptr_array_free(argv, TRUE);
    g_free(cmdline);
}

gboolean
frontend_fields_only(void)
{
    return fields_only;
}

gboolean
frontend_prints_protocol(void)
{
    return prints_protocol;
}

gboolean
frontend_looks_again(void)
{
    return looks_again;
}

gboolean
frontend_redissects(void)
{
    return redissects;
}
