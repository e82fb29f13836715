/* plugin.c
 * Wireshark glue for the encdns crate, which decodes the RFC 9464 IKEv2 Configuration
 * Payload attributes (ENCDNS_IP4, ENCDNS_IP6, ENCDNS_DIGEST_INFO) inside Wireshark's
 * own IKEv2 tree. This file: the plugin, its registration from the crate's tables,
 * its preferences, and the post-dissector that hands each frame to the crate's
 * session and draws what comes back.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "glue.h"

#include <epan/epan.h>
#include <epan/epan_dissect.h>

#ifndef ENCDNS_PLUGIN_VERSION
#define ENCDNS_PLUGIN_VERSION "0.0.0"
#endif

WS_DLL_PUBLIC_DEF const gchar plugin_version[] = ENCDNS_PLUGIN_VERSION;
WS_DLL_PUBLIC_DEF const int plugin_want_major = WIRESHARK_VERSION_MAJOR;
WS_DLL_PUBLIC_DEF const int plugin_want_minor = WIRESHARK_VERSION_MINOR;

WS_DLL_PUBLIC void plugin_register(void);
#ifdef ENCDNS_HAVE_PLUGIN_DESCRIBE
WS_DLL_PUBLIC uint32_t plugin_describe(void);
#endif

encdns_ids ids = { .proto = -1, .ett = -1, .tap = -1 };

/* The analysis state of the open capture. */
static EncdnsSession *session;

static dissector_handle_t encdns_handle;

/* The post-dissector runs under a protocol of its own, switched on only while some
 * dissection builds a tree (dissect_init): without one nothing we add could be seen,
 * and a post-dissector that is on costs every frame of every capture a call. */
static int proto_encdns_hook = -1;
static int hook_call = -1; /* in name only, under proto_encdns_hook */
/* Whether the user switched encdns itself off is asked once a dissection context. */
static protocol_t *encdns_protocol;
static gboolean encdns_enabled; /* encdns switched on, as of this dissection context */

/* The post-dissector's calls on or off; isakmp.c notes isakmp's calls only while they
 * are on (nobody would read the note), and is told rather than asking every call. */
static void
tell_isakmp(void)
{
    isakmp_noting(proto_is_protocol_enabled(find_protocol_by_id(proto_encdns_hook)));
}

static void
switch_hook(gboolean on)
{
    proto_set_decoding(proto_encdns_hook, on);
    tell_isakmp();
}

/* ---- Passes ----
 * What the post-dissector has declared wanted: 0 nothing, 1 what finding IKE messages
 * needs, 2 that and the TLS certificates. */
static guint wanted_level;
static guint tree_dissections;
/* The last frame whose first look was done. A first pass without a tree (tshark -2
 * with no filter) does none: a later pass with one catches up, in frame order. */
static guint32 last_done;
/* A dissection without a tree ran since the file was opened: a later one with a tree
 * may have to catch up, and then needs every item (4.6 fakes even isakmp's). */
static gboolean saw_treeless;
static gboolean session_failed;

/* ---- Preferences (defaults from the crate) ---- */
static guint pref_type_ip4;
static guint pref_type_ip6;
static guint pref_type_digest_info;
static gint pref_digest_layout;

/* Whether the session waits for TLS certificates (a digest was claimed): asked of the
 * crate after each call that can change it rather than in every frame. */
static gboolean certificates_wanted;

static void
session_changed(void)
{
    certificates_wanted = encdns_session_wants_certificates(session);
}

/* The preferences last applied: the crate refuses some (a type code that is no type,
 * two kinds on one code), and then these are kept and shown again. */
static EncdnsPreferences applied;

static void
apply_prefs(void)
{
    EncdnsPreferences p = { pref_type_ip4, pref_type_ip6, pref_type_digest_info, (guint32)pref_digest_layout };
    char why[256];
    gboolean taken = encdns_session_set_preferences(session, &p, why, sizeof why);
    session_changed();
    if (taken) {
        applied = p;
        return;
    }
    report_failure("ENCDNS preferences: %s; keeping types %u/%u/%u", why, applied.type_ip4, applied.type_ip6,
                   applied.type_digest_info);
    pref_type_ip4 = applied.type_ip4;
    pref_type_ip6 = applied.type_ip6;
    pref_type_digest_info = applied.type_digest_info;
    pref_digest_layout = (gint)applied.digest_layout;
}

