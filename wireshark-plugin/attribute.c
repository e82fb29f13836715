/* attribute.c
 * One attribute: the crate's items and diagnostics onto Wireshark's tree.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "glue.h"

guint
data_source_index(packet_info *pinfo, tvbuff_t *tvb)
{
    guint i = 0;
    for (GSList *s = pinfo->data_src; s; s = s->next, i++) {
        if (get_data_source_tvb((struct data_source *)s->data) == tvb)
            return i;
    }
    return G_MAXUINT;
}

tvbuff_t *
data_source_at(packet_info *pinfo, guint index)
{
    GSList *s = g_slist_nth(pinfo->data_src, index);
    return s ? get_data_source_tvb((struct data_source *)s->data) : NULL;
}

/* Octets of tvb at [start, start+len) if all are captured, else NULL. Rust reads
 * only through such pointers: no tvb call, and so no exception, happens in Rust. */
const guint8 *
captured_bytes(tvbuff_t *tvb, gint start, gint len)
{
    if (start < 0 || len <= 0 || tvb_captured_length_remaining(tvb, start) < len)
        return NULL;
    return tvb_get_ptr(tvb, start, len);
}

static guint
field_encoding(EncdnsKind kind)
{
    switch (kind) {
    case ENCDNS_KIND_U8:
    case ENCDNS_KIND_U16:
    case ENCDNS_KIND_U32:
    case ENCDNS_KIND_BOOL:
    case ENCDNS_KIND_IPV4:
        return ENC_BIG_ENDIAN;
    case ENCDNS_KIND_STRING:
        return ENC_UTF_8;
    default:
        return ENC_NA;
    }
}

void
add_diag(packet_info *pinfo, proto_item *on, const guint8 *attr, gint attr_len, const EncdnsDiag *d)
{
    char msg[256];
    if (d->code >= n_diags)
        return;
    encdns_diag_message(attr, (size_t)attr_len, d, msg, sizeof msg);
    expert_add_info_format(pinfo, on, &ei_codes[d->code], "%s", msg);
    if (tap_entries) {
        EncdnsDiagDesc desc;
        if (encdns_diag_info(d->code, &desc))
            tap_note(TAP_DIAGNOSTIC, desc.abbrev);
    }
}

gboolean
tree_is_visible(proto_tree *tree)
{
    return tree && tree->tree_data && tree->tree_data->visible;
}

/* The label of a shown item, as proto_item_set_text would set it: written in place,
 * because a shown attribute has several labels and formatting each through
 * proto_item_set_text's vsnprintf cost about as much as adding all its items. */
static char *
label_of(proto_item *pi)
{
    field_info *fi = PITEM_FINFO(pi);
    if (!fi || !tree_is_visible(pi) || proto_item_is_hidden(pi))
        return NULL;
    if (!fi->rep)
        fi->rep = wmem_new(PNODE_POOL(pi), item_label_t);
#ifdef ENCDNS_LABEL_HAS_VALUE_SPAN
    fi->rep->value_pos = 0;
    fi->rep->value_len = 0;
#endif
    return fi->rep->representation;
}

/* Copies `s` to label[at..], as far as it fits; returns where it ended. */
static gsize
put(char *label, gsize at, const char *s)
{
    gsize n = MIN(strlen(s), ITEM_LABEL_LENGTH - 1 - MIN(at, ITEM_LABEL_LENGTH - 1));
    memcpy(label + at, s, n);
    at += n;
    label[at] = '\0';
    return at;
}

/* Sets the label of a shown item to the concatenation of parts[0..n], cut to fit. */
static void
set_label(proto_item *pi, const char *const *parts, guint n)
{
    char *label = label_of(pi);
    gsize at = 0;
    for (guint i = 0; label && i < n; i++)
        at = put(label, at, parts[i]);
}

/* Puts the attribute's summary in place of Wireshark's placeholder name in the
 * attribute item's label (which the isakmp dissector set explicitly), and the name in
 * its type child (which Wireshark would label on demand). Only when the tree is shown. */
