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
    if (!fi || !labels_shown(pi) || (fi->flags & FI_HIDDEN))
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

/* The labels Wireshark gives a BASE_DEC number ("Name: 5", "Name: Value (5)") and a
 * string of printable ASCII ("Name: text") are written as the item is added.
 * Wireshark would format them when printing, through its generic code for every
 * type and display, at about five times the cost: for a shown attribute, more than
 * decoding it. Other types and displays, and addresses (name resolution), are left
 * to it. Per field: how it is labelled, and its "Name: ". */
enum { LABEL_BY_WIRESHARK, LABEL_NUMBER, LABEL_NUMBER_NAMED, LABEL_STRING };
static guint8 *label_styles;
static char **label_prefixes;
static guint8 *label_prefix_lens;

void
labels_init(void)
{
    label_styles = g_new0(guint8, n_fields);
    label_prefixes = g_new0(char *, n_fields);
    label_prefix_lens = g_new0(guint8, n_fields);
    for (guint i = 0; i < n_fields; i++) {
        const header_field_info *h = field_infos[i];
        if (!h || h->bitmask || strlen(h->name) > 64)
            continue;
        if ((h->type == FT_UINT8 || h->type == FT_UINT16 || h->type == FT_UINT32) && h->display == BASE_DEC)
            label_styles[i] = h->strings ? LABEL_NUMBER_NAMED : LABEL_NUMBER;
        else if (h->type == FT_STRING && h->display == BASE_NONE)
            label_styles[i] = LABEL_STRING;
        else
            continue;
        label_prefixes[i] = g_strconcat(h->name, ": ", NULL);
        label_prefix_lens[i] = (guint8)strlen(label_prefixes[i]);
    }
}

/* Starts the label of a shown item with its "Name: "; returns where that ends, 0 if
 * the item has no label to write. */
static gsize
start_label(proto_item *pi, guint field, char **label)
{
    *label = label_of(pi);
    if (!*label)
        return 0;
    gsize at = label_prefix_lens[field];
    memcpy(*label, label_prefixes[field], at);
#ifdef ENCDNS_LABEL_HAS_VALUE_SPAN
    PITEM_FINFO(pi)->rep->value_pos = at;
#endif
    return at;
}

/* Appends the decimal digits of v. */
static gsize
put_dec(char *label, gsize at, guint32 v)
{
    char digits[10];
    guint n = 0;
    do
        digits[n++] = (char)('0' + v % 10);
    while (v /= 10);
    while (n > 0)
        label[at++] = digits[--n];
    label[at] = '\0';
    return at;
}

/* Appends "name (N)"; returns where it ended, ITEM_LABEL_LENGTH if it did not fit. */
static gsize
put_named_number(char *label, gsize at, const char *name, guint32 v)
{
    at = put(label, put(label, at, name), " (");
    if (at + 12 >= ITEM_LABEL_LENGTH)
        return ITEM_LABEL_LENGTH;
    at = put_dec(label, at, v);
    label[at++] = ')';
    label[at] = '\0';
    return at;
}

/* Ends a label at `at`; one that did not fit is dropped, and Wireshark writes it. */
static void
end_label(proto_item *pi, gsize at)
{
    field_info *fi = PITEM_FINFO(pi);
    if (at >= ITEM_LABEL_LENGTH - 1) {
        fi->rep = NULL;
        return;
    }
#ifdef ENCDNS_LABEL_HAS_VALUE_SPAN
    fi->rep->value_len = at - fi->rep->value_pos;
#else
    (void)fi;
#endif
}

static void
label_number(proto_item *pi, guint field, guint32 v)
{
    guint8 style = label_styles[field];
    char *label;
    gsize at;
    if ((style != LABEL_NUMBER && style != LABEL_NUMBER_NAMED) || !(at = start_label(pi, field, &label)))
        return;
    if (style == LABEL_NUMBER_NAMED) {
        const char *name = try_val_to_str(v, (const value_string *)PITEM_FINFO(pi)->hfinfo->strings);
        at = put_named_number(label, at, name ? name : "Unknown", v);
    } else {
        at = put_dec(label, at, v);
    }
    end_label(pi, at);
}

