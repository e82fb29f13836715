/* glue.h
 * What the files of the glue share. plugin.c registers the plugin from the crate's
 * tables and runs the post-dissector; isakmp.c finds, in Wireshark's tree, what the
 * crate analyses (the frame's data sources, its IKE messages, a TLS certificate) and
 * the attribute items it draws under; render.c draws the list the crate gives back;
 * frontend.c knows what the program that loaded the plugin does with dissections;
 * iketcp.c takes RFC 9329 streams apart and hands their messages to isakmp and esp. The protocol itself (layouts, numbers, rules, state) is the
 * crate's: include/encdns.h.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef ENCDNS_GLUE_H
#define ENCDNS_GLUE_H

#include "compat.h"
#include "encdns.h"


/* The ids Wireshark gave what plugin.c registered: the only state the files share. */
typedef struct {
    int proto;                /* encdns */
    int protos[2];            /* by EncdnsProtocol */
    int ett;
    guint n_fields;
    guint n_codes;
    int *hf;                  /* by EncdnsField */
    gint *ett_field;          /* by EncdnsField, for items that open a subtree */
    header_field_info **hfi;  /* by EncdnsField, once handed off; NULL where none */
    expert_field *ei;         /* by EncdnsCode */
    int tap;
} encdns_ids;

extern encdns_ids ids;

/* ---- isakmp.c ---- */

#define MAX_SOURCES 16
#define MAX_MESSAGES 16

/* An isakmp attribute item: where its attribute is, and the item. */
typedef struct {
    tvbuff_t *tvb;
    gint start;
    proto_node *node;
} attr_item;

/* What the glue found in a frame: what the crate is handed, and the tree items its
 * entries are drawn at. */
typedef struct {
    EncdnsFrame frame;
    EncdnsSource sources[MAX_SOURCES];
    tvbuff_t *tvbs[MAX_SOURCES];
    EncdnsSpan messages[MAX_MESSAGES];
    proto_node *message_items[MAX_MESSAGES]; /* NULL where no item is (or none is needed) */
    attr_item *attrs;
    guint n_attrs;
    guint cap_attrs;
    guint cursor; /* where the last lookup found its item: entries come in tree order */
    /* A shown tree's attribute items are gathered when the first is asked for: most
     * IKE frames have none of ours, and nothing is asked of them. */
    gboolean attrs_gathered;
    packet_info *pinfo;
    attr_item attrs_on_stack[32];
} frame_view;

/* Resolves the foreign fields, says which are missing, and puts the glue in front of
 * isakmp's calls, noting them while isakmp_noting says the post-dissector is on. */
void isakmp_handoff(int recording_proto);
/* Whether the post-dissector's calls are on (isakmp's calls are noted only then). */
void isakmp_noting(gboolean on);
/* Declares the isakmp fields the first pass must keep: added to `wanted`. */
void isakmp_wanted_fields(GArray *wanted, gboolean certificates);
/* How many IKE messages isakmp was called with in the dissection under way (where its
 * calls cannot be noted: whether the frame has an isakmp layer). Asked once, by the
 * post-dissector, at the end of every dissection: the next starts a new note. */
guint isakmp_messages_seen(packet_info *pinfo);
/* Fills `v` from what isakmp was called with (`calls`, as isakmp_messages_seen said)
 * and the frame's tree. `certificate`: look for a TLS certificate too. */
void frame_view_read(frame_view *v, packet_info *pinfo, proto_tree *tree, guint calls, gboolean certificate);
/* The isakmp attribute item at `offset` of `tvb`, if the tree has one. */
proto_node *frame_view_attribute(frame_view *v, tvbuff_t *tvb, guint32 offset);
/* Wireshark's name for attribute types it does not know, which ours replace. */
extern const char isakmp_unknown_attribute[];
/* The Type child of an attribute item. */
proto_node *isakmp_attr_type_item(proto_node *attr);

/* ---- frontend.c ---- */

/* Reads what the program that loaded the plugin will do (at hand-off). */
void frontend_read(void);
/* tshark -T fields: values are printed, never labels (4.0 still builds shown trees). */
gboolean frontend_fields_only(void);
/* tshark -e encdns: the protocol's item is printed wherever it is. */
gboolean frontend_prints_protocol(void);
/* tshark -2, sharkd, the GUI: frames are looked at again after the first pass. */
gboolean frontend_looks_again(void);
/* The GUI: dissects every frame again from the start when preferences change. */
gboolean frontend_redissects(void);

/* ---- render.c ---- */

void render_register(void);
void render_handoff(void);
/* Whether labels written into `tree` can be seen. */
gboolean labels_shown(proto_tree *tree);
void render_frame(const EncdnsRender *r, frame_view *v, packet_info *pinfo, proto_tree *tree);
/* One of the crate's items, at `off` in `tvb`, whose octets are `source`. */
proto_item *render_item(proto_tree *tree, const EncdnsItem *it, tvbuff_t *tvb, gint off, const guint8 *source);

/* ---- iketcp.c ---- */

void iketcp_register(void);
void iketcp_handoff(void);

#endif
