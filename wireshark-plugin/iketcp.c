/* iketcp.c
 * RFC 9329 streams: TCP connections that carry IKE messages and ESP packets. This file
 * knows TCP (conversations, reassembly, the port) and hands each message to
 * Wireshark's own isakmp or esp dissector, so that decryption, fragments and the RFC
 * 9464 attributes work as over UDP; where each unit begins, what it holds and what is
 * wrong with it is the crate's (encdns_iketcp_*).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "glue.h"

#include <epan/conversation.h>
#include <epan/exceptions.h>
#include <epan/show_exception.h>
#include <epan/dissectors/packet-tcp.h>

static gint ett_iketcp = -1;
static dissector_handle_t iketcp_handle;
static dissector_handle_t isakmp_handle;
static dissector_handle_t esp_handle;
/* Connections of this capture taken as RFC 9329's: while there are none, a segment
 * that does not begin like one is left alone without a conversation lookup (most
 * traffic on the port, in most captures). */
static guint claimed;

/* One direction of a connection, as its first pass found it. */
typedef struct {
    gboolean seq_known;
    guint32 start_seq;        /* TCP's number of its first octet */
    gboolean started;         /* its first unit was read */
    gboolean prefix;          /* ... and was the prefix */
    EncdnsIketcpSides sides;  /* what the other direction had shown by then */
    guint32 first_frame;      /* the frame of that first unit when it was reassembled */
    gboolean first_pending;   /* its first unit waits for more segments */
    guint32 lost_frame;       /* the frame after which its framing is lost (0: never) */
} iketcp_direction;

typedef struct {
    gboolean decided;
    gboolean ours;
    address side0;            /* the source of the first octets seen */
    guint32 port0;
    iketcp_direction dir[2];
} iketcp_conversation;

static iketcp_conversation *
conversation_of(packet_info *pinfo)
{
    conversation_t *conv = find_or_create_conversation(pinfo);
    iketcp_conversation *c = (iketcp_conversation *)conversation_get_proto_data(conv, ids.protos[ENCDNS_PROTOCOL_IKETCP]);
    if (!c) {
        c = wmem_new0(wmem_file_scope(), iketcp_conversation);
        copy_address_wmem(wmem_file_scope(), &c->side0, &pinfo->src);
        c->port0 = pinfo->srcport;
        conversation_add_proto_data(conv, ids.protos[ENCDNS_PROTOCOL_IKETCP], c);
    }
    return c;
}

static guint
direction_of(const iketcp_conversation *c, packet_info *pinfo)
{
    return addresses_equal(&c->side0, &pinfo->src) && c->port0 == pinfo->srcport ? 0 : 1;
}

/* Up to ENCDNS_IKETCP_HEAD_MAX of the octets at `offset`, copied out of the tvb (no
 * Wireshark exception may cross the crate's frames); how many. */
static guint32
head_of(tvbuff_t *tvb, gint offset, guint8 *head)
{
    gint n = tvb_captured_length_remaining(tvb, offset);
    n = MIN(MAX(n, 0), (gint)ENCDNS_IKETCP_HEAD_MAX);
    if (n > 0)
        tvb_memcpy(tvb, head, offset, (size_t)n);
    return (guint32)n;
}

/* Whether the unit at `offset` begins its direction's stream: where TCP numbers it
 * so, or (reassembled) where the first pass found that unit. */
static gboolean
unit_is_first(const iketcp_direction *d, const struct tcpinfo *tcp, packet_info *pinfo, gint offset)
{
    if (tcp->is_reassembled)
        return offset == 0 && d->first_frame == pinfo->num;
    return d->seq_known && tcp->seq + (guint32)offset == d->start_seq;
}

static void
dissect_unit(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, const guint8 *head, guint32 n, guint32 len,
             const EncdnsIketcpSides *sides, guint8 *unit)
{
    EncdnsIketcpUnitDesc u;
    if (!encdns_iketcp_read(head, n, len, sides, &u)) {
        *unit = ENCDNS_IKETCP_UNIT_SHORT;
        return;
    }
    *unit = u.unit;
    proto_item *ti = proto_tree_add_item(tree, ids.protos[ENCDNS_PROTOCOL_IKETCP], tvb, 0, (gint)len, ENC_NA);
    proto_tree *t = proto_item_add_subtree(ti, ett_iketcp);
    for (guint i = 0; i < u.n_items && i < G_N_ELEMENTS(u.items); i++)
        render_item(t, &u.items[i], tvb, 0, head);
    if (u.has_finding && u.code < ids.n_codes)
        proto_tree_add_expert_format(t, pinfo, &ids.ei[u.code], tvb, (gint)u.diag_offset,
                                     (gint)MIN(u.diag_length, len - MIN(u.diag_offset, len)), "%s", u.message);
    dissector_handle_t next = u.unit == ENCDNS_IKETCP_UNIT_IKE ? isakmp_handle
                            : u.unit == ENCDNS_IKETCP_UNIT_ESP ? esp_handle
                                                                : NULL;
    if (!next || u.content_offset >= len)
        return;
    tvbuff_t *content = tvb_new_subset_length(tvb, (gint)u.content_offset, (gint)(len - u.content_offset));
    /* A malformed message spoils that message only: the units after it are still read. */
    TRY {
        call_dissector(next, content, pinfo, tree);
    }
    CATCH_NONFATAL_ERRORS {
        show_exception(content, pinfo, tree, EXCEPT_CODE, GET_MESSAGE);
    }
    ENDTRY;
}

