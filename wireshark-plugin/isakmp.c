/* isakmp.c
 * What the crate analyses, found where Wireshark's own dissectors left it: the frame's
 * data sources, where its IKE messages start (told by isakmp's calls, or its items in
 * the tree), its first TLS certificate, and the isakmp attribute items the crate's
 * entries go under.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "glue.h"

/* Everything of other dissectors the glue reads, by the names users see: resolved
 * once at hand-off, each one missing said in the log (the feature it serves is then
 * off, the rest works). */
static int proto_isakmp = -1;
static int hf_cfg_attr = -1;
static int hf_typepayload = -1; /* an IKE payload, with its type as value */
static int hf_ispi = -1;
static int hf_attr_type = -1;
static int hf_tls_certificate = -1;
static int proto_icmp = -1;
static int proto_icmpv6 = -1;

static const struct {
    const char *name;
    int *id;
    const char *serves;
} foreign_fields[] = {
    { "isakmp", &proto_isakmp, "finding IKE messages" },
    { "isakmp.cfg.attr", &hf_cfg_attr, "placing fields under Configuration attributes" },
    { "isakmp.typepayload", &hf_typepayload, "skipping payloads without attributes" },
    { "isakmp.ispi", &hf_ispi, "finding IKE messages in trees nobody shows" },
    { "isakmp.cfg.attr.type", &hf_attr_type, "naming attribute types" },
    { "tls.handshake.certificate", &hf_tls_certificate, "checking certificate digests" },
    { "icmp", &proto_icmp, "telling IKE messages quoted in ICMP errors" },
    { "icmpv6", &proto_icmpv6, "telling IKE messages quoted in ICMPv6 errors" },
};

/* The data sources isakmp makes, by name: what each holds for the crate. */
static const struct {
    const char *name;
    EncdnsRole role;
} data_sources[] = {
    { "Decrypted Data", ENCDNS_ROLE_DECRYPTED },
    { "Reassembled IKE2 ISAKMP", ENCDNS_ROLE_REASSEMBLED },
};

const char isakmp_unknown_attribute[] = "RESERVED TO IANA";

/* Payload types whose subtrees cannot hold attributes, as the crate says. */
static gboolean payload_without_attributes[256];

/* The frame's first isakmp layer: one call that walks the list inside wsutil, not
 * three calls per layer. */
static wmem_list_frame_t *
frame_isakmp_layer(packet_info *pinfo)
{
    return proto_isakmp >= 0 ? wmem_list_find(pinfo->layers, GINT_TO_POINTER(proto_isakmp)) : NULL;
}

/* ---- Where isakmp starts each message, as it is called ----
 * The glue's function runs in front of isakmp's (compat.h: encdns_put_in_front) and
 * notes the message it is given: where its first octet is, its tvb, how much is
 * captured (what isakmp's item would say, without a tree or a wanted field); only while the
 * post-dissector is on, which is when someone reads the note.
 * One note, for the dissection under way: a dissection is one pinfo with its frame
 * number and its list of layers, and the post-dissector, called at the end of every
 * dissection while it is on, marks the note read, so the next dissection starts a
 * new one even with the same pinfo, frame and (reused) list. A note left unread (a
 * post-dissector before ours threw) is not taken for a message twice: a call of
 * isakmp with what a note already holds is not noted again. (The frame's proto data
 * would hold a note without these rules, at about 250 instructions a message.) */
typedef struct {
    const guint8 *at; /* the message's first octet; NULL: isakmp refused the octets */
    tvbuff_t *tvb;    /* what isakmp was given (alive until the dissection ends) */
    guint length;     /* captured */
    gboolean in_error; /* inside a packet an error message quotes (ICMP's, and others') */
} isakmp_call;

static struct {
    const packet_info *pinfo; /* NULL once read */
    guint32 num;
    const wmem_list_t *layers;
    guint n;
    isakmp_call calls[MAX_MESSAGES];
} note;

static dissector_t isakmp_dissect; /* isakmp's own function, once the glue's is in front */
static gboolean noting;            /* the post-dissector's calls are on */

/* Whether the note is the one of the dissection under way, and not yet read. */
static gboolean
note_is_of(const packet_info *pinfo)
{
    return note.pinfo == pinfo && note.num == pinfo->num && note.layers == pinfo->layers;
}

