/* glue.h
 * What the files of the C glue share. The glue holds no protocol knowledge: tables,
 * layouts and every check come from the Rust crate (include/encdns.h); here is how
 * to find the attributes in Wireshark's tree and how to show the crate's items there
 * (../shared/DESIGN.md §1, §2).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef ENCDNS_GLUE_H
#define ENCDNS_GLUE_H

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
/* A field_info holds its value by pointer on 4.4 and 4.6, in place on 4.0 (4.2 is
 * not built here). */
#define ENCDNS_FI_FVALUE(fi) ((fi)->value)
#else
#define ENCDNS_FI_FVALUE(fi) (&(fi)->value)
#endif

/* Labels say where their value is from 4.6 on. */
#if WIRESHARK_VERSION_MAJOR > 4 || (WIRESHARK_VERSION_MAJOR == 4 && WIRESHARK_VERSION_MINOR >= 6)
#define ENCDNS_LABEL_HAS_VALUE_SPAN 1
/* In trees nobody shows, 4.6 fakes the protocol items at the top as well (earlier
 * versions fake only items under another item). */
#define ENCDNS_FAKES_TOP_PROTOCOLS 1
#endif

/* Boolean preferences are C bools from 4.4 on (gboolean before). */
#if WIRESHARK_VERSION_MAJOR > 4 || (WIRESHARK_VERSION_MAJOR == 4 && WIRESHARK_VERSION_MINOR >= 4)
typedef bool encdns_pref_bool;
#else
typedef gboolean encdns_pref_bool;
#endif

#include "encdns.h"

#define ENCDNS_PROTO_NAME "IKEv2 Encrypted DNS Configuration (RFC 9464)"

/* Wireshark prints unassigned attribute types with this name; we put ours in its place. */
#define ISAKMP_UNASSIGNED_NAME "RESERVED TO IANA"
#define ISAKMP_ATTR_TYPE_FIELD "isakmp.cfg.attr.type"
/* The data source the isakmp dissector gives a decrypted SK payload. */
#define ISAKMP_DECRYPTED_SOURCE "Decrypted Data"
/* ... and a message it reassembled from Encrypted Fragment payloads. */
#define ISAKMP_REASSEMBLED_SOURCE "Reassembled IKE2 ISAKMP"
/* Octets of the ISAKMP header read to learn the IKE version. */
#define ISAKMP_HEADER_PEEK 28

/* Items that fit without allocation; larger attributes get a buffer from the packet pool. */
#define ITEMS_ON_STACK 128
#define DIAGS_ON_STACK 32
#define ATTRS_ON_STACK 32
#define MAX_DEPTH 16

enum { TAP_ATTRIBUTE, TAP_DIAGNOSTIC, TAP_CERTIFICATE };

typedef struct {
    const char *sa;    /* "IKE SA <spis>, responder <address>" */
    const char *text;  /* the attribute's summary, or the diagnostic's filter name */
    int what;
} tap_entry;

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
    /* What the first pass recorded of it (NULL if nothing). */
    const struct cp_record *record;
} cp_context;

#define SA_KEY_LEN 16
#define MAX_SHOWN 8

enum { PROTO_DATA_CPS, PROTO_DATA_CERT };

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

/* Registration (packet-encdns.c) */
extern int proto_encdns;
extern int ett_encdns;
extern int *hf_ids;          /* by EncdnsField */
extern header_field_info **field_infos; /* by EncdnsField, once registered; NULL where none */

/* Whether a filter, column or tap asked for the field (what proto_field_is_referenced
 * says of a tree nobody shows, without the lookup). */
static inline gboolean
field_referenced(guint field)
{
    return field_infos && field_infos[field] && field_infos[field]->ref_type != HF_REF_TYPE_NONE;
}
extern gint *ett_fields;     /* by EncdnsField, for items that open a subtree */
extern expert_field *ei_codes; /* by EncdnsCode */
extern guint n_fields;
extern guint n_diags;
extern guint8 *field_kinds;  /* by EncdnsField */
extern EncdnsOptions options;
extern int hf_tls_certificate;
extern int hf_isakmp_attr_type; /* ISAKMP_ATTR_TYPE_FIELD */

/* attribute.c: one attribute's items onto the tree */
guint data_source_index(packet_info *pinfo, tvbuff_t *tvb);
tvbuff_t *data_source_at(packet_info *pinfo, guint index);
const guint8 *captured_bytes(tvbuff_t *tvb, gint start, gint len);
void add_diag(packet_info *pinfo, proto_item *on, const guint8 *attr, gint attr_len, const EncdnsDiag *d);
gboolean tree_is_visible(proto_tree *tree);
/* Whether labels written into `tree` can be seen (tree_is_visible, except in a run
 * that shows a tree but prints no label: labels_unseen). */
extern gboolean labels_unseen;
static inline gboolean
labels_shown(proto_tree *tree)
{
    return !labels_unseen && tree_is_visible(tree);
}
gboolean encdns_item_wanted(proto_tree *parent, gboolean visible);
/* Once the fields are registered: how each is labelled in shown trees. */
void labels_init(void);
/* From now on, the TLS certificate items too (a digest was claimed). */
void want_certificates(void);
gint decode_attribute(tvbuff_t *tvb, packet_info *pinfo, proto_tree *parent, gint start, gint span,
                      guint8 cfg_type, gboolean relabel, proto_item **root_out, proto_tree **tree_out);
gboolean enter_cp(cp_context *cp, packet_info *pinfo, tvbuff_t *tvb, gint start);
gboolean enter_cp_body(cp_context *cp, packet_info *pinfo, tvbuff_t *tvb, gint body);
void add_cp_diags(const cp_context *cp, packet_info *pinfo, proto_item *on, gint start);

/* ike_sa.c: state across an IKE SA's messages */
void ike_sa_init(void);
void track_message(packet_info *pinfo, field_info *fi);
cp_record *frame_cp_records(packet_info *pinfo);
cp_record *cp_record_for(packet_info *pinfo, tvbuff_t *tvb, gint body);
const guint8 *cp_record_body(packet_info *pinfo, const cp_record *r, gint *len);
void add_sa_diags(packet_info *pinfo, proto_item *on, const cp_record *r, gint start);
void show_payload(packet_info *pinfo, proto_tree *parent, const cp_record *r);

/* certificates.c: digests against certificates */
void certificates_init(void);
void certificates_register(module_t *prefs);
void remember_claims(packet_info *pinfo, cp_record *r, const guint8 *buf, guint32 offset, guint32 len);
void add_check_links(packet_info *pinfo, proto_tree *t, tvbuff_t *tvb, const cp_record *r, gint start);
void check_certificate(packet_info *pinfo, proto_tree *tree);
void show_certificate_check(packet_info *pinfo, proto_tree *tree);
gboolean certificates_pending(void);

/* summary.c: the encdns tap and its stats tree */
extern int encdns_tap;
extern wmem_array_t *tap_entries;
extern const char *tap_sa;
void tap_note(int what, const char *text);
const char *sa_label(packet_info *pinfo, field_info *fi);
void summary_register(void);
void summary_handoff(void);

#endif
