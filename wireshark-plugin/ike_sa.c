/* ike_sa.c
 * Across an IKE SA's messages: where the Rust side's per-SA state lives, and what
 * each frame's Configuration payloads got from it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "glue.h"

/* 4.6 looks a data source up by name as a struct; older versions return its tvb. */
#if WIRESHARK_VERSION_MAJOR > 4 || (WIRESHARK_VERSION_MAJOR == 4 && WIRESHARK_VERSION_MINOR >= 6)
static tvbuff_t *
data_source_tvb_by_name(packet_info *pinfo, const char *name)
{
    struct data_source *src = get_data_source_by_name(pinfo, name);
    return src ? get_data_source_tvb(src) : NULL;
}
#else
#define data_source_tvb_by_name get_data_source_tvb_by_name
#endif

/* ---- Across messages: per IKE SA state, kept by the first pass ----------------
 * The rules live in Rust (encdns_sa_message); here is only where the state lives
 * (file scope, keyed by the SPIs) and what each frame's CP payload got from it. */

static wmem_map_t *sa_states;  /* SA key -> EncdnsSaState */
/* First-pass frame number -> cp_record list, for linking a request to its reply.
 * Displaying a frame finds its list through p_get_proto_data (PROTO_DATA_CPS):
 * frame numbers change when tshark -2 -R drops frames. */
static wmem_map_t *frame_cps;

static guint
sa_key_hash(gconstpointer k)
{
    const guint8 *b = (const guint8 *)k;
    guint h = 5381;
    for (int i = 0; i < SA_KEY_LEN; i++)
        h = h * 33 + b[i];
    return h;
}

static gboolean
sa_key_equal(gconstpointer a, gconstpointer b)
{
    return memcmp(a, b, SA_KEY_LEN) == 0;
}

/* First pass only, in capture order: hands the IKEv2 message of `fi` to the SA's
 * state and keeps what it says about the message's CP payload. */
void
track_message(packet_info *pinfo, field_info *fi)
{
    /* All the frame holds from the IKE header on: the isakmp item's own length is not
     * final while the isakmp dissector is still at work in some passes; Rust stops
     * at the header's Length. */
    gint len = tvb_captured_length_remaining(fi->ds_tvb, fi->start);
    const guint8 *msg = captured_bytes(fi->ds_tvb, fi->start, len);
    guint8 key[SA_KEY_LEN];
    if (!msg || !encdns_sa_key(msg, (size_t)len, key))
        return;
    EncdnsSaState *state = (EncdnsSaState *)wmem_map_lookup(sa_states, key);
    if (!state) {
        state = wmem_new0(wmem_file_scope(), EncdnsSaState);
        wmem_map_insert(sa_states, wmem_memdup(wmem_file_scope(), key, SA_KEY_LEN), state);
    }
    /* A reassembled fragmented message (RFC 7383) when this frame completes one, else
     * the decrypted SK payload. */
    tvbuff_t *inner = data_source_tvb_by_name(pinfo, ISAKMP_REASSEMBLED_SOURCE);
    if (!inner)
        inner = data_source_tvb_by_name(pinfo, ISAKMP_DECRYPTED_SOURCE);
    gint inner_len = inner ? (gint)tvb_captured_length(inner) : 0;
    const guint8 *inner_bytes = inner_len > 0 ? captured_bytes(inner, 0, inner_len) : NULL;

    EncdnsDiag diags[DIAGS_ON_STACK];
    EncdnsMessageResult res;
    if (!encdns_sa_message(state, msg, (size_t)len, inner_bytes, inner_bytes ? (size_t)inner_len : 0,
                           pinfo->num, &options, diags, DIAGS_ON_STACK, &res) || !res.has_cp)
        return;
    cp_record *r = wmem_new0(wmem_file_scope(), cp_record);
    tvbuff_t *holder = res.cp_in_inner ? inner : fi->ds_tvb;
    r->ds_index = data_source_index(pinfo, holder);
    r->body = res.cp_in_inner ? (gint)res.cp_offset : fi->start + (gint)res.cp_offset;
    r->cfg_type = res.cfg_type;
    r->request_in = res.request_in;
    r->n_diags = MIN(res.n_diags, DIAGS_ON_STACK);
    r->diags = (EncdnsDiag *)wmem_memdup(wmem_file_scope(), diags, MAX(r->n_diags, 1) * sizeof *diags);

    /* (With tshark -2 -R, first-pass frame numbers repeat for dropped frames: the
     * list hangs off the frame itself; the map only serves reply-to-request links.) */
    cp_record **tail = (cp_record **)p_get_proto_data(wmem_file_scope(), pinfo, proto_encdns, PROTO_DATA_CPS);
    if (!tail) {
        tail = wmem_new0(wmem_file_scope(), cp_record *);
        p_add_proto_data(wmem_file_scope(), pinfo, proto_encdns, PROTO_DATA_CPS, tail);
        wmem_map_insert(frame_cps, GUINT_TO_POINTER(pinfo->num), tail);
    }
    while (*tail)
        tail = &(*tail)->next;
    *tail = r;
    remember_claims(pinfo, r, res.cp_in_inner ? inner_bytes : msg, res.cp_offset, res.cp_length);
    if (res.request_in) {
        cp_record **q = (cp_record **)wmem_map_lookup(frame_cps, GUINT_TO_POINTER(res.request_in));
        for (cp_record *c = q ? *q : NULL; c; c = c->next)
            if (c->cfg_type == ENCDNS_CFG_REQUEST && c->reply_in == 0)
                c->reply_in = pinfo->num;
    }
}