/* The Resolver certificates table: certificates (or public keys) for ADNs whose TLS
 * handshake is not in the capture. The crate reads the files. */
static EncdnsCertificateRow *cert_prefs;
static guint n_cert_prefs;

UAT_CSTRING_CB_DEF(cert_prefs, name, EncdnsCertificateRow)
UAT_FILENAME_CB_DEF(cert_prefs, file, EncdnsCertificateRow)

static void *
cert_pref_copy(void *dst, const void *src, size_t len _U_)
{
    const EncdnsCertificateRow *s = (const EncdnsCertificateRow *)src;
    *(EncdnsCertificateRow *)dst = (EncdnsCertificateRow){ g_strdup(s->name), g_strdup(s->file) };
    return dst;
}

static void
cert_pref_free(void *r)
{
    g_free(((EncdnsCertificateRow *)r)->name);
    g_free(((EncdnsCertificateRow *)r)->file);
}

static void
cert_prefs_load(void)
{
    static const char *const why[] = { "", "cannot be read", "is too large", "holds no certificate or public key",
                                       "names no resolver" };
    uint8_t *status = g_new0(uint8_t, MAX(n_cert_prefs, 1));
    if (!encdns_session_set_certificates(session, cert_prefs, n_cert_prefs, status))
        ws_warning("encdns: the resolver certificates could not be loaded");
    session_changed();
    for (guint i = 0; i < n_cert_prefs; i++)
        if (status[i] != ENCDNS_LOAD_STATUS_LOADED)
            ws_warning("encdns: resolver certificate for %s: %s %s", cert_prefs[i].name ? cert_prefs[i].name : "",
                       cert_prefs[i].file ? cert_prefs[i].file : "", status[i] < G_N_ELEMENTS(why) ? why[status[i]] : "");
    g_free(status);
}

/* ---- The post-dissector ---- */

/* Whether this frame gets its first look (the crate records what it says): on the
 * first pass; or later, in frame order, if the first pass had no tree. */
static gboolean
first_look(packet_info *pinfo, proto_tree *tree)
{
    if (!PINFO_FD_VISITED(pinfo))
        return TRUE;
    if (pinfo->num <= last_done)
        return FALSE;
    /* Catching up: the certificate check needs the TLS certificate items, which only
     * a first pass gets on request; from here on this dissection shows everything. */
    if (!(tree->tree_data && tree->tree_data->visible))
        proto_tree_set_visible(tree, TRUE);
    last_done = pinfo->num;
    return TRUE;
}

static void want_fields(gboolean certificates);

static int
dissect_encdns(tvbuff_t *tvb _U_, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    /* (Asked of every dissection: it ends the note of isakmp's calls.) */
    guint messages = isakmp_messages_seen(pinfo);
    /* No tree: nothing we add could be seen (dissect_init). */
    if (!tree)
        return 0;
    if (!PINFO_FD_VISITED(pinfo) && pinfo->num > last_done)
        last_done = pinfo->num;
    gboolean certificates = certificates_wanted;
    if (messages == 0 && !certificates)
        return 0;
    if (!encdns_enabled)
        return 0;
    gboolean first = first_look(pinfo, tree);
    frame_view v;
    frame_view_read(&v, pinfo, tree, messages, first && certificates);
    v.frame.record = first;
    v.frame.labels = labels_shown(tree);
    v.frame.tap = have_tap_listener(ids.tap);
    const EncdnsRender *r = encdns_session_frame(session, &v.frame);
    session_changed();
    if (!r) {
        if (!session_failed)
            ws_warning("encdns: internal error in frame %u; the analysis of this capture starts over", pinfo->num);
        session_failed = TRUE;
        return 0;
    }
    render_frame(r, &v, pinfo, tree);
    if (first && !certificates && certificates_wanted && tree_dissections > 0)
        want_fields(TRUE);
    return 0;
}

/* Called whenever Wireshark sets up a dissection context, after it decided whether
 * to build trees. The post-dissector is on only while a context with a tree exists.
 * The TLS certificate items are declared wanted only then, and only once a digest was
 * claimed: declaring any field makes Wireshark build a tree for every frame of every
 * capture, IKE or not. No isakmp item is declared: trees nobody shows get the
 * attributes from what the crate recorded, and where each message starts from
 * isakmp's calls (isakmp.c asks for one only if it could not note them). */
