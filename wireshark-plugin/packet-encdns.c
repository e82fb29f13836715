/* packet-encdns.c
 * Wireshark glue for the encdns crate: decodes the RFC 9464 IKEv2 Configuration
 * Payload attributes (ENCDNS_IP4, ENCDNS_IP6, ENCDNS_DIGEST_INFO) inside Wireshark's
 * own IKEv2 tree. This file: the plugin, its registration from the crate's tables,
 * and the post-dissector that finds the attributes in the tree.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "glue.h"

#include <epan/epan.h>
#include <epan/epan_dissect.h>

#ifndef VERSION
#define VERSION "0.0.0"
#endif

WS_DLL_PUBLIC_DEF const gchar plugin_version[] = VERSION;
WS_DLL_PUBLIC_DEF const int plugin_want_major = WIRESHARK_VERSION_MAJOR;
WS_DLL_PUBLIC_DEF const int plugin_want_minor = WIRESHARK_VERSION_MINOR;

WS_DLL_PUBLIC void plugin_register(void);
#ifdef ENCDNS_HAVE_PLUGIN_DESCRIBE
WS_DLL_PUBLIC uint32_t plugin_describe(void);
#endif

int proto_encdns = -1;
int ett_encdns = -1;
int *hf_ids;       /* by EncdnsField */
gint *ett_fields;  /* by EncdnsField, for items that open a subtree */
expert_field *ei_codes; /* by EncdnsCode */
guint n_fields;
guint n_diags;

/* Fields of other dissectors we look for. */
static int proto_isakmp = -1;
static int hf_isakmp_cfg_attr = -1;
static int hf_isakmp_typepayload = -1; /* an IKE payload, with its type as value */
static int hf_isakmp_ispi = -1;
int hf_tls_certificate = -1;
int hf_isakmp_attr_type = -1;

static dissector_handle_t encdns_handle;

/* What the post-dissector has declared wanted: 0 nothing, 1 what finding IKE messages
 * needs, 2 that and the TLS certificates. */
static guint wanted_level;
/* The last frame the first-pass work was done for. A first pass without a tree (tshark
 * -2 with no filter) does none: a later pass with one catches up, in frame order. */
static guint32 last_done;

/* The post-dissector runs under a protocol of its own, switched on only while some
 * dissection builds a tree (encdns_dissect_init): without one nothing we add could be
 * seen, and a post-dissector that is on costs every frame of every capture a call. */
static int proto_encdns_hook = -1;
static int proto_encdns_hook_call = -1; /* in name only, under proto_encdns_hook */
/* Whether the user switched encdns itself off is asked of every frame. */
static protocol_t *encdns_protocol;
static guint tree_dissections;
/* A dissection without a tree ran since the file was opened: a later one with a tree
 * may have to catch up, and then needs every item (4.6 fakes even isakmp's). */
static gboolean saw_treeless;

/* A tshark run with -T fields prints field values, never labels; yet 4.0's tshark
 * builds shown trees for it (it needs "full tree info"), which would make us write
 * the labels of every attribute for nobody (a quarter of what we cost such a frame).
 * 4.4 and later build trees nobody shows for -T fields, so there this changes
 * nothing. */
gboolean labels_unseen;

/* Whether this process is tshark with -T fields, from its command line where the
 * system offers it (Linux /proc); FALSE if unsure. tshark takes one -T; only its
 * plain spellings "-T fields" and "-Tfields" are recognized (in another, labels are
 * written as for any shown tree). */
static gboolean
tshark_fields_run(void)
{
    gchar *cmdline = NULL;
    gsize len = 0;
    if (!g_file_get_contents("/proc/self/cmdline", &cmdline, &len, NULL))
        return FALSE;
    const gchar *end = cmdline + len;
    gchar *base = g_path_get_basename(cmdline);
    gboolean fields = FALSE, tshark = strcmp(base, "tshark") == 0;
    g_free(base);
    for (const gchar *a = cmdline + strlen(cmdline) + 1; tshark && a < end; a += strlen(a) + 1) {
        if (strcmp(a, "--") == 0)
            break;
        if (strcmp(a, "-T") == 0 && a + 3 < end) {
            fields = strcmp(a + 3, "fields") == 0;
            break;
        }
        if (strncmp(a, "-T", 2) == 0) {
            fields = strcmp(a + 2, "fields") == 0;
            break;
        }
    }
    g_free(cmdline);
    return fields;
}