static int
dissect_iketcp(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
    struct tcpinfo *tcp = (struct tcpinfo *)data;
    if (!tcp)
        return 0;
    gboolean visited = PINFO_FD_VISITED(pinfo);
    guint8 head[ENCDNS_IKETCP_HEAD_MAX];
    guint32 n0 = head_of(tvb, 0, head);
    gboolean looks_ours = encdns_iketcp_looks(head, n0) != ENCDNS_IKETCP_LOOKS_OTHER;
    if (!looks_ours && claimed == 0)
        return 0;
    iketcp_conversation *c = conversation_of(pinfo);
    if (!c->decided) {
        /* The connection's first octets say whether it is RFC 9329's (the prefix, or
         * the framing of an IKEv2 message): any other use of the port is left alone. */
        if (visited)
            return 0;
        c->ours = looks_ours;
        c->decided = c->ours || n0 >= ENCDNS_IKETCP_HEAD_MAX;
        if (!c->ours)
            return 0;
        claimed++;
    }
    if (!c->ours)
        return 0;
    guint side = direction_of(c, pinfo);
    iketcp_direction *d = &c->dir[side];
    const iketcp_direction *other = &c->dir[1 - side];
    if (!visited && !d->seq_known && !tcp->is_reassembled) {
        d->seq_known = TRUE;
        d->start_seq = tcp->seq;
    }
    if (!visited && tcp->is_reassembled && d->first_pending) {
        d->first_pending = FALSE;
        d->first_frame = pinfo->num;
    }
    col_set_str(pinfo->cinfo, COL_PROTOCOL, "IKETCP");
    col_clear(pinfo->cinfo, COL_INFO);

    gint len = (gint)tvb_reported_length(tvb);
    if (d->lost_frame && pinfo->num > d->lost_frame) {
        proto_item *ti = proto_tree_add_item(tree, ids.protos[ENCDNS_PROTOCOL_IKETCP], tvb, 0, len, ENC_NA);
        proto_item_append_text(ti, " (framing lost in frame %u)", d->lost_frame);
        col_set_str(pinfo->cinfo, COL_INFO, "Continuation (framing lost)");
        return len;
    }
    gint offset = 0;
    guint units = 0;
    while (offset < len) {
        gboolean first = unit_is_first(d, tcp, pinfo, offset);
        guint32 n = head_of(tvb, offset, head);
        guint32 ulen;
        gint left = len - offset;
        if (!encdns_iketcp_unit_len(head, n, first, &ulen) || (ulen != ENCDNS_IKETCP_REST && ulen > (guint32)left)) {
            if (pinfo->can_desegment) {
                pinfo->desegment_offset = offset;
                pinfo->desegment_len = encdns_iketcp_unit_len(head, n, first, &ulen) ? ulen - (guint32)left
                                                                                       : DESEGMENT_ONE_MORE_SEGMENT;
                if (first && !visited)
                    d->first_pending = TRUE;
                return len;
            }
            ulen = (guint32)left; /* no reassembly: what there is */
        }
        if (ulen == ENCDNS_IKETCP_REST)
            ulen = (guint32)left;
        EncdnsIketcpSides sides = { first, other->prefix, other->started };
        if (first && d->started)
            sides = d->sides; /* as the first pass saw it */
        if (units++ > 0) {
            col_append_str(pinfo->cinfo, COL_INFO, " | ");
            col_set_fence(pinfo->cinfo, COL_INFO);
        }
        guint8 unit;
        dissect_unit(tvb_new_subset_length(tvb, offset, (gint)ulen), pinfo, tree, head, n, ulen, &sides, &unit);
        const char *column = encdns_iketcp_column(unit);
        if (column)
            col_append_str(pinfo->cinfo, COL_INFO, column);
        if (!visited && first && !d->started) {
            d->started = TRUE;
            d->prefix = unit == ENCDNS_IKETCP_UNIT_PREFIX;
            d->sides = sides;
        }
        if (!visited && unit == ENCDNS_IKETCP_UNIT_LOST)
            d->lost_frame = pinfo->num;
        offset += (gint)ulen;
    }
    return len;
}

static void
iketcp_init(void)
{
    claimed = 0;
}

void
iketcp_register(void)
{
    register_init_routine(iketcp_init);
    static gint *etts[] = { &ett_iketcp };
    proto_register_subtree_array(etts, G_N_ELEMENTS(etts));
    iketcp_handle = create_dissector_handle(dissect_iketcp, ids.protos[ENCDNS_PROTOCOL_IKETCP]);
}

void
iketcp_handoff(void)
{
    isakmp_handle = find_dissector("isakmp");
    esp_handle = find_dissector("esp");
    if (!isakmp_handle || !esp_handle)
        ws_warning("encdns: this Wireshark has no %s dissector; IKE over TCP is not decoded",
                   !isakmp_handle ? "isakmp" : "esp");
    /* The port, a preference ("TCP port"), and Decode As. */
    dissector_add_uint_with_preference("tcp.port", ENCDNS_IKETCP_TCP_PORT, iketcp_handle);
}