static guint
note_call(packet_info *pinfo, tvbuff_t *tvb)
{
    if (!note_is_of(pinfo)) {
        note.pinfo = pinfo;
        note.num = pinfo->num;
        note.layers = pinfo->layers;
        note.n = 0;
    }
    /* Where the octets are, not which data source and where in it: that would walk the
     * tvb's chain of subsets (tvb_raw_offset), about 50 instructions a message; the
     * post-dissector finds the source whose octets these are. */
    guint length = tvb_captured_length(tvb);
    if (length == 0)
        return G_MAXUINT;
    isakmp_call c = { tvb_get_ptr(tvb, 0, (gint)MIN(length, G_MAXINT)), tvb, length, pinfo->flags.in_error_pkt };
    for (guint k = 0; k < note.n; k++)
        if (note.calls[k].at == c.at && note.calls[k].length == c.length)
            return G_MAXUINT;
    if (note.n == MAX_MESSAGES)
        return G_MAXUINT;
    note.calls[note.n] = c;
    return note.n++;
}

static int
isakmp_entered(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
    guint k = noting ? note_call(pinfo, tvb) : G_MAXUINT;
    /* (An exception leaves the note: the message began, as its item would have.) */
    int len = isakmp_dissect(tvb, pinfo, tree, data);
    if (len == 0 && k != G_MAXUINT && note_is_of(pinfo))
        note.calls[k].at = NULL;
    return len;
}

void
isakmp_noting(gboolean on)
{
    noting = on;
}

guint
isakmp_messages_seen(packet_info *pinfo)
{
    if (!isakmp_dissect)
        return frame_isakmp_layer(pinfo) ? 1 : 0;
    if (!note_is_of(pinfo))
        return 0;
    note.pinfo = NULL;
    return note.n;
}

/* Only there to show where a handle keeps its function. */
static int
layout_probe(tvbuff_t *tvb _U_, packet_info *pinfo _U_, proto_tree *tree _U_, void *data _U_)
{
    return 0;
}

static void
enter_in_front(int recording_proto)
{
    dissector_handle_t h = find_dissector("isakmp");
    if (!h || isakmp_dissect)
        return;
    if (!encdns_put_in_front(h, isakmp_entered, layout_probe, recording_proto, &isakmp_dissect)) {
        isakmp_dissect = NULL;
        ws_warning("encdns: isakmp's dissector handle is not laid out as the glue knows; IKE messages are "
                   "found in the tree instead (slower where the tree is not shown)");
    }
}

void
isakmp_handoff(int recording_proto)
{
    if (!getenv("ENCDNS_FIND_IN_TREE"))
        enter_in_front(recording_proto);
    for (guint i = 0; i < G_N_ELEMENTS(foreign_fields); i++) {
        *foreign_fields[i].id = proto_registrar_get_id_byname(foreign_fields[i].name);
        if (*foreign_fields[i].id < 0)
            ws_warning("encdns: this Wireshark has no field %s; %s is off", foreign_fields[i].name,
                       foreign_fields[i].serves);
    }
    for (guint t = 0; t < G_N_ELEMENTS(payload_without_attributes); t++)
        payload_without_attributes[t] = !encdns_payload_may_hold_attributes(t);
}

void
isakmp_wanted_fields(GArray *wanted, gboolean certificates)
{
#ifdef ENCDNS_FAKES_TOP_PROTOCOLS
    /* Without the note of isakmp's calls, the header's first field says where a
     * message starts when the isakmp item itself is faked. (Not the isakmp item: 4.6
     * keeps every child of an item that is kept, and wanting it would build the whole
     * isakmp tree.) */
    if (!isakmp_dissect && hf_ispi >= 0)
        g_array_append_val(wanted, hf_ispi);
#endif
    if (certificates && hf_tls_certificate >= 0)
        g_array_append_val(wanted, hf_tls_certificate);
}

/* How many IKE messages Wireshark's dissectors saw in the frame. */
static guint
isakmp_layers(packet_info *pinfo)
{
    guint n = 0;
    for (wmem_list_frame_t *l = wmem_list_head(pinfo->layers); l; l = wmem_list_frame_next(l))
        n += GPOINTER_TO_INT(wmem_list_frame_data(l)) == proto_isakmp;
    return n;
}

/* Whether the frame's IKE is quoted in an ICMP error: an ICMP layer comes before it
 * (what an error quotes is dissected as layers of its own). */