/* Preferences (DESIGN.md §5). */
static guint pref_type_ip4 = 27;
static guint pref_type_ip6 = 28;
static guint pref_type_digest_info = 29;
static gint pref_digest_layout = ENCDNS_DIGEST_LAYOUT_RFC9464;
static encdns_pref_bool pref_first_pass_tree = FALSE;
EncdnsOptions options;

static void
apply_prefs(void)
{
    options.type_ip4 = (uint16_t)pref_type_ip4;
    options.type_ip6 = (uint16_t)pref_type_ip6;
    options.type_digest_info = (uint16_t)pref_type_digest_info;
    options.digest_layout = (uint8_t)pref_digest_layout;
}

guint8 *field_kinds; /* by EncdnsField */
header_field_info **field_infos;

typedef struct {
    packet_info *pinfo;
    cp_context cp;
    /* End of the last attribute we decoded: isakmp items that start before it are
     * Wireshark's misreading of its value (an R bit taken for the AF bit). */
    tvbuff_t *covered_tvb;
    gint covered_end;
    guint found;
    /* Payloads whose own encdns item this dissection has added. */
    const cp_record *shown[MAX_SHOWN];
    guint n_shown;
} walk_state;

/* A payload's own item, under `parent`, unless this dissection added it already. */
static void
show_once(walk_state *w, proto_tree *parent, const cp_record *r)
{
    for (guint i = 0; i < w->n_shown; i++)
        if (w->shown[i] == r)
            return;
    if (w->n_shown < MAX_SHOWN)
        w->shown[w->n_shown++] = r;
    show_payload(w->pinfo, parent, r);
}

/* On meeting a payload's first attribute: the payload's own item, once. */
static void
meet_payload(walk_state *w, proto_tree *parent)
{
    const cp_record *r = w->cp.record;
    if (r)
        show_once(w, parent, r);
}

/* Decodes the attribute at tvb[start] under `parent` with everything its payload
 * says about it; the payload is already entered (w->cp). Returns FALSE if it is
 * not one of ours. */
static gboolean
process_attribute(walk_state *w, tvbuff_t *tvb, proto_tree *parent, gint start, gboolean relabel)
{
    if (tvb == w->covered_tvb && start < w->covered_end)
        return FALSE;
    gint span = w->cp.valid ? w->cp.end - start : G_MAXINT;
    proto_item *root = NULL;
    proto_tree *subtree = NULL;
    gint covered = decode_attribute(tvb, w->pinfo, parent, start, span, w->cp.cfg_type, relabel, &root, &subtree);
    if (covered == 0)
        return FALSE;
    w->covered_tvb = tvb;
    w->covered_end = start + covered;
    if (w->cp.valid) {
        add_cp_diags(&w->cp, w->pinfo, root, start);
        add_sa_diags(w->pinfo, root, w->cp.record, start);
        add_check_links(w->pinfo, subtree, tvb, w->cp.record, start);
    }
    return TRUE;
}

/* Whether this frame gets the first-pass work (SA state, records for later passes):
 * on the first pass; or later, in frame order, if the first pass had no tree. */
static gboolean
first_time_here(packet_info *pinfo, proto_tree *tree)
{
    if (!PINFO_FD_VISITED(pinfo))
        return TRUE;
    if (pinfo->num <= last_done)
        return FALSE;
    /* Catching up: the certificate check needs the TLS certificate items, which only
     * a first pass gets on request; from here on this dissection shows everything. */
    if (!tree_is_visible(tree))
        proto_tree_set_visible(tree, TRUE);
    last_done = pinfo->num;
    return TRUE;
}

static void
visit_attribute(walk_state *w, proto_node *node)
{
    field_info *fi = PNODE_FINFO(node);
    if (!fi || !fi->ds_tvb)
        return;
    w->found++;
    /* Every attribute, ours or not, may open a payload the SA has something to say
     * about; its item goes beside the attributes. */
    if (enter_cp(&w->cp, w->pinfo, fi->ds_tvb, fi->start) && w->cp.valid)
        meet_payload(w, node->parent ? node->parent : node);
    process_attribute(w, fi->ds_tvb, node, fi->start, TRUE);
}