static void
want_fields(gboolean certificates)
{
    guint level = certificates ? 2 : 1;
    if (wanted_level >= level || !encdns_handle)
        return;
    GArray *wanted = g_array_new(FALSE, FALSE, (guint)sizeof(int));
    isakmp_wanted_fields(wanted, certificates);
    if (wanted->len > 0)
        set_postdissector_wanted_hfids(encdns_handle, wanted);
    else
        g_array_free(wanted, TRUE);
    wanted_level = level;
}

static void
encdns_init_routine(void)
{
    /* Every front-end sets up a new dissection context, and so calls this, when the
     * user switches protocols on or off (the GUI's Enabled Protocols, a profile). */
    encdns_enabled = proto_is_protocol_enabled(encdns_protocol);
    tell_isakmp();
    encdns_session_reset(session);
    session_changed();
    last_done = 0;
    saw_treeless = FALSE;
    session_failed = FALSE;
    if (frontend_looks_again()) {
        /* Frames are looked at again, perhaps in any order: the first pass records them
         * all, so it needs a tree (one nobody shows), with the TLS certificates in it.
         * Wireshark 4.4+ counts only switched-on post-dissectors' wanted fields when it
         * decides whether a first pass builds a tree. */
        switch_hook(TRUE);
        want_fields(TRUE);
    }
}

/* The first pass is over (tshark, sharkd, the GUI's read of a file): the fields were
 * wanted for its records. Later passes need not build a tree for them; but the GUI's
 * pass over a capture dissected again decides about a tree before the init routine
 * could ask for one, so there they stay wanted. */
static void
encdns_first_pass_done(void)
{
    if (frontend_redissects() || wanted_level == 0 || !encdns_handle)
        return;
    set_postdissector_wanted_hfids(encdns_handle, NULL);
    wanted_level = 0;
}

static void
encdns_cleanup_routine(void)
{
    if (wanted_level > 0)
        set_postdissector_wanted_hfids(encdns_handle, NULL);
    wanted_level = 0;
    encdns_session_reset(session);
    session_changed();
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
        switch_hook(TRUE);
    want_fields(certificates_wanted);
}

static void
encdns_dissect_cleanup(epan_dissect_t *edt)
{
    if (!edt->tree || !encdns_handle || tree_dissections == 0)
        return;
    if (--tree_dissections == 0 && !frontend_looks_again())
        switch_hook(FALSE);
}

/* ---- Registration from the crate's tables ---- */

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
    case ENCDNS_KIND_FRAME_RESPONSE:
    case ENCDNS_KIND_FRAME_RETRANSMITTED: return FT_FRAMENUM;
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

static const void *
strings_of(guint field, const EncdnsFieldDesc *d)
{
    if (d->kind == ENCDNS_KIND_FRAME_REQUEST)
        return FRAMENUM_TYPE(FT_FRAMENUM_REQUEST);
    if (d->kind == ENCDNS_KIND_FRAME_RESPONSE)
        return FRAMENUM_TYPE(FT_FRAMENUM_RESPONSE);
    if (d->kind == ENCDNS_KIND_FRAME_RETRANSMITTED)
        return FRAMENUM_TYPE(FT_FRAMENUM_RETRANS_PREV);
    if (d->n_names == 0)
        return NULL;
    value_string *vs = g_new0(value_string, d->n_names + 1);
    for (guint32 i = 0; i < d->n_names; i++) {
        EncdnsValueNameDesc n;
        if (encdns_value_name(field, i, &n))
            vs[i] = (value_string){ n.value, n.name };
    }
    return vs;
}

static void register_fields_of(guint p);

static void
register_fields(void)
{
    ids.n_fields = encdns_field_count();
    ids.hf = g_new(int, ids.n_fields);
    ids.ett_field = g_new(gint, ids.n_fields);
    ids.hfi = g_new0(header_field_info *, ids.n_fields);
    gint **etts = g_new(gint *, ids.n_fields + 1);
    for (guint i = 0; i < ids.n_fields; i++) {
        ids.hf[i] = -1;
        ids.ett_field[i] = -1;
        etts[i] = &ids.ett_field[i];
    }
    for (guint p = 0; p < G_N_ELEMENTS(ids.protos); p++)
        register_fields_of(p);
    etts[ids.n_fields] = &ids.ett;
    proto_register_subtree_array(etts, (int)ids.n_fields + 1);
    g_free(etts); /* only the ett variables it points to are kept */
}