static void
label_string(proto_item *pi, guint field, const char *s, gsize len)
{
    char *label;
    gsize at;
    if (label_styles[field] != LABEL_STRING || !(at = start_label(pi, field, &label)))
        return;
    if (at + len >= ITEM_LABEL_LENGTH - 1)
        return end_label(pi, ITEM_LABEL_LENGTH);
    memcpy(label + at, s, len + 1);
    end_label(pi, at + len);
}

/* Puts the attribute's summary in place of Wireshark's placeholder name in the
 * attribute item's label (which the isakmp dissector set explicitly), and the name in
 * its type child (which Wireshark would label on demand). Only when the tree is shown. */
static void
relabel_attribute(proto_node *attr_node, const char *summary, const char *name, guint16 attr_type)
{
    field_info *fi = PNODE_FINFO(attr_node);
    if (!fi || !fi->rep || !labels_shown(attr_node))
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
            char *type_label = label_of(c);
            if (type_label)
                put_named_number(type_label, put(type_label, put(type_label, 0, cfi->hfinfo->name), ": "), name,
                                 attr_type);
        }
    }
}

/* A field whose value the parser computed. */
static proto_item *
add_generated(proto_tree *tree, const EncdnsItem *it, tvbuff_t *tvb, gint start, gboolean labels)
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
        if (labels)
            label_number(pi, it->field, (guint32)it->value);
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
add_read(proto_tree *tree, const EncdnsItem *it, tvbuff_t *tvb, gint start, const guint8 *attr, gboolean labels)
{
    int hf = hf_ids[it->field];
    gint off = start + (gint)it->offset, len = (gint)it->length;
    proto_item *pi;
    switch (field_kinds[it->field]) {
    case ENCDNS_KIND_U8:
    case ENCDNS_KIND_U16:
    case ENCDNS_KIND_U32:
        pi = proto_tree_add_uint(tree, hf, tvb, off, len, (guint32)it->value);
        if (labels)
            label_number(pi, it->field, (guint32)it->value);
        return pi;
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
            pi = proto_tree_add_string(tree, hf, tvb, off, len, s);
            if (labels)
                label_string(pi, it->field, s, (gsize)n);
            return pi;
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
    gboolean labels = labels_shown(parent);
    char text[ITEM_LABEL_LENGTH];
    const char *name = labels ? encdns_attr_name(kind) : NULL; /* only labels use it */
    proto_item *root = parent;
    proto_tree *stack[MAX_DEPTH];
    stack[0] = parent;
    if (relabel) {
        /* Under Wireshark's own attribute item, which names the attribute already:
         * the fields go straight under it, as isakmp's decoded values of the types it
         * knows do. The protocol item is kept for what names `encdns` itself
         * (filters, columns, protocol statistics), hidden. */
        if (encdns_item_wanted(parent, FALSE))
            proto_item_set_hidden(proto_tree_add_item(parent, proto_encdns, tvb, start, length, ENC_NA));
    } else if (encdns_item_wanted(parent, visible)) {
        /* Where there is no attribute item to go under: one of our own. */
        root = proto_tree_add_item(parent, proto_encdns, tvb, start, length, ENC_NA);
        if (labels) {
            const char *parts[] = { ENCDNS_PROTO_NAME ": ", name };
            set_label(root, parts, G_N_ELEMENTS(parts));
        }
        stack[0] = proto_item_add_subtree(root, ett_encdns);
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
        /* Items with a text of their own are labelled below. */
        gboolean own = labels && !(it->flags & ENCDNS_FLAG_TEXT);
        if (it->flags & ENCDNS_FLAG_GENERATED)
            pi = add_generated(stack[depth], it, tvb, start, own);
        else
            pi = add_read(stack[depth], it, tvb, start, attr, own);
        if (labels && (it->flags & ENCDNS_FLAG_TEXT)) {
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
    if ((relabel && labels) || tap_entries) {
        encdns_attr_summary(attr, (size_t)length, kind, cfg_type, items, info.n_items, text, sizeof text);
        if (relabel && labels)
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