static gboolean
quoted_in_icmp(packet_info *pinfo)
{
    /* (Most frames have no ICMP layer: two searches inside wsutil say so.) */
    if ((proto_icmp < 0 || !wmem_list_find(pinfo->layers, GINT_TO_POINTER(proto_icmp))) &&
        (proto_icmpv6 < 0 || !wmem_list_find(pinfo->layers, GINT_TO_POINTER(proto_icmpv6))))
        return FALSE;
    for (wmem_list_frame_t *l = wmem_list_head(pinfo->layers); l; l = wmem_list_frame_next(l)) {
        int proto = GPOINTER_TO_INT(wmem_list_frame_data(l));
        if (proto == proto_isakmp)
            return FALSE;
        if (proto >= 0 && (proto == proto_icmp || proto == proto_icmpv6))
            return TRUE;
    }
    return FALSE;
}

static guint
source_of(const frame_view *v, tvbuff_t *tvb)
{
    for (guint i = 0; i < v->frame.n_sources; i++)
        if (v->tvbs[i] == tvb)
            return i;
    return G_MAXUINT;
}

/* Where `length` octets (negative: all) at `start` of the frame's `source`th data
 * source are, as far as captured. */
static gboolean
span_in(const frame_view *v, guint source, gint start, gint length, EncdnsSpan *out)
{
    if (source >= v->frame.n_sources || start < 0 || (guint)start >= v->sources[source].length)
        return FALSE;
    guint avail = v->sources[source].length - (guint)start;
    out->source = source;
    out->offset = (uint32_t)start;
    out->length = (uint32_t)(length < 0 ? avail : MIN(avail, (guint)length));
    return TRUE;
}

/* The same, of data source `ds`. */
static gboolean
span_at(const frame_view *v, tvbuff_t *ds, gint start, gint length, EncdnsSpan *out)
{
    return ds && span_in(v, source_of(v, ds), start, length, out);
}

/* Where the message of a call is: the data source its octets are in; else (a tvb whose
 * octets were gathered from several places into one buffer) the tvb's own source. */
static gboolean
span_of_call(const frame_view *v, const isakmp_call *c, EncdnsSpan *out)
{
    gint length = (gint)MIN(c->length, G_MAXINT);
    for (guint i = 0; i < v->frame.n_sources; i++) {
        const guint8 *b = v->sources[i].bytes;
        if (b && c->at >= b && c->at < b + v->sources[i].length)
            return span_in(v, i, (gint)(c->at - b), length, out);
    }
    return span_at(v, tvb_get_ds_tvb(c->tvb), tvb_raw_offset(c->tvb), length, out);
}

/* Whether message `n` starts where an earlier one of the frame does (two calls with
 * the same octets in two gathered copies). */
static gboolean
noted_before(const frame_view *v, guint n)
{
    for (guint m = 0; m < n; m++)
        if (v->messages[m].source == v->messages[n].source && v->messages[m].offset == v->messages[n].offset)
            return TRUE;
    return FALSE;
}

/* Where a message or a certificate is: the item's source, offset and captured length. */
static gboolean
span_of(const frame_view *v, field_info *fi, EncdnsSpan *out)
{
    return fi && span_at(v, fi->ds_tvb, fi->start, fi->length, out);
}

static void
add_message(frame_view *v, field_info *fi, proto_node *item)
{
    guint n = v->frame.n_messages;
    if (n < MAX_MESSAGES && span_of(v, fi, &v->messages[n])) {
        v->message_items[n] = item;
        v->frame.n_messages++;
    }
}

/* The messages isakmp was called with, in the order of the calls; whether any was
 * inside a quoted packet. */
static gboolean
read_calls(frame_view *v, guint calls)
{
    gboolean in_error = FALSE;
    for (guint k = 0; k < calls && k < note.n; k++) {
        guint n = v->frame.n_messages;
        const isakmp_call *c = &note.calls[k];
        if (c->at && span_of_call(v, c, &v->messages[n]) && !noted_before(v, n)) {
            v->message_items[n] = NULL;
            v->frame.n_messages++;
            in_error |= c->in_error;
        }
    }
    return in_error;
}

/* A shown tree's isakmp item for the message that starts where it does. */
static void
attach_item(frame_view *v, field_info *fi, proto_node *item)
{
    EncdnsSpan at;
    if (!span_of(v, fi, &at))
        return;
    for (guint m = 0; m < v->frame.n_messages; m++) {
        if (!v->message_items[m] && v->messages[m].source == at.source && v->messages[m].offset == at.offset) {
            v->message_items[m] = item;
            return;
        }
    }
}