/* Whether an IKEv2 payload of this type can hold no Configuration attribute, not even
 * in payloads nested in it: its subtree need not be walked. RFC 7296 §3.2 types
 * SA (33) to TSr (45); not SK (46), CP (47), EAP (48) or SKF (53), nor unknown ones. */
static gboolean
payload_without_attributes(guint32 type)
{
    return type >= 33 && type <= 45;
}

static void
walk(walk_state *w, proto_node *node, guint depth)
{
    for (proto_node *c = node->first_child; c; c = c->next) {
        field_info *fi = PNODE_FINFO(c);
        if (fi && fi->hfinfo) {
            int id = fi->hfinfo->id;
            if (id == hf_isakmp_cfg_attr) {
                visit_attribute(w, c);
                continue; /* attributes do not nest */
            }
            /* Most of an IKE_AUTH's items are in payloads like SA and TS. */
            if (id == hf_isakmp_typepayload && payload_without_attributes(fvalue_get_uinteger(ENCDNS_FI_FVALUE(fi))))
                continue;
        }
        if (c->first_child && depth < 64)
            walk(w, c, depth + 1);
    }
}

/* The IKE major version of the ISAKMP message an isakmp protocol item covers. */
static guint8
ike_major_version(field_info *fi)
{
    const guint8 *hdr = fi && fi->ds_tvb ? captured_bytes(fi->ds_tvb, fi->start, ISAKMP_HEADER_PEEK) : NULL;
    return hdr ? encdns_ike_major_version(hdr, ISAKMP_HEADER_PEEK) : 0;
}

/* An ISAKMP message met in the tree, through `fi` (its isakmp item or the first field
 * of its header): on the first pass its SA learns it, and a tap learns its SA. FALSE
 * if it is not IKEv2 (IKEv1 uses the same field names for other attributes). */
static gboolean
take_message(packet_info *pinfo, field_info *fi, gboolean first)
{
    if (ike_major_version(fi) != 2)
        return FALSE;
    if (first)
        track_message(pinfo, fi);
    if (tap_entries)
        tap_sa = sa_label(pinfo, fi);
    return TRUE;
}

/* Every frame of every capture asks this: one call that walks the list inside wsutil,
 * not three calls per layer. */
static gboolean
frame_has_isakmp(packet_info *pinfo)
{
    return wmem_list_find(pinfo->layers, GINT_TO_POINTER(proto_isakmp)) != NULL;
}

/* Trees nobody shows (filters, columns, taps) hold Wireshark's attribute items only if
 * something asked for them, which would cost every IKE frame: here the attributes are
 * found from the payloads the first pass recorded (track_message), and decoded under
 * `parent`, where filters, columns and taps see them all the same. */
static void
decode_recorded(walk_state *w, proto_tree *parent)
{
    for (const cp_record *r = frame_cp_records(w->pinfo); r; r = r->next) {
        show_payload(w->pinfo, parent, r);
        tvbuff_t *tvb = data_source_at(w->pinfo, r->ds_index);
        if (!tvb || !enter_cp_body(&w->cp, w->pinfo, tvb, r->body) || !w->cp.valid)
            continue;
        gint len = MIN(w->cp.end - r->body, tvb_captured_length_remaining(tvb, r->body));
        const guint8 *body = captured_bytes(tvb, r->body, len);
        if (!body)
            continue;
        guint32 stack[ATTRS_ON_STACK];
        guint32 *at = stack;
        size_t n = encdns_cp_attributes(body, (size_t)len, &options, at, ATTRS_ON_STACK);
        if (n > ATTRS_ON_STACK) {
            at = (guint32 *)wmem_alloc(w->pinfo->pool, n * sizeof *at);
            n = MIN(n, encdns_cp_attributes(body, (size_t)len, &options, at, n));
        }
        w->covered_tvb = NULL;
        for (size_t i = 0; i < n; i++)
            process_attribute(w, tvb, parent, r->body + (gint)at[i], FALSE);
    }
}