/* The fields of protocol `p` (an EncdnsProtocol). */
static void
register_fields_of(guint p)
{
    /* Wireshark keeps pointers into this array for as long as the process runs. */
    hf_register_info *hf = g_new0(hf_register_info, ids.n_fields);
    guint n = 0;
    for (guint i = 0; i < ids.n_fields; i++) {
        EncdnsFieldDesc d;
        if (!encdns_field_info(i, &d) || d.protocol != p)
            continue;
        hf[n++] = (hf_register_info){ &ids.hf[i],
                                      { d.name, d.abbrev, ft_of(d.kind), base_of(d.kind, d.base), strings_of(i, &d),
                                        0x0, d.description, HFILL } };
    }
    if (n > 0)
        proto_register_field_array(ids.protos[p], hf, (int)n);
    else
        g_free(hf);
}

static void register_experts_of(guint p);

static void
register_experts(void)
{
    static const expert_field ei_init = EI_INIT;
    ids.n_codes = encdns_diag_count();
    ids.ei = g_new(expert_field, ids.n_codes);
    for (guint i = 0; i < ids.n_codes; i++)
        ids.ei[i] = ei_init;
    for (guint p = 0; p < G_N_ELEMENTS(ids.protos); p++)
        register_experts_of(p);
}

/* The expert infos of protocol `p` (an EncdnsProtocol). */
static void
register_experts_of(guint p)
{
    ei_register_info *ei = g_new0(ei_register_info, ids.n_codes);
    guint n = 0;
    for (guint i = 0; i < ids.n_codes; i++) {
        EncdnsDiagDesc d;
        if (!encdns_diag_info(i, &d) || d.protocol != p)
            continue;
        int group = d.group == ENCDNS_GROUP_MALFORMED ? PI_MALFORMED
                  : d.group == ENCDNS_GROUP_SECURITY  ? PI_SECURITY
                                                      : PI_PROTOCOL;
        int severity = d.severity == ENCDNS_SEVERITY_ERROR ? PI_ERROR
                     : d.severity == ENCDNS_SEVERITY_WARN  ? PI_WARN
                                                           : PI_NOTE;
        ei[n++] = (ei_register_info){ &ids.ei[i], { d.abbrev, group, severity, d.summary, EXPFILL } };
    }
    if (n > 0)
        expert_register_field_array(expert_register_protocol(ids.protos[p]), ei, (int)n);
    else
        g_free(ei);
}

