/* certificates.c
 * ENCDNS_DIGEST_INFO digests against real certificates: the server's in a TLS
 * handshake of the capture, or one configured for its ADN.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "glue.h"

/* ---- Certificate digests: claimed in a CFG_REPLY, checked against TLS ----------- */

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
    static const char hex[] = "0123456789abcdef";
    char *key = (char *)wmem_alloc(scope, 2 * len + 1);
    for (size_t i = 0; i < len; i++) {
        key[2 * i] = hex[bytes[i] >> 4];
        key[2 * i + 1] = hex[bytes[i] & 0x0f];
    }
    key[2 * len] = '\0';
    return key;
}

/* The resolver addresses a CFG_REPLY's digests are claimed for, by address. */
void
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
    if (n > 0)
        want_certificates();
}

/* Under a DIGEST_INFO attribute: where its digest was checked (a certificate in the
 * capture, or one from the preferences), and how it went. */
void
add_check_links(packet_info *pinfo, proto_tree *t, tvbuff_t *tvb, const cp_record *r, gint start)
{
    gboolean linked = FALSE, configured = FALSE;
    for (const claim *c = r ? r->claims : NULL; c; c = c->next_in_payload) {
        if (r->body + (gint)c->c.attr_offset != start)
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

/* First pass: the first certificate a server sends (its own) against the digests
 * claimed for the server's address. */
void
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

/* Whether frames without IKE may still have something for us: a certificate to check
 * against a claim, or the verdict of one. */
gboolean
certificates_pending(void)
{
    return n_cert_results > 0 || (claims_by_address && wmem_map_size(claims_by_address) > 0);
}

/* A TLS frame whose certificate was checked: the verdict, at the top of the tree. */
void
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
    if (labels_shown(pi))
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

void
certificates_init(void)
{
    claims_by_address = wmem_map_new(wmem_file_scope(), g_str_hash, g_str_equal);
    n_cert_results = 0;
}

/* The Resolver certificates table in the ENCDNS preferences. */
void
certificates_register(module_t *prefs)
{
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
}