static int
dissect_encdns(tvbuff_t *tvb _U_, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    /* No tree: nothing we add could be seen (encdns_dissect_init). */
    if (!tree || !proto_is_protocol_enabled(encdns_protocol))
        return 0;
    if (!PINFO_FD_VISITED(pinfo) && pinfo->num > last_done)
        last_done = pinfo->num;
    gboolean isakmp = proto_isakmp >= 0 && frame_has_isakmp(pinfo);
    if (!isakmp && !certificates_pending())
        return 0;
    gboolean first = first_time_here(pinfo, tree);
    if (first)
        check_certificate(pinfo, tree);
    show_certificate_check(pinfo, tree);
    if (!isakmp)
        return 0;

    tap_entries = have_tap_listener(encdns_tap) ? wmem_array_new(pinfo->pool, sizeof(tap_entry)) : NULL;
    tap_sa = NULL;
    walk_state w;
    memset(&w, 0, sizeof w);
    w.pinfo = pinfo;
    gboolean visible = tree_is_visible(tree);
    proto_node *ike = NULL;
    for (proto_node *c = tree->first_child; c; c = c->next) {
        field_info *fi = PNODE_FINFO(c);
        if (!fi || !fi->hfinfo || fi->hfinfo->id != proto_isakmp)
            continue;
        if (!take_message(pinfo, fi, first))
            continue;
        if (!ike)
            ike = c;
        w.cp.valid = FALSE;
        w.covered_tvb = NULL;
        /* A shown tree has every attribute item: ours go under them. */
        if (visible)
            walk(&w, c, 0);
    }
#ifdef ENCDNS_FAKES_TOP_PROTOCOLS
    /* A tree nobody shows has no isakmp item here: the header's SPI items say where
     * each IKE message starts. */
    GPtrArray *spis = !ike && !visible && hf_isakmp_ispi >= 0 ? proto_get_finfo_ptr_array(tree, hf_isakmp_ispi) : NULL;
    for (guint i = 0; spis && i < spis->len; i++)
        take_message(pinfo, (field_info *)g_ptr_array_index(spis, i), first);
#endif
    /* Otherwise, or if a shown tree lacks them, from the recorded payloads. */
    if (w.found == 0 && (ike || frame_cp_records(pinfo))) {
        /* (4.6's later passes fake even the isakmp items: then at the top.) */
        w.cp.valid = FALSE;
        decode_recorded(&w, visible || !ike ? tree : ike);
    } else if (!first) {
        /* Payloads the walk did not meet (none of their attributes showed, or a later
         * pass numbers the data sources otherwise) still carry their links. */
        for (const cp_record *c = frame_cp_records(pinfo); c; c = c->next)
            show_once(&w, tree, c);
    }
    if (tap_entries && wmem_array_get_count(tap_entries) > 0)
        tap_queue_packet(encdns_tap, pinfo, tap_entries);
    tap_entries = NULL;
    return 0;
}

static void want_fields(gboolean certificates);

static void
encdns_init_routine(void)
{
    ike_sa_init();
    certificates_init();
    last_done = 0;
    saw_treeless = FALSE;
    if (pref_first_pass_tree) {
        /* Wireshark 4.4+ counts only switched-on post-dissectors' wanted fields when it
         * decides whether a first pass builds a tree. */
        proto_set_decoding(proto_encdns_hook, TRUE);
        want_fields(TRUE);
    }
}

static void
encdns_cleanup_routine(void)
{
    if (wanted_level > 0)
        set_postdissector_wanted_hfids(encdns_handle, NULL);
    wanted_level = 0;
}

/* Called whenever Wireshark sets up a dissection context, after it decided whether
 * to build trees. The post-dissector is on only while a context with a tree exists.
 * The TLS certificate items we read are declared wanted only then too: declaring
 * them makes Wireshark build a tree for every frame of every capture (1.2-1.5x the
 * instructions of plain tshark -r runs); and only once a digest was claimed (a
 * certificate before any claim is not checked), as Wireshark primes wanted fields
 * on every frame. The isakmp items are not declared at all: trees nobody shows get
 * the attributes from the recorded payloads (decode_recorded), and the isakmp
 * protocol items, at the top of the tree, are not faked before 4.6. */