static void
add_attribute(frame_view *v, packet_info *pinfo, tvbuff_t *tvb, gint start, proto_node *node)
{
    if (v->n_attrs == v->cap_attrs) {
        attr_item *more = wmem_alloc_array(pinfo->pool, attr_item, 2 * v->cap_attrs);
        memcpy(more, v->attrs, v->n_attrs * sizeof *more);
        v->attrs = more;
        v->cap_attrs *= 2;
    }
    v->attrs[v->n_attrs++] = (attr_item){ tvb, start, node };
}

/* The attribute items under `node`, except in payloads that cannot hold any (most of
 * an IKE_AUTH's items are in payloads like SA and TS). */
static void
walk(frame_view *v, packet_info *pinfo, proto_node *node, guint depth)
{
    for (proto_node *c = node->first_child; c; c = c->next) {
        field_info *fi = PNODE_FINFO(c);
        if (fi && fi->hfinfo) {
            int id = fi->hfinfo->id;
            if (id == hf_cfg_attr) {
                if (fi->ds_tvb)
                    add_attribute(v, pinfo, fi->ds_tvb, fi->start, c);
                continue; /* attributes do not nest */
            }
            if (id == hf_typepayload && payload_without_attributes[fvalue_get_uinteger(ENCDNS_FI_FVALUE(fi)) & 0xff])
                continue;
        }
        if (c->first_child && depth < 64)
            walk(v, pinfo, c, depth + 1);
    }
}

/* What a data source holds for the crate, by its name. */
static guint8
role_of(const struct data_source *src)
{
    for (guint r = 0; r < G_N_ELEMENTS(data_sources); r++)
        if (encdns_data_source_named(src, data_sources[r].name))
            return data_sources[r].role;
    return ENCDNS_ROLE_OTHER;
}

static void
read_sources(frame_view *v, packet_info *pinfo)
{
    guint n = 0;
    for (GSList *s = pinfo->data_src; s && n < MAX_SOURCES; s = s->next, n++) {
        const struct data_source *src = (const struct data_source *)s->data;
        tvbuff_t *tvb = get_data_source_tvb(src);
        guint len = tvb_captured_length(tvb);
        v->tvbs[n] = tvb;
        /* (The first is the frame's own octets.) */
        v->sources[n] = (EncdnsSource){ len ? tvb_get_ptr(tvb, 0, (gint)len) : NULL, len,
                                        n > 0 ? role_of(src) : ENCDNS_ROLE_OTHER };
    }
    v->frame.n_sources = n;
}

/* Into the frame frame_view_read zeroed. */
static void
read_address(EncdnsAddress *out, const address *a)
{
    if (a->type == AT_IPv4 && a->len == 4) {
        out->len = 4;
        memcpy(out->octets, a->data, 4);
    } else if (a->type == AT_IPv6 && a->len == 16) {
        out->len = 16;
        memcpy(out->octets, a->data, 16);
    }
}

/* The isakmp items among `node`'s children, and `deeper` levels below the others:
 * each a message (`attach`: each given to the noted message it is the item of). */
static void
find_messages(frame_view *v, proto_node *node, guint deeper, gboolean attach)
{
    for (proto_node *c = node->first_child; c; c = c->next) {
        field_info *fi = PNODE_FINFO(c);
        if (fi && fi->hfinfo && fi->hfinfo->id == proto_isakmp) {
            if (attach)
                attach_item(v, fi, c);
            else
                add_message(v, fi, c);
        } else if (deeper > 0 && c->first_child) {
            find_messages(v, c, deeper - 1, attach);
        }
    }
}

static gboolean
all_attached(const frame_view *v)
{
    for (guint m = 0; m < v->frame.n_messages; m++)
        if (!v->message_items[m])
            return FALSE;
    return TRUE;
}

/* Where the frame's IKE messages are: at the top of the tree but where another
 * protocol's item holds them in a shown tree (an ICMP error's quote, PPPMux's
 * subframes, ...); then, and only then, the whole tree is searched. (In a tree
 * nobody shows, the items of what another protocol holds are faked: what is left of
 * them is at the top.) */