cp_record *
frame_cp_records(packet_info *pinfo)
{
    cp_record **head = (cp_record **)p_get_proto_data(wmem_file_scope(), pinfo, proto_encdns, PROTO_DATA_CPS);
    return head ? *head : NULL;
}

cp_record *
cp_record_for(packet_info *pinfo, tvbuff_t *tvb, gint body)
{
    for (cp_record *r = frame_cp_records(pinfo); r; r = r->next)
        if (r->body == body && data_source_at(pinfo, r->ds_index) == tvb)
            return r;
    return NULL;
}

/* Octets of a recorded CP body, for diagnostic messages. */
const guint8 *
cp_record_body(packet_info *pinfo, const cp_record *r, gint *len)
{
    tvbuff_t *tvb = data_source_at(pinfo, r->ds_index);
    *len = tvb ? tvb_captured_length_remaining(tvb, r->body) : 0;
    return *len > 0 ? captured_bytes(tvb, r->body, *len) : NULL;
}

/* The SA's verdicts on the attribute at `start` of the payload whose body is at `body`. */
void
add_sa_diags(packet_info *pinfo, proto_item *on, const cp_record *r, gint start)
{
    if (!r || r->n_diags == 0)
        return;
    gint len;
    const guint8 *bytes = cp_record_body(pinfo, r, &len);
    for (size_t i = 0; bytes && i < r->n_diags; i++)
        if (r->diags[i].item == ENCDNS_DIAG_ON_ATTRIBUTE && r->body + (gint)r->diags[i].offset == start)
            add_diag(pinfo, on, bytes, len, &r->diags[i]);
}

/* What concerns a payload as a whole (its request/reply link, diagnostics like an
 * unanswered family) goes on an encdns item of its own, under `parent`. */
void
show_payload(packet_info *pinfo, proto_tree *parent, const cp_record *r)
{
    gboolean payload_diags = FALSE;
    for (size_t i = 0; i < r->n_diags; i++)
        payload_diags |= r->diags[i].item == ENCDNS_DIAG_ON_PAYLOAD;
    if (!r->request_in && !r->reply_in && !payload_diags)
        return;
    /* In a tree nobody shows, the links matter only to a filter or column naming them. */
    if (!payload_diags && !encdns_item_wanted(parent, tree_is_visible(parent)) &&
        !field_referenced(ENCDNS_FIELD_REQUEST_IN) && !field_referenced(ENCDNS_FIELD_REPLY_IN))
        return;
    gint len;
    const guint8 *bytes = cp_record_body(pinfo, r, &len);
    tvbuff_t *tvb = data_source_at(pinfo, r->ds_index);
    if (!bytes || !tvb)
        return;
    proto_item *pi = proto_tree_add_item(parent, proto_encdns, tvb, r->body, len, ENC_NA);
    if (labels_shown(pi))
        proto_item_append_text(pi, ": Configuration payload");
    proto_tree *t = proto_item_add_subtree(pi, ett_encdns);
    if (r->request_in)
        proto_item_set_generated(proto_tree_add_uint(t, hf_ids[ENCDNS_FIELD_REQUEST_IN], tvb, r->body, 1, r->request_in));
    if (r->reply_in)
        proto_item_set_generated(proto_tree_add_uint(t, hf_ids[ENCDNS_FIELD_REPLY_IN], tvb, r->body, 1, r->reply_in));
    for (size_t i = 0; i < r->n_diags; i++)
        if (r->diags[i].item == ENCDNS_DIAG_ON_PAYLOAD)
            add_diag(pinfo, pi, bytes, len, &r->diags[i]);
}

void
ike_sa_init(void)
{
    sa_states = wmem_map_new(wmem_file_scope(), sa_key_hash, sa_key_equal);
    frame_cps = wmem_map_new(wmem_file_scope(), g_direct_hash, g_direct_equal);
}
