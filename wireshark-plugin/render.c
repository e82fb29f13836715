/* render.c
 * The crate's list for a frame, drawn: each entry's items with proto_tree_add_*, its
 * expert infos, the labels of shown items, and the rows of the encdns tap.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "glue.h"

/* Items nest at most this deep; deeper ones go into the deepest subtree (the crate's
 * entries are two levels deep). */
#define MAX_DEPTH 16

static gboolean
tree_is_visible(proto_tree *tree)
{
    return tree && tree->tree_data && tree->tree_data->visible;
}

gboolean
labels_shown(proto_tree *tree)
{
    return !frontend_fields_only() && tree_is_visible(tree);
}

/* Whether a field is asked for by a filter, column or tap (what proto_field_is_referenced
 * says of a tree nobody shows, without the lookup). */
static gboolean
referenced(guint field)
{
    return ids.hfi[field] && ids.hfi[field]->ref_type != HF_REF_TYPE_NONE;
}

/* ---- Labels ----
 * Wireshark formats a label when printing it, through generic code for every type and
 * display, which costs more than writing it as the item is added: for a shown
 * attribute, more than decoding it. So the labels Wireshark would give a BASE_DEC
 * number ("Name: 5", "Name: Value (5)") and a printable string ("Name: text") are
 * written here; others, and addresses (name resolution), are left to Wireshark. */
enum { LABEL_BY_WIRESHARK, LABEL_NUMBER, LABEL_NUMBER_NAMED, LABEL_STRING };
static guint8 *label_styles;  /* by EncdnsField */
static char **label_prefixes; /* "Name: " by EncdnsField */
static guint8 *label_prefix_lens;