static void
want_fields(gboolean certificates)
{
    guint level = certificates ? 2 : 1;
    if (wanted_level >= level || !encdns_handle)
        return;
    GArray *wanted = g_array_new(FALSE, FALSE, (guint)sizeof(int));
#ifdef ENCDNS_FAKES_TOP_PROTOCOLS
    /* 4.6 fakes protocol items at the top of the tree too, so track_message finds
     * the IKE header through the initiator SPI item, its first field. Not through the
     * isakmp item itself: 4.6 keeps every child of an item that is kept, and so
     * wanting it would build the whole isakmp tree. */
    if (hf_isakmp_ispi >= 0)
        g_array_append_val(wanted, hf_isakmp_ispi);
#endif
    if (certificates && hf_tls_certificate >= 0)
        g_array_append_val(wanted, hf_tls_certificate);
    if (wanted->len > 0)
        set_postdissector_wanted_hfids(encdns_handle, wanted);
    else
        g_array_free(wanted, TRUE);
    wanted_level = level;
}

void
want_certificates(void)
{
    if (tree_dissections > 0)
        want_fields(TRUE);
}

static void
encdns_dissect_init(epan_dissect_t *edt)
{
    if (!edt->tree) {
        saw_treeless = TRUE;
        return;
    }
    if (!encdns_handle)
        return;
    if (saw_treeless && last_done == 0)
        proto_tree_set_visible(edt->tree, TRUE);
    if (tree_dissections++ == 0)
        proto_set_decoding(proto_encdns_hook, TRUE);
    want_fields(certificates_pending());
}

static void
encdns_dissect_cleanup(epan_dissect_t *edt)
{
    if (!edt->tree || !encdns_handle || tree_dissections == 0)
        return;
    if (--tree_dissections == 0 && !pref_first_pass_tree)
        proto_set_decoding(proto_encdns_hook, FALSE);
}

/* epan calls every member of an epan_plugin without checking it for NULL. */
static void nothing(void) {}

static int
ft_of(EncdnsKind kind)
{
    switch (kind) {
    case ENCDNS_KIND_U8: return FT_UINT8;
    case ENCDNS_KIND_U16: return FT_UINT16;
    case ENCDNS_KIND_U32: return FT_UINT32;
    case ENCDNS_KIND_BOOL: return FT_BOOLEAN;
    case ENCDNS_KIND_IPV4: return FT_IPv4;
    case ENCDNS_KIND_IPV6: return FT_IPv6;
    case ENCDNS_KIND_STRING: return FT_STRING;
    case ENCDNS_KIND_BYTES: return FT_BYTES;
    case ENCDNS_KIND_FRAME_REQUEST:
    case ENCDNS_KIND_FRAME_RESPONSE: return FT_FRAMENUM;
    default: return FT_NONE;
    }
}

static int
base_of(EncdnsKind kind, EncdnsBase base)
{
    if (kind == ENCDNS_KIND_BOOL)
        return BASE_NONE;
    switch (base) {
    case ENCDNS_BASE_DEC: return BASE_DEC;
    case ENCDNS_BASE_HEX: return BASE_HEX;
    case ENCDNS_BASE_DEC_HEX: return BASE_DEC_HEX;
    default: return BASE_NONE;
    }
}

static const value_string *
value_names_of(guint field, guint32 n)
{
    if (n == 0)
        return NULL;
    value_string *vs = g_new0(value_string, n + 1);
    for (guint32 i = 0; i < n; i++) {
        EncdnsValueNameDesc d;
        if (encdns_value_name(field, i, &d)) {
            vs[i].value = d.value;
            vs[i].strptr = d.name;
        }
    }
    return vs;
}

/* Wireshark keeps pointers into the field and expert registration arrays for as long
 * as the process runs, as it would into a dissector's static arrays. */
static hf_register_info *hf_registered;
static ei_register_info *ei_registered;