static void
relabel_attribute(proto_node *attr_node, const char *summary, const char *name, guint16 attr_type)
{
    field_info *fi = PNODE_FINFO(attr_node);
    if (!fi || !fi->rep || !tree_is_visible(attr_node))
        return;
    char *label = fi->rep->representation;
    char *at = strstr(label, ISAKMP_UNASSIGNED_NAME);
    if (!at)
        return; /* a Wireshark that knows the name already */
    char tail[ITEM_LABEL_LENGTH];
    put(tail, 0, at + strlen(ISAKMP_UNASSIGNED_NAME));
    put(label, put(label, (gsize)(at - label), summary), tail);
    for (proto_node *c = attr_node->first_child; c; c = c->next) {
        field_info *cfi = PNODE_FINFO(c);
        if (cfi && cfi->hfinfo && cfi->hfinfo->id == hf_isakmp_attr_type) {
            /* " (N)" */
            char number[16], *d = number + sizeof number;
            *--d = '\0';
            *--d = ')';
            guint v = attr_type;
            do
                *--d = (char)('0' + v % 10);
            while (v /= 10);
            *--d = '(';
            *--d = ' ';
            const char *parts[] = { cfi->hfinfo->name, ": ", name, d };
            set_label(c, parts, G_N_ELEMENTS(parts));
        }
    }
}

/* A field whose value the parser computed. */
static proto_item *
add_generated(proto_tree *tree, const EncdnsItem *it, tvbuff_t *tvb, gint start)
{
    int hf = hf_ids[it->field];
    gint off = start + (gint)it->offset, len = (gint)it->length;
    proto_item *pi;
    switch (field_kinds[it->field]) {
    case ENCDNS_KIND_U8:
    case ENCDNS_KIND_U16:
    case ENCDNS_KIND_U32:
    case ENCDNS_KIND_FRAME_REQUEST:
    case ENCDNS_KIND_FRAME_RESPONSE:
        pi = proto_tree_add_uint(tree, hf, tvb, off, len, (guint32)it->value);
        break;
    case ENCDNS_KIND_BOOL:
        pi = proto_tree_add_boolean(tree, hf, tvb, off, len, (guint32)it->value);
        break;
    case ENCDNS_KIND_IPV4:
        pi = proto_tree_add_ipv4(tree, hf, tvb, off, len, g_htonl((guint32)it->value));
        break;
    default:
        pi = proto_tree_add_item(tree, hf, tvb, off, len, ENC_NA);
        break;
    }
    proto_item_set_generated(pi);
    return pi;
}

/* A field read from the packet. The parser already decoded numbers and addresses
 * (tests/robustness.rs holds it to the octets), so those are added by value: about
 * half of what proto_tree_add_item costs, which would decode them again. */
static proto_item *
add_read(proto_tree *tree, const EncdnsItem *it, tvbuff_t *tvb, gint start, const guint8 *attr)
{
    int hf = hf_ids[it->field];
    gint off = start + (gint)it->offset, len = (gint)it->length;
    switch (field_kinds[it->field]) {
    case ENCDNS_KIND_U8:
    case ENCDNS_KIND_U16:
    case ENCDNS_KIND_U32:
        return proto_tree_add_uint(tree, hf, tvb, off, len, (guint32)it->value);
    case ENCDNS_KIND_BOOL:
        return proto_tree_add_boolean(tree, hf, tvb, off, len, (guint32)it->value);
    case ENCDNS_KIND_IPV4:
        return proto_tree_add_ipv4(tree, hf, tvb, off, len, g_htonl((guint32)it->value));
    case ENCDNS_KIND_IPV6:
        if (len == 16)
            return proto_tree_add_ipv6(tree, hf, tvb, off, len, (const ws_in6_addr *)(attr + it->offset));
        break;
    case ENCDNS_KIND_BYTES:
        return proto_tree_add_bytes(tree, hf, tvb, off, len, attr + it->offset);
    case ENCDNS_KIND_STRING: {
        /* Names are printable ASCII nearly always, and then they are their own UTF-8
         * decoding: only other strings are left to Wireshark's decoder (replacement
         * characters for invalid sequences). */
        char s[256];
        const guint8 *p = attr + it->offset;
        gint n = 0;
        while (n < len && n < (gint)sizeof s - 1 && p[n] >= 0x20 && p[n] < 0x7f) {
            s[n] = (char)p[n];
            n++;
        }
        if (n == len) {
            s[n] = '\0';
            return proto_tree_add_string(tree, hf, tvb, off, len, s);
        }
        break;
    }
    default:
        break;
    }
    return proto_tree_add_item(tree, hf, tvb, off, len, field_encoding(field_kinds[it->field]));
}

/* Whether an attribute or payload gets an encdns item of its own. In a tree nobody
 * shows, only if a filter or column names the `encdns` protocol itself, or the tree
 * keeps protocol items anyway: elsewhere the fields go straight under `parent`, where
 * filters, columns and taps find them all the same, and the item would cost as much
 * as parsing the attribute. */
gboolean
encdns_item_wanted(proto_tree *parent, gboolean visible)
{
    if (visible)
        return TRUE;
    header_field_info *hfi = proto_registrar_get_nth(proto_encdns);
    return !hfi || hfi->ref_type >= HF_REF_TYPE_DIRECT || !PTREE_DATA(parent)->fake_protocols;
}

