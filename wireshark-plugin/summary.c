/* summary.c
 * The encdns tap and its stats tree: tshark -z encdns,tree, Statistics in the GUI.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "glue.h"

/* ---- The "encdns" tap and its stats tree (tshark -z encdns,tree) ---------------- */
int encdns_tap = -1;
static int st_root = -1;
#define ST_ROOT_NAME "IKEv2 encrypted DNS (RFC 9464)"

/* What this frame gives the tap; NULL when nobody listens. */
wmem_array_t *tap_entries;
const char *tap_sa;

void
tap_note(int what, const char *text)
{
    if (!tap_entries || !tap_sa || !text || !*text)
        return;
    tap_entry e = { tap_sa, text, what };
    wmem_array_append_one(tap_entries, e);
}

/* "IKE SA <initiator SPI>/<responder SPI>, responder <address>" for the stats tree. */
const char *
sa_label(packet_info *pinfo, field_info *fi)
{
    /* Only the header is read: `fi` may be the isakmp item or just its first field. */
    gint len = tvb_captured_length_remaining(fi->ds_tvb, fi->start);
    const guint8 *msg = captured_bytes(fi->ds_tvb, fi->start, len);
    guint8 key[SA_KEY_LEN];
    if (!msg || !encdns_sa_key(msg, (size_t)len, key))
        return NULL;
    const address *responder = encdns_ike_is_response(msg, (size_t)len) ? &pinfo->src : &pinfo->dst;
    char spis[2 * SA_KEY_LEN + 2];
    int n = 0;
    for (int i = 0; i < SA_KEY_LEN; i++)
        n += g_snprintf(spis + n, sizeof spis - n, i == SA_KEY_LEN / 2 ? "/%02x" : "%02x", key[i]);
    return wmem_strdup_printf(pinfo->pool, "IKE SA %s, responder %s", spis,
                              address_to_str(pinfo->pool, responder));
}

static tap_packet_status
encdns_stats_packet(stats_tree *st, packet_info *pinfo _U_, epan_dissect_t *edt _U_, const void *p,
                    tap_flags_t flags _U_)
{
    wmem_array_t *entries = (wmem_array_t *)p;
    for (guint i = 0; i < wmem_array_get_count(entries); i++) {
        const tap_entry *e = (const tap_entry *)wmem_array_index(entries, i);
        tick_stat_node(st, ST_ROOT_NAME, 0, TRUE);
        int sa = tick_stat_node(st, e->sa, st_root, TRUE);
        static const char *groups[] = { "Attributes", "Diagnostics", "Certificate" };
        int group = tick_stat_node(st, groups[e->what], sa, TRUE);
        tick_stat_node(st, e->text, group, FALSE);
    }
    return TAP_PACKET_REDRAW;
}

static void
encdns_stats_init(stats_tree *st)
{
    st_root = stats_tree_create_node(st, ST_ROOT_NAME, 0, STAT_DT_INT, TRUE);
}

void
summary_register(void)
{
    encdns_tap = register_tap("encdns");
}

void
summary_handoff(void)
{
    /* The tap is fed from the tree: ask for one, or a plain tshark -z run builds none. */
    stats_tree_register_plugin("encdns", "encdns", "IKEv2 Encrypted DNS (RFC 9464)", TL_REQUIRES_PROTO_TREE,
                               encdns_stats_packet, encdns_stats_init, NULL);
}