static void
proto_register_encdns(void)
{
    static const hf_register_info hf_template = {
        NULL, { NULL, NULL, FT_NONE, BASE_NONE, NULL, 0x0, NULL, HFILL }
    };
    static const ei_register_info ei_template = {
        NULL, { NULL, PI_PROTOCOL, PI_NOTE, NULL, EXPFILL }
    };
    static const expert_field ei_init = EI_INIT;

    encdns_init();
    apply_prefs();

    proto_encdns = proto_register_protocol(ENCDNS_PROTO_NAME, "ENCDNS", "encdns");
    encdns_protocol = find_protocol_by_id(proto_encdns);
    summary_register();
    proto_encdns_hook = proto_register_protocol("IKEv2 Encrypted DNS post-dissector (switched on by the plugin "
                                                "while a protocol tree is built)",
                                                "ENCDNS hook", "encdns_hook");
    /* The handle's protocol, in name only: a call then skips what Wireshark does for
     * a protocol layer (the name in pinfo->layers, added and taken out again), which
     * cost more than our whole check of a frame without IKE. Switching
     * proto_encdns_hook on and off still switches the calls (the enabled state of a
     * protocol in name only is its parent's). */
    proto_encdns_hook_call = proto_register_protocol_in_name_only(
        "IKEv2 Encrypted DNS post-dissector call", "ENCDNS hook call", "encdns_hook.call", proto_encdns_hook,
        FT_PROTOCOL);

    n_fields = encdns_field_count();
    hf_ids = g_new(int, n_fields);
    ett_fields = g_new(gint, n_fields);
    field_kinds = g_new0(guint8, n_fields);
    field_infos = g_new0(header_field_info *, n_fields);
    hf_register_info *hf = hf_registered = g_new(hf_register_info, n_fields);
    gint **etts = g_new(gint *, n_fields + 1);
    guint n_hf = 0;
    for (guint i = 0; i < n_fields; i++) {
        EncdnsFieldDesc d;
        hf_ids[i] = -1;
        ett_fields[i] = -1;
        etts[i] = &ett_fields[i];
        if (!encdns_field_info(i, &d))
            continue;
        field_kinds[i] = d.kind;
        hf[n_hf] = hf_template;
        hf[n_hf].p_id = &hf_ids[i];
        hf[n_hf].hfinfo.name = d.name;
        hf[n_hf].hfinfo.abbrev = d.abbrev;
        hf[n_hf].hfinfo.type = ft_of(d.kind);
        hf[n_hf].hfinfo.display = base_of(d.kind, d.base);
        hf[n_hf].hfinfo.strings = value_names_of(i, d.n_names);
        if (d.kind == ENCDNS_KIND_FRAME_REQUEST)
            hf[n_hf].hfinfo.strings = FRAMENUM_TYPE(FT_FRAMENUM_REQUEST);
        else if (d.kind == ENCDNS_KIND_FRAME_RESPONSE)
            hf[n_hf].hfinfo.strings = FRAMENUM_TYPE(FT_FRAMENUM_RESPONSE);
        hf[n_hf].hfinfo.blurb = d.description;
        n_hf++;
    }
    etts[n_fields] = &ett_encdns;
    proto_register_field_array(proto_encdns, hf, (int)n_hf);
    proto_register_subtree_array(etts, (int)n_fields + 1);
    g_free(etts); /* only the ett variables it points to are kept */

    n_diags = encdns_diag_count();
    ei_codes = g_new(expert_field, n_diags);
    ei_register_info *ei = ei_registered = g_new(ei_register_info, n_diags);
    guint n_ei = 0;
    for (guint i = 0; i < n_diags; i++) {
        EncdnsDiagDesc d;
        ei_codes[i] = ei_init;
        if (!encdns_diag_info(i, &d))
            continue;
        ei[n_ei] = ei_template;
        ei[n_ei].ids = &ei_codes[i];
        ei[n_ei].eiinfo.name = d.abbrev;
        ei[n_ei].eiinfo.group = d.group == ENCDNS_GROUP_MALFORMED ? PI_MALFORMED
                              : d.group == ENCDNS_GROUP_SECURITY  ? PI_SECURITY
                                                                  : PI_PROTOCOL;
        ei[n_ei].eiinfo.severity = d.severity == ENCDNS_SEVERITY_ERROR ? PI_ERROR
                                 : d.severity == ENCDNS_SEVERITY_WARN  ? PI_WARN
                                                                       : PI_NOTE;
        ei[n_ei].eiinfo.summary = d.summary;
        n_ei++;
    }
    expert_module_t *expert = expert_register_protocol(proto_encdns);
    expert_register_field_array(expert, ei, (int)n_ei);

    static const enum_val_t layouts[] = {
        { "rfc9464", "RFC 9464 (Num Hash Algs + ADN Length)", ENCDNS_DIGEST_LAYOUT_RFC9464 },
        { "draft00", "draft-ietf-ipsecme-add-ike-00 (3-octet RESERVED + ADN Length)",
          ENCDNS_DIGEST_LAYOUT_DRAFT00 },
        { NULL, NULL, 0 }
    };
    module_t *prefs = prefs_register_protocol(proto_encdns, apply_prefs);
    prefs_register_uint_preference(prefs, "type_ip4", "ENCDNS_IP4 attribute type",
                                   "Configuration attribute type decoded as ENCDNS_IP4 (IANA: 27)",
                                   10, &pref_type_ip4);
    prefs_register_uint_preference(prefs, "type_ip6", "ENCDNS_IP6 attribute type",
                                   "Configuration attribute type decoded as ENCDNS_IP6 (IANA: 28)",
                                   10, &pref_type_ip6);
    prefs_register_uint_preference(prefs, "type_digest_info", "ENCDNS_DIGEST_INFO attribute type",
                                   "Configuration attribute type decoded as ENCDNS_DIGEST_INFO (IANA: 29)",
                                   10, &pref_type_digest_info);
    prefs_register_enum_preference(prefs, "digest_layout", "ENCDNS_DIGEST_INFO layout",
                                   "Wire format of ENCDNS_DIGEST_INFO: the RFC, or the early draft some "
                                   "implementations still send",
                                   &pref_digest_layout, layouts, FALSE);

    prefs_register_bool_preference(prefs, "first_pass_tree", "Build the protocol tree on every first pass",
                                   "Links to later frames (Reply In, a TLS handshake checked against an "
                                   "earlier DIGEST_INFO) come from tshark's first pass of -2, which builds no "
                                   "tree without a read or display filter. This makes every first pass build "
                                   "one, at 1.2-1.5x the cost of plain runs on any capture.",
                                   &pref_first_pass_tree);

    certificates_register(prefs);

    register_init_routine(encdns_init_routine);
    register_cleanup_routine(encdns_cleanup_routine);
}