static void
labels_init(void)
{
    label_styles = g_new0(guint8, ids.n_fields);
    label_prefixes = g_new0(char *, ids.n_fields);
    label_prefix_lens = g_new0(guint8, ids.n_fields);
    for (guint i = 0; i < ids.n_fields; i++) {
        const header_field_info *h = ids.hfi[i];
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

/* The label of a shown item, to be written in place; NULL if it has none to show. */
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

/* Writes "Name: " + the value the way Wireshark would; a label that does not fit is
 * dropped, and Wireshark writes it. */
static void
label_value(proto_item *pi, guint field, guint32 number, const char *string)
{
    guint8 style = label_styles[field];
    if (style == LABEL_BY_WIRESHARK || (style == LABEL_STRING) != (string != NULL))
        return;
    char *label = label_of(pi);
    if (!label)
        return;
    field_info *fi = PITEM_FINFO(pi);
    gsize at = label_prefix_lens[field];
    memcpy(label, label_prefixes[field], at);
#ifdef ENCDNS_LABEL_HAS_VALUE_SPAN
    fi->rep->value_pos = at;
#endif
    if (style == LABEL_STRING) {
        gsize len = strlen(string);
        at = at + len >= ITEM_LABEL_LENGTH - 1 ? ITEM_LABEL_LENGTH : (memcpy(label + at, string, len + 1), at + len);
    } else if (style == LABEL_NUMBER_NAMED) {
        const char *name = try_val_to_str(number, (const value_string *)fi->hfinfo->strings);
        at = put_named_number(label, at, name ? name : "Unknown", number);
    } else {
        at = put_dec(label, at, number);
    }
    if (at >= ITEM_LABEL_LENGTH - 1) {
        fi->rep = NULL;
        return;
    }
#ifdef ENCDNS_LABEL_HAS_VALUE_SPAN
    fi->rep->value_len = at - fi->rep->value_pos;
#endif
}

/* Puts the attribute's summary in place of Wireshark's placeholder name in the
 * attribute item's label (which isakmp set explicitly), and its name in the Type
 * child's (which Wireshark would write on demand). */
static void
relabel_attribute(proto_node *attr, const char *summary, const char *name, guint16 type)
{
    field_info *fi = PNODE_FINFO(attr);
    if (!fi || !fi->rep || !summary || !name)
        return;
    char *label = fi->rep->representation;
    char *at = strstr(label, isakmp_unknown_attribute);
    if (!at)
        return; /* a Wireshark that knows the name already */
    char tail[ITEM_LABEL_LENGTH];
    put(tail, 0, at + strlen(isakmp_unknown_attribute));
    put(label, put(label, (gsize)(at - label), summary), tail);
    proto_node *type_item = isakmp_attr_type_item(attr);
    char *type_label = type_item ? label_of(type_item) : NULL;
    if (type_label) {
        const char *field_name = PNODE_FINFO(type_item)->hfinfo->name;
        put_named_number(type_label, put(type_label, put(type_label, 0, field_name), ": "), name, type);
    }
}

/* ---- Items ---- */

/* One of the crate's items, added under `tree`: at `off` in `tvb`, whose octets are
 * `source`; `octets` the value when it is not in the packet. */
static proto_item *
add_item(proto_tree *tree, const EncdnsItem *it, tvbuff_t *tvb, gint off, const guint8 *source,
         const EncdnsText *octets, const EncdnsRender *r, gboolean labels)
{
    int hf = ids.hf[it->field];
    gint len = (gint)it->length;
    const header_field_info *h = ids.hfi[it->field];
    proto_item *pi;
    switch (h ? h->type : FT_NONE) {
    case FT_UINT8:
    case FT_UINT16:
    case FT_UINT32:
    case FT_FRAMENUM:
        pi = proto_tree_add_uint(tree, hf, tvb, off, len, (guint32)it->value);
        if (labels)
            label_value(pi, it->field, (guint32)it->value, NULL);
        break;
    case FT_BOOLEAN:
        pi = proto_tree_add_boolean(tree, hf, tvb, off, len, (guint32)it->value);
        break;
    case FT_IPv4:
        pi = proto_tree_add_ipv4(tree, hf, tvb, off, len, g_htonl((guint32)it->value));
        break;
    case FT_IPv6:
        pi = len == 16 ? proto_tree_add_ipv6(tree, hf, tvb, off, len, (const ws_in6_addr *)(source + off))
                       : proto_tree_add_item(tree, hf, tvb, off, len, ENC_NA);
        break;
    case FT_BYTES:
        pi = octets ? proto_tree_add_bytes_with_length(tree, hf, tvb, off, len, (const guint8 *)r->text + octets->offset,
                                                       (gint)octets->length)
                    : proto_tree_add_bytes(tree, hf, tvb, off, len, source + off);
        break;
    case FT_STRING: {
        /* Names are printable ASCII nearly always, and then they are their own UTF-8
         * decoding: only other strings are left to Wireshark's decoder (replacement
         * characters for invalid sequences). */
        char s[256];
        gint n = 0;
        while (n < len && n < (gint)sizeof s - 1 && source[off + n] >= 0x20 && source[off + n] < 0x7f) {
            s[n] = (char)source[off + n];
            n++;
        }
        s[n] = '\0';
        if (n == len) {
            pi = proto_tree_add_string(tree, hf, tvb, off, len, s);
            if (labels)
                label_value(pi, it->field, 0, s);
        } else {
            pi = proto_tree_add_item(tree, hf, tvb, off, len, ENC_UTF_8);
        }
        break;
    }
    default:
        pi = proto_tree_add_item(tree, hf, tvb, off, len, ENC_NA);
        break;
    }
    if (it->flags & ENCDNS_ITEM_GENERATED)
        proto_item_set_generated(pi);
    return pi;
}

proto_item *
render_item(proto_tree *tree, const EncdnsItem *it, tvbuff_t *tvb, gint off, const guint8 *source)
{
    return add_item(tree, it, tvb, off, source, NULL, NULL, labels_shown(tree));
}

/* Whether an entry gets an encdns item of its own: only if a filter or column names
 * the protocol itself (tshark -e encdns, on 4.0, in a shown tree that marks nothing
 * as asked for), or the tree keeps protocol items anyway. Elsewhere its fields go
 * straight under the parent, where filters, columns and taps find them all the same,
 * and the item would cost as much as parsing the attribute. */
static gboolean
protocol_item_wanted(proto_tree *parent)
{
    header_field_info *hfi = proto_registrar_get_nth(ids.proto);
    return !hfi || hfi->ref_type >= HF_REF_TYPE_DIRECT || !PTREE_DATA(parent)->fake_protocols ||
           frontend_prints_protocol();
}

/* An encdns item over the entry's octets, labelled "<protocol name><suffix>"; its
 * subtree. */
static proto_tree *
protocol_item(proto_tree *parent, tvbuff_t *tvb, const EncdnsEntry *e, const char *suffix, proto_item **item)
{
    *item = proto_tree_add_item(parent, ids.proto, tvb, (gint)e->offset, (gint)e->length, ENC_NA);
    if (suffix && labels_shown(*item))
        proto_item_append_text(*item, "%s", suffix);
    return proto_item_add_subtree(*item, ids.ett);
}

static const char *
text_at(const EncdnsRender *r, uint32_t at)
{
    return at == ENCDNS_NO_TEXT ? NULL : r->text + at;
}

/* Where an entry goes that has no isakmp item of its own: beside its payload's first
 * attribute item; without one, at a shown tree's top, else under its isakmp item. */
static proto_tree *
beside(frame_view *v, const EncdnsEntry *e, tvbuff_t *tvb, proto_tree *tree)
{
    proto_node *near = frame_view_attribute(v, tvb, e->near);
    if (near && near->parent)
        return near->parent;
    if (tree_is_visible(tree) || e->message >= v->frame.n_messages || !v->message_items[e->message])
        return tree;
    return v->message_items[e->message];
}

static void
draw_entry(const EncdnsRender *r, const EncdnsEntry *e, frame_view *v, packet_info *pinfo, proto_tree *tree)
{
    if (e->source >= v->frame.n_sources || e->items + e->n_items > r->n_items || e->texts + e->n_texts > r->n_texts ||
        e->experts + e->n_experts > r->n_experts || (guint64)e->offset + e->length > v->sources[e->source].length)
        return;
    tvbuff_t *tvb = v->tvbs[e->source];
    const guint8 *source = v->sources[e->source].bytes;
    gboolean visible = tree_is_visible(tree), labels = labels_shown(tree);
    proto_item *root;
    proto_tree *top;
    const char *label = text_at(r, e->label);
    if (e->kind == ENCDNS_ENTRY_KIND_ATTRIBUTE) {
        proto_node *attr = frame_view_attribute(v, tvb, e->offset);
        if (attr) {
            /* Under Wireshark's own attribute item, which names the attribute already:
             * the fields go straight under it, as isakmp's decoded values do. The
             * protocol item is kept, hidden, for what names `encdns` itself. */
            root = top = attr;
            if (protocol_item_wanted(attr))
                proto_item_set_hidden(
                    proto_tree_add_item(attr, ids.proto, tvb, (gint)e->offset, (gint)e->length, ENC_NA));
            if (labels)
                relabel_attribute(attr, label, text_at(r, e->name), e->attr_type);
        } else {
            proto_tree *parent = beside(v, e, tvb, tree);
            if (!visible && !protocol_item_wanted(parent)) {
                root = top = parent;
            } else {
                /* Labelled as Wireshark's attribute item would be: with the summary. */
                char suffix[ITEM_LABEL_LENGTH];
                put(suffix, put(suffix, 0, ": "), label ? label : "");
                top = protocol_item(parent, tvb, e, suffix, &root);
            }
        }
    } else if (e->kind == ENCDNS_ENTRY_KIND_PAYLOAD) {
        proto_tree *parent = beside(v, e, tvb, tree);
        /* In a tree nobody shows, its fields matter only to what names them. */
        gboolean wanted = e->n_experts > 0 || visible || protocol_item_wanted(parent);
        for (uint32_t i = 0; !wanted && i < e->n_items; i++)
            wanted = r->items[e->items + i].field < ids.n_fields && referenced(r->items[e->items + i].field);
        if (!wanted)
            return;
        top = protocol_item(parent, tvb, e, label, &root);
    } else {
        top = protocol_item(tree, tvb, e, label, &root);
    }

    /* Subtrees nest as the Open/Close items say; past MAX_DEPTH, deeper items go into
     * the deepest subtree there is. */
    proto_tree *stack[MAX_DEPTH];
    guint depth = 0, unpushed = 0;
    uint32_t next_text = 0;
    stack[0] = top;
    proto_item **placed = e->n_experts ? wmem_alloc0_array(pinfo->pool, proto_item *, e->n_items) : NULL;
    for (uint32_t i = 0; i < e->n_items; i++) {
        const EncdnsItem *it = &r->items[e->items + i];
        if (it->kind == ENCDNS_ITEM_KIND_CLOSE) {
            if (unpushed > 0)
                unpushed--;
            else if (depth > 0)
                depth--;
            continue;
        }
        /* In a tree nobody shows, only fields a filter, column or tap asked for are
         * kept: skip the rest before Wireshark has to find that out item by item (what
         * is under a skipped item goes where it would have gone). */
        if (it->field >= ids.n_fields || (gint64)it->offset + it->length > (gint64)e->length ||
            (!visible && !referenced(it->field))) {
            unpushed += it->kind == ENCDNS_ITEM_KIND_OPEN;
            continue;
        }
        /* The item's texts, if it has any (they come in item order). */
        const EncdnsText *label = NULL, *octets = NULL;
        for (; next_text < e->n_texts && r->texts[e->texts + next_text].item <= i; next_text++) {
            const EncdnsText *t = &r->texts[e->texts + next_text];
            if (t->item == i && t->kind == ENCDNS_TEXT_KIND_LABEL)
                label = t;
            else if (t->item == i && t->kind == ENCDNS_TEXT_KIND_OCTETS)
                octets = t;
        }
        proto_item *pi =
            add_item(stack[depth], it, tvb, (gint)(e->offset + it->offset), source, octets, r, labels && !label);
        char *rep = label && labels ? label_of(pi) : NULL;
        if (rep)
            put(rep, 0, r->text + label->offset);
        if (placed)
            placed[i] = pi;
        if (it->kind == ENCDNS_ITEM_KIND_OPEN) {
            if (depth + 1 < MAX_DEPTH)
                stack[++depth] = proto_item_add_subtree(pi, ids.ett_field[it->field]);
            else
                unpushed++;
        }
    }
    for (uint32_t i = 0; i < e->n_experts; i++) {
        const EncdnsExpert *x = &r->experts[e->experts + i];
        proto_item *on = x->item < e->n_items && placed[x->item] ? placed[x->item] : root;
        if (x->code < ids.n_codes)
            expert_add_info_format(pinfo, on, &ids.ei[x->code], "%s", text_at(r, x->message) ? text_at(r, x->message) : "");
    }
}

/* ---- The encdns tap and its stats tree (tshark -z encdns,tree, Statistics) ---- */

#define ST_ROOT_NAME "IKEv2 encrypted DNS (RFC 9464)"
static int st_root = -1;

typedef struct {
    const char *heading, *group, *text;
} tap_row;

static tap_packet_status
stats_packet(stats_tree *st, packet_info *pinfo _U_, epan_dissect_t *edt _U_, const void *p ENCDNS_TAP_FLAGS_PARAM)
{
    wmem_array_t *rows = (wmem_array_t *)p;
    for (guint i = 0; i < wmem_array_get_count(rows); i++) {
        const tap_row *row = (const tap_row *)wmem_array_index(rows, i);
        tick_stat_node(st, ST_ROOT_NAME, 0, TRUE);
        int heading = tick_stat_node(st, row->heading, st_root, TRUE);
        tick_stat_node(st, row->text, tick_stat_node(st, row->group, heading, TRUE), FALSE);
    }
    return TAP_PACKET_REDRAW;
}

static void
stats_init(stats_tree *st)
{
    st_root = stats_tree_create_node(st, ST_ROOT_NAME, 0, STAT_DT_INT, TRUE);
}

void
render_register(void)
{
    ids.tap = register_tap("encdns");
}

void
render_handoff(void)
{
    labels_init();
    /* The tap is fed from the tree: ask for one, or a plain tshark -z run builds none. */
    stats_tree_register_plugin("encdns", "encdns", "IKEv2 Encrypted DNS (RFC 9464)", TL_REQUIRES_PROTO_TREE,
                               stats_packet, stats_init, NULL);
}

void
render_frame(const EncdnsRender *r, frame_view *v, packet_info *pinfo, proto_tree *tree)
{
    for (uint32_t i = 0; i < r->n_entries; i++)
        draw_entry(r, &r->entries[i], v, pinfo, tree);
    if (r->n_taps == 0)
        return;
    /* The list lives until the crate's next call; the tap reads after the dissection. */
    wmem_array_t *rows = wmem_array_sized_new(pinfo->pool, sizeof(tap_row), r->n_taps);
    for (uint32_t i = 0; i < r->n_taps; i++) {
        const EncdnsTapEntry *t = &r->taps[i];
        tap_row row = { wmem_strdup(pinfo->pool, text_at(r, t->heading)), wmem_strdup(pinfo->pool, text_at(r, t->group)),
                        wmem_strdup(pinfo->pool, text_at(r, t->text)) };
        if (row.heading && row.group && row.text)
            wmem_array_append_one(rows, row);
    }
    tap_queue_packet(ids.tap, pinfo, rows);
}