/* Decodes the attribute starting at tvb[start] under `parent` (its isakmp.cfg.attr
 * item, whose label is replaced if `relabel`, or where decode_recorded puts it);
 * `span` octets from there belong to its Configuration payload. Returns how many
 * octets the attribute covers, 0 if it is not one of ours. */
gint
decode_attribute(tvbuff_t *tvb, packet_info *pinfo, proto_tree *parent, gint start, gint span,
                 guint8 cfg_type, gboolean relabel, proto_item **root_out, proto_tree **tree_out)
{
    gint avail = tvb_captured_length_remaining(tvb, start);
    if (avail <= 0)
        return 0;
    if (span > avail)
        span = avail;
    const guint8 *attr = captured_bytes(tvb, start, span);
    if (!attr)
        return 0;
    guint8 kind = encdns_classify(attr, (size_t)span, &options);
    if (kind == ENCDNS_ATTR_KIND_OTHER)
        return 0;

    EncdnsItem items_stack[ITEMS_ON_STACK];
    EncdnsDiag diags_stack[DIAGS_ON_STACK];
    EncdnsItem *items = items_stack;
    EncdnsDiag *diags = diags_stack;
    size_t items_cap = ITEMS_ON_STACK, diags_cap = DIAGS_ON_STACK;
    EncdnsAttrInfo info;

    if (!encdns_parse_attribute(attr, (size_t)span, cfg_type, &options, items, items_cap, diags,
                                diags_cap, &info))
        return 0;
    if (info.n_items > items_cap || info.n_diags > diags_cap) {
        items_cap = MAX(info.n_items, items_cap);
        diags_cap = MAX(info.n_diags, diags_cap);
        items = (EncdnsItem *)wmem_alloc(pinfo->pool, items_cap * sizeof *items);
        diags = (EncdnsDiag *)wmem_alloc(pinfo->pool, diags_cap * sizeof *diags);
        if (!encdns_parse_attribute(attr, (size_t)span, cfg_type, &options, items, items_cap,
                                    diags, diags_cap, &info))
            return 0;
    }

    gint length = (gint)MIN(info.total_length, (guint32)span);
    gboolean visible = tree_is_visible(parent);
    char text[ITEM_LABEL_LENGTH];
    const char *name = visible ? encdns_attr_name(kind) : NULL; /* only labels use it */
    proto_item *root = parent;
    proto_tree *stack[MAX_DEPTH];
    if (encdns_item_wanted(parent, visible)) {
        root = proto_tree_add_item(parent, proto_encdns, tvb, start, length, ENC_NA);
        if (visible) {
            const char *parts[] = { ENCDNS_PROTO_NAME ": ", name };
            set_label(root, parts, G_N_ELEMENTS(parts));
        }
        stack[0] = proto_item_add_subtree(root, ett_encdns);
    } else {
        stack[0] = parent;
    }

    /* Subtrees nest as the Open/Close items say; past MAX_DEPTH, deeper items go
     * into the deepest subtree we have (the parser's trees are two levels deep). */
    guint depth = 0, unpushed = 0;
    /* Where each item went, for the diagnostics that point at one. */
    proto_item **placed =
        info.n_diags ? (proto_item **)wmem_alloc(pinfo->pool, info.n_items * sizeof *placed) : NULL;

    for (guint32 i = 0; i < info.n_items; i++) {
        const EncdnsItem *it = &items[i];
        if (placed)
            placed[i] = NULL;
        if (it->kind == ENCDNS_ITEM_KIND_CLOSE) {
            if (unpushed > 0)
                unpushed--;
            else if (depth > 0)
                depth--;
            continue;
        }
        if (it->field >= n_fields)
            continue;
        /* In a tree nobody shows, only fields a filter, column or tap asked for are
         * kept: skip the rest before Wireshark has to find that out item by item. */
        if (!visible && !field_referenced(it->field)) {
            if (it->kind == ENCDNS_ITEM_KIND_OPEN)
                unpushed++;
            continue;
        }
        proto_item *pi;
        if (it->flags & ENCDNS_FLAG_GENERATED)
            pi = add_generated(stack[depth], it, tvb, start);
        else
            pi = add_read(stack[depth], it, tvb, start, attr);
        if (visible && (it->flags & ENCDNS_FLAG_TEXT)) {
            /* Straight into the label; if there is none after all, Wireshark's own. */
            char *label = label_of(pi);
            if (label && encdns_item_text(attr, (size_t)length, it, label, ITEM_LABEL_LENGTH) == 0)
                PITEM_FINFO(pi)->rep = NULL;
        }
        if (placed)
            placed[i] = pi;
        if (it->kind == ENCDNS_ITEM_KIND_OPEN) {
            if (depth + 1 < MAX_DEPTH)
                stack[++depth] = proto_item_add_subtree(pi, ett_fields[it->field]);
            else
                unpushed++;
        }
    }
    for (guint32 i = 0; i < info.n_diags; i++) {
        const EncdnsDiag *d = &diags[i];
        proto_item *on = (placed && d->item < info.n_items && placed[d->item]) ? placed[d->item] : root;
        add_diag(pinfo, on, attr, length, d);
    }
    if ((relabel && visible) || tap_entries) {
        encdns_attr_summary(attr, (size_t)length, kind, cfg_type, items, info.n_items, text, sizeof text);
        if (relabel && visible)
            relabel_attribute(parent, text, name, info.attr_type);
        if (tap_entries)
            tap_note(TAP_ATTRIBUTE, wmem_strdup_printf(pinfo->pool, "%s %s", encdns_cfg_type_name(cfg_type), text));
    }
    *root_out = root;
    *tree_out = stack[0];
    return length;
}