static void
proto_reg_handoff_encdns(void)
{
    labels_unseen = tshark_fields_run();
    proto_isakmp = proto_get_id_by_filter_name("isakmp");
    hf_isakmp_cfg_attr = proto_registrar_get_id_byname("isakmp.cfg.attr");
    hf_isakmp_typepayload = proto_registrar_get_id_byname("isakmp.typepayload");
    hf_isakmp_ispi = proto_registrar_get_id_byname("isakmp.ispi");
    hf_isakmp_attr_type = proto_registrar_get_id_byname(ISAKMP_ATTR_TYPE_FIELD);
    hf_tls_certificate = proto_registrar_get_id_byname("tls.handshake.certificate");
    for (guint i = 0; i < n_fields; i++)
        field_infos[i] = hf_ids[i] >= 0 ? proto_registrar_get_nth(hf_ids[i]) : NULL;
    labels_init();
    encdns_handle = create_dissector_handle(dissect_encdns, proto_encdns_hook_call);
    register_postdissector(encdns_handle);
    if (tree_dissections == 0 && !pref_first_pass_tree)
        proto_set_decoding(proto_encdns_hook, FALSE);
    summary_handoff();
}

void
plugin_register(void)
{
    static proto_plugin plug;
    plug.register_protoinfo = proto_register_encdns;
    plug.register_handoff = proto_reg_handoff_encdns;
    proto_register_plugin(&plug);
    static const epan_plugin hooks = {
        .init = nothing,
        .post_init = nothing,
        .dissect_init = encdns_dissect_init,
        .dissect_cleanup = encdns_dissect_cleanup,
        .cleanup = nothing,
        .register_all_protocols = NULL,
        .register_all_handoffs = NULL,
        .register_all_tap_listeners = nothing,
    };
    epan_register_plugin(&hooks);
}

#ifdef ENCDNS_HAVE_PLUGIN_DESCRIBE
uint32_t
plugin_describe(void)
{
    return WS_PLUGIN_DESC_DISSECTOR;
}
#endif