static void
register_prefs(void)
{
    static const enum_val_t layouts[] = {
        { "rfc9464", "RFC 9464 (Num Hash Algs + ADN Length)", ENCDNS_DIGEST_LAYOUT_RFC9464 },
        { "draft00", "draft-ietf-ipsecme-add-ike-00 (3-octet RESERVED + ADN Length)", ENCDNS_DIGEST_LAYOUT_DRAFT00 },
        { NULL, NULL, 0 }
    };
    EncdnsPreferences iana = encdns_default_preferences();
    module_t *prefs = prefs_register_protocol(ids.proto, apply_prefs);
    const struct {
        const char *pref, *name;
        guint *var, iana;
    } types[] = { { "type_ip4", "ENCDNS_IP4", &pref_type_ip4, iana.type_ip4 },
                  { "type_ip6", "ENCDNS_IP6", &pref_type_ip6, iana.type_ip6 },
                  { "type_digest_info", "ENCDNS_DIGEST_INFO", &pref_type_digest_info, iana.type_digest_info } };
    for (guint i = 0; i < G_N_ELEMENTS(types); i++) {
        *types[i].var = types[i].iana;
        /* Wireshark keeps the texts for as long as the process runs. */
        prefs_register_uint_preference(
            prefs, types[i].pref, g_strdup_printf("%s attribute type", types[i].name),
            g_strdup_printf("Configuration attribute type decoded as %s (IANA: %u)", types[i].name, types[i].iana), 10,
            types[i].var);
    }
    pref_digest_layout = iana.digest_layout;
    prefs_register_enum_preference(prefs, "digest_layout", "ENCDNS_DIGEST_INFO layout",
                                   "Wire format of ENCDNS_DIGEST_INFO: the RFC, or the early draft some "
                                   "implementations still send",
                                   &pref_digest_layout, layouts, FALSE);
    /* Retired: tshark -2, sharkd and the GUI now record every frame on their first pass. */
    prefs_register_obsolete_preference(prefs, "first_pass_tree");

    static uat_field_t cert_fields[] = {
        UAT_FLD_CSTRING(cert_prefs, name, "ADN", "Authentication Domain Name of the resolver"),
        UAT_FLD_FILENAME_OTHER(cert_prefs, file, "Certificate or public key file", uat_fld_chk_str,
                               "PEM or DER certificate, or SubjectPublicKeyInfo"),
        UAT_END_FIELDS
    };
    uat_t *certs = uat_new("ENCDNS resolver certificates", sizeof(EncdnsCertificateRow), "encdns_certificates", TRUE,
                           &cert_prefs, &n_cert_prefs, UAT_AFFECTS_DISSECTION, NULL, cert_pref_copy, NULL,
                           cert_pref_free, cert_prefs_load, NULL, cert_fields);
    prefs_register_uat_preference(prefs, "certificates", "Resolver certificates",
                                  "Certificates (or public keys) to check ENCDNS_DIGEST_INFO digests against, "
                                  "for resolvers whose TLS handshake is not in the capture",
                                  certs);
}

static void
proto_register_encdns(void)
{
    encdns_init();
    session = encdns_session_new();
    for (guint p = 0; p < G_N_ELEMENTS(ids.protos); p++) {
        EncdnsProtocolDesc d;
        ids.protos[p] = encdns_protocol_info(p, &d) ? proto_register_protocol(d.name, d.short_name, d.filter) : -1;
    }
    ids.proto = ids.protos[ENCDNS_PROTOCOL_ENCDNS];
    encdns_protocol = find_protocol_by_id(ids.proto);
    proto_encdns_hook = proto_register_protocol("IKEv2 Encrypted DNS post-dissector (switched on by the plugin "
                                                "while a protocol tree is built)",
                                                "ENCDNS hook", "encdns_hook");
    /* The handle's protocol is one in name only: a call then skips what Wireshark does
     * for a protocol layer (the name in pinfo->layers, added and taken out again),
     * which cost more than our whole check of a frame without IKE. Switching
     * proto_encdns_hook on and off still switches the calls (a protocol in name only
     * is enabled as its parent is). */
    hook_call = proto_register_protocol_in_name_only("IKEv2 Encrypted DNS post-dissector call", "ENCDNS hook call",
                                                     "encdns_hook.call", proto_encdns_hook, FT_PROTOCOL);
    register_fields();
    register_experts();
    register_prefs();
    apply_prefs();
    render_register();
    iketcp_register();
    register_init_routine(encdns_init_routine);
    register_cleanup_routine(encdns_cleanup_routine);
    register_postseq_cleanup_routine(encdns_first_pass_done);
}

static void
proto_reg_handoff_encdns(void)
{
    frontend_read();
    for (guint i = 0; i < ids.n_fields; i++)
        ids.hfi[i] = ids.hf[i] >= 0 ? proto_registrar_get_nth(ids.hf[i]) : NULL;
    isakmp_handoff(proto_encdns_hook);
    render_handoff();
    iketcp_handoff();
    encdns_handle = create_dissector_handle(dissect_encdns, hook_call);
    register_postdissector(encdns_handle);
    if (tree_dissections == 0 && !frontend_looks_again())
        switch_hook(FALSE);
}

/* epan calls every member of an epan_plugin without checking it for NULL. */
static void nothing(void) {}

static void
encdns_plugin_cleanup(void)
{
    encdns_session_free(session);
    session = NULL;
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
        ENCDNS_EPAN_POST_INIT(nothing)
        .dissect_init = encdns_dissect_init,
        .dissect_cleanup = encdns_dissect_cleanup,
        .cleanup = encdns_plugin_cleanup,
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
