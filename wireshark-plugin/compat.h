/* compat.h
 * Every difference between the Wireshark versions the glue builds against, in one
 * place: the rest of the glue uses only what is defined here.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef ENCDNS_COMPAT_H
#define ENCDNS_COMPAT_H

#define WS_BUILD_DLL
/* 4.0 on: one umbrella header, and the version in ws_version.h. Wireshark 3.4 has
 * neither: its installed config.h says the version the headers are of. */
#if defined(__has_include)
#if __has_include(<wireshark.h>)
#define ENCDNS_HAVE_WIRESHARK_H 1
#endif
#endif
#ifdef ENCDNS_HAVE_WIRESHARK_H
#include <wireshark.h>
#include <ws_version.h>
#else
#include <config.h>
#include <glib.h>
#include <ws_symbol_export.h>
#include <ws_attributes.h>
#include <epan/wmem/wmem.h>
#define WIRESHARK_VERSION_MAJOR VERSION_MAJOR
#define WIRESHARK_VERSION_MINOR VERSION_MINOR
#endif

#include <epan/expert.h>
#include <epan/packet.h>
#include <epan/prefs.h>
#include <epan/proto.h>
#include <epan/proto_data.h>
#include <epan/stats_tree.h>
#include <epan/tap.h>
#include <epan/to_str.h>
#include <epan/uat.h>
#include <wsutil/report_message.h>

#define ENCDNS_WS_AT_LEAST(major, minor)                                                            \
    (WIRESHARK_VERSION_MAJOR > (major) || (WIRESHARK_VERSION_MAJOR == (major) && WIRESHARK_VERSION_MINOR >= (minor)))

/* A plugin says what it is (tshark -G plugins) where the loader asks: the header that
 * declares the question is installed from 4.4 on. Detected, not assumed by version. */
#if defined(__has_include)
#if __has_include(<wsutil/plugins.h>)
#include <wsutil/plugins.h>
#endif
#endif
#ifdef WS_PLUGIN_DESC_DISSECTOR
#define ENCDNS_HAVE_PLUGIN_DESCRIBE 1
#endif

/* 3.4 has no log API of its own: GLib's. */
#if !ENCDNS_WS_AT_LEAST(4, 0)
#define ws_warning g_warning
#endif

/* epan's hooks for plugins: post_init, from 4.0 on. */
#if ENCDNS_WS_AT_LEAST(4, 0)
#define ENCDNS_EPAN_POST_INIT(fn) .post_init = (fn),
#else
#define ENCDNS_EPAN_POST_INIT(fn)
#endif

/* A stats_tree's packet callback is told the tap flags from 4.0 on. */
#if ENCDNS_WS_AT_LEAST(4, 0)
#define ENCDNS_TAP_FLAGS_PARAM , tap_flags_t flags _U_
#else
#define ENCDNS_TAP_FLAGS_PARAM
#endif

/* A field_info holds its value by pointer from 4.2 on, in place before. */
#if ENCDNS_WS_AT_LEAST(4, 2)
#define ENCDNS_FI_FVALUE(fi) ((fi)->value)
#else
#define ENCDNS_FI_FVALUE(fi) (&(fi)->value)
#endif

#if ENCDNS_WS_AT_LEAST(4, 6)
/* Labels say where their value is. */
#define ENCDNS_LABEL_HAS_VALUE_SPAN 1
/* In trees nobody shows, the protocol items at the top are faked too (earlier
 * versions fake only items under another item). */
#define ENCDNS_FAKES_TOP_PROTOCOLS 1
/* A data source describes itself. */
#define encdns_data_source_description get_data_source_description
#else
#define encdns_data_source_description get_data_source_name
#endif

/* Whether a data source has this name, as its description says ("name (N bytes)"):
 * a string formatted for every question, so asked only where a lookup by name could
 * not tell. */
static inline gboolean
encdns_data_source_described(const struct data_source *src, const char *name)
{
    char *d = encdns_data_source_description(src);
    size_t n = strlen(name);
    gboolean is = d && strncmp(d, name, n) == 0 && d[n] == ' ';
    wmem_free(NULL, d);
    return is;
}

#if !ENCDNS_WS_AT_LEAST(4, 7)
/* 3.4's to 4.6's packet.c keep a data source as its tvb and then its name; the glue
 * reads the name there once the first data source it meets has shown that layout to
 * agree with what the public calls say, and asks them otherwise. Asking costs more:
 * 3.4's get_data_source_tvb_by_name takes the list's links for its data sources and
 * finds nothing, descriptions are formatted strings (a thousand instructions each),
 * and a lookup by name walks the list with a call per source. */
struct encdns_data_source_layout {
    tvbuff_t *tvb;
    const char *name;
};

static inline gboolean
encdns_data_source_named(const struct data_source *src, const char *name)
{
    static int layout_agrees; /* 0: not yet seen; 1: agrees; -1: does not */
    const struct encdns_data_source_layout *s = (const struct encdns_data_source_layout *)src;
    if (layout_agrees == 0) {
        char *d = encdns_data_source_description(src);
        size_t n = s->tvb == get_data_source_tvb(src) && s->name ? strlen(s->name) : 0;
        layout_agrees = n > 0 && d && strncmp(d, s->name, n) == 0 && d[n] == ' ' ? 1 : -1;
        wmem_free(NULL, d);
    }
    if (layout_agrees < 0)
        return encdns_data_source_described(src, name);
    return s->name && strcmp(s->name, name) == 0;
}
#else
#define encdns_data_source_named encdns_data_source_described
#endif

/* ---- A function put in front of another dissector's ----
 * Wireshark tells nobody that a dissector was called; the glue learns where isakmp
 * starts each message by putting its own function in the handle isakmp registered,
 * the one every caller uses (the UDP and TCP port tables, Decode As, udpencap, EAP,
 * iketcp). struct dissector_handle is packet.c's own: its name comes first, its
 * function some words later (where depends on the version), after the word that
 * holds its kind. Before the target is touched, a handle the glue makes itself shows
 * where the function is in this build, and the target must agree with it: its name
 * where the public call says, a function of the same kind. Otherwise nothing is
 * written, and the caller is told. */
static inline gboolean
encdns_put_in_front(dissector_handle_t target, dissector_t ours, dissector_t probe_fn, int proto,
                    dissector_t *theirs)
{
    /* Six words: the size of the smallest layout (3.4 and 4.0), so never read past
     * the end of either handle. */
    enum { WORDS = 6 };
    dissector_handle_t probe = create_dissector_handle_with_name(probe_fn, proto, "encdns.layout-probe");
    void *const *p = (void *const *)probe;
    guint at = 0;
    for (guint i = 1; i < WORDS; i++) {
        if ((guintptr)p[i] == (guintptr)probe_fn) {
            if (at != 0)
                return FALSE; /* twice: not a layout the glue knows */
            at = i;
        }
    }
    if (at < 2 || p[0] != (const void *)dissector_handle_get_dissector_name(probe))
        return FALSE;
    void **t = (void **)target;
    /* The kind is an enum at the start of the word before the function (the rest of
     * that word may be padding). */
    if (t[0] != (const void *)dissector_handle_get_dissector_name(target) ||
        *(const int *)&t[at - 1] != *(const int *)&p[at - 1] || t[at] == NULL)
        return FALSE;
    *theirs = (dissector_t)(guintptr)t[at];
    t[at] = (void *)(guintptr)ours;
    return TRUE;
}

#endif