static void
find_all_messages(frame_view *v, packet_info *pinfo, proto_tree *tree, gboolean visible)
{
    find_messages(v, tree, 0, FALSE);
    if (visible && v->frame.n_messages < isakmp_layers(pinfo)) {
        v->frame.n_messages = 0;
        find_messages(v, tree, 32, FALSE);
    }
#ifdef ENCDNS_FAKES_TOP_PROTOCOLS
    /* A tree nobody shows has no isakmp item here: the header's SPI items say where
     * each message starts. */
    if (v->frame.n_messages == 0 && !visible && hf_ispi >= 0) {
        GPtrArray *spis = proto_get_finfo_ptr_array(tree, hf_ispi);
        for (guint i = 0; spis && i < spis->len; i++)
            add_message(v, (field_info *)g_ptr_array_index(spis, i), NULL);
    }
#endif
}

/* The frame's one IKE message when it is the last layer and its isakmp item the last
 * item at the top of the tree (most IKE frames): the tree need not be searched. */
static proto_node *
last_isakmp_item(proto_tree *tree, wmem_list_frame_t *isakmp_layer)
{
    if (!isakmp_layer || wmem_list_frame_next(isakmp_layer))
        return NULL;
    proto_node *last = tree->last_child;
    field_info *fi = last ? PNODE_FINFO(last) : NULL;
    return fi && fi->hfinfo && fi->hfinfo->id == proto_isakmp ? last : NULL;
}

void
frame_view_read(frame_view *v, packet_info *pinfo, proto_tree *tree, guint calls, gboolean certificate)
{
    memset(&v->frame, 0, sizeof v->frame);
    v->frame.number = pinfo->num;
    v->frame.sources = v->sources;
    v->frame.messages = v->messages;
    v->attrs = v->attrs_on_stack;
    v->cap_attrs = G_N_ELEMENTS(v->attrs_on_stack);
    v->n_attrs = 0;
    v->cursor = 0;
    v->pinfo = pinfo;
    gboolean visible = tree->tree_data && tree->tree_data->visible;
    /* Only a shown tree has every attribute item (the crate's go under them). */
    v->attrs_gathered = !visible;
    read_sources(v, pinfo);
    read_address(&v->frame.src, &pinfo->src);
    read_address(&v->frame.dst, &pinfo->dst);

    if (isakmp_dissect) {
        /* (Only inside a quoted packet are the layers asked whose error quotes it.) */
        v->frame.quoted = read_calls(v, calls) && quoted_in_icmp(pinfo);
        /* Only a shown tree's attributes are drawn under: their messages' items. */
        if (visible && v->frame.n_messages > 0) {
            proto_node *last = last_isakmp_item(tree, frame_isakmp_layer(pinfo));
            if (last)
                attach_item(v, PNODE_FINFO(last), last);
            if (!all_attached(v))
                find_messages(v, tree, 0, TRUE);
            if (!all_attached(v))
                find_messages(v, tree, 32, TRUE);
        }
    } else {
        v->frame.quoted = quoted_in_icmp(pinfo);
        proto_node *last = last_isakmp_item(tree, frame_isakmp_layer(pinfo));
        if (last)
            add_message(v, PNODE_FINFO(last), last);
        else
            find_all_messages(v, pinfo, tree, visible);
    }
    if (certificate && hf_tls_certificate >= 0) {
        GPtrArray *certs = proto_get_finfo_ptr_array(tree, hf_tls_certificate);
        if (certs && certs->len > 0)
            span_of(v, (field_info *)g_ptr_array_index(certs, 0), &v->frame.certificate);
    }
}

proto_node *
frame_view_attribute(frame_view *v, tvbuff_t *tvb, guint32 offset)
{
    if (!v->attrs_gathered) {
        v->attrs_gathered = TRUE;
        for (guint m = 0; m < v->frame.n_messages; m++)
            if (v->message_items[m])
                walk(v, v->pinfo, v->message_items[m], 0);
    }
    for (guint k = 0; k < v->n_attrs; k++) {
        guint i = (v->cursor + k) % v->n_attrs;
        if (v->attrs[i].tvb == tvb && (guint32)v->attrs[i].start == offset) {
            v->cursor = i;
            return v->attrs[i].node;
        }
    }
    return NULL;
}

proto_node *
isakmp_attr_type_item(proto_node *attr)
{
    for (proto_node *c = attr->first_child; c; c = c->next) {
        field_info *fi = PNODE_FINFO(c);
        if (fi && fi->hfinfo && fi->hfinfo->id == hf_attr_type)
            return c;
    }
    return NULL;
}