/* Takes the payload whose first attribute is at `first`: reads its header just in
 * front of it and checks the payload as a whole (rules between its attributes). */
static void
read_cp(cp_context *cp, packet_info *pinfo, tvbuff_t *tvb, gint first)
{
    EncdnsCpHeader h;
    gint payload = first - ENCDNS_CP_PREFIX_LEN;
    const guint8 *prefix = captured_bytes(tvb, payload, ENCDNS_CP_PREFIX_LEN);
    cp->tvb = tvb;
    cp->first_attr = first;
    cp->valid = prefix && encdns_cp_header(prefix, ENCDNS_CP_PREFIX_LEN, &h);
    cp->cfg_type = cp->valid ? h.cfg_type : 0;
    cp->end = cp->valid ? payload + (gint)h.payload_length : G_MAXINT;
    cp->body = first - ENCDNS_CP_ATTRIBUTES_IN_BODY;
    cp->n_diags = 0;
    cp->record = NULL;
    if (!cp->valid)
        return;
    cp->record = cp_record_for(pinfo, tvb, cp->body);
    gint avail = tvb_captured_length_remaining(tvb, cp->body);
    gint len = MIN(cp->end - cp->body, avail);
    const guint8 *body = captured_bytes(tvb, cp->body, len);
    if (!body)
        return;
    EncdnsDiag probe[DIAGS_ON_STACK];
    size_t n = encdns_analyze_cp(body, (size_t)len, &options, probe, DIAGS_ON_STACK);
    cp->diags = (EncdnsDiag *)wmem_alloc(pinfo->pool, MAX(n, 1) * sizeof *cp->diags);
    if (n > DIAGS_ON_STACK)
        n = MIN(n, encdns_analyze_cp(body, (size_t)len, &options, cp->diags, n));
    else
        memcpy(cp->diags, probe, n * sizeof *probe);
    cp->n_diags = n;
}

/* Learns the payload of an attribute at `start` met in the tree, where every
 * attribute shows: the same payload as the previous attribute's, or a new one that
 * this attribute opens. Returns whether it is new. */
gboolean
enter_cp(cp_context *cp, packet_info *pinfo, tvbuff_t *tvb, gint start)
{
    if (cp->valid && cp->tvb == tvb && start > cp->first_attr && start < cp->end)
        return FALSE;
    read_cp(cp, pinfo, tvb, start);
    return TRUE;
}

/* The same, for a payload recorded by the first pass, whose body is known. */
gboolean
enter_cp_body(cp_context *cp, packet_info *pinfo, tvbuff_t *tvb, gint body)
{
    if (cp->valid && cp->tvb == tvb && cp->body == body)
        return FALSE;
    read_cp(cp, pinfo, tvb, body + ENCDNS_CP_ATTRIBUTES_IN_BODY);
    return TRUE;
}

/* The payload-level diagnostics that concern the attribute at `start`, on its item. */
void
add_cp_diags(const cp_context *cp, packet_info *pinfo, proto_item *on, gint start)
{
    if (cp->n_diags == 0)
        return;
    gint len = MIN(cp->end - cp->body, tvb_captured_length_remaining(cp->tvb, cp->body));
    const guint8 *body = captured_bytes(cp->tvb, cp->body, len);
    for (size_t i = 0; body && i < cp->n_diags; i++) {
        if (cp->body + (gint)cp->diags[i].offset == start)
            add_diag(pinfo, on, body, len, &cp->diags[i]);
    }
}
