/* packet-encdns.c
 * Wireshark glue for the encdns crate: decodes the RFC 9464 IKEv2 Configuration
 * Payload attributes (ENCDNS_IP4, ENCDNS_IP6, ENCDNS_DIGEST_INFO) inside Wireshark's
 * own IKEv2 tree.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * This file holds no protocol knowledge: the field and diagnostic tables, the wire
 * layouts and every check come from the Rust crate (include/encdns.h). What lives
 * here is how to find the attributes in Wireshark's tree and how to show the
 * crate's items there (../shared/DESIGN.md §1, §2).
 */

#define WS_BUILD_DLL
#include <wireshark.h>

#include <string.h>

#include <epan/to_str.h>
#include <epan/expert.h>
#include <epan/packet.h>
#include <epan/prefs.h>
#include <epan/proto.h>
#include <epan/proto_data.h>
#include <epan/stats_tree.h>
#include <epan/tap.h>
#include <epan/uat.h>
#include <ws_version.h>

#if WIRESHARK_VERSION_MAJOR > 4 || (WIRESHARK_VERSION_MAJOR == 4 && WIRESHARK_VERSION_MINOR >= 2)
#include <wsutil/plugins.h>
#define ENCDNS_HAVE_PLUGIN_DESCRIBE 1
#endif

#include "encdns.h"

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

/* Wireshark prints unassigned attribute types with this name; we put ours in its place. */
#define ISAKMP_UNASSIGNED_NAME "RESERVED TO IANA"
#define ISAKMP_ATTR_TYPE_FIELD "isakmp.cfg.attr.type"
/* The data source the isakmp dissector gives a decrypted SK payload. */
#define ISAKMP_DECRYPTED_SOURCE "Decrypted Data"
/* Octets of the ISAKMP header read to learn the IKE version. */
#define ISAKMP_HEADER_PEEK 28

/* Items that fit without allocation; larger attributes get a buffer from the packet pool. */
#define ITEMS_ON_STACK 128
#define DIAGS_ON_STACK 32
#define MAX_DEPTH 16

static int proto_encdns = -1;
static int ett_encdns = -1;
static int *hf_ids;       /* by EncdnsField */
static gint *ett_fields;  /* by EncdnsField, for items that open a subtree */
static expert_field *ei_codes; /* by EncdnsCode */
static guint n_fields;
static guint n_diags;

/* Fields of other dissectors we look for. */
static int proto_isakmp = -1;
static int hf_isakmp_cfg_attr = -1;
static int hf_tls_certificate = -1;

static dissector_handle_t encdns_handle;

/* ---- The "encdns" tap and its stats tree (tshark -z encdns,tree) ---------------- */
static int encdns_tap = -1;
static int st_root = -1;
#define ST_ROOT_NAME "IKEv2 encrypted DNS (RFC 9464)"

enum { TAP_ATTRIBUTE, TAP_DIAGNOSTIC, TAP_CERTIFICATE };

typedef struct {
    const char *sa;    /* "IKE SA <spis>, responder <address>" */
    const char *text;  /* the attribute's summary, or the diagnostic's filter name */
    int what;
} tap_entry;

/* What this frame gives the tap; NULL when nobody listens. */
static wmem_array_t *tap_entries;
static const char *tap_sa;

static void
tap_note(int what, const char *text)
{
    if (!tap_entries || !tap_sa || !text || !*text)
        return;
    tap_entry e = { tap_sa, text, what };
    wmem_array_append_one(tap_entries, e);
}

/* Preferences (DESIGN.md §5). */
static guint pref_type_ip4 = 27;
static guint pref_type_ip6 = 28;
static guint pref_type_digest_info = 29;
static gint pref_digest_layout = ENCDNS_DIGEST_LAYOUT_RFC9464;
static EncdnsOptions options;

/* What the first pass decoded in a frame, so that later passes (tshark -2, GUI
 * re-filtering), which do not get the isakmp.cfg.attr items unless something asks
 * for them, can show the same fields. One record per attribute. */
typedef struct attr_record {
    struct attr_record *next;
    guint ds_index;   /* position of the attribute's data source in pinfo->data_src */
    gint start;
} attr_record;

/* The Configuration payload the attributes being visited belong to. */
typedef struct {
    tvbuff_t *tvb;
    gint first_attr;
    gint body;        /* where the payload body (CFG Type, ...) starts */
    gint end;
    guint8 cfg_type;
    gboolean valid;
    /* Diagnostics between the payload's attributes, each on the attribute at
     * body + offset. */
    EncdnsDiag *diags;
    size_t n_diags;
} cp_context;

static void
apply_prefs(void)
{
    options.type_ip4 = (uint16_t)pref_type_ip4;
    options.type_ip6 = (uint16_t)pref_type_ip6;
    options.type_digest_info = (uint16_t)pref_type_digest_info;
    options.digest_layout = (uint8_t)pref_digest_layout;
}

static guint
data_source_index(packet_info *pinfo, tvbuff_t *tvb)
{
    guint i = 0;
    for (GSList *s = pinfo->data_src; s; s = s->next, i++) {
        if (get_data_source_tvb((struct data_source *)s->data) == tvb)
            return i;
    }
    return G_MAXUINT;
}

static tvbuff_t *
data_source_at(packet_info *pinfo, guint index)
{
    GSList *s = g_slist_nth(pinfo->data_src, index);
    return s ? get_data_source_tvb((struct data_source *)s->data) : NULL;
}

/* Octets of tvb at [start, start+len) if all are captured, else NULL. Rust reads
 * only through such pointers: no tvb call, and so no exception, happens in Rust. */
static const guint8 *
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

static guint8 *field_kinds; /* by EncdnsField */

static void
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

static gboolean
tree_is_visible(proto_tree *tree)
{
    return tree && tree->tree_data && tree->tree_data->visible;
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
    const char *label = fi->rep->representation;
    const char *at = strstr(label, ISAKMP_UNASSIGNED_NAME);
    if (!at)
        return; /* a Wireshark that knows the name already */
    proto_item_set_text(attr_node, "%.*s%s%s", (int)(at - label), label, summary,
                        at + strlen(ISAKMP_UNASSIGNED_NAME));
    for (proto_node *c = attr_node->first_child; c; c = c->next) {
        field_info *cfi = PNODE_FINFO(c);
        if (cfi && cfi->hfinfo && strcmp(cfi->hfinfo->abbrev, ISAKMP_ATTR_TYPE_FIELD) == 0)
            proto_item_set_text(c, "%s: %s (%u)", cfi->hfinfo->name, name, attr_type);
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

/* Decodes the attribute starting at tvb[start] under `parent` (its isakmp.cfg.attr
 * item, whose label is replaced if `relabel`, or the top of the tree when replaying);
 * `span` octets from there belong to its Configuration payload. Returns how many
 * octets the attribute covers, 0 if it is not one of ours. */
static gint
decode_attribute(tvbuff_t *tvb, packet_info *pinfo, proto_tree *parent, gint start, gint span,
                 guint8 cfg_type, gboolean relabel, proto_item **root_out)
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
    proto_item *root = proto_tree_add_item(parent, proto_encdns, tvb, start, length, ENC_NA);
    const char *name = encdns_attr_name(kind);
    proto_item_append_text(root, ": %s", name);

    /* Subtrees nest as the Open/Close items say; past MAX_DEPTH, deeper items go
     * into the deepest subtree we have (the parser's trees are two levels deep). */
    proto_tree *stack[MAX_DEPTH];
    guint depth = 0, unpushed = 0;
    stack[0] = proto_item_add_subtree(root, ett_encdns);
    proto_item **placed = (proto_item **)wmem_alloc(pinfo->pool, MAX(info.n_items, 1) * sizeof *placed);

    for (guint32 i = 0; i < info.n_items; i++) {
        const EncdnsItem *it = &items[i];
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
        proto_item *pi;
        if (it->flags & ENCDNS_FLAG_GENERATED)
            pi = add_generated(stack[depth], it, tvb, start);
        else
            pi = proto_tree_add_item(stack[depth], hf_ids[it->field], tvb, start + (gint)it->offset,
                                     (gint)it->length, field_encoding(field_kinds[it->field]));
        if (visible && (it->flags & ENCDNS_FLAG_TEXT) &&
            encdns_item_text(attr, (size_t)length, it, text, sizeof text) > 0)
            proto_item_set_text(pi, "%s", text);
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
        proto_item *on = (d->item < info.n_items && placed[d->item]) ? placed[d->item] : root;
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
    return length;
}

/* Learns the payload of an attribute at `start`: the same as the previous attribute's,
 * or a new one whose header sits just in front of this attribute. A new payload is
 * checked as a whole (rules between its attributes) right away. */
static gboolean
enter_cp(cp_context *cp, packet_info *pinfo, tvbuff_t *tvb, gint start)
{
    if (cp->valid && cp->tvb == tvb && start > cp->first_attr && start < cp->end)
        return FALSE;
    EncdnsCpHeader h;
    gint payload = start - ENCDNS_CP_PREFIX_LEN;
    const guint8 *prefix = captured_bytes(tvb, payload, ENCDNS_CP_PREFIX_LEN);
    cp->tvb = tvb;
    cp->first_attr = start;
    cp->valid = prefix && encdns_cp_header(prefix, ENCDNS_CP_PREFIX_LEN, &h);
    cp->cfg_type = cp->valid ? h.cfg_type : 0;
    cp->end = cp->valid ? payload + (gint)h.payload_length : G_MAXINT;
    cp->body = start - ENCDNS_CP_ATTRIBUTES_IN_BODY;
    cp->n_diags = 0;
    if (!cp->valid)
        return TRUE;
    gint avail = tvb_captured_length_remaining(tvb, cp->body);
    gint len = MIN(cp->end - cp->body, avail);
    const guint8 *body = captured_bytes(tvb, cp->body, len);
    if (!body)
        return TRUE;
    EncdnsDiag probe[DIAGS_ON_STACK];
    size_t n = encdns_analyze_cp(body, (size_t)len, &options, probe, DIAGS_ON_STACK);
    cp->diags = (EncdnsDiag *)wmem_alloc(pinfo->pool, MAX(n, 1) * sizeof *cp->diags);
    if (n > DIAGS_ON_STACK)
        n = MIN(n, encdns_analyze_cp(body, (size_t)len, &options, cp->diags, n));
    else
        memcpy(cp->diags, probe, n * sizeof *probe);
    cp->n_diags = n;
    return TRUE;
}

/* The payload-level diagnostics that concern the attribute at `start`, on its item. */
static void
add_cp_diags(const cp_context *cp, packet_info *pinfo, proto_item *on, gint start)
{
    gint len = MIN(cp->end - cp->body, tvb_captured_length_remaining(cp->tvb, cp->body));
    const guint8 *body = captured_bytes(cp->tvb, cp->body, len);
    for (size_t i = 0; body && i < cp->n_diags; i++) {
        if (cp->body + (gint)cp->diags[i].offset == start)
            add_diag(pinfo, on, body, len, &cp->diags[i]);
    }
}

/* ---- Across messages: per IKE SA state, kept by the first pass ----------------
 * The rules live in Rust (encdns_sa_message); here is only where the state lives
 * (file scope, keyed by the SPIs) and what each frame's CP payload got from it. */

#define SA_KEY_LEN 16
#define MAX_SHOWN 8

static wmem_map_t *sa_states;  /* SA key -> EncdnsSaState */
/* First-pass frame number -> cp_record list, for linking a request to its reply.
 * Displaying a frame finds its list through p_get_proto_data (PROTO_DATA_CPS):
 * frame numbers change when tshark -2 -R drops frames. */
static wmem_map_t *frame_cps;

enum { PROTO_DATA_ATTRIBUTES, PROTO_DATA_CPS, PROTO_DATA_CERT };

typedef struct cp_record {
    struct cp_record *next;
    guint ds_index;      /* data source holding the CP body */
    gint body;           /* where the body (CFG Type, ...) starts in it */
    guint8 cfg_type;
    guint32 request_in;  /* for a CFG_REPLY: its CFG_REQUEST's frame */
    guint32 reply_in;    /* for a CFG_REQUEST: its CFG_REPLY's frame */
    EncdnsDiag *diags;   /* offsets in the body */
    size_t n_diags;
    struct claim *claims; /* digests this payload claims, for their check results */
} cp_record;

/* ---- Certificate digests: claimed in a CFG_REPLY, checked against TLS ----------- */

/* A digest an ENCDNS_DIGEST_INFO claims for one resolver address. */
typedef struct claim {
    struct claim *next_for_address;
    struct claim *next_in_payload;
    EncdnsDigestClaim c;
    guint32 frame;       /* where it was claimed */
    guint32 checked_in;  /* where a certificate from that address was checked (0: not yet) */
    guint8 check;        /* an EncdnsCheck, once checked */
    gboolean file_checked; /* checked against a certificate from the preferences */
    guint8 file_check;
} claim;

/* ---- Preferences: certificates (or public keys) for ADNs not seen in the capture - */
typedef struct {
    char *adn;
    char *file;
} cert_pref;

typedef struct {
    char *adn;
    guint8 *spki;
    size_t len;
} known_key;

static cert_pref *cert_prefs;
static guint n_cert_prefs;
static known_key *known_keys;
static guint n_known_keys;

UAT_CSTRING_CB_DEF(cert_prefs, adn, cert_pref)
UAT_FILENAME_CB_DEF(cert_prefs, file, cert_pref)

static void *
cert_pref_copy(void *dst, const void *src, size_t len _U_)
{
    const cert_pref *s = (const cert_pref *)src;
    cert_pref *d = (cert_pref *)dst;
    d->adn = g_strdup(s->adn);
    d->file = g_strdup(s->file);
    return d;
}

static void
cert_pref_free(void *r)
{
    cert_pref *p = (cert_pref *)r;
    g_free(p->adn);
    g_free(p->file);
}

/* Reads every configured file into the SubjectPublicKeyInfo it holds. */
static void
cert_prefs_load(void)
{
    for (guint i = 0; i < n_known_keys; i++) {
        g_free(known_keys[i].adn);
        g_free(known_keys[i].spki);
    }
    g_free(known_keys);
    known_keys = g_new0(known_key, MAX(n_cert_prefs, 1));
    n_known_keys = 0;
    for (guint i = 0; i < n_cert_prefs; i++) {
        gchar *data = NULL;
        gsize len = 0;
        if (!cert_prefs[i].adn || !cert_prefs[i].file ||
            !g_file_get_contents(cert_prefs[i].file, &data, &len, NULL))
            continue;
        guint8 *spki = (guint8 *)g_malloc(len);
        size_t n = encdns_spki_from_file((const guint8 *)data, len, spki, len);
        g_free(data);
        if (n == 0) {
            g_free(spki);
            continue;
        }
        known_keys[n_known_keys].adn = g_strdup(cert_prefs[i].adn);
        known_keys[n_known_keys].spki = spki;
        known_keys[n_known_keys].len = n;
        n_known_keys++;
    }
}

/* A claim against the key configured for its ADN, if there is one. */
static void
check_against_prefs(claim *c)
{
    for (guint i = 0; i < n_known_keys; i++) {
        const known_key *k = &known_keys[i];
        if (!encdns_same_name((const guint8 *)k->adn, strlen(k->adn), c->c.adn, c->c.adn_len))
            continue;
        guint8 computed[64];
        size_t computed_len = 0;
        c->file_check = encdns_check_certificate(k->spki, k->len, &c->c, computed, &computed_len);
        c->file_checked = TRUE;
        return;
    }
}

/* What the first pass found about the certificate in a TLS frame. */
typedef struct {
    const claim *against;
    guint8 check;
    guint8 computed[64];
    size_t computed_len;
} cert_result;

static wmem_map_t *claims_by_address; /* address octets in hex -> claim list */
static guint n_cert_results;          /* frames with a cert_result (PROTO_DATA_CERT) */

static char *
address_key(wmem_allocator_t *scope, const guint8 *bytes, size_t len)
{
    char *key = (char *)wmem_alloc(scope, 2 * len + 1);
    for (size_t i = 0; i < len; i++)
        g_snprintf(key + 2 * i, 3, "%02x", bytes[i]);
    key[2 * len] = '\0';
    return key;
}

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

/* The resolver addresses a CFG_REPLY's digests are claimed for, by address. */
static void
remember_claims(packet_info *pinfo, cp_record *r, const guint8 *buf, guint32 offset, guint32 len)
{
    if (!buf)
        return;
    EncdnsDigestClaim found[16];
    size_t n = encdns_digest_claims(buf + offset, len, &options, found, G_N_ELEMENTS(found));
    for (size_t i = 0; i < MIN(n, G_N_ELEMENTS(found)); i++) {
        claim *c = wmem_new0(wmem_file_scope(), claim);
        c->c = found[i];
        c->frame = pinfo->num;
        check_against_prefs(c);
        char *key = address_key(wmem_file_scope(), found[i].addr, found[i].addr_len);
        c->next_for_address = (claim *)wmem_map_lookup(claims_by_address, key);
        wmem_map_insert(claims_by_address, key, c);
        c->next_in_payload = r->claims;
        r->claims = c;
    }
}

/* First pass only, in capture order: hands the IKEv2 message of `fi` to the SA's
 * state and keeps what it says about the message's CP payload. */
static void
track_message(packet_info *pinfo, field_info *fi)
{
    gint len = MIN(fi->length, tvb_captured_length_remaining(fi->ds_tvb, fi->start));
    const guint8 *msg = captured_bytes(fi->ds_tvb, fi->start, len);
    guint8 key[SA_KEY_LEN];
    if (!msg || !encdns_sa_key(msg, (size_t)len, key))
        return;
    EncdnsSaState *state = (EncdnsSaState *)wmem_map_lookup(sa_states, key);
    if (!state) {
        state = wmem_new0(wmem_file_scope(), EncdnsSaState);
        wmem_map_insert(sa_states, wmem_memdup(wmem_file_scope(), key, SA_KEY_LEN), state);
    }
    tvbuff_t *inner = data_source_tvb_by_name(pinfo, ISAKMP_DECRYPTED_SOURCE);
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

static cp_record *
frame_cp_records(packet_info *pinfo)
{
    cp_record **head = (cp_record **)p_get_proto_data(wmem_file_scope(), pinfo, proto_encdns, PROTO_DATA_CPS);
    return head ? *head : NULL;
}

static cp_record *
cp_record_for(packet_info *pinfo, tvbuff_t *tvb, gint body)
{
    for (cp_record *r = frame_cp_records(pinfo); r; r = r->next)
        if (r->body == body && data_source_at(pinfo, r->ds_index) == tvb)
            return r;
    return NULL;
}

/* Octets of a recorded CP body, for diagnostic messages. */
static const guint8 *
cp_record_body(packet_info *pinfo, const cp_record *r, gint *len)
{
    tvbuff_t *tvb = data_source_at(pinfo, r->ds_index);
    *len = tvb ? tvb_captured_length_remaining(tvb, r->body) : 0;
    return *len > 0 ? captured_bytes(tvb, r->body, *len) : NULL;
}

/* The SA's verdicts on the attribute at `start` of the payload whose body is at `body`. */
static void
add_sa_diags(packet_info *pinfo, proto_item *on, tvbuff_t *tvb, gint body, gint start)
{
    cp_record *r = cp_record_for(pinfo, tvb, body);
    gint len;
    const guint8 *bytes = r ? cp_record_body(pinfo, r, &len) : NULL;
    for (size_t i = 0; bytes && i < r->n_diags; i++)
        if (r->diags[i].item == ENCDNS_DIAG_ON_ATTRIBUTE && body + (gint)r->diags[i].offset == start)
            add_diag(pinfo, on, bytes, len, &r->diags[i]);
}

/* Under a DIGEST_INFO attribute: where its digest was checked (a certificate in the
 * capture, or one from the preferences), and how it went. */
static void
add_check_links(packet_info *pinfo, proto_item *root, tvbuff_t *tvb, gint body, gint start)
{
    cp_record *r = cp_record_for(pinfo, tvb, body);
    proto_tree *t = proto_item_get_subtree(root);
    gboolean linked = FALSE, configured = FALSE;
    for (const claim *c = r ? r->claims : NULL; c; c = c->next_in_payload) {
        if (body + (gint)c->c.attr_offset != start)
            continue;
        if (c->checked_in && !linked) {
            linked = TRUE;
            proto_item_set_generated(proto_tree_add_uint(t, hf_ids[ENCDNS_FIELD_DIGEST_CHECKED_IN], tvb, start, 0, c->checked_in));
            if (c->check == ENCDNS_CHECK_MATCH || c->check == ENCDNS_CHECK_MISMATCH)
                proto_item_set_generated(proto_tree_add_boolean(t, hf_ids[ENCDNS_FIELD_DIGEST_MATCH], tvb, start, 0,
                                                                c->check == ENCDNS_CHECK_MATCH));
        }
        if (c->file_checked && !configured) {
            configured = TRUE;
            proto_item *m = proto_tree_add_boolean(t, hf_ids[ENCDNS_FIELD_DIGEST_MATCH], tvb, start, 0,
                                                   c->file_check == ENCDNS_CHECK_MATCH);
            proto_item_set_generated(m);
            EncdnsDiag d;
            memset(&d, 0, sizeof d);
            d.code = c->file_check == ENCDNS_CHECK_MATCH    ? ENCDNS_CODE_DIGEST_MATCHES_CERTIFICATE
                   : c->file_check == ENCDNS_CHECK_MISMATCH ? ENCDNS_CODE_DIGEST_CERTIFICATE_MISMATCH
                                                           : ENCDNS_CODE_DIGEST_NOT_CHECKABLE;
            d.value = ((guint64)c->file_check << 16) | c->c.alg;
            add_diag(pinfo, m, NULL, 0, &d);
        }
    }
}

/* What concerns a payload as a whole (its request/reply link, diagnostics like an
 * unanswered family) goes on an encdns item of its own, under `parent`. */
static void
show_payload(packet_info *pinfo, proto_tree *parent, const cp_record *r)
{
    gboolean payload_diags = FALSE;
    for (size_t i = 0; i < r->n_diags; i++)
        payload_diags |= r->diags[i].item == ENCDNS_DIAG_ON_PAYLOAD;
    if (!r->request_in && !r->reply_in && !payload_diags)
        return;
    gint len;
    const guint8 *bytes = cp_record_body(pinfo, r, &len);
    tvbuff_t *tvb = data_source_at(pinfo, r->ds_index);
    if (!bytes || !tvb)
        return;
    proto_item *pi = proto_tree_add_item(parent, proto_encdns, tvb, r->body, len, ENC_NA);
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

typedef struct {
    packet_info *pinfo;
    cp_context cp;
    /* End of the last attribute we decoded: isakmp items that start before it are
     * Wireshark's misreading of its value (an R bit taken for the AF bit). */
    tvbuff_t *covered_tvb;
    gint covered_end;
    attr_record *records;
    attr_record **tail;
    guint found;
    /* Payloads whose own encdns item this dissection has added. */
    const cp_record *shown[MAX_SHOWN];
    guint n_shown;
} walk_state;

/* On meeting a payload's first attribute: the payload's own item, once. */
static void
meet_payload(walk_state *w, proto_tree *parent)
{
    const cp_record *r = cp_record_for(w->pinfo, w->cp.tvb, w->cp.body);
    if (!r)
        return;
    for (guint i = 0; i < w->n_shown; i++)
        if (w->shown[i] == r)
            return;
    if (w->n_shown < MAX_SHOWN)
        w->shown[w->n_shown++] = r;
    show_payload(w->pinfo, parent, r);
}

/* Decodes the attribute at tvb[start] under `parent` with everything its payload
 * says about it. Returns FALSE if it is not one of ours. */
static gboolean
process_attribute(walk_state *w, tvbuff_t *tvb, proto_tree *parent, gint start, gboolean relabel)
{
    if (tvb == w->covered_tvb && start < w->covered_end)
        return FALSE;
    if (enter_cp(&w->cp, w->pinfo, tvb, start) && w->cp.valid && !relabel)
        meet_payload(w, parent);
    gint span = w->cp.valid ? w->cp.end - start : G_MAXINT;
    proto_item *root = NULL;
    gint covered = decode_attribute(tvb, w->pinfo, parent, start, span, w->cp.cfg_type, relabel, &root);
    if (covered == 0)
        return FALSE;
    w->covered_tvb = tvb;
    w->covered_end = start + covered;
    if (w->cp.valid) {
        add_cp_diags(&w->cp, w->pinfo, root, start);
        add_sa_diags(w->pinfo, root, tvb, w->cp.body, start);
        add_check_links(w->pinfo, root, tvb, w->cp.body, start);
    }
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
    if (!process_attribute(w, fi->ds_tvb, node, fi->start, TRUE))
        return;
    if (!PINFO_FD_VISITED(w->pinfo)) {
        attr_record *r = wmem_new0(wmem_file_scope(), attr_record);
        r->ds_index = data_source_index(w->pinfo, fi->ds_tvb);
        r->start = fi->start;
        *w->tail = r;
        w->tail = &r->next;
    }
}

static void
walk(walk_state *w, proto_node *node, guint depth)
{
    for (proto_node *c = node->first_child; c; c = c->next) {
        field_info *fi = PNODE_FINFO(c);
        if (fi && fi->hfinfo && fi->hfinfo->id == hf_isakmp_cfg_attr) {
            visit_attribute(w, c);
            continue; /* attributes do not nest */
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

static gboolean
frame_has_isakmp(packet_info *pinfo)
{
    for (wmem_list_frame_t *f = wmem_list_head(pinfo->layers); f; f = wmem_list_frame_next(f)) {
        if (GPOINTER_TO_INT(wmem_list_frame_data(f)) == proto_isakmp)
            return TRUE;
    }
    return FALSE;
}

/* Later passes without the attribute items: show what the first pass found, under
 * our own protocol item at the top of the tree, so filters and columns still work. */
static void
replay_records(walk_state *w, proto_tree *tree, const attr_record *r)
{
    for (; r; r = r->next) {
        tvbuff_t *tvb = data_source_at(w->pinfo, r->ds_index);
        if (tvb)
            process_attribute(w, tvb, tree, r->start, FALSE);
    }
}

/* First pass: the first certificate a server sends (its own) against the digests
 * claimed for the server's address. */
static void
check_certificate(packet_info *pinfo, proto_tree *tree)
{
    if (hf_tls_certificate < 0 || wmem_map_size(claims_by_address) == 0)
        return;
    if (pinfo->src.type != AT_IPv4 && pinfo->src.type != AT_IPv6)
        return;
    GPtrArray *certs = proto_get_finfo_ptr_array(tree, hf_tls_certificate);
    if (!certs || certs->len == 0)
        return;
    char *key = address_key(pinfo->pool, (const guint8 *)pinfo->src.data, (size_t)pinfo->src.len);
    claim *claims = (claim *)wmem_map_lookup(claims_by_address, key);
    field_info *fi = (field_info *)g_ptr_array_index(certs, 0);
    gint len = MIN(fi->length, tvb_captured_length_remaining(fi->ds_tvb, fi->start));
    const guint8 *der = claims ? captured_bytes(fi->ds_tvb, fi->start, len) : NULL;
    if (!der)
        return;
    cert_result *best = NULL;
    for (claim *c = claims; c; c = c->next_for_address) {
        cert_result *r = wmem_new0(wmem_file_scope(), cert_result);
        r->against = c;
        r->check = encdns_check_certificate(der, (size_t)len, &c->c, r->computed, &r->computed_len);
        c->checked_in = pinfo->num;
        c->check = r->check;
        if (!best || r->check == ENCDNS_CHECK_MATCH)
            best = r;
        if (r->check == ENCDNS_CHECK_MATCH)
            break;
    }
    if (best) {
        p_add_proto_data(wmem_file_scope(), pinfo, proto_encdns, PROTO_DATA_CERT, best);
        n_cert_results++;
    }
}

/* A TLS frame whose certificate was checked: the verdict, at the top of the tree. */
static void
show_certificate_check(packet_info *pinfo, proto_tree *tree)
{
    if (n_cert_results == 0)
        return;
    const cert_result *r = (const cert_result *)p_get_proto_data(wmem_file_scope(), pinfo, proto_encdns, PROTO_DATA_CERT);
    if (!r)
        return;
    tvbuff_t *tvb = data_source_at(pinfo, 0);
    if (have_tap_listener(encdns_tap)) {
        tap_entries = wmem_array_new(pinfo->pool, sizeof(tap_entry));
        tap_sa = wmem_strdup_printf(pinfo->pool, "TLS certificates from %s", address_to_str(pinfo->pool, &pinfo->src));
        tap_note(TAP_CERTIFICATE, wmem_strdup_printf(pinfo->pool, "%s the digest claimed in frame %u",
                                                   r->check == ENCDNS_CHECK_MATCH      ? "matches"
                                                   : r->check == ENCDNS_CHECK_MISMATCH ? "does not match"
                                                                                       : "cannot be checked against",
                                                   r->against->frame));
    }
    proto_item *pi = proto_tree_add_item(tree, proto_encdns, tvb, 0, 0, ENC_NA);
    proto_item_append_text(pi, ": certificate check");
    proto_tree *t = proto_item_add_subtree(pi, ett_encdns);
    proto_item_set_generated(proto_tree_add_uint(t, hf_ids[ENCDNS_FIELD_DIGEST_CLAIMED_IN], tvb, 0, 0, r->against->frame));
    if (r->computed_len)
        proto_item_set_generated(proto_tree_add_bytes_with_length(t, hf_ids[ENCDNS_FIELD_DIGEST_COMPUTED], tvb, 0, 0,
                                                                         r->computed, (gint)r->computed_len));
    if (r->check == ENCDNS_CHECK_MATCH || r->check == ENCDNS_CHECK_MISMATCH)
        proto_item_set_generated(proto_tree_add_boolean(t, hf_ids[ENCDNS_FIELD_DIGEST_MATCH], tvb, 0, 0,
                                                        r->check == ENCDNS_CHECK_MATCH));
    EncdnsDiag d;
    memset(&d, 0, sizeof d);
    d.code = r->check == ENCDNS_CHECK_MATCH    ? ENCDNS_CODE_DIGEST_MATCHES_CERTIFICATE
           : r->check == ENCDNS_CHECK_MISMATCH ? ENCDNS_CODE_DIGEST_CERTIFICATE_MISMATCH
                                               : ENCDNS_CODE_DIGEST_NOT_CHECKABLE;
    d.value = ((guint64)r->against->frame << 32) | ((guint64)r->check << 16) | r->against->c.alg;
    add_diag(pinfo, pi, NULL, 0, &d);
    if (tap_entries) {
        tap_queue_packet(encdns_tap, pinfo, tap_entries);
        tap_entries = NULL;
        tap_sa = NULL;
    }
}

/* "IKE SA <initiator SPI>/<responder SPI>, responder <address>" for the stats tree. */
static const char *
sa_label(packet_info *pinfo, field_info *fi)
{
    gint len = MIN(fi->length, tvb_captured_length_remaining(fi->ds_tvb, fi->start));
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

static int
dissect_encdns(tvbuff_t *tvb _U_, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    if (!tree)
        return 0;
    if (!PINFO_FD_VISITED(pinfo))
        check_certificate(pinfo, tree);
    show_certificate_check(pinfo, tree);
    if (proto_isakmp < 0 || !frame_has_isakmp(pinfo))
        return 0;

    tap_entries = have_tap_listener(encdns_tap) ? wmem_array_new(pinfo->pool, sizeof(tap_entry)) : NULL;
    tap_sa = NULL;
    walk_state w;
    memset(&w, 0, sizeof w);
    w.pinfo = pinfo;
    w.tail = &w.records;
    for (proto_node *c = tree->first_child; c; c = c->next) {
        field_info *fi = PNODE_FINFO(c);
        if (!fi || !fi->hfinfo || fi->hfinfo->id != proto_isakmp)
            continue;
        if (ike_major_version(fi) != 2)
            continue; /* IKEv1 uses the same field names for other attributes */
        if (!PINFO_FD_VISITED(pinfo))
            track_message(pinfo, fi);
        if (tap_entries)
            tap_sa = sa_label(pinfo, fi);
        w.cp.valid = FALSE;
        w.covered_tvb = NULL;
        walk(&w, c, 0);
    }

    if (!PINFO_FD_VISITED(pinfo)) {
        if (w.records)
            p_add_proto_data(wmem_file_scope(), pinfo, proto_encdns, PROTO_DATA_ATTRIBUTES, w.records);
    } else if (w.found == 0) {
        const attr_record *r = (const attr_record *)p_get_proto_data(wmem_file_scope(), pinfo, proto_encdns, PROTO_DATA_ATTRIBUTES);
        if (r) {
            w.cp.valid = FALSE;
            w.covered_tvb = NULL;
            replay_records(&w, tree, r);
        }
        /* Payloads without attributes of ours still carry their links. */
        for (const cp_record *c = frame_cp_records(pinfo); c; c = c->next) {
            gboolean seen = FALSE;
            for (guint i = 0; i < w.n_shown; i++)
                seen |= w.shown[i] == c;
            if (!seen)
                show_payload(pinfo, tree, c);
        }
    }
    if (tap_entries && wmem_array_get_count(tap_entries) > 0)
        tap_queue_packet(encdns_tap, pinfo, tap_entries);
    tap_entries = NULL;
    return 0;
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

static void
encdns_init_routine(void)
{
    sa_states = wmem_map_new(wmem_file_scope(), sa_key_hash, sa_key_equal);
    frame_cps = wmem_map_new(wmem_file_scope(), g_direct_hash, g_direct_equal);
    claims_by_address = wmem_map_new(wmem_file_scope(), g_str_hash, g_str_equal);
    n_cert_results = 0;
    /* Without these, tshark builds no isakmp.cfg.attr items when nothing else asks for
     * them (summary lines, -T fields, -Y): DESIGN.md §1 "Faked trees". */
    GArray *wanted = g_array_new(FALSE, FALSE, (guint)sizeof(int));
    if (hf_isakmp_cfg_attr >= 0)
        g_array_append_val(wanted, hf_isakmp_cfg_attr);
    if (proto_isakmp >= 0)
        g_array_append_val(wanted, proto_isakmp);
    if (hf_tls_certificate >= 0)
        g_array_append_val(wanted, hf_tls_certificate);
    set_postdissector_wanted_hfids(encdns_handle, wanted);
}

static void
encdns_cleanup_routine(void)
{
    set_postdissector_wanted_hfids(encdns_handle, NULL);
}

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

    proto_encdns = proto_register_protocol("IKEv2 Encrypted DNS Configuration (RFC 9464)",
                                           "ENCDNS", "encdns");
    encdns_tap = register_tap("encdns");

    n_fields = encdns_field_count();
    hf_ids = g_new(int, n_fields);
    ett_fields = g_new(gint, n_fields);
    field_kinds = g_new0(guint8, n_fields);
    hf_register_info *hf = g_new(hf_register_info, n_fields);
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

    n_diags = encdns_diag_count();
    ei_codes = g_new(expert_field, n_diags);
    ei_register_info *ei = g_new(ei_register_info, n_diags);
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

    static uat_field_t cert_fields[] = {
        UAT_FLD_CSTRING(cert_prefs, adn, "ADN", "Authentication Domain Name of the resolver"),
        UAT_FLD_FILENAME_OTHER(cert_prefs, file, "Certificate or public key file",
                               uat_fld_chk_str, "PEM or DER certificate, or SubjectPublicKeyInfo"),
        UAT_END_FIELDS
    };
    uat_t *certs = uat_new("ENCDNS resolver certificates", sizeof(cert_pref), "encdns_certificates", TRUE,
                           &cert_prefs, &n_cert_prefs, UAT_AFFECTS_DISSECTION,
                           NULL, cert_pref_copy, NULL, cert_pref_free, cert_prefs_load, NULL, cert_fields);
    prefs_register_uat_preference(prefs, "certificates", "Resolver certificates",
                                  "Certificates (or public keys) to check ENCDNS_DIGEST_INFO digests against, "
                                  "for resolvers whose TLS handshake is not in the capture",
                                  certs);

    register_init_routine(encdns_init_routine);
    register_cleanup_routine(encdns_cleanup_routine);
}

static void
proto_reg_handoff_encdns(void)
{
    proto_isakmp = proto_get_id_by_filter_name("isakmp");
    hf_isakmp_cfg_attr = proto_registrar_get_id_byname("isakmp.cfg.attr");
    hf_tls_certificate = proto_registrar_get_id_byname("tls.handshake.certificate");
    encdns_handle = create_dissector_handle(dissect_encdns, proto_encdns);
    register_postdissector(encdns_handle);
    stats_tree_register_plugin("encdns", "encdns", "IKEv2 Encrypted DNS (RFC 9464)", 0, encdns_stats_packet,
                               encdns_stats_init, NULL);
}

void
plugin_register(void)
{
    static proto_plugin plug;
    plug.register_protoinfo = proto_register_encdns;
    plug.register_handoff = proto_reg_handoff_encdns;
    proto_register_plugin(&plug);
}

#ifdef ENCDNS_HAVE_PLUGIN_DESCRIBE
uint32_t
plugin_describe(void)
{
    return WS_PLUGIN_DESC_DISSECTOR;
}
#endif
